import kinks from '@turf/kinks';
import Flatbush from 'flatbush';
import { type Crs, coordinateProblem, geometryToWgs84 } from './coords.ts';
import {
  areaSquareMeters,
  containsPoint,
  distanceToBoundaryMeters,
  interiorPoint,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type PreparedGeometry,
  prepareGeometry,
  sampleBoundary,
} from './geometry.ts';
import type { ArealGeometry, GridCell, Polygon, Position } from './types.ts';

/** A community (社区) already known to the system; geometry in WGS84. */
export interface KnownCommunity {
  code: string;
  geometry: ArealGeometry;
}

export interface GridImportOptions {
  /** Coordinate system of the input geometries (default WGS84); they are converted on a copy. */
  crs?: Crs;
  /** Slack for shared boundaries, in metres (default 1): containment and overlap ignore less. */
  toleranceMeters?: number;
  /** Spacing of boundary samples for containment and overlap tests, in metres (default 5). */
  sampleStepMeters?: number;
}

/** The reasons a geometry is refused, in the order of the checks (shared by every import). */
export const GEOMETRY_REASON_CODES = [
  'INVALID_GEOMETRY_TYPE',
  'INVALID_GEOMETRY',
  'INVALID_COORDINATE',
  'RING_NOT_CLOSED',
  'RING_TOO_SHORT',
  'SELF_INTERSECTION',
  'DEGENERATE_GEOMETRY',
] as const;

export const GRID_IMPORT_REASON_CODES = [
  'INVALID_COLLECTION',
  'INVALID_FEATURE',
  'INVALID_CODE',
  'UNKNOWN_COMMUNITY',
  'DUPLICATE_CODE',
  ...GEOMETRY_REASON_CODES,
  'OUTSIDE_COMMUNITY',
  'OVERLAP',
] as const;

export type GridImportReasonCode = (typeof GRID_IMPORT_REASON_CODES)[number];

export interface GridImportRejection {
  /** Position of the feature in `features` (-1 when the whole input is unusable). */
  index: number;
  code: string | null;
  reason: string;
  reasonCode: GridImportReasonCode;
}

export interface GridImportResult {
  accepted: GridCell[];
  rejected: GridImportRejection[];
}

const CELL_CODE = /^\d{15}$/;
const MIN_AREA_SQUARE_METERS = 1;

/** Why one feature of an import is refused (the first check it failed). */
export class Rejection<C extends string = GridImportReasonCode> {
  readonly reasonCode: C;
  readonly reason: string;
  constructor(reasonCode: C, reason: string) {
    this.reasonCode = reasonCode;
    this.reason = reason;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const fmt = (x: number): string => x.toFixed(6);
const meters = (x: number): string => `${x.toFixed(1)} m`;

/**
 * Checks the coordinate arrays of a Polygon/MultiPolygon and returns its polygons, or a Rejection.
 * Checks in order: structure, finite in-range lon/lat, ring closure, ring length ≥ 4.
 */
function checkRings(type: 'Polygon' | 'MultiPolygon', coordinates: unknown): Position[][][] | Rejection {
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    return new Rejection('INVALID_GEOMETRY', `${type} has no coordinates`);
  }
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  for (const [p, polygon] of polygons.entries()) {
    const where = (r: number) => (type === 'Polygon' ? `ring ${r}` : `polygon ${p} ring ${r}`);
    if (!Array.isArray(polygon) || polygon.length === 0) {
      return new Rejection('INVALID_GEOMETRY', `polygon ${p} is not a non-empty array of rings`);
    }
    for (const [r, ring] of polygon.entries()) {
      if (!Array.isArray(ring))
        return new Rejection('INVALID_GEOMETRY', `${where(r)} is not an array of positions`);
      for (const [k, position] of ring.entries()) {
        if (!Array.isArray(position) || position.length < 2) {
          return new Rejection('INVALID_GEOMETRY', `${where(r)} position ${k} is not a [lon, lat] array`);
        }
        const problem = coordinateProblem(position[0], position[1]);
        if (problem) return new Rejection('INVALID_COORDINATE', `${where(r)} position ${k}: ${problem}`);
      }
    }
    for (const [r, ring] of (polygon as Position[][]).entries()) {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
        return new Rejection(
          'RING_NOT_CLOSED',
          `${where(r)} is not closed (first and last positions differ)`,
        );
      }
      if (ring.length < 4) {
        return new Rejection(
          'RING_TOO_SHORT',
          `${where(r)} has ${ring.length} positions; a closed ring needs at least 4`,
        );
      }
    }
  }
  return polygons as Position[][][];
}

