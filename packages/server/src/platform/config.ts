// Configuration from the environment (see README: PORT, DATA_DIR, DATABASE_URL, HOST).

import path from 'node:path';
import { loadPhotoStoreConfig, type PhotoStoreConfig } from '../photos/store.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Session lifetime after the last request. */
  sessionHours: number;
  /** Uploaded photos: DATA_DIR/photos (with S3, only the upload spool). */
  photoDir: string;
  /** Where photo files live: the local photoDir, or S3 when PHOTO_S3_BUCKET is set (docs/photos.md). */
  photoStore: PhotoStoreConfig;
  /** The built web console served at / (WEB_DIR; default packages/web/dist). */
  webDir: string;
  /** Optional raster base map for the console map (BASEMAP_URL / BASEMAP_ATTRIBUTION / BASEMAP_CRS). */
  baseMap: BaseMapConfig | null;
  /** TRUST_PROXY: which reverse proxies' X-Forwarded-For to believe (rate limits and quotas key on the client address). */
  trustProxy: TrustProxy;
}

/** false (default: the socket's address), true (any proxy), or the proxies' addresses/CIDRs. */
export type TrustProxy = boolean | string[];

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const item of list) {
    if (!/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(item))
      throw new Error(`TRUST_PROXY must be true, false or the proxies' addresses/CIDRs, got ${item}`);
  }
  return list;
}

export interface BaseMapConfig {
  /** XYZ tile URL templates ({z}/{x}/{y}); several (comma-separated in BASEMAP_URL) spread the load. */
  urls: string[];
  attribution: string;
  /** The tiles' coordinate system: GCJ02 tiles (AMap, Tencent) need points shifted to match. */
  crs: 'WGS84' | 'GCJ02';
}

/** The base map from the environment, or null when BASEMAP_URL is unset. Throws on a bad value. */
export function loadBaseMap(env: NodeJS.ProcessEnv = process.env): BaseMapConfig | null {
  const raw = env.BASEMAP_URL?.trim();
  if (!raw) return null;
  const urls = raw
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new Error(`BASEMAP_URL must be http(s) tile URL templates, got ${u}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new Error(`BASEMAP_URL must be http(s), got ${u}`);
    if (!/\{z\}/.test(u) || !/\{x\}/.test(u) || !/\{y\}/.test(u))
      throw new Error(`BASEMAP_URL needs {z}, {x} and {y} placeholders, got ${u}`);
  }
  const crs = (env.BASEMAP_CRS ?? 'WGS84').trim().toUpperCase();
  if (crs !== 'WGS84' && crs !== 'GCJ02') throw new Error(`BASEMAP_CRS must be WGS84 or GCJ02, got ${crs}`);
  return { urls, attribution: env.BASEMAP_ATTRIBUTION?.trim() ?? '', crs };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const photoDir = path.join(path.resolve(env.DATA_DIR ?? './data'), 'photos');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    photoDir,
    photoStore: loadPhotoStoreConfig(env, photoDir),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionHours: Number.parseFloat(env.SESSION_HOURS ?? '12'),
    webDir: path.resolve(env.WEB_DIR ?? path.join(import.meta.dirname, '../../../web/dist')),
    baseMap: loadBaseMap(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
