// Whether a GPS track patrolled a road segment (巡查到位). A segment counts as patrolled when
//   1. coverage: at least `minCoverage` (70 %) of its length has a track point within `nearM` (30 m);
//   2. pace: the first-to-last such point spans at least length ÷ `paceMps` (1.5 m/s, walking);
//   3. speed: between those two instants the track never moves faster than the level's maximum
//      (a 总路长 may patrol by car, a 二级路长 walks or cycles).
// GPS noise: points the phone reports less accurate than `maxAccuracyM` are dropped; a lone point
// that jumps away and back (faster than the maximum both ways while its neighbours are not) is a
// spike and dropped; speed is measured over windows of at least `speedWindowS` seconds, so 5 m of
// jitter between points a second apart is not 5 m/s. A gap (phone off, tunnel) simply leaves the
// stretch it spans uncovered. Pure and allocation-light: compliance runs it millions of times.

import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from '../geo/geometry.ts';
import type { Position } from '../geo/types.ts';

export interface TrackPoint {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly lon: number;
  readonly lat: number;
  /** The phone's reported accuracy in metres, if any. */
  readonly accuracy?: number | null;
}

export interface PassRules {
  /** A stretch of the segment is covered by a track point this close (m). */
  readonly nearM: number;
  /** Share of the length that must be covered (0–1). */
  readonly minCoverage: number;
  /** The slowest credible patrol pace (m/s): the patrol must take at least length ÷ pace. */
  readonly paceMps: number;
  /** The fastest credible patrol (m/s) for the post's level. */
  readonly maxSpeedMps: number;
  /** Points less accurate than this are ignored (m). */
  readonly maxAccuracyM: number;
  /** Speed is measured over windows at least this long (s). */
  readonly speedWindowS: number;
}

export const DEFAULT_PASS_RULES: Omit<PassRules, 'maxSpeedMps'> = {
  nearM: 30,
  minCoverage: 0.7,
  paceMps: 1.5,
  maxAccuracyM: 50,
  speedWindowS: 10,
};

export type PassShortfall = 'coverage' | 'too_quick' | 'too_fast';

export interface SegmentPass {
  patrolled: boolean;
  /** Covered share of the length (0–1). */
  coverage: number;
  /** First to last point near the segment (s); 0 without any. */
  spanS: number;
  /** What the pace asks: length ÷ paceMps (s). */
  requiredSpanS: number;
  /** Fastest windowed speed between those points (m/s). */
  topSpeedMps: number;
  /** Time of the first and last near point (ms), null without any. */
  from: number | null;
  to: number | null;
  shortfalls: PassShortfall[];
}

/** A segment on a local metric plane, ready to be judged against many tracks. */
export interface PreparedLine {
  readonly id: number;
  readonly lengthM: number;
  /** Box in degrees, grown by the nearness distance it was prepared for. */
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
  readonly lon0: number;
  readonly lat0: number;
  readonly kx: number;
  readonly ky: number;
  /** x, y (m) of each position, relative to (lon0, lat0). */
  readonly xy: Float64Array;
  /** Distance along the line at each position (m). */
  readonly along: Float64Array;
}

export function prepareLine(
  id: number,
  line: readonly Position[],
  nearM = DEFAULT_PASS_RULES.nearM,
): PreparedLine {
  const lon0 = line[0]![0]!;
  const lat0 = line[0]![1]!;
  const kx = metersPerDegreeLon(lat0);
  const ky = METERS_PER_DEGREE_LAT;
  const xy = new Float64Array(line.length * 2);
  const along = new Float64Array(line.length);
  let [west, south, east, north] = [lon0, lat0, lon0, lat0];
  line.forEach(([lon, lat], i) => {
    xy[2 * i] = (lon! - lon0) * kx;
    xy[2 * i + 1] = (lat! - lat0) * ky;
    if (i > 0)
      along[i] = along[i - 1]! + Math.hypot(xy[2 * i]! - xy[2 * i - 2]!, xy[2 * i + 1]! - xy[2 * i - 1]!);
    west = Math.min(west, lon!);
    east = Math.max(east, lon!);
    south = Math.min(south, lat!);
    north = Math.max(north, lat!);
  });
  const dLon = nearM / kx;
  const dLat = nearM / ky;
  return {
    id,
    lengthM: along[line.length - 1]!,
    west: west - dLon,
    south: south - dLat,
    east: east + dLon,
    north: north + dLat,
    lon0,
    lat0,
    kx,
    ky,
    xy,
    along,
  };
}

/** Distance from the point to the line (m) and how far along the line its nearest point lies (m). */
export function projectOnLine(
  line: PreparedLine,
  lon: number,
  lat: number,
): { distanceM: number; alongM: number } {
  const px = (lon - line.lon0) * line.kx;
  const py = (lat - line.lat0) * line.ky;
  const { xy, along } = line;
  let best = Number.POSITIVE_INFINITY;
  let bestAlong = 0;
  for (let i = 1; i < along.length; i++) {
    const ax = xy[2 * i - 2]!;
    const ay = xy[2 * i - 1]!;
    const dx = xy[2 * i]! - ax;
    const dy = xy[2 * i + 1]! - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
    if (d < best) {
      best = d;
      bestAlong = along[i - 1]! + t * Math.sqrt(len2);
    }
  }
  return { distanceM: best, alongM: bestAlong };
}