function checkSelfIntersection(geometry: ArealGeometry): Rejection | null {
  // turf's kinks treats all rings of a MultiPolygon as one set, so check polygon by polygon.
  const polygons: Polygon[] =
    geometry.type === 'Polygon'
      ? [geometry]
      : geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  for (const [p, polygon] of polygons.entries()) {
    const found = kinks(polygon).features[0];
    if (found) {
      const [x, y] = found.geometry.coordinates as [number, number];
      const which = geometry.type === 'Polygon' ? 'boundary' : `polygon ${p} boundary`;
      return new Rejection('SELF_INTERSECTION', `${which} intersects itself at (${fmt(x)}, ${fmt(y)})`);
    }
  }
  return null;
}

/**
 * The checks every imported polygon goes through (cells, zones, key places), in order: a
 * Polygon/MultiPolygon, its rings (structure, coordinates, closure, length), converted to WGS84
 * on a copy, no self-intersection, at least 1 m² of area.
 */
export function checkArealGeometry(
  geometryIn: unknown,
  crs: Crs,
): { geometry: ArealGeometry; shape: PreparedGeometry } | Rejection {
  if (!isRecord(geometryIn) || (geometryIn.type !== 'Polygon' && geometryIn.type !== 'MultiPolygon')) {
    const got = isRecord(geometryIn) ? JSON.stringify(geometryIn.type) : 'no geometry';
    return new Rejection('INVALID_GEOMETRY_TYPE', `geometry must be a Polygon or MultiPolygon (got ${got})`);
  }
  const rings = checkRings(geometryIn.type, geometryIn.coordinates);
  if (rings instanceof Rejection) return rings;
  const declared: ArealGeometry =
    geometryIn.type === 'Polygon'
      ? { type: 'Polygon', coordinates: rings[0]! }
      : { type: 'MultiPolygon', coordinates: rings };
  const geometry = geometryToWgs84(declared, crs);
  const kink = checkSelfIntersection(geometry);
  if (kink) return kink;
  const shape = prepareGeometry(geometry);
  const area = areaSquareMeters(shape);
  if (!(area >= MIN_AREA_SQUARE_METERS)) {
    return new Rejection(
      'DEGENERATE_GEOMETRY',
      `area is ${area.toFixed(2)} m², less than ${MIN_AREA_SQUARE_METERS} m²`,
    );
  }
  return { geometry, shape };
}

/**
 * Cell within community, up to `tolerance` metres: every boundary sample of the cell is inside
 * the community or within tolerance of its boundary, and no community vertex lies deeper than
 * tolerance inside the cell (that would mean the cell covers a notch or a hole of the community).
 */
function checkWithinCommunity(
  cell: PreparedGeometry,
  community: PreparedGeometry,
  communityCode: string,
  tolerance: number,
  step: number,
): Rejection | null {
  const samples = sampleBoundary(cell, step);
  let worst: { x: number; y: number; d: number } | null = null;
  for (let i = 0; i < samples.length; i += 2) {
    const x = samples[i]!;
    const y = samples[i + 1]!;
    if (containsPoint(community, x, y)) continue;
    const d = distanceToBoundaryMeters(community, x, y);
    if (d > tolerance && (!worst || d > worst.d)) worst = { x, y, d };
  }
  if (worst) {
    return new Rejection(
      'OUTSIDE_COMMUNITY',
      `extends ${meters(worst.d)} outside community ${communityCode} at (${fmt(worst.x)}, ${fmt(worst.y)})`,
    );
  }
  const [minX, minY, maxX, maxY] = cell.bbox;
  for (const polygon of community.polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i += 2) {
        const x = ring[i]!;
        const y = ring[i + 1]!;
        if (x <= minX || x >= maxX || y <= minY || y >= maxY || !containsPoint(cell, x, y)) continue;
        const d = distanceToBoundaryMeters(cell, x, y);
        if (d > tolerance) {
          return new Rejection(
            'OUTSIDE_COMMUNITY',
            `covers land outside community ${communityCode}: its boundary vertex (${fmt(x)}, ${fmt(y)}) lies ${meters(d)} inside the cell`,
          );
        }
      }
    }
  }
  return null;
}

