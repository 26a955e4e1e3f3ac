// A demo jurisdiction from Los Angeles' 99 neighbourhood councils (2019 layer), to check that
// requests posted through Open311 land where LA's own 311 system put them (its `nc` column).
// See docs/open311.md § "LA check" for the model and the figure.
//
// Model: city 990100 (not a real division code; 99 is unused) → one district per EmpowerLA
// service region (9901RR) → one street per council whose last three digits are the council id
// (990108047 = Lincoln Heights NC, id 47) → one community → one unit cell, and both community and
// cell are the council's own outline. A point therefore resolves to exactly the council polygon
// that holds it. The published layer is not a tiling: 40 councils overlap a neighbour by more
// than the 1 m validation tolerance, so the cells are written as published (grid validation
// would refuse the overlaps), and a point inside two councils goes to the lower cell code
// (GridIndex's rule).

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Db } from '@xiuhua/db';
import {
  type ArealGeometry,
  containsPoint,
  distanceToBoundaryMeters,
  type PreparedGeometry,
  prepareGeometry,
} from '@xiuhua/domain/geo';
import type { FastifyInstance } from 'fastify';
import { bumpGridRevision } from '../geo/grid.ts';

export const LA_CITY = '990100';
export const LA_JURISDICTION_ID = 'lacity.org';
export const DEFAULT_LA_DIR = new URL('../../../../../shared/data/us311/', import.meta.url);

/** LA 311 request types → our services (a demo mapping; docs/open311.md lists it). */
export const LA_SERVICES: Record<string, string> = {
  'Bulky Items': 'E06035', // 废弃家具设备
  'Metal/Household Appliances': 'E06035',
  'Electronic Waste': 'E06035',
  'Graffiti Removal': 'E07001', // 非法小广告（乱涂乱画）
  'Illegal Dumping Pickup': 'E06011', // 积存垃圾渣土
  'Homeless Encampment': 'E09003', // 流浪乞讨
  'Dead Animal Removal': 'E06037', // 动物尸体
  'Single Streetlight Issue': 'C01037', // 路灯 (component)
  'Multiple Streetlight Issue': 'E01037', // 路灯异常 (several lights out)
  'Report Water Waste': 'E01025', // 供水器异常
  Other: 'E06036', // 乱堆杂物
};

export interface LaCouncil {
  id: string;
  name: string;
  region: number;
  regionName: string;
  geometry: ArealGeometry;
}

export interface LaRequest {
  srnumber: string;
  requesttype: string;
  lat: number | null;
  lon: number | null;
  address: string;
  zipcode: string;
  /** LA's neighbourhood council id; '' when LA names none. */
  nc: string;
  ncname: string;
}

function readGz(dir: URL | string, name: string): string {
  return gunzipSync(
    readFileSync(new URL(name, dir instanceof URL ? dir : new URL(`file://${dir}/`))),
  ).toString('utf8');
}

export function readCouncils(dir: URL | string = DEFAULT_LA_DIR): LaCouncil[] {
  const fc = JSON.parse(readGz(dir, 'la_neighborhood_councils_2019.geojson.gz')) as {
    features: { properties: Record<string, string>; geometry: ArealGeometry }[];
  };
  return fc.features.map((f) => {
    const m = /^REGION (\d+) - (.+)$/.exec(f.properties.service_re ?? '');
    if (!m || !/^\d{1,3}$/.test(f.properties.nc_id ?? ''))
      throw new Error(`unexpected council ${JSON.stringify(f.properties)}`);
    return {
      id: String(Number(f.properties.nc_id)),
      name: f.properties.name!,
      region: Number(m[1]),
      regionName: m[2]!,
      geometry: f.geometry,
    };
  });
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

export function readRequests(dir: URL | string = DEFAULT_LA_DIR): LaRequest[] {
  const [header, ...rows] = parseCsv(readGz(dir, 'la311_2020-01_requests.csv.gz'));
  const col = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const c = {
    sr: col('srnumber'),
    type: col('requesttype'),
    lat: col('latitude'),
    lon: col('longitude'),
    address: col('address'),
    zip: col('zipcode'),
    nc: col('nc'),
    ncname: col('ncname'),
  };
  const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : null);
  return rows
    .filter((r) => r.length === header!.length)
    .map((r) => ({
      srnumber: r[c.sr]!,
      requesttype: r[c.type]!,
      lat: num(r[c.lat]),
      lon: num(r[c.lon]),
      address: r[c.address]!,
      zipcode: r[c.zip]!,
      nc: r[c.nc] === '0' ? '' : r[c.nc]!,
      ncname: r[c.ncname]!,
    }));
}

