// The gazetteer a hotline operator searches while the caller talks: streets and communities (from
// the areas) and roads, landmarks and compounds (the places table), by name, alias, pinyin
// initials or full pinyin, ranked so that what the caller most likely means comes first. Every
// result carries a WGS84 point inside the city, so picking one sets the case's position. An
// import is one event in the admin history.

import type { Db } from '@xiuhua/db';
import { normalizeQuery } from '@xiuhua/domain/catalogue';
import { PLACE_KINDS, type PlaceKind } from '@xiuhua/domain/channels';
import {
  type ArealGeometry,
  type Crs,
  containsPoint,
  interiorPoint,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type Position,
  type PreparedGeometry,
  prepareGeometry,
  toWgs84,
} from '@xiuhua/domain/geo';
import { type SqlBool, sql } from 'kysely';
import { customPinyin, pinyin } from 'pinyin-pro';
import { recordAdminEvent } from '../admin/history.ts';
import type { Actor } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { Directory, DirectoryService } from '../platform/directory.ts';
import type { GridService } from './grid.ts';

export { PLACE_KINDS, type PlaceKind };
export type SearchKind = 'district' | 'street' | 'community' | PlaceKind;

// Place names read differently from the dictionary's first reading.
customPinyin({ 莘庄: 'xīn zhuāng', 莘松: 'xīn sōng', 行南: 'háng nán', 闵行: 'mǐn háng' });

/** Lower-case pinyin initials and full pinyin of each name ("江川路" → "jcl jiangchuanlu"). */
export function searchKeys(names: readonly string[]): string {
  const keys = new Set<string>();
  for (const name of names) {
    const opts = { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true } as const;
    const fold = (parts: string[]) => normalizeQuery(parts.join('')).replace(/[^a-z0-9]/g, '');
    keys.add(fold(pinyin(name, { ...opts, pattern: 'first' })));
    keys.add(fold(pinyin(name, opts)));
  }
  return [...keys].filter(Boolean).join(' ');
}

/** Match quality, best first; the order is the ranking. */
const TIERS = [
  'exactName',
  'exactAlias',
  'namePrefix',
  'exactPinyin',
  'aliasPrefix',
  'pinyinPrefix',
  'nameContains',
  'aliasContains',
  'pinyinContains',
] as const;
export type MatchTier = (typeof TIERS)[number];

/** Among equally good matches: areas before roads before landmarks (what callers name first). */
const KIND_ORDER: Record<SearchKind, number> = {
  district: 0,
  street: 1,
  community: 2,
  road: 3,
  landmark: 4,
  compound: 5,
  other: 6,
};

export function matchTier(
  query: string,
  name: string,
  aliases: readonly string[],
  keys: string,
): { tier: MatchTier; matched: string } | null {
  const n = normalizeQuery(name);
  const al = aliases.map((a) => ({ alias: a, folded: normalizeQuery(a) }));
  const compact = query.replace(/\s+/g, '');
  const keyList = keys.split(' ').filter(Boolean);
  if (n === query) return { tier: 'exactName', matched: name };
  const exactAlias = al.find((a) => a.folded === query);
  if (exactAlias) return { tier: 'exactAlias', matched: exactAlias.alias };
  if (n.startsWith(query)) return { tier: 'namePrefix', matched: name };
  const ascii = /^[a-z0-9]+$/.test(compact);
  if (ascii && keyList.includes(compact)) return { tier: 'exactPinyin', matched: name };
  const aliasPrefix = al.find((a) => a.folded.startsWith(query));
  if (aliasPrefix) return { tier: 'aliasPrefix', matched: aliasPrefix.alias };
  if (ascii && keyList.some((k) => k.startsWith(compact))) return { tier: 'pinyinPrefix', matched: name };
  if (n.includes(query)) return { tier: 'nameContains', matched: name };
  const aliasContains = al.find((a) => a.folded.includes(query));
  if (aliasContains) return { tier: 'aliasContains', matched: aliasContains.alias };
  if (ascii && compact.length >= 2 && keyList.some((k) => k.includes(compact)))
    return { tier: 'pinyinContains', matched: name };
  return null;
}