/** A point of `a`'s boundary or interior lying deeper than `tolerance` inside `b`, if any. */
function deepPointOf(a: PreparedGeometry, b: PreparedGeometry, tolerance: number, step: number) {
  const samples = sampleBoundary(a, step);
  const inner = interiorPoint(a);
  if (inner) samples.push(inner.lon, inner.lat);
  for (let i = 0; i < samples.length; i += 2) {
    const x = samples[i]!;
    const y = samples[i + 1]!;
    if (containsPoint(b, x, y) && distanceToBoundaryMeters(b, x, y) > tolerance) return { x, y };
  }
  return null;
}

/**
 * Approximate overlap test: the interiors overlap beyond tolerance when a boundary sample or an
 * interior point of either cell lies deeper than tolerance inside the other. Slivers thinner
 * than the tolerance (digitising noise along a shared edge) are not overlaps.
 */
function findOverlap(a: PreparedGeometry, b: PreparedGeometry, tolerance: number, step: number) {
  return deepPointOf(a, b, tolerance, step) ?? deepPointOf(b, a, tolerance, step);
}

interface Candidate {
  index: number;
  cell: GridCell;
  shape: PreparedGeometry;
}

/**
 * Validates a GeoJSON FeatureCollection of unit cells (单元网格) for import against the known
 * communities. Each feature is accepted or rejected with one reason (the first check it fails);
 * rejections are ordered by feature index. Overlaps are resolved in input order: a cell that
 * overlaps an earlier accepted cell is rejected.
 */
export function validateGridImport(
  collection: unknown,
  communities: readonly KnownCommunity[],
  options: GridImportOptions = {},
): GridImportResult {
  const crs = options.crs ?? 'WGS84';
  const tolerance = options.toleranceMeters ?? 1;
  const step = options.sampleStepMeters ?? 5;
  if (
    !isRecord(collection) ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    return {
      accepted: [],
      rejected: [
        {
          index: -1,
          code: null,
          reason: 'input is not a GeoJSON FeatureCollection with a features array',
          reasonCode: 'INVALID_COLLECTION',
        },
      ],
    };
  }

  const communityByCode = new Map(communities.map((c) => [c.code, c.geometry]));
  const preparedCommunities = new Map<string, PreparedGeometry>();
  const firstIndexByCode = new Map<string, number>();
  const rejected: GridImportRejection[] = [];
  const candidates: Candidate[] = [];

  for (const [index, feature] of (collection.features as unknown[]).entries()) {
    let code: string | null = null;
    const outcome = ((): Candidate | Rejection => {
      if (!isRecord(feature) || feature.type !== 'Feature') {
        return new Rejection('INVALID_FEATURE', 'not a GeoJSON Feature');
      }
      const properties = isRecord(feature.properties) ? feature.properties : {};
      const rawCode = properties.code;
      if (typeof rawCode !== 'string' || !CELL_CODE.test(rawCode)) {
        const shown = rawCode === undefined ? 'missing' : JSON.stringify(rawCode);
        return new Rejection('INVALID_CODE', `properties.code must be a string of 15 digits (got ${shown})`);
      }
      code = rawCode;
      const communityCode = rawCode.slice(0, 12);
      const communityGeometry = communityByCode.get(communityCode);
      if (!communityGeometry) {
        return new Rejection(
          'UNKNOWN_COMMUNITY',
          `community ${communityCode} (first 12 digits of the code) is not known`,
        );
      }
      const firstIndex = firstIndexByCode.get(rawCode);
      if (firstIndex !== undefined) {
        return new Rejection('DUPLICATE_CODE', `code ${rawCode} is already used by feature ${firstIndex}`);
      }
      firstIndexByCode.set(rawCode, index);

      const checked = checkArealGeometry(feature.geometry, crs);
      if (checked instanceof Rejection) return checked;
      const { geometry, shape } = checked;

      let community = preparedCommunities.get(communityCode);
      if (!community) {
        community = prepareGeometry(communityGeometry);
        preparedCommunities.set(communityCode, community);
      }
      const outside = checkWithinCommunity(shape, community, communityCode, tolerance, step);
      if (outside) return outside;

      const cell: GridCell = {
        code: rawCode,
        communityCode,
        streetCode: rawCode.slice(0, 9),
        districtCode: rawCode.slice(0, 6),
        geometry,
      };
      return { index, cell, shape };
    })();
    if (outcome instanceof Rejection) {
      rejected.push({ index, code, reason: outcome.reason, reasonCode: outcome.reasonCode });
    } else {
      candidates.push(outcome);
    }
  }

  const accepted = rejectOverlaps(candidates, tolerance, step, rejected);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, rejected };
}