export function councilCodes(council: Pick<LaCouncil, 'id' | 'region'>) {
  const district = `${LA_CITY.slice(0, 4)}${String(council.region).padStart(2, '0')}`;
  const street = `${district}${council.id.padStart(3, '0')}`;
  return { district, street, community: `${street}001`, cell: `${street}001001` };
}

/** The council id of a street, community or cell code of the LA jurisdiction. */
export const councilOfCode = (code: string) => String(Number(code.slice(6, 9)));

const titleCase = (s: string) => s.toLowerCase().replace(/\b[a-z]/g, (ch) => ch.toUpperCase());

/**
 * Write the LA jurisdiction (areas and cells) in one transaction. Call it before the app first
 * resolves a point (the grid index is loaded lazily), and reload the directory afterwards.
 */
export async function buildLaJurisdiction(db: Db, councils: readonly LaCouncil[]): Promise<void> {
  const regions = new Map(councils.map((c) => [c.region, c.regionName]));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('areas')
      .values({
        code: LA_CITY,
        level: 'city',
        parent_code: null,
        path: LA_CITY,
        name: '洛杉矶（演示）',
        name_en: 'Los Angeles (demo)',
        area_class: 'B',
        geometry: null,
      })
      .execute();
    for (const [region, name] of [...regions].sort((a, b) => a[0] - b[0])) {
      const { district } = councilCodes({ id: '0', region });
      await trx
        .insertInto('areas')
        .values({
          code: district,
          level: 'district',
          parent_code: LA_CITY,
          path: `${LA_CITY}/${district}`,
          name: `Region ${region} – ${titleCase(name)}`,
          name_en: `EmpowerLA region ${region}: ${titleCase(name)}`,
          area_class: 'B',
          geometry: null,
        })
        .execute();
    }
    for (const c of councils) {
      const codes = councilCodes(c);
      const geometry = JSON.stringify(c.geometry);
      const districtPath = `${LA_CITY}/${codes.district}`;
      await trx
        .insertInto('areas')
        .values([
          {
            code: codes.street,
            level: 'street',
            parent_code: codes.district,
            path: `${districtPath}/${codes.street}`,
            name: c.name,
            name_en: `${titleCase(c.name)} (council ${c.id})`,
            area_class: 'B',
            geometry,
          },
          {
            code: codes.community,
            level: 'community',
            parent_code: codes.street,
            path: `${districtPath}/${codes.street}/${codes.community}`,
            name: c.name,
            name_en: titleCase(c.name),
            area_class: 'B',
            geometry,
          },
        ])
        .execute();
      await trx
        .insertInto('grid_cells')
        .values({ code: codes.cell, community_code: codes.community, geometry })
        .execute();
    }
    await bumpGridRevision(trx);
  });
}

export interface LaOutcome {
  row: LaRequest;
  status: number;
  /** The council our case landed in (null: refused as outside the jurisdiction). */
  council: string | null;
  error?: string;
}

