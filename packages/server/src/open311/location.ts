// Where an Open311 request is. Clients send phone GPS or a geocoded address point; near the edge of
// the jurisdiction such a point often lies a few metres outside every cell (the far half of a
// boundary road, GPS error). Within EDGE_TOLERANCE_M of a cell, the request is placed at the
// nearest point just inside it, as an operator placing the pin would; farther out it is refused.

import {
  type GridIndex,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type PreparedGeometry,
  prepareGeometry,
} from '@xiuhua/domain/geo';

/** Default: the width of a main road plus ordinary phone GPS error. */
export const DEFAULT_EDGE_TOLERANCE_M = 30;

export interface Placed {
  lon: number;
  lat: number;
  /** How far the point was moved to lie inside a cell (0 when it already did). */
  movedM: number;
}

/** The closest point of the geometry's boundary to (lon, lat), with its distance in metres. */
export function nearestBoundaryPoint(
  shape: PreparedGeometry,
  lon: number,
  lat: number,
): { lon: number; lat: number; distanceM: number } {
  const kx = metersPerDegreeLon(lat);
  const ky = METERS_PER_DEGREE_LAT;
  let best = { lon, lat, distanceM: Infinity };
  for (const polygon of shape.polygons) {
    for (const ring of polygon) {
      for (let i = 0; i + 3 < ring.length; i += 2) {
        const ax = (ring[i]! - lon) * kx;
        const ay = (ring[i + 1]! - lat) * ky;
        const dx = (ring[i + 2]! - lon) * kx - ax;
        const dy = (ring[i + 3]! - lat) * ky - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        const px = ax + t * dx;
        const py = ay + t * dy;
        const d = Math.hypot(px, py);
        if (d < best.distanceM) best = { lon: lon + px / kx, lat: lat + py / ky, distanceM: d };
      }
    }
  }
  return best;
}

/**
 * The point itself if a cell holds it; else the nearest point just inside the nearest cell within
 * `toleranceM`; else null (outside the jurisdiction).
 */
export function placeInGrid(index: GridIndex, lon: number, lat: number, toleranceM: number): Placed | null {
  if (index.lookup(lon, lat)) return { lon, lat, movedM: 0 };
  if (toleranceM <= 0) return null;
  const dLat = toleranceM / METERS_PER_DEGREE_LAT;
  const dLon = toleranceM / metersPerDegreeLon(lat);
  let nearest: { lon: number; lat: number; distanceM: number } | null = null;
  for (const cell of index.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
    const p = nearestBoundaryPoint(prepareGeometry(cell.geometry), lon, lat);
    if (p.distanceM <= toleranceM && (!nearest || p.distanceM < nearest.distanceM)) nearest = p;
  }
  if (!nearest) return null;
  // Step on past the boundary along the same line, a little further each try, until inside.
  const ux = (nearest.lon - lon) / nearest.distanceM;
  const uy = (nearest.lat - lat) / nearest.distanceM;
  for (const stepM of [0.05, 0.5, 2]) {
    const p = { lon: nearest.lon + ux * stepM, lat: nearest.lat + uy * stepM };
    if (Number.isFinite(p.lon) && index.lookup(p.lon, p.lat))
      return { ...p, movedM: nearest.distanceM + stepM };
  }
  return null;
}
