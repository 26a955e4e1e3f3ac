// Open311 GeoReport v2 over our catalogue and cases (docs/open311.md):
// - a service is a current catalogue class; service_code = kind letter + class code
//   (E06010 = event 06010, C01037 = component 01037: the two kinds share codes 01xxx–05xxx);
// - a request is a case; service_request_id = case number; POST creates it through
//   CaseService.create with source 'open311' on behalf of the API key's integration user;
// - GETs are public: what a GET returns never includes the reporter's name, phone, email, device
//   or account id, and other channels' cases are listed without their free text.
// - a service's attributes are the admin's to set; each change is an admin-history event.

import { randomUUID } from 'node:crypto';
import type { CaseRow, Db } from '@xiuhua/db';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { type ArealGeometry, coordinateProblem, interiorPoint, prepareGeometry } from '@xiuhua/domain/geo';
import { CONFIDENTIAL_SOURCES, publicCoordinate, why } from '@xiuhua/domain/policy';
import { CASE_STATES } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import { recordAdminEvent, rowFields } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, toAppError } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import type { AuthService } from '../auth/service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { GridService } from '../geo/grid.ts';
import type { PlacesService } from '../geo/places.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { type PhotoService, photoUrl, type SpooledUpload } from '../photos/service.ts';
import { type AttributeDef, checkAttributes, collectAttributes, isIsoDateTime } from './attributes.ts';
import { badParam, isoCst } from './format.ts';
import { DEFAULT_EDGE_TOLERANCE_M, placeInGrid } from './location.ts';
import { Notices } from './notices.ts';
import {
  handleLimitOf,
  type PublicStatus,
  publicStatusOf,
  serviceNoticeOf,
  statesOf,
  statusNotesOf,
} from './status.ts';

export interface Open311Config {
  /** Discovery's contact and key_service texts. */
  contact: string;
  keyService: string;
  /** Metres outside every cell within which a request is still placed (location.ts). */
  edgeToleranceM: number;
  /** Web origins whose pages may POST requests (CORS); `*` = any. GETs are open to every origin. */
  corsOrigins: string[];
}

export function open311ConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Open311Config {
  const tolerance = Number(env.OPEN311_EDGE_TOLERANCE_M ?? DEFAULT_EDGE_TOLERANCE_M);
  return {
    contact: env.OPEN311_CONTACT || '城市管理监督指挥中心 / City management supervision centre',
    keyService:
      env.OPEN311_KEY_SERVICE ||
      '向系统管理员申请“系统对接”账户的 API key / Ask the administrator for an API key of an integration account',
    edgeToleranceM: Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_EDGE_TOLERANCE_M,
    corsOrigins: corsOriginsOf(env.OPEN311_CORS_ORIGINS),
  };
}

/**
 * OPEN311_CORS_ORIGINS: comma-separated origins (`https://report.example.org`) or `*`. An entry
 * that is not an origin would never match a browser's Origin header: refused at start.
 */
export function corsOriginsOf(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (entry !== '*' && (!URL.canParse(entry) || new URL(entry).origin !== entry))
      throw new Error(`OPEN311_CORS_ORIGINS: ${entry} is not an origin such as https://report.example.org`);
  }
  return entries;
}

export const MAX_RESULTS = 1000;
const DEFAULT_SPAN_MS = 90 * 24 * 3600_000;
/** service_request_id lists are answered in pages of this many ids per query. */
const IDS_PER_QUERY = 200;
const CASE_NUMBER = /^\d{10,16}$/;
const SERVICE_CODE = /^([EC])(\d{5})$/;

export function serviceCodeOf(kind: ClassKind, code: string): string {
  return `${kind === 'event' ? 'E' : 'C'}${code}`;
}

export function parseServiceCode(code: string): { kind: ClassKind; code: string } | null {
  const m = SERVICE_CODE.exec(code);
  return m ? { kind: m[1] === 'E' ? 'event' : 'component', code: m[2]! } : null;
}

