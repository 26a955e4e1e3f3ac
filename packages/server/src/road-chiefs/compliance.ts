// Patrol compliance (巡查履职) of a person over a date range, and of everyone posted on a street:
// gathers the person's posts, GPS points, segments and roster shifts, and asks
// @xiuhua/domain/road-chiefs (compliance.ts, segment-pass.ts). The city's patrol rules are one
// setting (road_patrol_rules) over the defaults. Computed on demand; see docs/road-chiefs.md.

import type { Db } from '@xiuhua/db';
import { type SqlBool, sql } from 'kysely';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { LineString } from '@xiuhua/domain/geo';
import {
  calendarCompliance,
  calendarWindows,
  DEFAULT_PATROL_RULES,
  type DutyWindow,
  type Post,
  type PostCompliance,
  type PreparedLine,
  type PatrolRules,
  POST_SCOPE,
  PatrolRulesError,
  parsePatrolRules,
  passRulesOf,
  patrolledByDay,
  prepareLine,
  shiftCompliance,
  type TrackPoint,
} from '@xiuhua/domain/road-chiefs';
import { recordAdminEvent } from '../admin/history.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { RosterService } from '../schedules/rosters.ts';
import type { RoadPostService } from './posts.ts';

export const PATROL_RULES_SETTING = 'road_patrol_rules';
/** The longest range one report covers. */
const MAX_RANGE_DAYS = 92;
const DAY_MS = 86_400_000;

const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).getTime();
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export interface ComplianceRange {
  from: string;
  to: string;
}

