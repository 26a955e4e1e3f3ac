// The citizen portal (随手拍, /m/): reports without an account, followed by a tracking code.
//
// - The words a citizen picks from ("垃圾没人清理") and the catalogue class each one files under
//   live here and nowhere else (CITIZEN_CATEGORIES); GET /api/public/categories serves them.
// - Internal case states become a few public stages in one place (PUBLIC_STAGE_OF_STATE), and
//   the event log becomes public milestones (MILESTONE_OF_ACTION) — without staff names, reasons,
//   notes, the reporter's contact or any photo metadata.
// - Anti-abuse, kept accessible (no CAPTCHA): a honeypot field, a signed form token that must be
//   at least a few seconds old, and quotas per sender IP and per phone number.
// - A rating is the loop's own `callback` action taken by the citizen gateway; "unsatisfied"
//   reopens the case there (docs/domain.md, "The closed loop").

import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CaseRow, Db, PhotoRow } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { isCallableNumber, normalizePhone } from '@xiuhua/domain/channels';
import type { Crs } from '@xiuhua/domain/geo';
import { CONFIDENTIAL_SOURCES, can, publicCoordinate } from '@xiuhua/domain/policy';
import {
  type CaseState,
  type EventAction,
  FINAL_STATES,
  MILESTONE_OF_ACTION,
  MILESTONES,
  type Milestone,
  PUBLIC_STAGE_OF_STATE,
  PUBLIC_STAGES,
  type PublicStage,
  type Satisfaction,
} from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Gateway } from '../cases/deps.ts';
import { assertSameReport, type CreateCaseInput, reportFingerprint } from '../cases/create.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { assertPhotoClaims, isPhotoId, photoUrl } from '../photos/service.ts';

// ---------------------------------------------------------------- categories

export interface CitizenCategory {
  id: string;
  zh: string;
  en: string;
  kind: ClassKind;
  classCode: string;
}

/** What a citizen sees → the class the case is filed under. Order = the order on the phone. */
export const CITIZEN_CATEGORIES: readonly CitizenCategory[] = [
  { id: 'garbage', zh: '垃圾没人清理', en: 'Rubbish left lying around', kind: 'event', classCode: '06010' },
  { id: 'bins', zh: '垃圾桶满了', en: 'Bins overflowing', kind: 'event', classCode: '06042' },
  { id: 'dirty-street', zh: '路面很脏', en: 'Dirty street', kind: 'event', classCode: '06012' },
  { id: 'pothole', zh: '路面坑洼破损', en: 'Pothole or broken road', kind: 'event', classCode: '06013' },
  {
    id: 'manhole',
    zh: '井盖丢了或坏了',
    en: 'Missing or broken manhole cover',
    kind: 'component',
    classCode: '01023',
  },
  { id: 'street-light', zh: '路灯不亮', en: 'Street light out', kind: 'component', classCode: '01037' },
  { id: 'flooding', zh: '路面积水', en: 'Flooded road', kind: 'event', classCode: '10003' },
  { id: 'tree', zh: '树倒了、断枝', en: 'Fallen tree or branch', kind: 'event', classCode: '04002' },
  { id: 'stalls', zh: '占道摆摊', en: 'Stalls blocking the way', kind: 'event', classCode: '09006' },
  { id: 'car-parking', zh: '汽车乱停', en: 'Cars parked badly', kind: 'event', classCode: '09009' },
  {
    id: 'bike-parking',
    zh: '单车、电动车乱停',
    en: 'Bikes or e-bikes parked badly',
    kind: 'event',
    classCode: '09010',
  },
  { id: 'flyers', zh: '小广告', en: 'Flyposting and illegal ads', kind: 'event', classCode: '07001' },
  { id: 'bulky-waste', zh: '旧家具、大件垃圾', en: 'Dumped furniture', kind: 'event', classCode: '06035' },
  { id: 'rubble', zh: '建筑垃圾、渣土', en: 'Building rubble dumped', kind: 'event', classCode: '06011' },
  { id: 'building', zh: '违章搭建', en: 'Illegal building', kind: 'event', classCode: '06001' },
  { id: 'site-dust', zh: '工地扬尘', en: 'Dust from a building site', kind: 'event', classCode: '08004' },
  { id: 'night-works', zh: '夜间施工太吵', en: 'Building works at night', kind: 'event', classCode: '08001' },
  {
    id: 'blocked-path',
    zh: '盲道、无障碍通道被占',
    en: 'Tactile or step-free path blocked',
    kind: 'event',
    classCode: '09019',
  },
  { id: 'fire-lane', zh: '消防通道被堵', en: 'Fire lane blocked', kind: 'event', classCode: '09012' },
  {
    id: 'toilet',
    zh: '公厕脏或不开门',
    en: 'Public toilet dirty or closed',
    kind: 'event',
    classCode: '03001',
  },
  { id: 'abandoned-car', zh: '僵尸车', en: 'Abandoned vehicle', kind: 'event', classCode: '06034' },
];

