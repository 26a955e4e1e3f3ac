// Roads, segments, zones and key places: a case position → its nearest segment within the
// configured distance, its zone and its key place, from an in-memory index rebuilt when the
// 'roads' revision moves (an import or a distance change here bumps it). Import from GeoJSON
// with a rejection report, as for unit cells; an import is one event in the admin history and
// is followed by the back-fill of cases filed before there were segments. See docs/geo.md.

import type { Db } from '@xiuhua/db';
import {
  type ArealGeometry,
  areaSquareMeters,
  type Crs,
  type KeyPlaceType,
  type LineString,
  PolygonIndex,
  prepareGeometry,
  type RoadsImportRejection,
  SegmentIndex,
  validateRoadsImport,
  KEY_PLACE_TYPES,
  ZONE_PRECEDENCE,
  ZONE_TYPES,
  type ZoneType,
} from '@xiuhua/domain/geo';
import { type LimitLayer, type PlaceLimitRule, placeLayers } from '@xiuhua/domain/schedules';
import { sql } from 'kysely';
import { recordAdminEvent } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { GridService } from './grid.ts';
import { toPlaceLimitRule } from './place-limits.ts';
import { bumpRevision, RevisionCache } from './revision-cache.ts';

/** How far a case may lie from a segment and still be on it, unless the setting says otherwise. */
export const DEFAULT_SEGMENT_DISTANCE_M = 50;
export const SEGMENT_DISTANCE_SETTING = 'segment_distance_m';
export const MAX_SEGMENT_DISTANCE_M = 500;
const BACKFILL_BATCH = 500;

interface SegmentEntry {
  id: number;
  coordinates: LineString['coordinates'];
  roadName: string;
  description: string;
  /** The road's class, as the place limits read it. */
  road: { classCode: string; classLabel: string };
}
interface AreaEntry<T> {
  id: number;
  name: string;
  type: T;
  geometry: ArealGeometry;
}

export interface RoadsIndex {
  segments: SegmentIndex<SegmentEntry>;
  zones: PolygonIndex<AreaEntry<ZoneType>>;
  keyPlaces: PolygonIndex<AreaEntry<KeyPlaceType>>;
  distanceM: number;
  segmentById: Map<number, SegmentEntry>;
  zoneById: Map<number, AreaEntry<ZoneType>>;
  keyPlaceById: Map<number, AreaEntry<KeyPlaceType>>;
  /** The city's differentiated standards by road class, zone and key place (place-limits.ts). */
  limitRules: PlaceLimitRule[];
  /** No segments, zones or key places at all: nothing to resolve against yet. */
  empty: boolean;
}

export interface RoadsResolution {
  segmentId: number | null;
  zoneId: number | null;
  keyPlaceId: number | null;
  /** False while the city has no roads data (the case waits for the back-fill). */
  resolved: boolean;
}

export interface RoadsImportReport {
  imported: number;
  rejected: RoadsImportRejection[];
  /** Cases filed before there were segments that this import's back-fill resolved. */
  backfilled: number;
}

/** A zone or key place as listed: its type with the type's Chinese and English names. */
function named<T extends string>(
  row: { id: number; code: string; name: string },
  type: T,
  names: Record<T, { zh: string; en: string }>,
) {
  return { id: row.id, code: row.code, name: row.name, type, typeName: names[type] };
}

/** "start – end" of a segment, or its code when neither end is described. */
function describe(code: string, start: string | null, end: string | null): string {
  return start || end ? `${start ?? '…'} – ${end ?? '…'}` : code;
}

export class RoadsService {
  #db: Db;
  #clock: Clock;
  #grid: GridService;
  #index: RevisionCache<RoadsIndex>;

  constructor(db: Db, grid: GridService, clock: Clock) {
    this.#db = db;
    this.#grid = grid;
    this.#clock = clock;
    this.#index = new RevisionCache(db, 'roads', () => this.#build());
  }

  async index(): Promise<RoadsIndex> {
    return await this.#index.get();
  }

  /** Rebuild on the next read: a change this instance made (the place limits live in the index too). */
  invalidate(): void {
    this.#index.invalidate();
  }

