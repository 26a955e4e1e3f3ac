// The phone's position for the report forms and the patrol track, and why it cannot be read, in
// the UI's language (never the browser's own English, such as "User denied Geolocation").
// A page opened over plain HTTP on a LAN address is not a secure context: browsers refuse
// geolocation there, so it is not even asked and the forms fall back to a place picked on the map.

import { defineMessages } from '../i18n/index.tsx';

export type GeoProblem = 'insecure' | 'unsupported' | 'denied' | 'unavailable' | 'timeout';

export interface Fix {
  lon: number;
  lat: number;
  /** metres */
  accuracy: number;
  /** ms since epoch */
  at: number;
}

/** Said on the report forms (each ends in what to do instead: pick the place on the map). */
export const geoMessages = defineMessages({
  'geo.insecure': {
    zh: '当前为非安全连接（HTTP），无法自动定位，请在地图上选点',
    en: 'This connection is not secure (HTTP), so your position cannot be read: pick the place on the map',
  },
  'geo.unsupported': {
    zh: '此浏览器无法定位，请在地图上选点',
    en: 'This browser cannot read your position: pick the place on the map',
  },
  'geo.denied': {
    zh: '未获得定位权限，请在地图上选点（或在浏览器设置中允许定位）',
    en: 'Your position may not be read: pick the place on the map (or allow it in the browser settings)',
  },
  'geo.unavailable': {
    zh: '暂时无法获取位置，请重试或在地图上选点',
    en: 'Your position is not available right now: try again or pick the place on the map',
  },
  'geo.timeout': {
    zh: '定位超时，请重试或在地图上选点',
    en: 'Reading your position took too long: try again or pick the place on the map',
  },
});

/** The message key for a problem on a report form. */
export const geoProblemKey = (problem: GeoProblem): string => `geo.${problem}`;

/** Why this page cannot read the position at all, or null when it may ask. */
export function geolocationBlocked(): GeoProblem | null {
  if (typeof window !== 'undefined' && window.isSecureContext === false) return 'insecure';
  if (typeof navigator === 'undefined' || !navigator.geolocation) return 'unsupported';
  return null;
}

function problemOf(error: GeolocationPositionError): GeoProblem {
  if (error.code === error.PERMISSION_DENIED) return 'denied';
  if (error.code === error.TIMEOUT) return 'timeout';
  return 'unavailable';
}

// The browser reports WGS84 (unlike the Chinese map SDKs, which report GCJ-02).
const fixOf = (pos: GeolocationPosition): Fix => ({
  lon: pos.coords.longitude,
  lat: pos.coords.latitude,
  accuracy: pos.coords.accuracy,
  at: pos.timestamp || Date.now(),
});

/** One fix. Calls back at once with the problem when the page cannot ask. */
export function locate(
  onFix: (fix: Fix) => void,
  onProblem: (problem: GeoProblem) => void,
  options: PositionOptions,
): void {
  const blocked = geolocationBlocked();
  if (blocked) {
    onProblem(blocked);
    return;
  }
  navigator.geolocation.getCurrentPosition(
    (pos) => onFix(fixOf(pos)),
    (error) => onProblem(problemOf(error)),
    options,
  );
}

/** Fixes as the phone moves; returns the function that stops watching. */
export function watchPosition(
  onFix: (fix: Fix) => void,
  onProblem: (problem: GeoProblem) => void,
  options: PositionOptions,
): () => void {
  const blocked = geolocationBlocked();
  if (blocked) {
    onProblem(blocked);
    return () => {};
  }
  const id = navigator.geolocation.watchPosition(
    (pos) => onFix(fixOf(pos)),
    (error) => onProblem(problemOf(error)),
    options,
  );
  return () => navigator.geolocation.clearWatch(id);
}