export interface PlaceHit {
  /** `area:<code>` or `place:<id>` */
  id: string;
  kind: SearchKind;
  category: string | null;
  name: string;
  /** The alias that matched, when it was not the name. */
  matched: string;
  match: MatchTier;
  areaCode: string;
  streetName: string | null;
  communityName: string | null;
  location: { lon: number; lat: number };
}

export interface PlaceInput {
  kind: PlaceKind;
  category?: string | null;
  name: string;
  aliases?: string[];
  lon: number;
  lat: number;
}

export interface PlaceImportReport {
  imported: number;
  updated: number;
  rejected: { index: number; name: string | null; reason: string }[];
}

/** The point halfway along a line (by length), for a road without a better one. */
export function midpointOfLine(line: readonly Position[]): { lon: number; lat: number } | null {
  if (line.length === 0) return null;
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]!;
    const [x1, y1] = line[i]!;
    const d = Math.hypot((x1! - x0!) * metersPerDegreeLon(y0!), (y1! - y0!) * METERS_PER_DEGREE_LAT);
    lengths.push(d);
    total += d;
  }
  let left = total / 2;
  for (let i = 1; i < line.length; i++) {
    const d = lengths[i - 1]!;
    if (left <= d && d > 0) {
      const [x0, y0] = line[i - 1]!;
      const [x1, y1] = line[i]!;
      const f = left / d;
      return { lon: x0! + (x1! - x0!) * f, lat: y0! + (y1! - y0!) * f };
    }
    left -= d;
  }
  const [x, y] = line[0]!;
  return { lon: x!, lat: y! };
}

/** Points every ~`stepMeters` along a line, vertices included. */
function sampleLine(line: readonly Position[], stepMeters: number): { lon: number; lat: number }[] {
  const out: { lon: number; lat: number }[] = [];
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]!;
    const [x1, y1] = line[i]!;
    const d = Math.hypot((x1! - x0!) * metersPerDegreeLon(y0!), (y1! - y0!) * METERS_PER_DEGREE_LAT);
    const n = Math.max(1, Math.ceil(d / stepMeters));
    for (let k = 0; k < n; k++)
      out.push({ lon: x0! + ((x1! - x0!) * k) / n, lat: y0! + ((y1! - y0!) * k) / n });
  }
  const last = line[line.length - 1];
  if (last) out.push({ lon: last[0]!, lat: last[1]! });
  return out;
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

interface AreaEntry {
  code: string;
  level: 'district' | 'street' | 'community';
  name: string;
  keys: string;
  point: { lon: number; lat: number };
}

export class PlacesService {
  #db: Db;
  #grid: GridService;
  #directory: DirectoryService;
  // Pinyin and interior points of the areas, recomputed when the directory is reloaded.
  #areas = new WeakMap<Directory, AreaEntry[]>();
  #shapes = new WeakMap<Directory, { code: string; depth: number; shape: PreparedGeometry }[]>();

  #clock: Clock;

  constructor(db: Db, grid: GridService, directory: DirectoryService, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#grid = grid;
    this.#directory = directory;
  }

