import type { ArealGeometry, BBox, Position } from './types.ts';

// Planar geometry on lon/lat degrees for small features (cells, communities): distances use a
// local equirectangular scale, which is accurate to well under 1% over a few kilometres.

/** Metres per degree of latitude (mean; varies by < 1% with latitude). */
export const METERS_PER_DEGREE_LAT = 110_574;

export function metersPerDegreeLon(lat: number): number {
  return 111_320 * Math.cos((lat * Math.PI) / 180);
}

/**
 * A Polygon/MultiPolygon flattened for fast tests: each polygon is a list of rings, each ring a
 * closed Float64Array [x0, y0, x1, y1, …, x0, y0] (closed even if the input ring was not).
 */
export interface PreparedGeometry {
  polygons: Float64Array[][];
  bbox: BBox;
}

function flattenRing(ring: Position[]): Float64Array {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  const out = new Float64Array((ring.length + (closed ? 0 : 1)) * 2);
  ring.forEach((p, i) => {
    out[i * 2] = p[0] as number;
    out[i * 2 + 1] = p[1] as number;
  });
  if (!closed && first !== undefined) {
    out[ring.length * 2] = first[0] as number;
    out[ring.length * 2 + 1] = first[1] as number;
  }
  return out;
}

export function prepareGeometry(geometry: ArealGeometry): PreparedGeometry {
  let polygonsIn: Position[][][];
  if (geometry.type === 'Polygon') polygonsIn = [geometry.coordinates];
  else if (geometry.type === 'MultiPolygon') polygonsIn = geometry.coordinates;
  else
    throw new TypeError(
      `expected a Polygon or MultiPolygon, got ${String((geometry as { type?: unknown }).type)}`,
    );
  const polygons = polygonsIn.map((rings) => rings.map(flattenRing));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons) {
    // The exterior ring bounds the polygon; holes lie inside it.
    const ring = polygon[0];
    if (!ring) continue;
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i]!;
      const y = ring[i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { polygons, bbox: [minX, minY, maxX, maxY] };
}

/**
 * Even-odd crossing test against one polygon (exterior + holes). The ray goes towards +x; an
 * edge counts when it straddles y half-open (one end > y, the other ≤ y) and the crossing lies
 * strictly right of the point. Each crossing is computed from the edge's lower end, so two
 * polygons sharing an edge compute the identical value: a point on a shared edge belongs to
 * exactly one side (for axis-aligned cells: the east / north neighbour).
 */
function polygonContains(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const end = ring.length - 2;
    for (let i = 0; i < end; i += 2) {
      const ay = ring[i + 1]!;
      const by = ring[i + 3]!;
      if (ay > y !== by > y) {
        const ax = ring[i]!;
        const bx = ring[i + 2]!;
        const crossX =
          ay < by ? ax + ((y - ay) * (bx - ax)) / (by - ay) : bx + ((y - by) * (ax - bx)) / (ay - by);
        if (x < crossX) inside = !inside;
      }
    }
  }
  return inside;
}

export function containsPoint(geometry: PreparedGeometry, lon: number, lat: number): boolean {
  const b = geometry.bbox;
  if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) return false;
  for (const polygon of geometry.polygons) {
    if (polygonContains(polygon, lon, lat)) return true;
  }
  return false;
}

/** Convenience form of containsPoint for one-off tests (prepares the geometry each call). */
export function pointInGeometry(lon: number, lat: number, geometry: ArealGeometry): boolean {
  return containsPoint(prepareGeometry(geometry), lon, lat);
}

