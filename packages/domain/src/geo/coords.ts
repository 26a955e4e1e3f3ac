import * as gcoordModule from 'gcoord';
import type { ArealGeometry, MultiPolygon, Polygon, Position } from './types.ts';

/**
 * Coordinate reference systems accepted at the edges of the system.
 * WGS84 is what we store (CGCS2000 differs from it by centimetres); GCJ02 is the offset system
 * of AMap/Tencent/Apple maps in China; BD09 is Baidu's further offset of GCJ02.
 */
export type Crs = 'WGS84' | 'GCJ02' | 'BD09';

export const CRS_VALUES: readonly Crs[] = ['WGS84', 'GCJ02', 'BD09'];

export interface LonLat {
  lon: number;
  lat: number;
}

export class InvalidCoordinateError extends Error {
  readonly code = 'INVALID_COORDINATE';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCoordinateError';
  }
}

export function isCrs(value: unknown): value is Crs {
  return value === 'WGS84' || value === 'GCJ02' || value === 'BD09';
}

/** Returns a reason when (lon, lat) is not a usable coordinate, or null when it is. */
export function coordinateProblem(lon: unknown, lat: unknown): string | null {
  const show = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));
  if (typeof lon !== 'number' || !Number.isFinite(lon))
    return `longitude ${show(lon)} is not a finite number`;
  if (typeof lat !== 'number' || !Number.isFinite(lat)) return `latitude ${show(lat)} is not a finite number`;
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside [-180, 180]`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside [-90, 90]`;
  return null;
}

function assertValid(lon: number, lat: number, crs: Crs): void {
  if (!isCrs(crs)) {
    throw new InvalidCoordinateError(
      `unknown coordinate system "${String(crs)}"; expected WGS84, GCJ02 or BD09`,
    );
  }
  const problem = coordinateProblem(lon, lat);
  if (problem) throw new InvalidCoordinateError(problem);
}

// gcoord is CommonJS whose .d.ts declares an ES default export. At runtime Node's ESM interop
// puts module.exports (the object with transform) at the namespace's `default`; the types place
// it one level deeper, hence the cast.
const gcoord = gcoordModule.default as unknown as typeof gcoordModule.default.default;

const GCOORD_CRS = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

function transform(lon: number, lat: number, from: Crs, to: Crs): LonLat {
  if (from === to) return { lon, lat };
  // A fresh array each call: gcoord may write into its input.
  const [x, y] = gcoord.transform<[number, number]>([lon, lat], GCOORD_CRS[from], GCOORD_CRS[to]);
  return { lon: x, lat: y };
}

/**
 * Converts a coordinate declared in `crs` to WGS84. Outside China GCJ02 equals WGS84 (gcoord's
 * rough China box), so foreign points pass through unchanged. The GCJ02 inverse is iterative
 * and accurate to about 0.1 m.
 * @throws InvalidCoordinateError for NaN, infinities, out-of-range values or an unknown crs.
 */
export function toWgs84(lon: number, lat: number, crs: Crs): LonLat {
  assertValid(lon, lat, crs);
  return transform(lon, lat, crs, 'WGS84');
}

/** Converts a WGS84 coordinate to `crs`, e.g. for a map provider that displays GCJ02. */
export function fromWgs84(lon: number, lat: number, crs: Crs): LonLat {
  assertValid(lon, lat, crs);
  return transform(lon, lat, 'WGS84', crs);
}

function convertPosition(position: Position, crs: Crs): Position {
  const { lon, lat } = toWgs84(position[0] as number, position[1] as number, crs);
  return [lon, lat];
}

/**
 * Returns a deep copy of a Polygon/MultiPolygon converted from `crs` to WGS84 (positions are
 * reduced to [lon, lat]; a stale `bbox` member is dropped). The input is never modified.
 * @throws InvalidCoordinateError on the first invalid position.
 */
export function geometryToWgs84(geometry: Polygon, crs: Crs): Polygon;
export function geometryToWgs84(geometry: MultiPolygon, crs: Crs): MultiPolygon;
export function geometryToWgs84(geometry: ArealGeometry, crs: Crs): ArealGeometry;
export function geometryToWgs84(geometry: ArealGeometry, crs: Crs): ArealGeometry {
  const convertRing = (ring: Position[]): Position[] => ring.map((p) => convertPosition(p, crs));
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: geometry.coordinates.map(convertRing) };
  }
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((polygon) => polygon.map(convertRing)),
  };
}
