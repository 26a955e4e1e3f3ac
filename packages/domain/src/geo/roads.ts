import { type Crs, coordinateProblem, toWgs84 } from './coords.ts';
import { interiorPoint, lineLengthMeters, METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geometry.ts';
import type { GridIndex } from './grid-index.ts';
import type { ArealGeometry, LineString, Position } from './types.ts';
import { checkArealGeometry, fmt, GEOMETRY_REASON_CODES, isRecord, Rejection } from './validate.ts';

// Roads cut into segments (路段), zones (禁止区 / 严管区 / 控制区) and key places (重点区域: markets,
// metro exits, school and hospital gates, stations, residential compounds, scenic spots), and the
// validation of their GeoJSON import. See docs/geo.md, "Roads, segments, zones and key places".

/** Road classes as a city defines them: a code and its label. These are the default three. */
export const DEFAULT_ROAD_CLASSES: Readonly<Record<string, { zh: string; en: string }>> = {
  '1': { zh: '一类', en: 'Class 1' },
  '2': { zh: '二类', en: 'Class 2' },
  '3': { zh: '三类', en: 'Class 3' },
};

export const ZONE_TYPES = {
  prohibited: { zh: '禁止区', en: 'Prohibited zone' },
  strict: { zh: '严管区', en: 'Strict zone' },
  controlled: { zh: '控制区', en: 'Controlled zone' },
} as const;
export type ZoneType = keyof typeof ZONE_TYPES;
/** When zones overlap, a point belongs to the strictest. */
export const ZONE_PRECEDENCE: readonly ZoneType[] = ['prohibited', 'strict', 'controlled'];

export const KEY_PLACE_TYPES = {
  market: { zh: '集贸市场', en: 'Market' },
  metro_exit: { zh: '地铁出入口', en: 'Metro exit' },
  school_gate: { zh: '校园周边', en: 'School gate' },
  hospital_gate: { zh: '医院周边', en: 'Hospital gate' },
  station: { zh: '车站', en: 'Station' },
  residential: { zh: '居住小区', en: 'Residential compound' },
  scenic: { zh: '景区', en: 'Scenic spot' },
} as const;
export type KeyPlaceType = keyof typeof KEY_PLACE_TYPES;

export const ROADS_IMPORT_REASON_CODES = [
  'INVALID_COLLECTION',
  'INVALID_FEATURE',
  'INVALID_LAYER',
  'INVALID_CODE',
  'DUPLICATE_CODE',
  'INVALID_NAME',
  'INVALID_ROAD',
  'ROAD_MISMATCH',
  'INVALID_TYPE',
  ...GEOMETRY_REASON_CODES,
  'OUTSIDE_GRID',
] as const;
export type RoadsImportReasonCode = (typeof ROADS_IMPORT_REASON_CODES)[number];

export interface RoadsImportRejection {
  /** Position of the feature in `features` (-1 when the whole input is unusable). */
  index: number;
  code: string | null;
  reason: string;
  reasonCode: RoadsImportReasonCode;
}

export interface ImportedRoad {
  code: string;
  name: string;
  classCode: string;
  classLabel: string;
}

export interface ImportedSegment {
  code: string;
  road: ImportedRoad;
  geometry: LineString;
  startDescription: string | null;
  endDescription: string | null;
  lengthM: number;
  /** The street most of the segment lies in. */
  streetCode: string;
  /** The unit cells it crosses, in the order it enters them. */
  cellCodes: string[];
}

export interface ImportedArea<T extends string> {
  code: string;
  name: string;
  type: T;
  geometry: ArealGeometry;
}

export interface RoadsImportResult {
  segments: ImportedSegment[];
  zones: ImportedArea<ZoneType>[];
  keyPlaces: ImportedArea<KeyPlaceType>[];
  rejected: RoadsImportRejection[];
}

export interface RoadsImportOptions {
  crs?: Crs;
  /** The city's road classes (default DEFAULT_ROAD_CLASSES); a label in the feature wins. */
  roadClasses?: Readonly<Record<string, { zh: string }>>;
  /** Spacing of the samples that find the cells a segment crosses (default 10 m). */
  sampleStepMeters?: number;
}

const CODE = /^[0-9A-Za-z_.-]{1,40}$/;
const MIN_LENGTH_M = 1;

type Reject = Rejection<RoadsImportReasonCode>;
const reject = (code: RoadsImportReasonCode, reason: string): Reject => new Rejection(code, reason);

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max ? value.trim() : null;
}

