// Patrol (巡查): an inspector goes on duty, the phone records GPS points while on duty and sends
// them in batches, the inspector goes off duty. Phones work offline and resend whatever they are
// not sure arrived, so every write here is idempotent: a shift is keyed by the id the phone made
// for it, a point by (user, time). Supervisors read a person's track for a day, scoped like cases.
//
// Also the inspector app's own reads: the caller's responsibility grids as GeoJSON and the classes
// they report most (the big buttons of the report form).

import type { Db } from '@xiuhua/db';
import { type Crs, toWgs84 } from '@xiuhua/domain/geo';
import { can, inArea } from '@xiuhua/domain/policy';
import { type SqlBool, sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { haversineMeters } from '../cases/nearby.ts';
import type { DirectoryService } from '../platform/directory.ts';

export const MAX_POINTS_PER_BATCH = 500;
/** A phone's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** An offline phone has this long to deliver what it recorded; older data is refused. */
export const MAX_AGE_DAYS = 30;
/** Most points one day's track returns (a point every 5 s for 24 h is 17,280). */
const TRACK_MAX_POINTS = 20_000;
/** A gap this long between two points is a pause (phone off, off duty), not a walk. */
const TRACK_GAP_MS = 10 * 60_000;
const CST_OFFSET = '+08:00';

export interface PatrolPointInput {
  at: string;
  lon: number;
  lat: number;
  crs?: Crs;
  accuracy?: number;
}

export interface ShiftRow {
  id: string;
  user_id: number;
  started_at: Date;
  ended_at: Date | null;
}

export function presentShift(s: ShiftRow) {
  return {
    id: s.id,
    userId: s.user_id,
    startedAt: s.started_at.toISOString(),
    endedAt: s.ended_at ? s.ended_at.toISOString() : null,
  };
}

/** [start, end) of a China Standard Time calendar day; 400 for a date that does not exist. */
export function cstDayRange(date: string, field = 'date'): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00${CST_OFFSET}`);
  // Date rolls 02-30 over to 03-02: a real date formats back to itself.
  const back = Number.isNaN(from.getTime())
    ? ''
    : new Date(from.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (back !== date) throw new AppError(400, 'INVALID_FIELD', `${date} is not a calendar date`, field);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

export class PatrolService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #catalogue: CatalogueService;
  #postHolder: ((userId: number) => Promise<boolean>) | undefined;

  constructor(deps: {
    db: Db;
    clock: Clock;
    directory: DirectoryService;
    catalogue: CatalogueService;
    postHolder?: (userId: number) => Promise<boolean>;
  }) {
    this.#postHolder = deps.postHolder;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
    this.#catalogue = deps.catalogue;
  }

  /** The patrolling roles, or anyone a road-chief post binds (asked only when the roles do not do). */
  async #requirePatroller(actor: Actor): Promise<void> {
    if (can(actor, 'patrol.record', { holdsPost: false })) return;
    const holdsPost = (await this.#postHolder?.(actor.user.id)) ?? false;
    assertMay(actor, 'patrol.record', { holdsPost });
  }

  /** A time the phone reports: not (much) in the future, not older than MAX_AGE_DAYS. */
  #checkTime(value: string, field: string): Date {
    const at = new Date(value);
    const now = this.#clock.now().getTime();
    if (Number.isNaN(at.getTime())) throw new AppError(400, 'INVALID_FIELD', `${value} is not a time`, field);
    if (at.getTime() > now + CLOCK_SKEW_MS)
      throw new AppError(400, 'INVALID_FIELD', `${value} is in the future (check the phone's clock)`, field);
    if (at.getTime() < now - MAX_AGE_DAYS * 86_400_000)
      throw new AppError(400, 'INVALID_FIELD', `${value} is more than ${MAX_AGE_DAYS} days old`, field);
    return at;
  }

  // ------------------------------------------------------------ shifts

  /**
   * Go on duty. The same id again returns the same shift (created: false). An open shift left by
   * a phone that never said "off duty" (battery, crash) ends where the new one starts.
   */
  async startShift(
    actor: Actor,
    id: string,
    startedAt: string,
  ): Promise<{ shift: ShiftRow; created: boolean }> {
    await this.#requirePatroller(actor);
    const at = this.#checkTime(startedAt, 'startedAt');
    return await this.#db.transaction().execute(async (trx) => {
      // One writer per user at a time: two phones (or two retries) going on duty at once.
      await sql`select pg_advisory_xact_lock(hashtext('patrol_shift'), ${actor.user.id})`.execute(trx);
      const same = await trx.selectFrom('patrol_shifts').selectAll().where('id', '=', id).executeTakeFirst();
      if (same) {
        if (same.user_id !== actor.user.id)
          throw new AppError(409, 'CONFLICT', 'this shift id is taken', 'id');
        return { shift: same, created: false };
      }
      const open = await trx
        .selectFrom('patrol_shifts')
        .selectAll()
        .where('user_id', '=', actor.user.id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (open) {
        if (open.started_at.getTime() > at.getTime())
          throw new AppError(
            409,
            'CONFLICT',
            `a later shift (from ${open.started_at.toISOString()}) is open; end it first`,
            'startedAt',
          );
        await trx.updateTable('patrol_shifts').set({ ended_at: at }).where('id', '=', open.id).execute();
      }
      const shift = await trx
        .insertInto('patrol_shifts')
        .values({ id, user_id: actor.user.id, started_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { shift, created: true };
    });
  }

  /** Go off duty. Ending an ended shift again changes nothing (the first end stands). */
  async endShift(actor: Actor, id: string, endedAt: string): Promise<ShiftRow> {
    await this.#requirePatroller(actor);
    const at = this.#checkTime(endedAt, 'endedAt');
    const shift = await this.#db
      .selectFrom('patrol_shifts')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', actor.user.id)
      .executeTakeFirst();
    if (!shift) throw notFound('shift', 'id');
    if (shift.ended_at) return shift;
    if (at < shift.started_at)
      throw new AppError(400, 'INVALID_FIELD', 'a shift cannot end before it started', 'endedAt');
    return await this.#db
      .updateTable('patrol_shifts')
      .set({ ended_at: at })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async currentShift(actor: Actor): Promise<ShiftRow | null> {
    return (
      (await this.#db
        .selectFrom('patrol_shifts')
        .selectAll()
        .where('user_id', '=', actor.user.id)
        .where('ended_at', 'is', null)
        .executeTakeFirst()) ?? null
    );
  }

  // ------------------------------------------------------------ points

  /**
   * Store a batch of GPS points (converted to WGS84). A point the server already has (same user,
   * same time) is a duplicate and is skipped, so a resent batch changes nothing. The whole batch
   * is checked first: one bad point refuses the batch and names it.
   */
  async addPoints(
    actor: Actor,
    points: PatrolPointInput[],
  ): Promise<{ accepted: number; duplicates: number }> {
    await this.#requirePatroller(actor);
    const rows = points.map((p, i) => {
      const at = this.#checkTime(p.at, `points.${i}.at`);
      let wgs: { lon: number; lat: number };
      try {
        wgs = toWgs84(p.lon, p.lat, p.crs ?? 'WGS84');
      } catch (e) {
        throw new AppError(400, 'INVALID_COORDINATE', (e as Error).message, `points.${i}.lon`);
      }
      return { user_id: actor.user.id, at, lon: wgs.lon, lat: wgs.lat, accuracy: p.accuracy ?? null };
    });
    if (rows.length === 0) return { accepted: 0, duplicates: 0 };
    const inserted = await this.#db
      .insertInto('patrol_points')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'at']).doNothing())
      .returning('at')
      .execute();
    return { accepted: inserted.length, duplicates: rows.length - inserted.length };
  }

  // ------------------------------------------------------------ reading tracks

  /** May the actor read this user's patrols? Self always; others need a reader role (403) and scope (404). */
  async #readableUser(actor: Actor, userId: number) {
    assertMay(actor, 'patrol.readTrack', { userId: String(userId) });
    const user = await this.#db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_id'])
      .where('id', '=', userId)
      .executeTakeFirst();
    // Outside your scope reads as unknown, as cases do: its existence does not leak.
    const visible =
      user !== undefined && (userId === actor.user.id || (await this.#inScope(actor, user.unit_id)));
    if (!visible) throw notFound('user', 'userId');
    const unit = await this.#directory.unit(user.unit_id);
    return { id: user.id, displayName: user.display_name, unitId: user.unit_id, unitName: unit?.name ?? '' };
  }

  /** A person is in scope when their unit is yours or below it, or lies in your area. */
  async #inScope(actor: Actor, unitId: number): Promise<boolean> {
    if (actor.scope.cityWide || actor.scope.unitIds.includes(String(unitId))) return true;
    const unit = await this.#directory.unit(unitId);
    const area = unit ? await this.#directory.area(unit.area_code) : undefined;
    return area !== undefined && actor.scope.areaPaths.length > 0 && inArea(actor.scope, area.path);
  }

  /** One person's shifts and points on a CST calendar day, with the distance walked. */
  async track(actor: Actor, userId: number, date: string) {
    const user = await this.#readableUser(actor, userId);
    const { from, to } = cstDayRange(date);
    const [shifts, points] = await Promise.all([
      this.#db
        .selectFrom('patrol_shifts')
        .select(['id', 'user_id', 'started_at', 'ended_at'])
        .where('user_id', '=', userId)
        .where('started_at', '<', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', from)]))
        .orderBy('started_at')
        .execute(),
      this.#db
        .selectFrom('patrol_points')
        .select(['at', 'lon', 'lat', 'accuracy'])
        .where('user_id', '=', userId)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .limit(TRACK_MAX_POINTS + 1)
        .execute(),
    ]);
    const kept = points.slice(0, TRACK_MAX_POINTS);
    return {
      user,
      date,
      shifts: shifts.map(presentShift),
      points: kept.map((p) => ({ at: p.at.toISOString(), lon: p.lon, lat: p.lat, accuracy: p.accuracy })),
      distanceM: Math.round(trackDistance(kept)),
      truncated: points.length > TRACK_MAX_POINTS,
    };
  }

  /** Everyone in the reader's scope who patrolled on a day: points, first and last time, distance. */
  async daySummary(actor: Actor, date: string) {
    assertMay(actor, 'patrol.readTrack', { userId: null });
    const { from, to } = cstDayRange(date);
    const rows = await this.#db
      .selectFrom('patrol_points as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select([
        'u.id',
        'u.display_name',
        'u.unit_id',
        (eb) => eb.fn.countAll<string>().as('points'),
        (eb) => eb.fn.min('p.at').as('first_at'),
        (eb) => eb.fn.max('p.at').as('last_at'),
      ])
      .where('p.at', '>=', from)
      .where('p.at', '<', to)
      .groupBy(['u.id', 'u.display_name', 'u.unit_id'])
      .orderBy('u.display_name')
      .execute();
    const out = [];
    for (const r of rows) {
      if (!(await this.#inScope(actor, r.unit_id))) continue;
      const unit = await this.#directory.unit(r.unit_id);
      out.push({
        userId: r.id,
        displayName: r.display_name,
        unitName: unit?.name ?? '',
        points: Number(r.points),
        firstAt: new Date(r.first_at as Date).toISOString(),
        lastAt: new Date(r.last_at as Date).toISOString(),
      });
    }
    return out;
  }

  // ------------------------------------------------------------ the inspector app's reads

  /** The unit cells of the caller's responsibility grids, as GeoJSON (WGS84). */
  async myGrids(actor: Actor) {
    const rows = await this.#db
      .selectFrom('responsibility_grid_inspectors as i')
      .innerJoin('responsibility_grids as g', 'g.id', 'i.grid_id')
      .innerJoin('responsibility_grid_cells as c', 'c.grid_id', 'g.id')
      .innerJoin('grid_cells as cell', 'cell.code', 'c.cell_code')
      .select(['g.id', 'g.code', 'g.name', 'g.grid_type', 'c.cell_code', 'cell.geometry'])
      .where('i.user_id', '=', actor.user.id)
      .orderBy('g.code')
      .orderBy('c.cell_code')
      .execute();
    return {
      type: 'FeatureCollection' as const,
      features: rows.map((r) => ({
        type: 'Feature' as const,
        properties: {
          gridId: r.id,
          gridCode: r.code,
          gridName: r.name,
          gridType: r.grid_type,
          cellCode: r.cell_code,
        },
        geometry: r.geometry,
      })),
    };
  }

  /**
   * The classes for the report form's big buttons: what the caller reported most in the last 90
   * days, then what is reported most in their area, then everyday street problems.
   */
  async frequentClasses(actor: Actor, limit: number) {
    const since = new Date(this.#clock.now().getTime() - 90 * 86_400_000);
    const counted = (mine: boolean) => {
      let q = this.#db
        .selectFrom('cases')
        .select(['kind', 'class_code', (eb) => eb.fn.countAll<string>().as('n')])
        .where('reported_at', '>=', since);
      if (mine) q = q.where('created_by', '=', actor.user.id);
      else if (!actor.scope.cityWide) {
        const paths = actor.scope.areaPaths;
        if (paths.length === 0) return Promise.resolve([]);
        q = q.where(
          sql<SqlBool>`(${sql.join(
            paths.map((p) => sql`(area_path = ${p} or area_path like ${`${p}/%`})`),
            sql` or `,
          )})`,
        );
      }
      return q
        .groupBy(['kind', 'class_code'])
        .orderBy('n', 'desc')
        .orderBy('class_code')
        .limit(limit)
        .execute();
    };
    const [mine, area] = await Promise.all([counted(true), counted(false)]);
    const { rows: classes } = await this.#catalogue.current();
    const out: {
      kind: 'component' | 'event';
      code: string;
      name: string;
      nameEn: string | null;
      count: number;
    }[] = [];
    const add = (kind: string, code: string, count: number) => {
      const cls = classes.get(`${kind}:${code}`);
      if (!cls?.active || out.length >= limit || out.some((o) => o.kind === kind && o.code === code)) return;
      out.push({ kind: cls.kind, code: cls.code, name: cls.name, nameEn: cls.name_en, count });
    };
    for (const r of mine) add(r.kind, r.class_code, Number(r.n));
    for (const r of area) add(r.kind, r.class_code, 0);
    for (const key of EVERYDAY_CLASSES) add(...(key.split(':') as [string, string]), 0);
    return out;
  }
}

/** Everyday street problems, for an inspector with no history yet. */
const EVERYDAY_CLASSES = [
  'event:06010', // 暴露垃圾
  'event:06011', // 积存垃圾渣土
  'event:06012', // 道路不洁
  'event:06036', // 乱堆杂物
  'event:06042', // 垃圾站（箱）满溢
  'event:07001', // 非法小广告
  'event:09001', // 无照经营游商
  'component:01002', // 污水井盖
];

/** Metres along the points in time order, not counting jumps across a pause. */
export function trackDistance(points: { at: Date; lon: number; lat: number }[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (b.at.getTime() - a.at.getTime() > TRACK_GAP_MS) continue;
    total += haversineMeters(a.lon, a.lat, b.lon, b.lat);
  }
  return total;
}