/** True when (lon, lat) lies on a ring of the geometry, within `epsilonDegrees`. */
export function onBoundary(
  geometry: PreparedGeometry,
  lon: number,
  lat: number,
  epsilonDegrees = 1e-9,
): boolean {
  for (const polygon of geometry.polygons) {
    for (const ring of polygon) {
      const end = ring.length - 2;
      for (let i = 0; i < end; i += 2) {
        const ax = ring[i]!;
        const ay = ring[i + 1]!;
        const bx = ring[i + 2]!;
        const by = ring[i + 3]!;
        if (
          lon < Math.min(ax, bx) - epsilonDegrees ||
          lon > Math.max(ax, bx) + epsilonDegrees ||
          lat < Math.min(ay, by) - epsilonDegrees ||
          lat > Math.max(ay, by) + epsilonDegrees
        ) {
          continue;
        }
        const length = Math.hypot(bx - ax, by - ay);
        const cross = (bx - ax) * (lat - ay) - (by - ay) * (lon - ax);
        if (
          length === 0
            ? Math.hypot(lon - ax, lat - ay) <= epsilonDegrees
            : Math.abs(cross) <= epsilonDegrees * length
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

/**
 * Distance in metres from (lon, lat) to the straight piece a–b (lon/lat degrees), on the local
 * scale `kx`, `ky` (metres per degree of longitude and latitude at the point): the point is
 * projected onto the piece, clamped to its ends.
 */
export function pieceDistanceMeters(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  lon: number,
  lat: number,
  kx: number,
  ky: number,
): number {
  const x0 = (ax - lon) * kx;
  const y0 = (ay - lat) * ky;
  const dx = (bx - lon) * kx - x0;
  const dy = (by - lat) * ky - y0;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(x0 * dx + y0 * dy) / lengthSquared));
  return Math.hypot(x0 + t * dx, y0 + t * dy);
}

/** Length in metres of a line of [lon, lat] positions (each piece on the scale at its middle). */
export function lineLengthMeters(line: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    total += Math.hypot(
      (b[0]! - a[0]!) * metersPerDegreeLon((a[1]! + b[1]!) / 2),
      (b[1]! - a[1]!) * METERS_PER_DEGREE_LAT,
    );
  }
  return total;
}

/** Shortest distance in metres from (lon, lat) to any ring of the geometry. */
export function distanceToBoundaryMeters(geometry: PreparedGeometry, lon: number, lat: number): number {
  const kx = metersPerDegreeLon(lat);
  const ky = METERS_PER_DEGREE_LAT;
  let best = Infinity;
  for (const polygon of geometry.polygons) {
    for (const ring of polygon) {
      const end = ring.length - 2;
      for (let i = 0; i < end; i += 2) {
        const d = pieceDistanceMeters(ring[i]!, ring[i + 1]!, ring[i + 2]!, ring[i + 3]!, lon, lat, kx, ky);
        if (d < best) best = d;
      }
    }
  }
  return best;
}

/**
 * Points along every ring: each vertex plus evenly spaced points so that consecutive samples are
 * at most `stepMeters` apart. Returned flat: [x0, y0, x1, y1, …].
 */
export function sampleBoundary(geometry: PreparedGeometry, stepMeters: number): number[] {
  const out: number[] = [];
  for (const polygon of geometry.polygons) {
    for (const ring of polygon) {
      const end = ring.length - 2;
      for (let i = 0; i < end; i += 2) {
        const ax = ring[i]!;
        const ay = ring[i + 1]!;
        const bx = ring[i + 2]!;
        const by = ring[i + 3]!;
        const meters = Math.hypot((bx - ax) * metersPerDegreeLon(ay), (by - ay) * METERS_PER_DEGREE_LAT);
        const steps = Math.max(1, Math.ceil(meters / stepMeters));
        for (let k = 0; k < steps; k++) {
          const t = k / steps;
          out.push(ax + t * (bx - ax), ay + t * (by - ay));
        }
      }
    }
  }
  return out;
}

/**
 * A point well inside the geometry (the midpoint of the widest inside span on a few horizontal
 * scan lines, keeping the one farthest from the boundary), with its distance to the boundary.
 * Null for a geometry with no interior.
 */
export function interiorPoint(
  geometry: PreparedGeometry,
): { lon: number; lat: number; depthMeters: number } | null {
  let best: { lon: number; lat: number; depthMeters: number } | null = null;
  for (const polygon of geometry.polygons) {
    const outer = polygon[0];
    if (!outer) continue;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let i = 1; i < outer.length; i += 2) {
      minY = Math.min(minY, outer[i]!);
      maxY = Math.max(maxY, outer[i]!);
    }
    for (const fraction of [0.5, 0.3, 0.7, 0.15, 0.85]) {
      const y = minY + (maxY - minY) * fraction;
      const xs: number[] = [];
      for (const ring of polygon) {
        const end = ring.length - 2;
        for (let i = 0; i < end; i += 2) {
          const ay = ring[i + 1]!;
          const by = ring[i + 3]!;
          if (ay > y !== by > y) {
            const ax = ring[i]!;
            const bx = ring[i + 2]!;
            xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
          }
        }
      }
      xs.sort((a, b) => a - b);
      for (let i = 0; i + 1 < xs.length; i += 2) {
        const x = (xs[i]! + xs[i + 1]!) / 2;
        if (!polygonContains(polygon, x, y)) continue;
        const depthMeters = distanceToBoundaryMeters(geometry, x, y);
        if (!best || depthMeters > best.depthMeters) best = { lon: x, lat: y, depthMeters };
      }
    }
  }
  return best;
}

/** Approximate planar area in m² (shoelace on the local scale; holes subtract). */
export function areaSquareMeters(geometry: PreparedGeometry): number {
  let total = 0;
  for (const polygon of geometry.polygons) {
    polygon.forEach((ring, ringIndex) => {
      // Relative to the first vertex, to avoid cancellation between large lon/lat products;
      // scaled at the ring's middle latitude.
      const x0 = ring[0] ?? 0;
      const y0 = ring[1] ?? 0;
      let minLat = y0;
      let maxLat = y0;
      for (let i = 1; i < ring.length; i += 2) {
        minLat = Math.min(minLat, ring[i]!);
        maxLat = Math.max(maxLat, ring[i]!);
      }
      const kx = metersPerDegreeLon((minLat + maxLat) / 2);
      let twice = 0;
      const end = ring.length - 2;
      for (let i = 0; i < end; i += 2) {
        twice += (ring[i]! - x0) * (ring[i + 3]! - y0) - (ring[i + 2]! - x0) * (ring[i + 1]! - y0);
      }
      const area = Math.abs(twice / 2) * kx * METERS_PER_DEGREE_LAT;
      total += ringIndex === 0 ? area : -area;
    });
  }
  return total;
}