function optionalText(value: unknown, max: number): string | null {
  return typeof value === 'string' ? value.trim().slice(0, max) || null : null;
}

/** Points along a line: every vertex plus points at most `step` metres apart. */
function sampleLine(line: readonly Position[], step: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1] as [number, number];
    const [bx, by] = line[i] as [number, number];
    const m = Math.hypot((bx - ax) * metersPerDegreeLon(ay), (by - ay) * METERS_PER_DEGREE_LAT);
    const steps = Math.max(1, Math.ceil(m / step));
    for (let k = 0; k < steps; k++) out.push([ax + ((bx - ax) * k) / steps, ay + ((by - ay) * k) / steps]);
  }
  const last = line[line.length - 1] as [number, number];
  out.push([last[0], last[1]]);
  return out;
}

function checkLine(geometryIn: unknown, crs: Crs): LineString | Reject {
  if (!isRecord(geometryIn) || geometryIn.type !== 'LineString') {
    const got = isRecord(geometryIn) ? JSON.stringify(geometryIn.type) : 'no geometry';
    return reject('INVALID_GEOMETRY_TYPE', `geometry must be a LineString (got ${got})`);
  }
  const c = geometryIn.coordinates;
  if (!Array.isArray(c) || c.length < 2)
    return reject('INVALID_GEOMETRY', 'a LineString needs at least 2 positions');
  const out: Position[] = [];
  for (const [k, position] of c.entries()) {
    if (!Array.isArray(position) || position.length < 2)
      return reject('INVALID_GEOMETRY', `position ${k} is not a [lon, lat] array`);
    const problem = coordinateProblem(position[0], position[1]);
    if (problem) return reject('INVALID_COORDINATE', `position ${k}: ${problem}`);
    const p = toWgs84(position[0] as number, position[1] as number, crs);
    out.push([p.lon, p.lat]);
  }
  return { type: 'LineString', coordinates: out };
}

/**
 * Validates a GeoJSON FeatureCollection of road segments, zones and key places (each feature's
 * `properties.layer`: `segment`, `zone` or `key_place`) against the city's unit cells. Each
 * feature is accepted or rejected with one reason (the first check it fails); rejections are
 * ordered by feature index. A segment carries its road (`road` code, `roadName`, `roadClass`,
 * optional `roadClassLabel`) and optional `start` / `end` descriptions; its length, street and
 * cells are computed here.
 */