export class ComplianceService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #rosters: RosterService;
  #posts: RoadPostService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    directory: DirectoryService;
    rosters: RosterService;
    posts: RoadPostService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
    this.#rosters = deps.rosters;
    this.#posts = deps.posts;
  }

  async rules(): Promise<PatrolRules> {
    const row = await this.#db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', PATROL_RULES_SETTING)
      .executeTakeFirst();
    return row ? parsePatrolRules(row.value) : DEFAULT_PATROL_RULES;
  }

  /** Replace the city's patrol rules (admin); 400 naming the first bad field. */
  async setRules(actor: Actor, input: unknown): Promise<PatrolRules> {
    assertMay(actor, 'admin.manage', { entity: 'setting' });
    let rules: PatrolRules;
    try {
      rules = parsePatrolRules(input);
    } catch (e) {
      if (e instanceof PatrolRulesError)
        throw new AppError(400, 'INVALID_FIELD', e.message, e.problems[0]!.field);
      throw e;
    }
    const before = await this.rules();
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: PATROL_RULES_SETTING, value: JSON.stringify(input), updated_by: actor.user.id })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            value: JSON.stringify(input),
            updated_by: actor.user.id,
            updated_at: this.#clock.now(),
          }),
        )
        .execute();
      await recordAdminEvent(trx, {
        actorUserId: actor.user.id,
        entity: 'setting',
        key: PATROL_RULES_SETTING,
        action: 'update',
        before,
        after: rules,
        at: this.#clock.now(),
      });
    });
    return rules;
  }

  #checkRange(range: ComplianceRange): void {
    if (range.to < range.from)
      throw new AppError(400, 'INVALID_FIELD', 'the range ends before it starts', 'to');
    if (Date.parse(range.to) - Date.parse(range.from) > MAX_RANGE_DAYS * DAY_MS)
      throw new AppError(400, 'INVALID_FIELD', `a report covers at most ${MAX_RANGE_DAYS} days`, 'to');
  }

  async lines(
    where: { ids?: readonly number[]; streetCodes?: readonly string[] },
    nearM: number,
  ): Promise<PreparedLine[]> {
    let q = this.#db.selectFrom('road_segments').select(['id', 'geometry']).orderBy('id');
    if (where.ids) q = q.where('id', 'in', where.ids.length > 0 ? [...where.ids] : [0]);
    if (where.streetCodes)
      q = q.where('street_code', 'in', where.streetCodes.length > 0 ? [...where.streetCodes] : ['']);
    return (await q.execute()).map((s) => prepareLine(s.id, (s.geometry as LineString).coordinates, nearM));
  }

  /** The streets under an area (itself if it is one). */
  async streetsUnder(areaCode: string): Promise<string[]> {
    const dir = await this.#directory.get();
    const root = dir.areas.get(areaCode);
    if (!root) return [];
    return [...dir.areas.values()]
      .filter((a) => a.level === 'street' && (a.path === root.path || a.path.startsWith(`${root.path}/`)))
      .map((a) => a.code);
  }

  async #streetPathsOf(posts: readonly Post[]): Promise<string[]> {
    const dir = await this.#directory.get();
    const ids = [...new Set(posts.flatMap((p) => p.segmentIds))];
    const streets =
      ids.length === 0
        ? []
        : (
            await this.#db
              .selectFrom('road_segments')
              .select('street_code')
              .distinct()
              .where('id', 'in', ids)
              .execute()
          ).map((s) => s.street_code);
    const codes = [...streets, ...posts.flatMap((p) => (p.areaCode === null ? [] : [p.areaCode]))];
    return [...new Set(codes.map((c) => dir.areas.get(c)?.path ?? ''))].filter((p) => p !== '');
  }

  async track(userId: number, range: ComplianceRange): Promise<TrackPoint[]> {
    const rows = await this.#db
      .selectFrom('patrol_points')
      .select(['at', 'lon', 'lat', 'accuracy'])
      .where('user_id', '=', userId)
      .where('at', '>=', new Date(dayStart(range.from)))
      .where('at', '<', new Date(dayStart(addDays(range.to, 1))))
      .orderBy('at')
      .execute();
    return rows.map((r) => ({ t: r.at.getTime(), lon: r.lon, lat: r.lat, accuracy: r.accuracy }));
  }

  /** The roster shifts a person works for a duty post's unit (only those ended by now, unless `running`). */
  async shiftsWorked(
    post: Post,
    userId: number,
    range: ComplianceRange,
    running = false,
  ): Promise<DutyWindow[]> {
    const now = this.#clock.now().getTime();
    const out: DutyWindow[] = [];
    for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
      for (const s of await this.#rosters.shifts(post.unitId!, { date })) {
        if (post.shiftCode !== null && s.shift !== post.shiftCode) continue;
        if (!s.people.includes(String(userId)) || (!running && s.end.getTime() > now)) continue;
        out.push({
          key: `${date} ${s.name}`,
          from: date,
          to: date,
          start: s.start.getTime(),
          end: s.end.getTime(),
        });
      }
    }
    return out;
  }

  /** The posts that bind a person over the range: his own, and the duty posts of units rostering him. */
  async bindingPosts(userId: number, range: ComplianceRange): Promise<Post[]> {
    const overlaps = (p: Post) => p.validFrom <= range.to && (p.validTo === null || range.from <= p.validTo);
    const all = (await this.#posts.allPosts()).filter(overlaps);
    const own = all.filter((p) => p.userId === userId);
    const duty: Post[] = [];
    for (const p of all.filter((x) => x.level === 'duty')) {
      const roster = await this.#rosters.get(p.unitId!);
      const named =
        roster.shifts.some((s) => s.people.includes(String(userId))) ||
        roster.exceptions.some((e) => e.people.includes(String(userId)));
      if (named) duty.push(p);
    }
    return [...own, ...duty];
  }

  /**
   * Whether a road-chief post binds the person today (his own, or a duty post of a unit rostering
   * him), or he is a member of a night check today.
   */
  async bindsToday(userId: number): Promise<boolean> {
    const today = cstDateOf(this.#clock.now());
    if ((await this.bindingPosts(userId, { from: today, to: today })).length > 0) return true;
    const check = await this.#db
      .selectFrom('night_checks')
      .select('id')
      .where(sql<SqlBool>`${userId} = any(member_ids)`)
      .where('cancelled_at', 'is', null)
      .where('starts_at', '<', new Date(dayStart(addDays(today, 1))))
      .where('ends_at', '>', new Date(dayStart(today)))
      .executeTakeFirst();
    return check !== undefined;
  }

  /**
   * A night check member's result: like a duty shift over the check's time — every segment
   * patrolled, no stretch off post — on walking duty's rules.
   */
  async judgeNightCheck(
    check: { id: number; starts_at: Date; ends_at: Date; segment_ids: number[] },
    userId: number,
  ): Promise<PostCompliance> {
    const rules = await this.rules();
    const duty = rules.duties.duty ?? DEFAULT_PATROL_RULES.duties.duty!;
    const pass = passRulesOf(rules, duty);
    const from = cstDateOf(check.starts_at);
    const track = await this.track(userId, { from, to: cstDateOf(check.ends_at) });
    const window: DutyWindow = {
      key: `night check ${check.id}`,
      from,
      to: from,
      start: check.starts_at.getTime(),
      end: check.ends_at.getTime(),
    };
    const post: Post = {
      id: check.id,
      level: 'duty',
      userId,
      unitId: null,
      areaCode: null,
      roadId: null,
      segmentIds: check.segment_ids,
      agency: null,
      shiftCode: null,
      validFrom: from,
      validTo: null,
    };
    const lines = await this.lines({ ids: check.segment_ids }, pass.nearM);
    return shiftCompliance({
      post,
      duty,
      rules: pass,
      shifts: [window],
      track,
      lines,
      offPost: rules.offPost,
    });
  }

  /** One person's compliance per post over the range (windows ended by yesterday, shifts ended by now). */
  async forPerson(actor: Actor, userId: number, range: ComplianceRange) {
    this.#checkRange(range);
    const user = await this.#db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound('user');
    const posts = await this.bindingPosts(userId, range);
    assertMay(actor, 'roadChief.readCompliance', {
      userId: String(userId),
      streetPaths: await this.#streetPathsOf(posts),
      myPosts: await this.#posts.heldPosts(actor.user.id),
    });
    const reports = await this.#compute(userId, posts, range);
    const presented = await this.#posts.presentPosts(posts);
    const codes = new Map<number, string>(
      presented.flatMap((p) => p.segments.map((s) => [s.id, s.code] as const)),
    );
    const checks = await this.#db
      .selectFrom('night_checks')
      .select(['id', 'name', 'starts_at', 'ends_at', 'segment_ids'])
      .where(sql<SqlBool>`${userId} = any(member_ids)`)
      .where('cancelled_at', 'is', null)
      .where('starts_at', '>=', new Date(dayStart(range.from)))
      .where('starts_at', '<', new Date(dayStart(addDays(range.to, 1))))
      .where('ends_at', '<=', this.#clock.now())
      .orderBy('starts_at')
      .execute();
    const nightChecks = [];
    for (const c of checks) {
      const r = await this.judgeNightCheck(c, userId);
      nightChecks.push({
        id: c.id,
        name: c.name,
        startsAt: c.starts_at.toISOString(),
        required: r.required,
        done: r.done,
        offPost: r.offPost.length,
      });
    }
    return {
      user: { id: user.id, name: user.display_name },
      from: range.from,
      to: range.to,
      nightChecks,
      posts: reports.map((r, i) => ({
        post: presented[i]!,
        period: r?.period ?? null,
        required: r?.required ?? 0,
        done: r?.done ?? 0,
        gaps: (r?.gaps ?? []).map((g) => ({
          window: { key: g.window.key, from: g.window.from, to: g.window.to },
          segments: g.segmentIds.map((id) => ({ id, code: codes.get(id) ?? String(id) })),
        })),
        offPost: (r?.offPost ?? []).map((o) => ({
          window: o.window.key,
          from: new Date(o.from).toISOString(),
          to: new Date(o.to).toISOString(),
        })),
      })),
    };
  }

  /** Per post: its report, or null for a level without a patrol duty. */
  async #compute(
    userId: number,
    posts: readonly Post[],
    range: ComplianceRange,
  ): Promise<(PostCompliance | null)[]> {
    const rules = await this.rules();
    const track = await this.track(userId, range);
    const yesterday = addDays(cstDateOf(this.#clock.now()), -1);
    const lastDay = range.to < yesterday ? range.to : yesterday;
    const out: (PostCompliance | null)[] = [];
    for (const post of posts) {
      const duty = rules.duties[post.level];
      if (!duty) {
        out.push(null);
        continue;
      }
      const pass = passRulesOf(rules, duty);
      const lines =
        POST_SCOPE[post.level] === 'segments'
          ? await this.lines({ ids: post.segmentIds }, pass.nearM)
          : await this.lines({ streetCodes: await this.streetsUnder(post.areaCode!) }, pass.nearM);
      if (duty.period === 'shift') {
        const shifts = await this.shiftsWorked(post, userId, range);
        out.push(shiftCompliance({ post, duty, rules: pass, shifts, track, lines, offPost: rules.offPost }));
      } else {
        const windows = lastDay < range.from ? [] : calendarWindows(duty.period, range.from, lastDay);
        const patrolled = patrolledByDay(track, lines, pass);
        out.push(calendarCompliance({ post, duty, windows, patrolled, segmentIds: lines.map((l) => l.id) }));
      }
    }
    return out;
  }

  /** Everyone posted on a street (its area posts and the posts on its segments): required vs done per person. */
  async forStreet(actor: Actor, streetCode: string, range: ComplianceRange) {
    this.#checkRange(range);
    const street = await this.#directory.area(streetCode);
    if (street?.level !== 'street')
      throw new AppError(400, 'INVALID_FIELD', `no street ${streetCode}`, 'streetCode');
    assertMay(actor, 'roadChief.readCompliance', {
      userId: null,
      streetPaths: [street.path],
      myPosts: await this.#posts.heldPosts(actor.user.id),
    });
    const onStreet = await this.#posts.list(actor, { streetCode, history: true });
    const people = new Map<number, string>();
    for (const p of onStreet) if (p.user) people.set(p.user.id, p.user.name);
    for (const p of onStreet.filter((x) => x.level === 'duty' && x.unit)) {
      const roster = await this.#rosters.get(p.unit!.id);
      const names = await this.#rosters.names(roster);
      for (const [id, name] of Object.entries(names)) people.set(Number(id), name);
    }
    const rows = [];
    for (const [userId, name] of [...people].sort((a, b) => a[0] - b[0])) {
      const posts = (await this.bindingPosts(userId, range)).filter((p) =>
        onStreet.some((x) => x.id === p.id),
      );
      const reports = (await this.#compute(userId, posts, range)).filter((r) => r !== null);
      const required = reports.reduce((n, r) => n + r.required, 0);
      const done = reports.reduce((n, r) => n + r.done, 0);
      rows.push({
        user: { id: userId, name },
        levels: [...new Set(posts.map((p) => p.level))],
        required,
        done,
        offPost: reports.reduce((n, r) => n + r.offPost.length, 0),
      });
    }
    return { street: { code: street.code, name: street.name }, from: range.from, to: range.to, people: rows };
  }
}