  async #build(): Promise<RoadsIndex> {
    const [segments, zones, keyPlaces, setting, limitRules] = await Promise.all([
      this.#db
        .selectFrom('road_segments as s')
        .innerJoin('roads as r', 'r.id', 's.road_id')
        .select([
          's.id',
          's.code',
          's.geometry',
          's.start_description',
          's.end_description',
          'r.name',
          'r.class_code',
          'r.class_label',
        ])
        .execute(),
      this.#db.selectFrom('zones').select(['id', 'name', 'zone_type', 'geometry']).execute(),
      this.#db.selectFrom('key_places').select(['id', 'name', 'place_type', 'geometry']).execute(),
      this.#db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', SEGMENT_DISTANCE_SETTING)
        .executeTakeFirst(),
      this.#db.selectFrom('place_limit_rules').selectAll().orderBy('id').execute(),
    ]);
    const segmentEntries: SegmentEntry[] = segments.map((s) => ({
      id: s.id,
      coordinates: (s.geometry as LineString).coordinates,
      roadName: s.name,
      description: describe(s.code, s.start_description, s.end_description),
      road: { classCode: s.class_code, classLabel: s.class_label },
    }));
    const zoneEntries = zones
      .map((z) => ({ id: z.id, name: z.name, type: z.zone_type, geometry: z.geometry as ArealGeometry }))
      .sort((a, b) => ZONE_PRECEDENCE.indexOf(a.type) - ZONE_PRECEDENCE.indexOf(b.type) || a.id - b.id);
    // Overlapping key places (a metro exit inside a station square): the smaller, more specific wins.
    const keyPlaceEntries = keyPlaces
      .map((k) => {
        const geometry = k.geometry as ArealGeometry;
        return {
          id: k.id,
          name: k.name,
          type: k.place_type,
          geometry,
          area: areaSquareMeters(prepareGeometry(geometry)),
        };
      })
      .sort((a, b) => a.area - b.area || a.id - b.id);
    const distance = Number(setting?.value);
    return {
      segments: SegmentIndex.build(segmentEntries),
      zones: new PolygonIndex(zoneEntries),
      keyPlaces: new PolygonIndex(keyPlaceEntries),
      distanceM: Number.isFinite(distance) && distance > 0 ? distance : DEFAULT_SEGMENT_DISTANCE_M,
      segmentById: new Map(segmentEntries.map((s) => [s.id, s])),
      zoneById: new Map(zoneEntries.map((z) => [z.id, z])),
      keyPlaceById: new Map(keyPlaceEntries.map((k) => [k.id, k])),
      limitRules: limitRules.map(toPlaceLimitRule),
      empty: segmentEntries.length + zoneEntries.length + keyPlaceEntries.length === 0,
    };
  }

  /** The segment, zone and key place of a WGS84 point (in memory; microseconds once loaded). */
  static resolveIn(index: RoadsIndex, lon: number, lat: number): RoadsResolution {
    return {
      segmentId: index.segments.nearest(lon, lat, index.distanceM)?.line.id ?? null,
      zoneId: index.zones.lookup(lon, lat)?.id ?? null,
      keyPlaceId: index.keyPlaces.lookup(lon, lat)?.id ?? null,
      resolved: !index.empty,
    };
  }

  async resolve(lon: number, lat: number): Promise<RoadsResolution> {
    return RoadsService.resolveIn(await this.index(), lon, lat);
  }

  /**
   * The place layers of the handling limit for a case on (segment, zone, key place): road class,
   * zone type, key place type, with the city's rules for its class (from memory).
   */
  async limitLayers(
    row: { segment_id: number | null; zone_id: number | null; key_place_id: number | null },
    cls: { kind: string; code: string },
  ): Promise<LimitLayer[]> {
    const index = await this.index();
    if (index.limitRules.length === 0) return [];
    return placeLayers(
      index.limitRules,
      {
        road: row.segment_id === null ? null : (index.segmentById.get(row.segment_id)?.road ?? null),
        zoneType: row.zone_id === null ? null : (index.zoneById.get(row.zone_id)?.type ?? null),
        keyPlaceType:
          row.key_place_id === null ? null : (index.keyPlaceById.get(row.key_place_id)?.type ?? null),
      },
      cls,
    );
  }

  /** What a case's answer says about its segment, zone and key place (names from memory). */
  async present(row: { segment_id: number | null; zone_id: number | null; key_place_id: number | null }) {
    const index = await this.index();
    const segment = row.segment_id === null ? undefined : index.segmentById.get(row.segment_id);
    const zone = row.zone_id === null ? undefined : index.zoneById.get(row.zone_id);
    const keyPlace = row.key_place_id === null ? undefined : index.keyPlaceById.get(row.key_place_id);
    return {
      segment: segment
        ? { id: segment.id, roadName: segment.roadName, description: segment.description }
        : null,
      zone: zone ? { id: zone.id, name: zone.name, type: zone.type } : null,
      keyPlace: keyPlace ? { id: keyPlace.id, name: keyPlace.name, type: keyPlace.type } : null,
    };
  }

  /**
   * Import segments (with their roads), zones and key places from one GeoJSON FeatureCollection
   * (docs/geo.md): valid features are inserted or replace the one with the same code (geometry
   * changes by re-import); each rejected feature is reported with its reason. One transaction;
   * then the cases filed before there were segments are back-filled.
   */
  async importGeoJson(
    collection: unknown,
    crs: Crs = 'WGS84',
    by: number | null = null,
  ): Promise<RoadsImportReport> {
    const result = validateRoadsImport(collection, await this.#grid.index(), { crs });
    const imported = result.segments.length + result.zones.length + result.keyPlaces.length;
    if (imported === 0) return { imported, rejected: result.rejected, backfilled: 0 };
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const roads = new Map(result.segments.map((s) => [s.road.code, s.road]));
      const roadIds = new Map<string, number>();
      if (roads.size > 0) {
        const rows = await trx
          .insertInto('roads')
          .values(
            [...roads.values()].map((road) => ({
              code: road.code,
              name: road.name,
              class_code: road.classCode,
              class_label: road.classLabel,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              class_code: eb.ref('excluded.class_code'),
              class_label: eb.ref('excluded.class_label'),
              updated_at: now,
            })),
          )
          .returning(['id', 'code'])
          .execute();
        for (const r of rows) roadIds.set(r.code, r.id);
      }
      for (let i = 0; i < result.segments.length; i += 500) {
        await trx
          .insertInto('road_segments')
          .values(
            result.segments.slice(i, i + 500).map((s) => ({
              code: s.code,
              road_id: roadIds.get(s.road.code)!,
              geometry: JSON.stringify(s.geometry),
              start_description: s.startDescription,
              end_description: s.endDescription,
              length_m: s.lengthM,
              street_code: s.streetCode,
              cell_codes: s.cellCodes,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              road_id: eb.ref('excluded.road_id'),
              geometry: eb.ref('excluded.geometry'),
              start_description: eb.ref('excluded.start_description'),
              end_description: eb.ref('excluded.end_description'),
              length_m: eb.ref('excluded.length_m'),
              street_code: eb.ref('excluded.street_code'),
              cell_codes: eb.ref('excluded.cell_codes'),
              updated_at: now,
            })),
          )
          .execute();
      }
      // A road belongs to a street when all its segments do.
      if (roadIds.size > 0)
        await sql`
          update roads r set street_code = (
            select case when count(distinct s.street_code) = 1 then min(s.street_code) end
            from road_segments s where s.road_id = r.id)
          where r.id in (${sql.join([...roadIds.values()])})
        `.execute(trx);
      for (const [table, typeColumn, rows] of [
        ['zones', 'zone_type', result.zones],
        ['key_places', 'place_type', result.keyPlaces],
      ] as const) {
        if (rows.length === 0) continue;
        await trx
          .insertInto(table)
          .values(
            rows.map((z) => ({
              code: z.code,
              name: z.name,
              [typeColumn]: z.type,
              geometry: JSON.stringify(z.geometry),
              updated_at: now,
            })) as never,
          )
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              [typeColumn]: sql.ref(`excluded.${typeColumn}`),
              geometry: eb.ref('excluded.geometry'),
              updated_at: now,
            })),
          )
          .execute();
      }
      await bumpRevision(trx, 'roads');
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'roads',
        key: 'import',
        action: 'import',
        before: null,
        after: {
          roads: roads.size,
          segments: result.segments.length,
          zones: result.zones.length,
          keyPlaces: result.keyPlaces.length,
          rejected: result.rejected.length,
        },
        at: now,
      });
    });
    this.#index.invalidate();
    return { imported, rejected: result.rejected, backfilled: await this.backfill() };
  }

  /** Change how far a case may lie from a segment (metres); applies to cases filed afterwards. */
  async setDistance(meters: number, by: number | null): Promise<void> {
    if (!(meters > 0 && meters <= MAX_SEGMENT_DISTANCE_M))
      throw new AppError(
        400,
        'INVALID_FIELD',
        `the distance must be above 0 and at most ${MAX_SEGMENT_DISTANCE_M} m`,
        'segmentDistanceM',
      );
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const stored = await trx
        .selectFrom('settings')
        .select('value')
        .where('key', '=', SEGMENT_DISTANCE_SETTING)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('settings')
        .values({ key: SEGMENT_DISTANCE_SETTING, value: JSON.stringify(meters), updated_by: by })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ value: JSON.stringify(meters), updated_by: by, updated_at: now }),
        )
        .execute();
      await bumpRevision(trx, 'roads');
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'setting',
        key: SEGMENT_DISTANCE_SETTING,
        action: stored ? 'update' : 'create',
        before: stored ? stored.value : DEFAULT_SEGMENT_DISTANCE_M,
        after: meters,
        at: now,
      });
    });
    this.#index.invalidate();
  }

  /**
   * Resolve the cases filed before there were segments (roads_resolved_at null), in batches by
   * id, once: each batch is one statement that only touches cases still unresolved, so a second
   * run (or two at once) changes nothing. Does nothing while the city has no roads data. Not a
   * change of the case's state: no event, no version bump. Returns how many cases it resolved.
   */
  async backfill(batchSize = BACKFILL_BATCH): Promise<number> {
    const waiting = await this.#db
      .selectFrom('cases')
      .select('id')
      .where('roads_resolved_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (!waiting) return 0;
    const index = await this.index();
    if (index.empty) return 0;
    let after = 0;
    let filled = 0;
    for (;;) {
      const rows = await this.#db
        .selectFrom('cases')
        .select(['id', 'lon', 'lat'])
        .where('roads_resolved_at', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) return filled;
      const values = rows.map((r) => {
        const p = RoadsService.resolveIn(index, r.lon, r.lat);
        return sql`(${r.id}::int, ${p.segmentId}::int, ${p.zoneId}::int, ${p.keyPlaceId}::int)`;
      });
      const updated = await sql`
        update cases c set segment_id = v.segment_id, zone_id = v.zone_id, key_place_id = v.key_place_id,
          roads_resolved_at = ${this.#clock.now()}
        from (values ${sql.join(values)}) as v (id, segment_id, zone_id, key_place_id)
        where c.id = v.id and c.roads_resolved_at is null
      `.execute(this.#db);
      filled += Number(updated.numAffectedRows ?? 0);
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Roads with their segment counts and lengths, zones and key places, and the totals. */
  async list() {
    const [roads, zones, keyPlaces, index] = await Promise.all([
      this.#db
        .selectFrom('roads as r')
        .leftJoin('road_segments as s', 's.road_id', 'r.id')
        .select((eb) => [
          'r.id',
          'r.code',
          'r.name',
          'r.class_code',
          'r.class_label',
          'r.street_code',
          eb.fn.count<string>('s.id').as('segments'),
          eb.fn.coalesce(eb.fn.sum<number>('s.length_m'), sql<number>`0`).as('length_m'),
        ])
        .groupBy('r.id')
        .orderBy('r.code')
        .execute(),
      this.#db.selectFrom('zones').select(['id', 'code', 'name', 'zone_type']).orderBy('code').execute(),
      this.#db
        .selectFrom('key_places')
        .select(['id', 'code', 'name', 'place_type'])
        .orderBy('code')
        .execute(),
      this.index(),
    ]);
    return {
      distanceM: index.distanceM,
      counts: {
        roads: roads.length,
        segments: index.segments.size,
        zones: zones.length,
        keyPlaces: keyPlaces.length,
      },
      roads: roads.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        classCode: r.class_code,
        classLabel: r.class_label,
        streetCode: r.street_code,
        segments: Number(r.segments),
        lengthM: Math.round(Number(r.length_m) * 10) / 10,
      })),
      zones: zones.map((z) => named(z, z.zone_type, ZONE_TYPES)),
      keyPlaces: keyPlaces.map((k) => named(k, k.place_type, KEY_PLACE_TYPES)),
    };
  }

  /** The segments (of one road, or these ids, or all) as a GeoJSON FeatureCollection. */
  async segmentFeatures(roadId?: number, ids?: readonly number[]) {
    let q = this.#db
      .selectFrom('road_segments as s')
      .innerJoin('roads as r', 'r.id', 's.road_id')
      .select([
        's.id',
        's.code',
        's.geometry',
        's.start_description',
        's.end_description',
        's.length_m',
        's.street_code',
        's.cell_codes',
        'r.id as road_id',
        'r.name as road_name',
        'r.class_label',
      ])
      .orderBy('s.code');
    if (roadId !== undefined) q = q.where('s.road_id', '=', roadId);
    if (ids) q = q.where('s.id', 'in', ids.length > 0 ? [...ids] : [0]);
    const rows = await q.execute();
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((s) => ({
        type: 'Feature',
        properties: {
          id: s.id,
          code: s.code,
          roadId: s.road_id,
          roadName: s.road_name,
          roadClass: s.class_label,
          start: s.start_description,
          end: s.end_description,
          lengthM: Math.round(s.length_m * 10) / 10,
          streetCode: s.street_code,
          cellCodes: s.cell_codes,
        },
        geometry: s.geometry,
      })),
    };
  }
}