/** A class found by search is offered as `<kind>:<code>`. */
const CLASS_CATEGORY_RE = /^(component|event):([0-9]{5})$/;

// ---------------------------------------------------------------- public stages and milestones

export { MILESTONES, type Milestone, PUBLIC_STAGE_OF_STATE, PUBLIC_STAGES, type PublicStage };

// ---------------------------------------------------------------- limits

/** A form submitted sooner than this after it was opened is a script. */
export const MIN_FORM_SECONDS = 3;
/** A form token older than this is refused (the page fetches a new one). */
export const FORM_TOKEN_DAYS = 7;
/** Reports per sender IP per hour (a carrier NAT shares one address, so not too tight). */
export const IP_QUOTA = { max: 20, minutes: 60 };
/** Reports per phone number per day. */
export const PHONE_QUOTA = { max: 5, minutes: 24 * 60 };
/** The public map: open problems and those fixed in the last days. */
export const MAP_RECENT_DAYS = 30;
export const MAP_MAX_POINTS = 2000;

const GATEWAY: Gateway = { channel: 'citizen', label: 'portal' };

// ---------------------------------------------------------------- tracking codes

/** 32 symbols without 0/O/1/I: 10 of them are 50 random bits, typed from a phone without doubt. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 10;
const CODE_RE = /^[2-9A-HJ-NP-Z]{10}$/;

export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** As typed: any case, spaces and dashes ignored. Null when it cannot be a code. */
export function normalizeTrackingCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return CODE_RE.test(code) ? code : null;
}

/** Mainland mobile or landline, or an international number, in the normal form every channel stores. */
function callbackPhone(typed: string): string | null {
  const phone = normalizePhone(typed);
  return phone && isCallableNumber(phone) ? phone : null;
}

// ---------------------------------------------------------------- service

export interface PhotoRef {
  id: string;
  claim: string;
}

export interface SubmitInput {
  category: string;
  description?: string;
  location: { lon: number; lat: number; crs?: Crs };
  address?: string;
  phone?: string;
  photos?: PhotoRef[];
  formToken: string;
  /** The honeypot: hidden from people, filled in by form-filling scripts. */
  website?: string;
}

export interface PublicPhoto {
  url: string;
  thumbUrl: string;
}

export interface PublicUnit {
  name: string;
  nameEn: string | null;
}

export interface PublicMilestone {
  kind: Milestone;
  at: string;
  unit?: PublicUnit;
  photos?: PublicPhoto[];
  satisfaction?: Satisfaction;
}

export interface PublicReport {
  trackingCode: string;
  category: { id: string | null; zh: string; en: string };
  stage: PublicStage;
  submittedAt: string;
  closedAt: string | null;
  address: string | null;
  location: { lon: number; lat: number };
  unit: PublicUnit | null;
  photos: PublicPhoto[];
  afterPhotos: PublicPhoto[];
  milestones: PublicMilestone[];
  /** For a merged report: the stage of the case it was merged into (its progress is this one's). */
  mergedStage: PublicStage | null;
  rating: { satisfaction: Satisfaction; at: string } | null;
  canRate: boolean;
}

/** Case photo references `{url: /api/photos/<id>}` → the ids of uploaded photos (other URLs are dropped). */
function photoIds(refs: unknown): string[] {
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r) => {
    const url = (r as { url?: unknown })?.url;
    const id = typeof url === 'string' ? url.replace(/^\/api\/photos\//, '') : '';
    return typeof url === 'string' && url === photoUrl(id) && isPhotoId(id) ? [id] : [];
  });
}

export class CitizenService {
  #db: Db;
  #clock: Clock;
  #cases: CaseService;
  #catalogue: CatalogueService;
  #directory: DirectoryService;
  #key: Promise<Buffer> | null = null;