/** Drops (into `rejected`) each candidate that overlaps an earlier accepted one. */
function rejectOverlaps(
  candidates: Candidate[],
  tolerance: number,
  step: number,
  rejected: GridImportRejection[],
): GridCell[] {
  if (candidates.length === 0) return [];
  const tree = new Flatbush(candidates.length);
  for (const { shape } of candidates) tree.add(...shape.bbox);
  tree.finish();
  const isAccepted = new Array<boolean>(candidates.length).fill(false);
  const accepted: GridCell[] = [];
  for (const [i, candidate] of candidates.entries()) {
    // Shrink the search box by the tolerance so that neighbours that merely touch are skipped.
    const [minX, minY, maxX, maxY] = candidate.shape.bbox;
    const dx = tolerance / metersPerDegreeLon((minY + maxY) / 2);
    const dy = tolerance / METERS_PER_DEGREE_LAT;
    const x0 = Math.min(minX + dx, (minX + maxX) / 2);
    const x1 = Math.max(maxX - dx, (minX + maxX) / 2);
    const y0 = Math.min(minY + dy, (minY + maxY) / 2);
    const y1 = Math.max(maxY - dy, (minY + maxY) / 2);
    let conflict: { other: Candidate; x: number; y: number } | null = null;
    for (const j of tree.search(x0, y0, x1, y1).sort((a, b) => a - b)) {
      if (j >= i || !isAccepted[j]) continue;
      const other = candidates[j]!;
      const witness = findOverlap(candidate.shape, other.shape, tolerance, step);
      if (witness) {
        conflict = { other, ...witness };
        break;
      }
    }
    if (conflict) {
      rejected.push({
        index: candidate.index,
        code: candidate.cell.code,
        reason: `overlaps cell ${conflict.other.cell.code} (feature ${conflict.other.index}) by more than ${meters(tolerance)} near (${fmt(conflict.x)}, ${fmt(conflict.y)})`,
        reasonCode: 'OVERLAP',
      });
    } else {
      isAccepted[i] = true;
      accepted.push(candidate.cell);
    }
  }
  return accepted;
}

export interface CommunityCoverage {
  communityCode: string;
  cellCount: number;
  communityAreaSquareMeters: number;
  cellAreaSquareMeters: number;
  /** Cell area / community area: 1 when the cells tile the community; below 1 means gaps. */
  coveredRatio: number;
}

/**
 * How much of each community its cells cover, by area. Meaningful for cells that passed
 * validateGridImport (inside their community, no overlaps): then a ratio below 1 measures the
 * gaps, which validation itself does not reject (a partial import is allowed).
 */
export function communityCoverage(
  cells: readonly GridCell[],
  communities: readonly KnownCommunity[],
): CommunityCoverage[] {
  const byCommunity = new Map<string, { count: number; area: number }>();
  for (const cell of cells) {
    const entry = byCommunity.get(cell.communityCode) ?? { count: 0, area: 0 };
    entry.count += 1;
    entry.area += areaSquareMeters(prepareGeometry(cell.geometry));
    byCommunity.set(cell.communityCode, entry);
  }
  return communities.map(({ code, geometry }) => {
    const communityArea = areaSquareMeters(prepareGeometry(geometry));
    const entry = byCommunity.get(code) ?? { count: 0, area: 0 };
    return {
      communityCode: code,
      cellCount: entry.count,
      communityAreaSquareMeters: communityArea,
      cellAreaSquareMeters: entry.area,
      coveredRatio: communityArea > 0 ? entry.area / communityArea : 0,
    };
  });
}
