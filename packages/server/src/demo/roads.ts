// The demo city's roads, segments, zones and key places, as one GeoJSON import (the same path an
// admin's import takes). The real 闵行 road names of each demo street (minhang.ts) are drawn by the
// road layout generator through their gazetteer points, 3–8 segments each; the demo city's own
// lattice roads are cut into segments too. Key places are squares around the demo landmarks;
// zones around a metro exit, the street offices and two communities. Deterministic.

import {
  type DemoCity,
  layoutRoads,
  lineLengthMeters,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type Position,
  prepareGeometry,
  seededRandom,
} from '@xiuhua/domain/geo';
import type { Db, RoadPostsTable } from '@xiuhua/db';
import type { Insertable } from 'kysely';
import { minhangPlaces } from './minhang.ts';

const CLASS_CODES: Record<string, string> = { 一类: '1', 二类: '2', 三类: '3' };

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'LineString'; coordinates: Position[] } | { type: 'Polygon'; coordinates: Position[][] };
}

/** A square of side 2 × `halfM` metres around a point. */
function squareAround([lon, lat]: readonly number[], halfM: number): Position[][] {
  const dx = halfM / metersPerDegreeLon(lat!);
  const dy = halfM / METERS_PER_DEGREE_LAT;
  const r = (x: number) => Math.round(x * 1e7) / 1e7;
  const [w, s, e, n] = [r(lon! - dx), r(lat! - dy), r(lon! + dx), r(lat! + dy)];
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

/** Segment features of one road: ends described by the distance along the road. */
export function segmentFeatures(
  roadCode: string,
  name: string,
  classCode: string,
  segments: Position[][],
  ends: readonly [string, string],
): Feature[] {
  let at = 0;
  return segments.map((coordinates, j) => {
    const from = at;
    at += lineLengthMeters(coordinates);
    return {
      type: 'Feature',
      properties: {
        layer: 'segment',
        code: `${roadCode}-${String(j + 1).padStart(2, '0')}`,
        road: roadCode,
        roadName: name,
        roadClass: classCode,
        start: j === 0 ? `${name}${ends[0]}` : `${name} ${Math.round(from)} 米处`,
        end: j === segments.length - 1 ? `${name}${ends[1]}` : `${name} ${Math.round(at)} 米处`,
      },
      geometry: { type: 'LineString', coordinates },
    };
  });
}

/** Cuts a line into `parts` consecutive pieces of about the same number of positions. */
function cut(line: readonly Position[], parts: number): Position[][] {
  const n = Math.max(1, Math.min(parts, line.length - 1));
  const out: Position[][] = [];
  for (let j = 0; j < n; j++) {
    const a = Math.round((j * (line.length - 1)) / n);
    const b = Math.round(((j + 1) * (line.length - 1)) / n);
    out.push(line.slice(a, b + 1).map((p) => [...p]));
  }
  return out;
}

export function demoRoadNetwork(city: DemoCity): { type: 'FeatureCollection'; features: Feature[] } {
  const features: Feature[] = [];
  const random = seededRandom(17);

  // The demo city's own roads along street and community boundaries.
  city.roads.forEach((road, i) => {
    const code = `D${String(i + 1).padStart(2, '0')}`;
    const vertical = road.geometry.coordinates[0]![0] === road.geometry.coordinates.at(-1)![0];
    const segments = cut(road.geometry.coordinates, 3 + Math.floor(random() * 6));
    features.push(
      ...segmentFeatures(
        code,
        road.name,
        CLASS_CODES[road.roadClass] ?? '3',
        segments,
        vertical ? ['南端', '北端'] : ['西端', '东端'],
      ),
    );
  });

  // The real road names of each street, drawn through their gazetteer points.
  const places = minhangPlaces(city);
  city.streets.forEach((street, s) => {
    const roads = places.filter((p) => p.streetCode === street.code && p.kind === 'road');
    const laid = layoutRoads({
      bbox: prepareGeometry(street.geometry).bbox,
      count: roads.length,
      seed: 1000 + s,
      through: roads.map((r) => [r.lon, r.lat] as const),
    });
    laid.forEach((road, i) => {
      const classCode = i < 2 ? '1' : i < 5 ? '2' : '3';
      const ends =
        road.orientation === 'east-west' ? (['西端', '东端'] as const) : (['南端', '北端'] as const);
      features.push(
        ...segmentFeatures(
          `${street.code}-${String(i + 1).padStart(2, '0')}`,
          roads[i]!.name,
          classCode,
          road.segments,
          ends,
        ),
      );
    });
  });

  // Key places: the landmarks that are markets, metro exits, school and hospital gates, estates.
  const placeTypes: Record<string, [string, number]> = {
    market: ['market', 40],
    metro_exit: ['metro_exit', 25],
    school: ['school_gate', 40],
    hospital: ['hospital_gate', 40],
    residential: ['residential', 60],
  };
  city.landmarks.forEach((l, i) => {
    const type = placeTypes[l.kind];
    if (!type) return;
    features.push({
      type: 'Feature',
      properties: {
        layer: 'key_place',
        code: `K${String(i + 1).padStart(3, '0')}`,
        name: l.name,
        placeType: type[0],
      },
      geometry: { type: 'Polygon', coordinates: squareAround(l.geometry.coordinates, type[1]) },
    });
  });

  // Zones: no street trading around the first metro exit, strict control around the street
  // offices, and two communities under control.
  const exit = city.landmarks.find((l) => l.kind === 'metro_exit');
  if (exit)
    features.push({
      type: 'Feature',
      properties: { layer: 'zone', code: 'Z01', name: `${exit.name}周边禁止区`, zoneType: 'prohibited' },
      geometry: { type: 'Polygon', coordinates: squareAround(exit.geometry.coordinates, 150) },
    });
  city.landmarks
    .filter((l) => l.kind === 'government')
    .forEach((l, i) => {
      features.push({
        type: 'Feature',
        properties: { layer: 'zone', code: `Z1${i}`, name: `${l.name}周边严管区`, zoneType: 'strict' },
        geometry: { type: 'Polygon', coordinates: squareAround(l.geometry.coordinates, 200) },
      });
    });
  for (const [i, c] of [city.communities[1], city.communities.at(-1)].entries()) {
    if (!c) continue;
    features.push({
      type: 'Feature',
      properties: { layer: 'zone', code: `Z2${i}`, name: `${c.name}控制区`, zoneType: 'controlled' },
      geometry: c.geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The demo's road-chief posts, from 60 days back: each street's road chief is its 辖区总路长 and the
 * 二级路长 of every road in it; the district sanitation station posts its early shift (轮值人员) to the
 * first two segments of the first street's first road. One insert.
 */
export async function seedRoadPosts(
  db: Db,
  opts: {
    streetCodes: readonly string[];
    userIds: Map<string, number>;
    unitIds: Map<string, number>;
    from: string;
  },
): Promise<void> {
  const roads = await db.selectFrom('roads').select(['id', 'street_code']).orderBy('id').execute();
  const segments = await db.selectFrom('road_segments').select(['id', 'road_id']).orderBy('id').execute();
  const segmentsOf = (roadId: number) => segments.filter((s) => s.road_id === roadId).map((s) => s.id);
  const base = {
    unit_id: null,
    area_code: null,
    road_id: null,
    segment_ids: [],
    agency: null,
    shift_code: null,
  };
  const rows: Insertable<RoadPostsTable>[] = [];
  opts.streetCodes.forEach((street, i) => {
    const chief = opts.userIds.get(`s${i + 1}-chief`)!;
    rows.push({ ...base, level: 'street_general', user_id: chief, area_code: street, valid_from: opts.from });
    for (const road of roads.filter((r) => r.street_code === street))
      rows.push({
        ...base,
        level: 'second',
        user_id: chief,
        road_id: road.id,
        segment_ids: segmentsOf(road.id),
        valid_from: opts.from,
      });
  });
  const first = roads.find((r) => r.street_code === opts.streetCodes[0]);
  if (first)
    rows.push({
      ...base,
      level: 'duty',
      user_id: null,
      unit_id: opts.unitIds.get('sanitation')!,
      segment_ids: segmentsOf(first.id).slice(0, 2),
      shift_code: 'early',
      valid_from: opts.from,
    });
  await db.insertInto('road_posts').values(rows).execute();
}