/** Form and query parameters: a string, or several when a name was repeated. */
export type Params = Record<string, unknown>;

/** An optional single-valued parameter: empty = absent; repeated = 400. */
function one(params: Params, name: string, maxLength = 500): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) {
    const given = raw.map(String).filter((v) => v !== '');
    if (given.length > 1) throw badParam(name, `${name} was sent more than once`);
    return given.length === 0 ? undefined : one({ [name]: given[0] }, name, maxLength);
  }
  const value = String(raw);
  if (value === '') return undefined;
  if (value.length > maxLength) throw badParam(name, `${name} is longer than ${maxLength} characters`);
  return value;
}

/** A comma-separated (or repeated) list parameter, trimmed, empties dropped. */
function list(params: Params, name: string): string[] {
  const raw = params[name];
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function number(params: Params, name: string): number | undefined {
  const v = one(params, name, 40);
  if (v === undefined) return undefined;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim()))
    throw badParam(name, `${name} must be a number`);
  return Number(v);
}

function date(params: Params, name: string): Date | undefined {
  const v = one(params, name, 40);
  if (v === undefined) return undefined;
  if (!isIsoDateTime(v))
    throw badParam(name, `${name} must be an ISO 8601 date-time with offset, e.g. 2026-09-28T09:00:00+08:00`);
  return new Date(v);
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@.]+$/;
// Digits and the usual separators, then an optional extension: "ext. 12", "x12", "#12", "转12", "分机12".
const PHONE = /^[0-9+\-() .]{3,30}(\s*(ext\.?|extension|x|#|转|分机)\s*\d{1,8})?$/i;

/**
 * An optional single-valued parameter that never refuses the report: sent several times, the
 * first is kept; longer than maxLength, it is shortened (`shorten`) or dropped. Each said in notices.
 */
function optional(
  params: Params,
  name: string,
  maxLength: number,
  notices: Notices,
  over: 'shorten' | 'drop' = 'drop',
): string | undefined {
  const raw = params[name];
  const given = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw])
    .map(String)
    .filter((v) => v !== '');
  if (new Set(given).size > 1)
    notices.add(`${name} 提交了多次，已保留第一个`, `${name} was sent more than once; the first was kept`);
  const value = given[0];
  if (value === undefined || value.length <= maxLength) return value;
  if (over === 'shorten') {
    notices.add(
      `${name} 超过 ${maxLength} 字，已截断`,
      `${name} is longer than ${maxLength} characters; shortened`,
    );
    return value.slice(0, maxLength);
  }
  notices.add(
    `${name} 超过 ${maxLength} 字，已舍弃`,
    `${name} is longer than ${maxLength} characters; dropped`,
  );
  return undefined;
}

/** An optional parameter of a given form (email, phone): kept when it fits, else dropped with a note. */
function checked(
  params: Params,
  name: string,
  pattern: RegExp,
  what: [zh: string, en: string],
  notices: Notices,
  maxLength = 500,
) {
  const v = optional(params, name, maxLength, notices);
  if (v === undefined || pattern.test(v.trim())) return v?.trim();
  notices.add(`${name} 不是${what[0]}，已舍弃`, `${name} is not ${what[1]}; dropped`);
  return undefined;
}

function mediaUrl(params: Params, notices: Notices): string | undefined {
  const v = optional(params, 'media_url', 2000, notices);
  if (v === undefined) return undefined;
  const url = URL.canParse(v) ? new URL(v) : null;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url.toString();
  notices.add('media_url 不是 http 或 https 网址，已舍弃', 'media_url is not an http or https URL; dropped');
  return undefined;
}

export interface ServiceItem {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime';
  keywords: string | null;
  group: string | null;
}