/** Metres between two track points, on the scale `kx` (metres per degree of longitude there). */
function metres(a: TrackPoint, b: TrackPoint, kx: number): number {
  return Math.hypot((b.lon - a.lon) * kx, (b.lat - a.lat) * METERS_PER_DEGREE_LAT);
}

/**
 * The points worth judging: accurate enough, in time order, without lone spikes. `maxSpeedMps`
 * decides what a spike is. A city is small enough for one scale of longitude, taken at the first
 * point.
 */
export function cleanTrack(
  track: readonly TrackPoint[],
  maxAccuracyM: number,
  maxSpeedMps: number,
): TrackPoint[] {
  const kept: TrackPoint[] = [];
  let sorted = true;
  for (const p of track) {
    if (p.accuracy !== undefined && p.accuracy !== null && p.accuracy > maxAccuracyM) continue;
    if (kept.length > 0 && p.t < kept[kept.length - 1]!.t) sorted = false;
    kept.push(p);
  }
  if (!sorted) kept.sort((a, b) => a.t - b.t);
  if (kept.length < 3) return kept;
  const kx = metersPerDegreeLon(kept[0]!.lat);
  const tooFast = (a: TrackPoint, b: TrackPoint) =>
    metres(a, b, kx) > maxSpeedMps * Math.max(1, (b.t - a.t) / 1000);
  const out: TrackPoint[] = [];
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i]!;
    const prev = out[out.length - 1];
    const next = kept[i + 1];
    if (prev && next && tooFast(prev, p) && tooFast(p, next) && !tooFast(prev, next)) continue;
    out.push(p);
  }
  return out;
}

/**
 * Judges one segment against a cleaned track (cleanTrack, same rules). Points outside the line's
 * box are skipped before any arithmetic.
 */
export function judgeSegment(
  line: PreparedLine,
  track: readonly TrackPoint[],
  rules: PassRules,
): SegmentPass {
  const intervals: [number, number][] = [];
  let first = -1;
  let last = -1;
  const near2 = rules.nearM * rules.nearM;
  for (let i = 0; i < track.length; i++) {
    const p = track[i]!;
    if (p.lon < line.west || p.lon > line.east || p.lat < line.south || p.lat > line.north) continue;
    const { distanceM, alongM } = projectOnLine(line, p.lon, p.lat);
    if (distanceM > rules.nearM) continue;
    // The stretch of the line within nearM of the point (exact on a straight piece).
    const half = Math.sqrt(near2 - distanceM * distanceM);
    intervals.push([Math.max(0, alongM - half), Math.min(line.lengthM, alongM + half)]);
    if (first < 0) first = i;
    last = i;
  }
  const requiredSpanS = line.lengthM / rules.paceMps;
  if (first < 0)
    return {
      patrolled: false,
      coverage: 0,
      spanS: 0,
      requiredSpanS,
      topSpeedMps: 0,
      from: null,
      to: null,
      shortfalls: ['coverage', 'too_quick'],
    };
  intervals.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let [start, end] = intervals[0]!;
  for (const [a, b] of intervals) {
    if (a > end) {
      covered += end - start;
      [start, end] = [a, b];
    } else end = Math.max(end, b);
  }
  covered += end - start;
  const coverage = line.lengthM > 0 ? Math.min(1, covered / line.lengthM) : 1;
  const from = track[first]!.t;
  const to = track[last]!.t;
  const spanS = (to - from) / 1000;
  // Speed over windows of at least speedWindowS, from the first to the last near point; a tail
  // shorter than a window is measured together with the window before it.
  let topSpeedMps = 0;
  let anchor = first;
  let previous = -1;
  const speedOver = (a: number, b: number) => {
    const dt = (track[b]!.t - track[a]!.t) / 1000;
    if (dt > 0) topSpeedMps = Math.max(topSpeedMps, metres(track[a]!, track[b]!, line.kx) / dt);
  };
  for (let i = first + 1; i <= last; i++) {
    if ((track[i]!.t - track[anchor]!.t) / 1000 < rules.speedWindowS) continue;
    speedOver(anchor, i);
    previous = anchor;
    anchor = i;
  }
  if (anchor < last) speedOver(previous >= 0 ? previous : anchor, last);
  const shortfalls: PassShortfall[] = [];
  if (coverage < rules.minCoverage) shortfalls.push('coverage');
  if (spanS < requiredSpanS) shortfalls.push('too_quick');
  if (topSpeedMps > rules.maxSpeedMps) shortfalls.push('too_fast');
  return {
    patrolled: shortfalls.length === 0,
    coverage,
    spanS,
    requiredSpanS,
    topSpeedMps,
    from,
    to,
    shortfalls,
  };
}