/** POST each request through the Open311 endpoint (form-encoded, as a client would). */
export async function postLaRequests(
  app: FastifyInstance,
  apiKey: string,
  rows: readonly LaRequest[],
  options: { concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<LaOutcome[]> {
  const out: LaOutcome[] = new Array(rows.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      out[i] = await postOne(app, apiKey, rows[i]!);
      options.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return out;
}

async function postOne(app: FastifyInstance, apiKey: string, row: LaRequest): Promise<LaOutcome> {
  const form = new URLSearchParams({
    api_key: apiKey,
    jurisdiction_id: LA_JURISDICTION_ID,
    service_code: LA_SERVICES[row.requesttype] ?? LA_SERVICES.Other!,
    description: `LA 311 ${row.srnumber}: ${row.requesttype}`,
    address_string: row.address,
    zipcode: row.zipcode,
    ...(row.lat !== null && row.lon !== null ? { lat: String(row.lat), long: String(row.lon) } : {}),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': `la311-${row.srnumber}`,
    },
    payload: form.toString(),
  });
  const body = JSON.parse(res.body) as { service_request_id?: string; description?: string }[];
  let council: string | null = null;
  if (res.statusCode === 200) {
    const c = await app.services.db
      .selectFrom('cases')
      .select('street_code')
      .where('number', '=', body[0]!.service_request_id!)
      .executeTakeFirstOrThrow();
    council = councilOfCode(c.street_code);
  }
  return {
    row,
    status: res.statusCode,
    council,
    ...(res.statusCode === 200 ? {} : { error: body[0]?.description }),
  };
}

export interface LaMiss {
  srnumber: string;
  lat: number;
  lon: number;
  expected: string | null;
  got: string | null;
  /**
   * boundary: inside exactly one council, not LA's (a point on a boundary street);
   * overlap: inside two councils' outlines, the lower code took it, LA chose the other;
   * edge: outside every council, the tolerance placed it in the nearest one, LA names another;
   * outside: outside every council beyond the tolerance, LA names one;
   * placed_without_council: LA names no council of the layer, we placed it in one;
   * error: refused for another reason.
   */
  kind: 'boundary' | 'overlap' | 'edge' | 'outside' | 'placed_without_council' | 'error';
  /** Distance from the point to the boundary of LA's council (metres), when LA names one in the layer. */
  toExpectedM: number | null;
  note?: string;
}

export interface LaScore {
  rows: number;
  withCoordinates: number;
  matched: number;
  share: number;
  /** Rows whose `nc` is absent from the 2019 layer ('' or a council certified later): expected none. */
  councilNotInLayer: number;
  /** The same count, refused by us as outside every council (a match). */
  councilNotInLayerRefused: number;
  /** Rows with a council in the layer whose point lies outside every council but within the edge tolerance. */
  placedByEdgeTolerance: number;
  misses: LaMiss[];
}

/**
 * The share of rows with coordinates whose case lands in LA's council. A row whose `nc` is not a
 * council of the layer expects no council: it matches when we refuse it as outside.
 */
export function scoreLa(councils: readonly LaCouncil[], outcomes: readonly LaOutcome[]): LaScore {
  const shapes = new Map<string, PreparedGeometry>(councils.map((c) => [c.id, prepareGeometry(c.geometry)]));
  const inLayer = (nc: string) => shapes.has(nc);
  let withCoordinates = 0;
  let matched = 0;
  let councilNotInLayer = 0;
  let councilNotInLayerRefused = 0;
  let placedByEdgeTolerance = 0;
  const misses: LaMiss[] = [];
  for (const o of outcomes) {
    const { row } = o;
    if (row.lat === null || row.lon === null) continue;
    withCoordinates++;
    const expected = inLayer(row.nc) ? row.nc : null;
    const holding = [...shapes].filter(([, s]) => containsPoint(s, row.lon!, row.lat!)).map(([id]) => id);
    if (!expected) councilNotInLayer++;
    if (o.status !== 200 && o.status !== 400) {
      misses.push({
        srnumber: row.srnumber,
        lat: row.lat,
        lon: row.lon,
        expected,
        got: null,
        kind: 'error',
        toExpectedM: null,
        note: o.error,
      });
      continue;
    }
    if (o.council === expected) {
      matched++;
      if (!expected) councilNotInLayerRefused++;
      else if (holding.length === 0) placedByEdgeTolerance++;
      continue;
    }
    const toExpectedM = expected ? distanceToBoundaryMeters(shapes.get(expected)!, row.lon, row.lat) : null;
    const kind: LaMiss['kind'] = !expected
      ? 'placed_without_council'
      : o.council === null
        ? 'outside'
        : holding.length > 1
          ? 'overlap'
          : holding.length === 1
            ? 'boundary'
            : 'edge';
    misses.push({
      srnumber: row.srnumber,
      lat: row.lat,
      lon: row.lon,
      expected,
      got: o.council,
      kind,
      toExpectedM,
      ...(o.error ? { note: o.error } : {}),
    });
  }
  return {
    rows: outcomes.length,
    withCoordinates,
    matched,
    share: withCoordinates === 0 ? 0 : matched / withCoordinates,
    councilNotInLayer,
    councilNotInLayerRefused,
    placedByEdgeTolerance,
    misses,
  };
}
