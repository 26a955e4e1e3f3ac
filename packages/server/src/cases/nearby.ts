// Open cases near a point (possible duplicates at intake) and the distance helpers other nearby
// searches share: haversine on the mean earth sphere, the query point in WGS84, nearest first.

import type { Db } from '@xiuhua/db';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { type Crs, toWgs84 } from '@xiuhua/domain/geo';
import { FINAL_STATES } from '@xiuhua/domain/workflow';
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { whereVisible } from './visibility.ts';

export const NEARBY_MAX_RADIUS = 2000;
/** How many rows a nearby search returns at the most (cases, components). */
export const NEARBY_LIMIT = 20;
/** Mean earth radius (IUGG), the sphere the haversine distance is measured on. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A nearby search's point in WGS84; 400 INVALID_COORDINATE (field lon) when it is not a point. */
export function nearbyPoint(query: { lon: number; lat: number; crs?: Crs }): { lon: number; lat: number } {
  try {
    return toWgs84(query.lon, query.lat, query.crs ?? 'WGS84');
  } catch (e) {
    throw new AppError(400, 'INVALID_COORDINATE', (e as Error).message, 'lon');
  }
}

/** The rows within `radius` metres of `point` (haversine), nearest first, at most NEARBY_LIMIT. */
export function nearestWithin<R extends { id: number; lon: number; lat: number }>(
  rows: R[],
  point: { lon: number; lat: number },
  radius: number,
): (R & { distanceM: number })[] {
  return rows
    .map((r) => ({ ...r, distanceM: haversineMeters(point.lon, point.lat, r.lon, r.lat) }))
    .filter((r) => r.distanceM <= radius)
    .sort((a, b) => a.distanceM - b.distanceM || a.id - b.id)
    .slice(0, NEARBY_LIMIT);
}

export interface NearbyQuery {
  lon: number;
  lat: number;
  crs?: Crs;
  kind?: ClassKind;
  classCode?: string;
  radius?: number;
  excludeId?: number;
}

/**
 * Open cases the actor may see within `radius` metres of a point, nearest first (at most 20).
 * A lon/lat box on the indexed columns narrows the rows; the exact distance is haversine.
 */
export async function nearbyCases(db: Db, actor: Actor, query: NearbyQuery) {
  const point = nearbyPoint(query);
  const radius = query.radius ?? 200;
  // The box is 1% wider than the circle so that rounding never drops a case on its edge.
  const dLat = (radius / (EARTH_RADIUS_M * RAD)) * 1.01;
  const edgeLat = Math.min(90, Math.abs(point.lat) + dLat);
  const dLon = edgeLat >= 89.9 ? 360 : dLat / Math.cos(edgeLat * RAD);
  const cosLat = Math.cos(point.lat * RAD);
  let q = whereVisible(db.selectFrom('cases'), actor)
    // Literal states, so the planner can match the partial index cases_open_location.
    .where(sql<SqlBool>`state not in (${sql.join(FINAL_STATES.map((st) => sql.lit(st)))})`)
    .where('lat', '>=', point.lat - dLat)
    .where('lat', '<=', point.lat + dLat)
    .where('lon', '>=', point.lon - dLon)
    .where('lon', '<=', point.lon + dLon);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.classCode) q = q.where('class_code', '=', query.classCode);
  if (query.excludeId !== undefined) q = q.where('id', '!=', query.excludeId);
  // Nearest by a flat approximation first (good to 0.1% at these distances), then exact.
  const rows = await q
    .select([
      'id',
      'number',
      'kind',
      'class_code',
      'state',
      'description',
      'address',
      'reported_at',
      'lon',
      'lat',
    ])
    .orderBy(sql`power(lat - ${point.lat}, 2) + power((lon - ${point.lon}) * ${cosLat}, 2)`)
    .limit(NEARBY_LIMIT * 10)
    .execute();
  return nearestWithin(rows, point, radius);
}