export interface RequestItem {
  service_request_id: string;
  status: PublicStatus;
  status_notes: string;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

export interface Created {
  service_request_id: string;
  token: string;
  service_notice: string | null;
  account_id: string | null;
  /** false: the Idempotency-Key was seen before and this is the first answer again. */
  created: boolean;
  row: CaseRow;
}

/** The listed cases with what a request shows (assignee unit, merge target, our Open311 record). */
function requestQuery(db: Db) {
  return db
    .selectFrom('cases as c')
    .leftJoin('open311_requests as o', 'o.case_id', 'c.id')
    .leftJoin('units as u', 'u.id', 'c.assignee_unit_id')
    .leftJoin('cases as m', 'm.id', 'c.merged_into_id')
    .select([
      'c.id',
      'c.number',
      'c.source',
      'c.state',
      'c.kind',
      'c.class_code',
      'c.class_id',
      'c.description',
      'c.address',
      'c.lon',
      'c.lat',
      'c.area_class',
      'c.step',
      'c.due_at',
      'c.reported_at',
      'c.updated_at',
      'c.closed_at',
      'u.name as agency',
      'm.number as merged_number',
      'o.address_id',
      'o.zipcode',
      'o.media_url',
    ])
    .where('c.source', 'not in', [...CONFIDENTIAL_SOURCES]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

/** What the Open311 door uses of the other capabilities. */
export interface Open311Deps {
  db: Db;
  clock: Clock;
  auth: AuthService;
  cases: CaseService;
  catalogue: CatalogueService;
  directory: DirectoryService;
  grid: GridService;
  photos: PhotoService;
  places: PlacesService;
}

export class Open311Service {
  #s: Open311Deps;
  #places: PlacesService;
  readonly config: Open311Config;

  constructor(services: Open311Deps, config: Open311Config) {
    this.#s = services;
    this.#places = services.places;
    this.config = config;
  }

  /** The API key's user if the key was issued for Open311 (@xiuhua/domain/policy); 403 otherwise. */
  async client(apiKey: string | undefined): Promise<Actor> {
    if (!apiKey) throw new AppError(403, 'API_KEY_REQUIRED', 'api_key is required to post a request');
    const actor = await this.#s.auth.fromApiKey(apiKey);
    if (!actor) throw new AppError(403, 'API_KEY_INVALID', 'api_key is not valid for Open311');
    const refusal = why(actor, 'integration.call', { integration: 'open311' });
    if (refusal)
      throw new AppError(403, 'API_KEY_INVALID', `api_key is not valid for Open311: ${refusal.message}`);
    return actor;
  }

  // ---------------------------------------------------------------- services

  async #attributeKeys(): Promise<Set<string>> {
    const rows = await this.#s.db
      .selectFrom('open311_attributes')
      .select(['kind', 'class_code'])
      .distinct()
      .execute();
    return new Set(rows.map((r) => `${r.kind}:${r.class_code}`));
  }

  async services(): Promise<ServiceItem[]> {
    const [{ catalogue }, withAttributes] = await Promise.all([
      this.#s.catalogue.current(),
      this.#attributeKeys(),
    ]);
    const majors = new Map(catalogue.majors.map((m) => [`${m.kind}:${m.code}`, m.name]));
    // Inactive classes are kept for old requests but not offered for new ones.
    return catalogue.minors
      .filter((m) => m.active)
      .map((m) => ({
        service_code: serviceCodeOf(m.kind, m.code),
        service_name: m.name,
        description: m.nameEn ? `${m.nameEn}. ${m.filingStandard}` : m.filingStandard,
        metadata: withAttributes.has(`${m.kind}:${m.code}`),
        type: 'realtime',
        keywords: m.keywords.length > 0 ? m.keywords.join(',') : null,
        group: majors.get(`${m.kind}:${m.code.slice(0, 2)}`) ?? null,
      }));
  }

  /** The current class of a service code, or null for an unknown or inactive one. */
  async #service(serviceCode: string) {
    const parsed = parseServiceCode(serviceCode);
    if (!parsed) return null;
    const row = (await this.#s.catalogue.current()).rows.get(`${parsed.kind}:${parsed.code}`);
    return row?.active ? row : null;
  }

  async attributes(kind: ClassKind, classCode: string): Promise<AttributeDef[]> {
    return await this.#s.db
      .selectFrom('open311_attributes')
      .select([
        'code',
        'position',
        'variable',
        'datatype',
        'required',
        'datatype_description',
        'description',
        'values',
      ])
      .where('kind', '=', kind)
      .where('class_code', '=', classCode)
      .orderBy('position')
      .execute();
  }

  /** A service definition; 404 for an unknown service code. */
  async definition(serviceCode: string) {
    const cls = await this.#service(serviceCode);
    if (!cls) throw new AppError(404, 'NOT_FOUND', `there is no service ${serviceCode}`, 'service_code');
    const attributes = await this.attributes(cls.kind, cls.code);
    return {
      service_code: serviceCodeOf(cls.kind, cls.code),
      attributes: attributes.map((a) => ({
        variable: a.variable,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatype_description,
        order: a.position,
        description: a.description,
        values: a.values,
      })),
    };
  }

  /** Replace a service's attributes (admin). */
  async setAttributes(serviceCode: string, defs: AttributeDef[], by: number | null) {
    const cls = await this.#service(serviceCode);
    if (!cls) throw new AppError(404, 'NOT_FOUND', `there is no service ${serviceCode}`);
    await this.#s.db.transaction().execute(async (trx) => {
      const was = await trx
        .selectFrom('open311_attributes')
        .selectAll()
        .where('kind', '=', cls.kind)
        .where('class_code', '=', cls.code)
        .orderBy('position')
        .execute();
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'open311_attributes',
        key: serviceCode,
        action: 'update',
        before: { attributes: was.map((a) => rowFields(a, ['kind', 'class_code'])) },
        after: { attributes: defs.map((d) => rowFields(d)) },
        at: this.#s.clock.now(),
      });
      await trx
        .deleteFrom('open311_attributes')
        .where('kind', '=', cls.kind)
        .where('class_code', '=', cls.code)
        .execute();
      if (defs.length === 0) return;
      await trx
        .insertInto('open311_attributes')
        .values(
          defs.map((d) => ({
            kind: cls.kind,
            class_code: cls.code,
            code: d.code,
            position: d.position,
            variable: d.variable,
            datatype: d.datatype,
            required: d.required,
            datatype_description: d.datatype_description,
            description: d.description,
            values: JSON.stringify(d.values),
          })),
        )
        .execute();
    });
    return await this.definition(serviceCode);
  }

  // ---------------------------------------------------------------- POST requests

  /**
   * Take a request. Everything is checked before anything is written; the case and our record of
   * the request are written in one transaction.
   */
  async create(
    client: Actor,
    params: Params,
    idempotencyKey?: string,
    media?: SpooledUpload,
  ): Promise<Created> {
    const serviceCode = one(params, 'service_code', 20);
    if (!serviceCode) throw badParam('service_code', 'service_code is required');
    const cls = await this.#service(serviceCode);
    // An unknown service in a POST is a bad parameter of an existing resource: 400 (the spec's
    // 404 is for a resource named in the URL that does not exist).
    if (!cls) throw badParam('service_code', `there is no service ${serviceCode}; see services.json`);
    const notices = new Notices();
    const attributes = checkAttributes(
      await this.attributes(cls.kind, cls.code),
      collectAttributes(params),
      notices,
    );

    const jurisdictionId = optional(params, 'jurisdiction_id', 100, notices);
    const description = optional(params, 'description', 4000, notices, 'shorten');
    const addressString = optional(params, 'address_string', 500, notices, 'shorten');
    const addressId = one(params, 'address_id', 100);
    const zipcode = optional(params, 'zipcode', 20, notices);
    const email = checked(params, 'email', EMAIL, ['电子邮件地址', 'an email address'], notices, 320);
    const phone = checked(params, 'phone', PHONE, ['电话号码', 'a phone number'], notices, 40);
    const firstName = optional(params, 'first_name', 50, notices, 'shorten');
    const lastName = optional(params, 'last_name', 50, notices, 'shorten');
    const deviceId = optional(params, 'device_id', 100, notices);
    const accountId = optional(params, 'account_id', 100, notices);
    const mediaLink = mediaUrl(params, notices);
    const point = await this.#location(params, addressString, addressId);
    const placed = placeInGrid(await this.#s.grid.index(), point.lon, point.lat, this.config.edgeToleranceM);
    if (!placed) {
      throw badParam(
        point.param,
        `the location ${point.lat.toFixed(6)}, ${point.lon.toFixed(6)} is outside the jurisdiction`,
      );
    }
    // Last, once the report will be taken: a photo that is not one is dropped, not the report.
    const photo = media ? await this.#photo(media, notices) : undefined;

    const token = randomUUID();
    const name = [firstName, lastName].filter(Boolean).join(' ') || undefined;
    const { row, created } = await this.#s.cases.create(
      { channel: 'citizen', label: `open311:u${client.user.id}` },
      {
        source: 'open311',
        kind: cls.kind,
        classCode: cls.code,
        description: description ?? cls.name,
        location: { lon: placed.lon, lat: placed.lat, crs: 'WGS84' },
        address: addressString ?? point.address,
        reporter: name || phone ? { name, phone } : undefined,
        photos: photo ? [{ url: photoUrl(photo) }] : undefined,
        idempotencyKey,
      },
      {
        inTransaction: async (trx, inserted) => {
          await trx
            .insertInto('open311_requests')
            .values({
              case_id: inserted.id,
              client_user_id: client.user.id,
              token,
              jurisdiction_id: jurisdictionId ?? null,
              attributes: JSON.stringify(attributes),
              address_id: addressId ?? null,
              zipcode: zipcode ?? null,
              media_url: mediaLink ?? null,
              email: email ?? null,
              first_name: firstName ?? null,
              last_name: lastName ?? null,
              device_id: deviceId ?? null,
              account_id: accountId ?? null,
              created_at: inserted.reported_at,
            })
            .execute();
        },
      },
    );
    const record = created
      ? { token, account_id: accountId ?? null }
      : await this.#s.db
          .selectFrom('open311_requests')
          .select(['token', 'account_id'])
          .where('case_id', '=', row.id)
          .executeTakeFirstOrThrow();
    return {
      service_request_id: row.number,
      token: record.token,
      service_notice: notices.notice(serviceNoticeOf(handleLimitOf(cls.limits, row.area_class))),
      account_id: record.account_id,
      created,
      row,
    };
  }

  /**
   * The photo of a multipart POST (`media`), through the same checks and re-encoding as every
   * upload; stored as an anonymous upload, which is what a report from the public attaches. Its
   * id, or undefined when the file is not a photo we take (said in notices).
   */
  async #photo(media: SpooledUpload, notices: Notices): Promise<string | undefined> {
    try {
      return (await this.#s.photos.uploadPublic(media)).row.id;
    } catch (e) {
      const known = toAppError(e);
      if (!known || known.status === 413) throw e;
      notices.add('照片无法使用，已舍弃', `media could not be used (${known.message}); dropped`);
      return undefined;
    }
  }

  /** lat + long, else address_id, else address_string (the gazetteer's best match). */
  async #location(
    params: Params,
    addressString: string | undefined,
    addressId: string | undefined,
  ): Promise<{ lon: number; lat: number; param: string; address?: string }> {
    const lat = number(params, 'lat');
    const lon = number(params, 'long');
    if (lat !== undefined || lon !== undefined) {
      if (lat === undefined) throw badParam('lat', 'lat is required with long');
      if (lon === undefined) throw badParam('long', 'long is required with lat');
      const problem = coordinateProblem(lon, lat);
      if (problem) throw badParam(problem.startsWith('lat') ? 'lat' : 'long', `${problem} (WGS84)`);
      return { lon, lat, param: 'lat' };
    }
    if (addressId) return { ...(await this.#addressId(addressId)), param: 'address_id' };
    if (addressString) {
      const [hit] = await this.#places.search(null, addressString, 1);
      if (!hit)
        throw badParam('address_string', `no street, community, road or landmark matches "${addressString}"`);
      return { ...hit.location, param: 'address_string' };
    }
    throw badParam('lat', 'a location is required: lat and long, address_string or address_id');
  }

  /**
   * address_id in our addressing: a unit cell code (15 digits), an area (`area:<code>`) or a
   * gazetteer place (`place:<id>`), as the hotline's address search returns them.
   */
  async #addressId(id: string): Promise<{ lon: number; lat: number; address: string }> {
    const unknown = () => badParam('address_id', `there is no address ${id}`);
    let geometry: unknown;
    let address: string;
    if (/^\d{15}$/.test(id)) {
      const cell = await this.#s.db
        .selectFrom('grid_cells')
        .select('geometry')
        .where('code', '=', id)
        .executeTakeFirst();
      if (!cell) throw unknown();
      geometry = cell.geometry;
      address = `单元网格 ${id}`;
    } else if (/^area:\d{6,12}$/.test(id)) {
      const area = await this.#s.directory.area(id.slice(5));
      if (!area?.geometry) throw unknown();
      geometry = area.geometry;
      address = area.name;
    } else if (/^place:\d{1,9}$/.test(id)) {
      const place = await this.#s.db
        .selectFrom('places')
        .select(['lon', 'lat', 'name'])
        .where('id', '=', Number(id.slice(6)))
        .executeTakeFirst();
      if (!place) throw unknown();
      return { lon: place.lon, lat: place.lat, address: place.name };
    } else throw unknown();
    const inside = interiorPoint(prepareGeometry(geometry as ArealGeometry));
    if (!inside) throw unknown();
    return { lon: inside.lon, lat: inside.lat, address };
  }

  // ---------------------------------------------------------------- GET requests and tokens

  async #present(rows: RequestRow[]): Promise<RequestItem[]> {
    const out: RequestItem[] = [];
    for (const r of rows) {
      const cls = await this.#s.catalogue.byId(r.class_id);
      const status = publicStatusOf(r.state);
      // Only what the client itself published is shown in full; other channels' free text and
      // address may name people or flats, and their position is given to about 100 m.
      const own = r.source === 'open311';
      const round = (v: number) => (own ? v : publicCoordinate(v, 'list'));
      out.push({
        service_request_id: r.number,
        status,
        status_notes: statusNotesOf(r.state, r.merged_number),
        service_name: cls.name,
        service_code: serviceCodeOf(r.kind, r.class_code),
        description: own ? r.description : null,
        agency_responsible: r.agency,
        service_notice: serviceNoticeOf(handleLimitOf(cls.limits, r.area_class)),
        requested_datetime: isoCst(r.reported_at),
        updated_datetime: isoCst(status === 'closed' && r.closed_at ? r.closed_at : r.updated_at),
        // The fix is promised by the handling deadline; other steps' deadlines are ours, not the public's.
        expected_datetime: r.step === 'handle' && r.due_at ? isoCst(r.due_at) : null,
        address: own ? r.address : null,
        address_id: r.address_id,
        zipcode: r.zipcode,
        lat: round(r.lat),
        long: round(r.lon),
        media_url: r.media_url,
      });
    }
    return out;
  }

  /**
   * GET requests: service_request_id (a list; overrides every other filter), service_code (a
   * list), start_date/end_date on the requested time, status (open/closed, a list). Without
   * dates: the last 90 days; one date alone spans 90 days from (or to) it. Newest first, at most
   * 1000.
   */
  async list(params: Params, now: Date): Promise<RequestItem[]> {
    one(params, 'jurisdiction_id', 100);
    const ids = [...new Set(list(params, 'service_request_id'))];
    if (ids.length > 0) {
      const bad = ids.find((id) => !CASE_NUMBER.test(id));
      if (bad) throw badParam('service_request_id', `${bad} is not a service request id`);
      // The spec sets no limit on the list: asked for by id, every one is answered, a page at a time.
      const rows: RequestRow[] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const page = ids.slice(i, i + IDS_PER_QUERY);
        rows.push(...(await requestQuery(this.#s.db).where('c.number', 'in', page).execute()));
      }
      rows.sort((a, b) => b.reported_at.getTime() - a.reported_at.getTime() || b.id - a.id);
      return await this.#present(rows);
    }
    let q = requestQuery(this.#s.db);
    const codes = list(params, 'service_code').map((code) => {
      const parsed = parseServiceCode(code);
      if (!parsed) throw badParam('service_code', `${code} is not a service code (e.g. E06010)`);
      return parsed;
    });
    if (codes.length > 0) {
      q = q.where((eb) =>
        eb.or(codes.map((c) => eb.and([eb('c.kind', '=', c.kind), eb('c.class_code', '=', c.code)]))),
      );
    }
    const statuses = list(params, 'status').map((given) => {
      const s = given.toLowerCase();
      if (s !== 'open' && s !== 'closed')
        throw badParam('status', `status must be open or closed, not ${given}`);
      return s as PublicStatus;
    });
    if (statuses.length > 0) {
      q = q.where('c.state', 'in', [...new Set(statuses.flatMap((s) => statesOf(s, CASE_STATES)))]);
    }
    const start = date(params, 'start_date');
    const end = date(params, 'end_date');
    if (start && end && start > end) throw badParam('start_date', 'start_date is after end_date');
    const to = end ?? (start ? new Date(start.getTime() + DEFAULT_SPAN_MS) : now);
    const from = start ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
    q = q.where('c.reported_at', '>=', from);
    // Times are shown to the second: an end_date copied from a shown time must include the request
    // stored at that second's fractions (09:00:00.400 is shown as 09:00:00).
    const wholeSecond = end !== undefined && !/\.\d/.test(String(params.end_date));
    q = wholeSecond
      ? q.where('c.reported_at', '<', new Date(to.getTime() + 1000))
      : q.where('c.reported_at', '<=', to);
    const rows = await q
      .orderBy('c.reported_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(MAX_RESULTS)
      .execute();
    return await this.#present(rows);
  }

  /** One request by its id (case number); 404 if there is none (or it is not listed). */
  async get(id: string): Promise<RequestItem> {
    const row = CASE_NUMBER.test(id)
      ? await requestQuery(this.#s.db).where('c.number', '=', id).executeTakeFirst()
      : undefined;
    if (!row) throw new AppError(404, 'NOT_FOUND', `there is no service request ${id}`, 'service_request_id');
    return (await this.#present([row]))[0]!;
  }

  async token(token: string): Promise<{ service_request_id: string; token: string }> {
    const row = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)
      ? await this.#s.db
          .selectFrom('open311_requests as o')
          .innerJoin('cases as c', 'c.id', 'o.case_id')
          .select(['c.number', 'o.token'])
          .where('o.token', '=', token.toLowerCase())
          .executeTakeFirst()
      : undefined;
    if (!row) throw new AppError(404, 'NOT_FOUND', `there is no token ${token}`, 'token');
    return { service_request_id: row.number, token: row.token };
  }

  /** The newest catalogue change (what services.json lists), for discovery's changeset. */
  async changeset(): Promise<Date> {
    const row = await sql<{ at: Date | null }>`
      select max(valid_from) as at from catalogue_classes`.execute(this.#s.db);
    return row.rows[0]?.at ?? new Date(0);
  }
}