  async #areaEntries(): Promise<{ dir: Directory; entries: AreaEntry[] }> {
    const dir = await this.#directory.get();
    let entries = this.#areas.get(dir);
    if (!entries) {
      entries = [];
      for (const a of dir.areas.values()) {
        if (a.level === 'city' || !a.geometry) continue;
        const inside = interiorPoint(prepareGeometry(a.geometry as ArealGeometry));
        if (!inside) continue;
        entries.push({
          code: a.code,
          level: a.level,
          name: a.name,
          keys: searchKeys([a.name]),
          point: { lon: inside.lon, lat: inside.lat },
        });
      }
      this.#areas.set(dir, entries);
    }
    return { dir, entries };
  }

  /**
   * Streets, communities and places matching `q`, best first. Within a tier: areas, roads, then
   * landmarks; then what lies in the actor's own area; then shorter names.
   */
  async search(actor: Actor | null, q: string, limit = 10): Promise<PlaceHit[]> {
    const query = normalizeQuery(q);
    if (!query) return [];
    const { dir, entries } = await this.#areaEntries();
    const names = (code: string) => {
      const area = dir.areas.get(code);
      const street = area?.level === 'community' ? dir.areas.get(area.parent_code ?? '') : area;
      return {
        streetName: street?.level === 'street' ? street.name : null,
        communityName: area?.level === 'community' ? area.name : null,
      };
    };
    const hits: (PlaceHit & { rank: number; own: boolean })[] = [];
    const own = (code: string) => {
      if (!actor || actor.scope.cityWide) return true;
      const path = dir.areas.get(code)?.path ?? '';
      return actor.scope.areaPaths.some((p) => path === p || path.startsWith(`${p}/`));
    };
    for (const a of entries) {
      const m = matchTier(query, a.name, [], a.keys);
      if (!m) continue;
      hits.push({
        id: `area:${a.code}`,
        kind: a.level,
        category: null,
        name: a.name,
        matched: m.matched,
        match: m.tier,
        areaCode: a.code,
        ...(a.level === 'street'
          ? { streetName: a.name, communityName: null }
          : a.level === 'district'
            ? { streetName: null, communityName: null }
            : names(a.code)),
        location: a.point,
        rank: TIERS.indexOf(m.tier),
        own: own(a.code),
      });
    }
    const like = `%${escapeLike(query)}%`;
    const compact = `%${escapeLike(query.replace(/\s+/g, ''))}%`;
    const rows = await this.#db
      .selectFrom('places')
      .select(['id', 'kind', 'category', 'name', 'aliases', 'search_keys', 'lon', 'lat', 'area_code'])
      .where((eb) =>
        eb.or([
          eb('name', 'ilike', like),
          eb('search_keys', 'like', compact),
          eb(sql<SqlBool>`array_to_string(aliases, ' ') ilike ${like}`, '=', true),
        ]),
      )
      .limit(500)
      .execute();
    for (const r of rows) {
      const m = matchTier(query, r.name, r.aliases, r.search_keys);
      if (!m) continue;
      hits.push({
        id: `place:${r.id}`,
        kind: r.kind,
        category: r.category,
        name: r.name,
        matched: m.matched,
        match: m.tier,
        areaCode: r.area_code,
        ...names(r.area_code),
        location: { lon: r.lon, lat: r.lat },
        rank: TIERS.indexOf(m.tier),
        own: own(r.area_code),
      });
    }
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        Number(b.own) - Number(a.own) ||
        a.name.length - b.name.length ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.areaCode < b.areaCode ? -1 : a.areaCode > b.areaCode ? 1 : 0),
    );
    return hits.slice(0, limit).map(({ rank: _rank, own: _own, ...hit }) => hit);
  }

  /** The community a WGS84 point lies in (by its unit cell), or else the street or district whose outline holds it. */
  async areaOf(lon: number, lat: number): Promise<string | null> {
    const cell = (await this.#grid.index()).lookup(lon, lat);
    if (cell) return cell.communityCode;
    const dir = await this.#directory.get();
    let shapes = this.#shapes.get(dir);
    if (!shapes) {
      shapes = [...dir.areas.values()]
        .filter((a) => a.geometry && a.level !== 'city')
        .map((a) => ({
          code: a.code,
          depth: a.path.split('/').length,
          shape: prepareGeometry(a.geometry as ArealGeometry),
        }))
        .sort((a, b) => b.depth - a.depth); // the smallest area that holds the point wins
      this.#shapes.set(dir, shapes);
    }
    return shapes.find((a) => containsPoint(a.shape, lon, lat))?.code ?? null;
  }

  /**
   * A road as one place per street it runs through (the caller says "江川路" and means the part
   * near them): the middle of the longest stretch in each street. Points are WGS84.
   */
  async roadPoints(
    lines: readonly (readonly Position[])[],
  ): Promise<{ lon: number; lat: number; areaCode: string }[]> {
    const index = await this.#grid.index();
    const runs = new Map<string, { lon: number; lat: number; areaCode: string }[]>();
    type Run = { street: string; points: { lon: number; lat: number; areaCode: string }[] };
    const keep = (run: Run | null) => {
      if (!run) return;
      const best = runs.get(run.street);
      if (!best || run.points.length > best.length) runs.set(run.street, run.points);
    };
    for (const line of lines) {
      let current: Run | null = null;
      for (const p of sampleLine(line, 25)) {
        const cell = index.lookup(p.lon, p.lat);
        if (current && current.street !== cell?.streetCode) {
          keep(current);
          current = null;
        }
        if (!cell) continue;
        current ??= { street: cell.streetCode, points: [] };
        current.points.push({ ...p, areaCode: cell.communityCode });
      }
      keep(current);
    }
    return [...runs.values()].map((points) => points[Math.floor((points.length - 1) / 2)]!);
  }

  /**
   * Insert places, or update the one with the same kind, name and area. Points must be WGS84;
   * a point outside the city is rejected. One transaction.
   */
  /** `by`: who imports, for the admin history (absent: the demo seed, not recorded). */
  async upsert(
    places: readonly (PlaceInput & { index?: number })[],
    source: string,
    by?: number | null,
  ): Promise<PlaceImportReport> {
    const report: PlaceImportReport = { imported: 0, updated: 0, rejected: [] };
    const rows: {
      kind: PlaceKind;
      category: string | null;
      name: string;
      aliases: string[];
      search_keys: string;
      lon: number;
      lat: number;
      area_code: string;
      source: string;
    }[] = [];
    const seen = new Set<string>();
    for (const [i, p] of places.entries()) {
      const areaCode = await this.areaOf(p.lon, p.lat);
      if (!areaCode) {
        report.rejected.push({
          index: p.index ?? i,
          name: p.name,
          reason: `the point ${p.lon.toFixed(6)}, ${p.lat.toFixed(6)} is outside the city's areas`,
        });
        continue;
      }
      const key = `${p.kind}\u0000${p.name}\u0000${areaCode}`;
      if (seen.has(key)) continue; // the same place twice in one file: the first wins
      seen.add(key);
      const aliases = [...new Set((p.aliases ?? []).map((a) => a.trim()).filter((a) => a && a !== p.name))];
      rows.push({
        kind: p.kind,
        category: p.category ?? null,
        name: p.name,
        aliases,
        search_keys: searchKeys([p.name, ...aliases]),
        lon: p.lon,
        lat: p.lat,
        area_code: areaCode,
        source,
      });
    }
    if (rows.length === 0) return report;
    await this.#db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        const result = await trx
          .insertInto('places')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['kind', 'name', 'area_code']).doUpdateSet((eb) => ({
              category: eb.ref('excluded.category'),
              aliases: eb.ref('excluded.aliases'),
              search_keys: eb.ref('excluded.search_keys'),
              lon: eb.ref('excluded.lon'),
              lat: eb.ref('excluded.lat'),
              source: eb.ref('excluded.source'),
              updated_at: sql`now()`,
            })),
          )
          // xmax = 0 only for a freshly inserted row
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .execute();
        for (const r of result) {
          if (r.inserted) report.imported++;
          else report.updated++;
        }
      }
      if (by !== undefined) {
        // One event per import (a gazetteer is thousands of rows): what came in, from where.
        await recordAdminEvent(trx, {
          actorUserId: by,
          entity: 'places',
          key: source,
          action: 'import',
          before: null,
          after: {
            source,
            imported: report.imported,
            updated: report.updated,
            rejected: report.rejected.length,
          },
          at: this.#clock.now(),
        });
      }
    });
    return report;
  }

  /**
   * Import a GeoJSON FeatureCollection gazetteer. Each feature: `properties.name` (required),
   * `kind` (road, landmark, compound, other; default road for lines, landmark otherwise),
   * `aliases` (array or a string split on 、,;), `category`; geometry Point, LineString,
   * MultiLineString, Polygon or MultiPolygon in `crs`. Roads become one place per street.
   */
  async importGeoJson(
    collection: unknown,
    crs: Crs = 'WGS84',
    source = 'import',
    by: number | null = null,
  ): Promise<PlaceImportReport> {
    const features = (collection as { type?: unknown; features?: unknown })?.features;
    if ((collection as { type?: unknown })?.type !== 'FeatureCollection' || !Array.isArray(features)) {
      return {
        imported: 0,
        updated: 0,
        rejected: [{ index: -1, name: null, reason: 'expected a GeoJSON FeatureCollection' }],
      };
    }
    const inputs: (PlaceInput & { index: number })[] = [];
    const rejected: PlaceImportReport['rejected'] = [];
    const wgs = (p: Position): Position => {
      const c = toWgs84(Number(p[0]), Number(p[1]), crs);
      return [c.lon, c.lat];
    };
    for (const [index, f] of features.entries()) {
      const props = ((f as { properties?: unknown })?.properties ?? {}) as Record<string, unknown>;
      const geometry = (f as { geometry?: { type?: string; coordinates?: unknown } })?.geometry;
      const name = typeof props.name === 'string' ? props.name.trim() : '';
      const reject = (reason: string) => rejected.push({ index, name: name || null, reason });
      if (!name || name.length > 100) {
        reject('properties.name must be 1–100 characters');
        continue;
      }
      const aliases = Array.isArray(props.aliases)
        ? props.aliases.filter((a): a is string => typeof a === 'string')
        : typeof props.aliases === 'string'
          ? props.aliases.split(/[、,;，；]/)
          : [];
      if (aliases.some((a) => a.length > 100) || aliases.length > 20) {
        reject('at most 20 aliases of at most 100 characters');
        continue;
      }
      const category = typeof props.category === 'string' ? props.category.slice(0, 40) : null;
      const type = geometry?.type;
      const isLine = type === 'LineString' || type === 'MultiLineString';
      const kind = (props.kind ?? (isLine ? 'road' : 'landmark')) as PlaceKind;
      if (!PLACE_KINDS.includes(kind)) {
        reject(`properties.kind must be one of ${PLACE_KINDS.join(', ')}`);
        continue;
      }
      try {
        const coords = geometry?.coordinates as unknown;
        if (type === 'Point') {
          const [lon, lat] = wgs(coords as Position);
          inputs.push({ index, kind, category, name, aliases, lon: lon!, lat: lat! });
        } else if (isLine) {
          const lines = (type === 'LineString' ? [coords] : coords) as Position[][];
          const points = await this.roadPoints(lines.map((l) => l.map(wgs)));
          if (points.length === 0) {
            // Nothing of it lies in a unit cell: keep its middle if it lies in an area at all.
            const mid = midpointOfLine(lines.flatMap((l) => l.map(wgs)));
            if (mid) inputs.push({ index, kind, category, name, aliases, ...mid });
          }
          for (const p of points)
            inputs.push({ index, kind, category, name, aliases, lon: p.lon, lat: p.lat });
        } else if (type === 'Polygon' || type === 'MultiPolygon') {
          const rings = type === 'Polygon' ? [coords as Position[][]] : (coords as Position[][][]);
          const shape = {
            type: 'MultiPolygon',
            coordinates: rings.map((poly) => poly.map((ring) => ring.map(wgs))),
          } as ArealGeometry;
          const inside = interiorPoint(prepareGeometry(shape));
          if (!inside) throw new Error('the polygon has no interior');
          inputs.push({ index, kind, category, name, aliases, lon: inside.lon, lat: inside.lat });
        } else {
          throw new Error(`geometry must be a Point, LineString, MultiLineString, Polygon or MultiPolygon`);
        }
      } catch (e) {
        reject((e as Error).message);
      }
    }
    const report = await this.upsert(inputs, source, by);
    report.rejected.push(...rejected);
    report.rejected.sort((a, b) => a.index - b.index);
    return report;
  }
}