export function validateRoadsImport(
  collection: unknown,
  cells: GridIndex,
  options: RoadsImportOptions = {},
): RoadsImportResult {
  const crs = options.crs ?? 'WGS84';
  const classes = options.roadClasses ?? DEFAULT_ROAD_CLASSES;
  const step = options.sampleStepMeters ?? 10;
  const result: RoadsImportResult = { segments: [], zones: [], keyPlaces: [], rejected: [] };
  if (
    !isRecord(collection) ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    result.rejected.push({
      index: -1,
      code: null,
      reason: 'input is not a GeoJSON FeatureCollection with a features array',
      reasonCode: 'INVALID_COLLECTION',
    });
    return result;
  }
  const firstIndex = new Map<string, number>();
  const roads = new Map<string, { road: ImportedRoad; index: number }>();

  for (const [index, feature] of (collection.features as unknown[]).entries()) {
    let code: string | null = null;
    const outcome = ((): Reject | null => {
      if (!isRecord(feature) || feature.type !== 'Feature')
        return reject('INVALID_FEATURE', 'not a GeoJSON Feature');
      const props = isRecord(feature.properties) ? feature.properties : {};
      const layer = props.layer;
      if (layer !== 'segment' && layer !== 'zone' && layer !== 'key_place')
        return reject(
          'INVALID_LAYER',
          `properties.layer must be "segment", "zone" or "key_place" (got ${JSON.stringify(layer ?? null)})`,
        );
      if (typeof props.code !== 'string' || !CODE.test(props.code))
        return reject(
          'INVALID_CODE',
          `properties.code must be 1–40 letters, digits, "_", "." or "-" (got ${JSON.stringify(props.code ?? null)})`,
        );
      code = props.code;
      const key = `${layer}:${code}`;
      const earlier = firstIndex.get(key);
      if (earlier !== undefined)
        return reject('DUPLICATE_CODE', `${layer} code ${code} is already used by feature ${earlier}`);
      firstIndex.set(key, index);

      if (layer === 'segment') {
        const roadCode = props.road;
        if (typeof roadCode !== 'string' || !CODE.test(roadCode))
          return reject(
            'INVALID_ROAD',
            `properties.road must be the road's code (got ${JSON.stringify(roadCode ?? null)})`,
          );
        const roadName = text(props.roadName, 100);
        if (!roadName)
          return reject('INVALID_ROAD', 'properties.roadName must be a name of 1–100 characters');
        const classCode = typeof props.roadClass === 'string' ? props.roadClass : null;
        const classLabel =
          text(props.roadClassLabel, 20) ?? (classCode !== null ? classes[classCode]?.zh : undefined) ?? null;
        if (!classCode || !CODE.test(classCode) || !classLabel)
          return reject(
            'INVALID_ROAD',
            `properties.roadClass must be one of ${Object.keys(classes).join(', ')} or come with roadClassLabel (got ${JSON.stringify(props.roadClass ?? null)})`,
          );
        const road: ImportedRoad = { code: roadCode, name: roadName, classCode, classLabel };
        const known = roads.get(roadCode);
        if (known && (known.road.name !== road.name || known.road.classCode !== road.classCode))
          return reject(
            'ROAD_MISMATCH',
            `road ${roadCode} is ${known.road.name} (class ${known.road.classCode}) in feature ${known.index}, here ${road.name} (class ${road.classCode})`,
          );
        const geometry = checkLine(feature.geometry, crs);
        if (geometry instanceof Rejection) return geometry;
        const lengthM = lineLengthMeters(geometry.coordinates);
        if (!(lengthM >= MIN_LENGTH_M))
          return reject(
            'DEGENERATE_GEOMETRY',
            `length is ${lengthM.toFixed(2)} m, less than ${MIN_LENGTH_M} m`,
          );
        const cellCodes: string[] = [];
        const streets = new Map<string, number>();
        for (const [x, y] of sampleLine(geometry.coordinates, step)) {
          const cell = cells.lookup(x, y);
          if (!cell)
            return reject(
              'OUTSIDE_GRID',
              `passes outside every unit cell of the city at (${fmt(x)}, ${fmt(y)})`,
            );
          if (cellCodes[cellCodes.length - 1] !== cell.code && !cellCodes.includes(cell.code))
            cellCodes.push(cell.code);
          streets.set(cell.streetCode, (streets.get(cell.streetCode) ?? 0) + 1);
        }
        const streetCode = [...streets.entries()].sort(
          (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
        )[0]![0];
        if (!known) roads.set(roadCode, { road, index });
        result.segments.push({
          code,
          road: known?.road ?? road,
          geometry,
          startDescription: optionalText(props.start, 200),
          endDescription: optionalText(props.end, 200),
          lengthM,
          streetCode,
          cellCodes,
        });
        return null;
      }

      const name = text(props.name, 100);
      if (!name) return reject('INVALID_NAME', 'properties.name must be a name of 1–100 characters');
      const typeKey = layer === 'zone' ? 'zoneType' : 'placeType';
      const types: Record<string, unknown> = layer === 'zone' ? ZONE_TYPES : KEY_PLACE_TYPES;
      const type = props[typeKey];
      if (typeof type !== 'string' || !Object.hasOwn(types, type))
        return reject(
          'INVALID_TYPE',
          `properties.${typeKey} must be one of ${Object.keys(types).join(', ')} (got ${JSON.stringify(type ?? null)})`,
        );
      const checked = checkArealGeometry(feature.geometry, crs);
      if (checked instanceof Rejection) return checked as Reject;
      const inner = interiorPoint(checked.shape);
      if (!inner || !cells.lookup(inner.lon, inner.lat))
        return reject('OUTSIDE_GRID', 'lies outside every unit cell of the city');
      const area = { code, name, geometry: checked.geometry };
      if (layer === 'zone') result.zones.push({ ...area, type: type as ZoneType });
      else result.keyPlaces.push({ ...area, type: type as KeyPlaceType });
      return null;
    })();
    if (outcome)
      result.rejected.push({ index, code, reason: outcome.reason, reasonCode: outcome.reasonCode });
  }
  return result;
}