  constructor(deps: {
    db: Db;
    clock: Clock;
    cases: CaseService;
    catalogue: CatalogueService;
    directory: DirectoryService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#cases = deps.cases;
    this.#catalogue = deps.catalogue;
    this.#directory = deps.directory;
  }

  // ------------------------------------------------------------ categories

  /** The curated list, without entries whose class is not active in the catalogue now. */
  async categories(): Promise<CitizenCategory[]> {
    const { rows } = await this.#catalogue.current();
    return CITIZEN_CATEGORIES.filter((c) => rows.get(`${c.kind}:${c.classCode}`)?.active);
  }

  /** "Not in the list": catalogue classes found by the citizen's own words, as categories. */
  async searchCategories(q: string, limit = 12): Promise<CitizenCategory[]> {
    const matches = await this.#catalogue.search(q, undefined, limit);
    return matches.map(({ minor }) => ({
      id: `${minor.kind}:${minor.code}`,
      zh: minor.name,
      en: minor.nameEn || minor.name,
      kind: minor.kind,
      classCode: minor.code,
    }));
  }

  async #resolveCategory(id: string): Promise<CitizenCategory> {
    const curated = CITIZEN_CATEGORIES.find((c) => c.id === id);
    const m = CLASS_CATEGORY_RE.exec(id);
    if (!curated && !m) throw new AppError(400, 'INVALID_FIELD', `there is no category "${id}"`, 'category');
    const kind = (curated?.kind ?? m![1]) as ClassKind;
    const code = curated?.classCode ?? m![2]!;
    const row = await this.#catalogue.require(kind, code, 'category');
    return curated ?? { id, zh: row.name, en: row.name_en || row.name, kind, classCode: code };
  }

  /** The words shown for a case's class: the curated category if one maps to it, else the class name. */
  async #categoryOf(row: Pick<CaseRow, 'kind' | 'class_id' | 'class_code'>) {
    const curated = CITIZEN_CATEGORIES.find((c) => c.kind === row.kind && c.classCode === row.class_code);
    if (curated) return { id: curated.id, zh: curated.zh, en: curated.en };
    const cls = await this.#catalogue.byId(row.class_id);
    return { id: null, zh: cls.name, en: cls.name_en || cls.name };
  }

  // ------------------------------------------------------------ anti-abuse

  /** The installation's random key (created on first use). */
  #secret(): Promise<Buffer> {
    this.#key ??= (async () => {
      await this.#db
        .insertInto('citizen_portal_key')
        .values({ id: 1, secret: randomBytes(32) })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const row = await this.#db
        .selectFrom('citizen_portal_key')
        .select('secret')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return row.secret;
    })().catch((e) => {
      this.#key = null;
      throw e;
    });
    return this.#key;
  }

  async #mac(purpose: string, value: string): Promise<string> {
    return createHmac('sha256', await this.#secret())
      .update(`${purpose}:${value}`)
      .digest('base64url');
  }

  /** A token for one report form: when it was opened, signed. Not secret, not single-use. */
  async formToken(): Promise<{ token: string; minSeconds: number }> {
    const issued = this.#clock.now().getTime().toString(36);
    return {
      token: `${issued}.${(await this.#mac('form', issued)).slice(0, 22)}`,
      minSeconds: MIN_FORM_SECONDS,
    };
  }

  async #checkFormToken(token: string): Promise<void> {
    const [issued = '', mac = ''] = token.split('.');
    const expected = issued ? (await this.#mac('form', issued)).slice(0, 22) : '';
    const ok =
      expected.length > 0 &&
      mac.length === expected.length &&
      timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
    if (!ok)
      throw new AppError(
        400,
        'INVALID_FORM_TOKEN',
        'the form token is not one this server issued',
        'formToken',
      );
    const age = this.#clock.now().getTime() - Number.parseInt(issued, 36);
    if (age < MIN_FORM_SECONDS * 1000)
      throw new AppError(
        400,
        'TOO_FAST',
        `the form was sent ${Math.max(0, Math.round(age / 100) / 10)} s after it was opened; wait at least ${MIN_FORM_SECONDS} s`,
        'formToken',
      );
    if (age > FORM_TOKEN_DAYS * 86_400_000)
      throw new AppError(400, 'FORM_EXPIRED', 'the form is too old; reload it', 'formToken');
  }

  async #checkQuotas(ipHash: string, phone: string | null): Promise<void> {
    const now = this.#clock.now().getTime();
    const byIp = await this.#db
      .selectFrom('citizen_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip_hash', '=', ipHash)
      .where('created_at', '>', new Date(now - IP_QUOTA.minutes * 60_000))
      .executeTakeFirstOrThrow();
    if (Number(byIp.n) >= IP_QUOTA.max)
      throw new AppError(
        429,
        'QUOTA_EXCEEDED',
        `at most ${IP_QUOTA.max} reports an hour from one network; try again later or call 12345`,
      );
    if (!phone) return;
    const byPhone = await this.#db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reporter_phone', '=', phone)
      .where('source', '=', 'citizen_app')
      .where('reported_at', '>', new Date(now - PHONE_QUOTA.minutes * 60_000))
      .executeTakeFirstOrThrow();
    if (Number(byPhone.n) >= PHONE_QUOTA.max)
      throw new AppError(
        429,
        'QUOTA_EXCEEDED',
        `at most ${PHONE_QUOTA.max} reports a day from one phone number; call 12345 for more`,
        'phone',
      );
  }

  // ------------------------------------------------------------ reports

  /**
   * File a report. The same Idempotency-Key again with the same report answers with the first
   * report's code (`created: false`), whatever happened in between; with another report, 422
   * IDEMPOTENCY_KEY_REUSED.
   */
  async submit(
    input: SubmitInput,
    sender: { ip: string; idempotencyKey?: string },
  ): Promise<{ trackingCode: string; created: boolean; row: CaseRow }> {
    if (input.website?.trim()) throw new AppError(400, 'REJECTED', 'this field must stay empty', 'website');
    const key = sender.idempotencyKey;
    const category = await this.#resolveCategory(input.category);
    const phone = input.phone?.trim() ? callbackPhone(input.phone) : null;
    if (input.phone?.trim() && !phone)
      throw new AppError(
        400,
        'INVALID_FIELD',
        'not a phone number: a mobile (11 digits), a landline with area code, or +country code',
        'phone',
      );
    const photos = input.photos ?? [];
    // The case this report is, as the case service takes it (and fingerprints it under the key).
    const report: CreateCaseInput = {
      source: 'citizen_app',
      kind: category.kind,
      classCode: category.classCode,
      description: input.description?.trim() || category.zh,
      location: input.location,
      address: input.address?.trim() || undefined,
      reporter: phone ? { phone } : undefined,
      photos: photos.map((p) => ({ url: photoUrl(p.id) })),
      idempotencyKey: key,
    };
    if (key) {
      const replay = await this.#byIdempotencyKey(key);
      if (replay) {
        // A retry answers with the first report's code; the same key with another report is a 422.
        assertSameReport(replay.row, reportFingerprint(report), key);
        return { ...replay, created: false };
      }
    }
    await this.#checkFormToken(input.formToken);
    const ipHash = await this.#mac('ip', sender.ip);
    await this.#checkQuotas(ipHash, phone);
    const ids = photos.map((p) => p.id);
    const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (dup >= 0) throw new AppError(400, 'INVALID_FIELD', 'the same photo twice', `photos.${dup}.id`);
    await assertPhotoClaims(this.#db, photos, this.#clock.now());

    // The case and its tracking code are written in one transaction: a report accepted is a report
    // the citizen can follow, even if the process dies right after.
    for (let attempt = 0; ; attempt++) {
      const trackingCode = newTrackingCode();
      try {
        const { row, created } = await this.#cases.create(GATEWAY, report, {
          inTransaction: async (trx, inserted) => {
            await trx
              .insertInto('citizen_reports')
              .values({
                case_id: inserted.id,
                tracking_code: trackingCode,
                idempotency_key: key ?? null,
                ip_hash: ipHash,
                created_at: this.#clock.now(),
              })
              .execute();
          },
        });
        if (created) return { trackingCode, created: true, row };
        // The same key raced us and won: answer with its code.
        const existing = await this.#db
          .selectFrom('citizen_reports')
          .select('tracking_code')
          .where('case_id', '=', row.id)
          .executeTakeFirstOrThrow();
        return { trackingCode: existing.tracking_code, created: false, row };
      } catch (e) {
        // A tracking code collision (2^-50 per pair) undid the whole report: draw another code.
        const { code, constraint } = e as { code?: string; constraint?: string };
        if (code === '23505' && constraint === 'citizen_reports_tracking_code_key' && attempt < 5) continue;
        throw e;
      }
    }
  }

  async #byIdempotencyKey(key: string) {
    const hit = await this.#db
      .selectFrom('citizen_reports as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .select('r.tracking_code')
      .selectAll('c')
      .where('r.idempotency_key', '=', key)
      .executeTakeFirst();
    if (!hit) return null;
    const { tracking_code, ...row } = hit;
    return { trackingCode: tracking_code, row: row as CaseRow };
  }

  async #byCode(typed: string) {
    const code = normalizeTrackingCode(typed);
    if (!code)
      throw new AppError(
        400,
        'INVALID_FIELD',
        `a tracking code has ${CODE_LENGTH} letters and digits (no 0, O, 1 or I)`,
        'code',
      );
    const hit = await this.#db
      .selectFrom('citizen_reports as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .select(['r.tracking_code', 'r.satisfaction as rating', 'r.rated_at'])
      .selectAll('c')
      .where('r.tracking_code', '=', code)
      .executeTakeFirst();
    if (!hit) throw new AppError(404, 'NOT_FOUND', 'no report has this tracking code', 'code');
    const { tracking_code, rating, rated_at, ...row } = hit;
    return { code: tracking_code, rating, ratedAt: rated_at, row: row as CaseRow };
  }

  /** Public progress of a report. Only what is listed in PublicReport ever leaves this function. */
  async track(typed: string): Promise<PublicReport> {
    return (await this.#view(typed)).report;
  }

  /** A photo a tracking code may show (exactly those its public progress lists); undefined otherwise. */
  async photoOf(typed: string, photoId: string): Promise<PhotoRow | undefined> {
    if (!(await this.#view(typed)).photoIds.has(photoId)) return undefined;
    return await this.#db.selectFrom('photos').selectAll().where('id', '=', photoId).executeTakeFirst();
  }

  async #view(typed: string): Promise<{ report: PublicReport; photoIds: Set<string> }> {
    const { code, rating, ratedAt, row } = await this.#byCode(typed);
    // A duplicate merged into another case follows that case's progress.
    let target = row;
    for (let hops = 0; target.state === 'merged' && target.merged_into_id && hops < 5; hops++) {
      const next = await this.#db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', target.merged_into_id)
        .executeTakeFirst();
      if (!next) break;
      target = next;
    }
    const dir = await this.#directory.get();
    const unitOf = (id: unknown): PublicUnit | undefined => {
      const unit = typeof id === 'number' ? dir.units.get(id) : undefined;
      return unit ? { name: unit.name, nameEn: unit.name_en } : undefined;
    };
    const shown = new Set<string>();
    const publicPhotos = (ids: string[]): PublicPhoto[] =>
      ids.map((id) => {
        shown.add(id);
        const url = `/api/public/reports/${code}/photos/${id}`;
        return { url, thumbUrl: `${url}/thumb` };
      });

    // Merged into a case of a confidential channel (信访, 批示, 110): its stage is shown, never its
    // steps, units or photos (the public-answer rule).
    const followed = target.id === row.id || can(null, 'public.showCase', { source: target.source });
    const events = await this.#db
      .selectFrom('case_events')
      .select(['case_id', 'action', 'at', 'actor_unit_id', 'data', 'attachments'])
      .where('case_id', 'in', followed ? [...new Set([row.id, target.id])] : [row.id])
      .orderBy('at')
      .orderBy('seq')
      .execute();
    const milestones: PublicMilestone[] = [];
    let afterPhotoIds: string[] = [];
    for (const ev of events) {
      // Own events, then the target's from the merge on.
      if (ev.case_id !== row.id && milestones.every((m) => m.kind !== 'merged')) continue;
      const kind = MILESTONE_OF_ACTION[ev.action as EventAction];
      if (!kind) continue;
      if (ev.case_id !== row.id && (kind === 'submitted' || kind === 'rated')) continue;
      const m: PublicMilestone = { kind, at: new Date(ev.at).toISOString() };
      if (kind === 'dispatched') {
        const unit = unitOf(ev.data.unitId);
        if (unit) m.unit = unit;
      }
      if (kind === 'signed' || kind === 'handled') {
        const unit = unitOf(ev.actor_unit_id);
        if (unit) m.unit = unit;
      }
      if (kind === 'handled') {
        afterPhotoIds = photoIds(ev.attachments);
        m.photos = publicPhotos(afterPhotoIds);
      }
      if (kind === 'rated' && typeof ev.data.satisfaction === 'string')
        m.satisfaction = ev.data.satisfaction as Satisfaction;
      milestones.push(m);
    }
    const stage = PUBLIC_STAGE_OF_STATE[row.state as CaseState];
    const targetStage = PUBLIC_STAGE_OF_STATE[target.state as CaseState];
    const category = await this.#categoryOf(row);
    const report: PublicReport = {
      trackingCode: code,
      category,
      stage,
      submittedAt: new Date(row.reported_at).toISOString(),
      closedAt: target.closed_at ? new Date(target.closed_at).toISOString() : null,
      address: row.address,
      location: { lon: publicCoordinate(row.lon, 'map'), lat: publicCoordinate(row.lat, 'map') },
      unit: (followed ? unitOf(target.assignee_unit_id) : unitOf(row.assignee_unit_id)) ?? null,
      photos: publicPhotos(photoIds(row.photos)),
      afterPhotos: publicPhotos(afterPhotoIds),
      milestones,
      mergedStage: row.id === target.id ? null : targetStage,
      rating: rating && ratedAt ? { satisfaction: rating, at: new Date(ratedAt).toISOString() } : null,
      canRate: row.state === 'closed' && row.satisfaction === null,
    };
    return { report, photoIds: shown };
  }

  /**
   * The citizen rates a closed result: the loop's callback action, taken by the citizen gateway.
   * Once per closure — a result already rated (here or by a hotline callback) is a 409; after an
   * unsatisfied rating reopens the case and it is closed again, the new result can be rated.
   */
  async rate(typed: string, satisfaction: Satisfaction, comment?: string): Promise<PublicReport> {
    const { code, row } = await this.#byCode(typed);
    if (row.state !== 'closed')
      throw new AppError(
        409,
        'NOT_CLOSED',
        'the problem is not marked fixed yet; rate it once it is',
        undefined,
        { state: PUBLIC_STAGE_OF_STATE[row.state as CaseState] },
      );
    if (row.satisfaction !== null)
      throw new AppError(409, 'ALREADY_RATED', 'this result has already been rated');
    const text = comment?.trim() || null;
    try {
      await this.#cases.act(GATEWAY, row.id, 'callback', {
        satisfaction,
        reason: text ? `市民评价：${text}` : null,
        // Someone else rating (or reopening) meanwhile makes this a 409 instead of a second rating.
        expectedVersion: row.version,
      });
    } catch (e) {
      if ((e as AppError).code === 'CONFLICT')
        throw new AppError(409, 'ALREADY_RATED', 'this result has just been rated or changed');
      throw e;
    }
    await this.#db
      .updateTable('citizen_reports')
      .set({ satisfaction, rating_comment: text, rated_at: this.#clock.now() })
      .where('case_id', '=', row.id)
      .execute();
    return await this.track(code);
  }

  // ------------------------------------------------------------ the public map

  /**
   * Open problems and those closed in the last MAP_RECENT_DAYS: category, stage, dates, a point
   * rounded to about 10 m. Confidential channels are left out (@xiuhua/domain/policy, public.ts).
   */
  async map(bbox?: [number, number, number, number]) {
    const since = new Date(this.#clock.now().getTime() - MAP_RECENT_DAYS * 86_400_000);
    let q = this.#db
      .selectFrom('cases')
      .select(['kind', 'class_id', 'class_code', 'state', 'lon', 'lat', 'reported_at', 'closed_at'])
      .where(
        sql<boolean>`state not in (${sql.join(
          FINAL_STATES.filter((s) => s !== 'closed').map((s) => sql.lit(s)),
        )})`,
      )
      .where((eb) => eb.or([eb('state', '!=', 'closed'), eb('closed_at', '>=', since)]))
      .where('source', 'not in', [...CONFIDENTIAL_SOURCES]);
    if (bbox) {
      const [w, s, e, n] = bbox;
      q = q.where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
    }
    const rows = await q
      .orderBy('reported_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MAP_MAX_POINTS + 1)
      .execute();
    const features = [];
    for (const r of rows.slice(0, MAP_MAX_POINTS)) {
      const category = await this.#categoryOf(r);
      features.push({
        type: 'Feature' as const,
        geometry: {
          type: 'Point' as const,
          coordinates: [publicCoordinate(r.lon, 'map'), publicCoordinate(r.lat, 'map')],
        },
        properties: {
          category: category.id,
          name: category.zh,
          nameEn: category.en,
          stage: PUBLIC_STAGE_OF_STATE[r.state as CaseState],
          reported: cstDateOf(new Date(r.reported_at)),
          closed: r.closed_at ? cstDateOf(new Date(r.closed_at)) : null,
        },
      });
    }
    return { type: 'FeatureCollection' as const, truncated: rows.length > MAP_MAX_POINTS, features };
  }
}
