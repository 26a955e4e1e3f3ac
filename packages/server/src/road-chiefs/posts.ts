// Road-chief posts (路长制): create, end and read the dated posts of @xiuhua/domain/road-chiefs.
// The domain says what each level needs and who manages whom; this file checks the referenced
// people, units, areas, roads and segments exist and fit, asks the policy, and writes the post with
// its admin-history event in one transaction. See docs/road-chiefs.md.

import type { Db } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import { why } from '@xiuhua/domain/policy';
import {
  type HeldPost,
  LEVEL_RANK,
  type Post,
  POST_LEVEL_NAMES,
  POST_SCOPE,
  type PostInput,
  type PostLevel,
  type PostTarget,
  type PostedAgency,
  postProblems,
  segmentChain,
} from '@xiuhua/domain/road-chiefs';
import { recordRowChange } from '../admin/history.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { RosterService } from '../schedules/rosters.ts';

const AREA_LEVELS: Record<'area' | 'street', readonly string[]> = {
  area: ['city', 'district'],
  street: ['street'],
};

export interface PostQuery {
  segmentId?: number;
  userId?: number;
  streetCode?: string;
  /** The day the posts hold on (YYYY-MM-DD, CST); default today. */
  date?: string;
  /** Every post ever, ended ones too (history). */
  history?: boolean;
}

type PostRow = {
  id: number;
  level: string;
  user_id: number | null;
  unit_id: number | null;
  area_code: string | null;
  road_id: number | null;
  segment_ids: number[];
  agency: string | null;
  shift_code: string | null;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
};

function toPost(r: PostRow): Post {
  return {
    id: r.id,
    level: r.level as PostLevel,
    userId: r.user_id,
    unitId: r.unit_id,
    areaCode: r.area_code,
    roadId: r.road_id,
    segmentIds: r.segment_ids,
    agency: r.agency as PostedAgency | null,
    shiftCode: r.shift_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

const invalid = (message: string, field: string) => new AppError(400, 'INVALID_FIELD', message, field);

export class RoadPostService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #rosters: RosterService;

  constructor(deps: { db: Db; clock: Clock; directory: DirectoryService; rosters: RosterService }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
    this.#rosters = deps.rosters;
  }

  today(): string {
    return cstDateOf(this.#clock.now());
  }

  async #rows(where: { userId?: number; segmentId?: number; ids?: number[] } = {}): Promise<PostRow[]> {
    let q = this.#db.selectFrom('road_posts').selectAll().orderBy('id');
    if (where.userId !== undefined) q = q.where('user_id', '=', where.userId);
    if (where.ids) q = q.where('id', 'in', where.ids.length > 0 ? where.ids : [0]);
    const rows = (await q.execute()) as PostRow[];
    return rows;
  }

  async #areaPathOf(): Promise<(code: string) => string | null> {
    const dir = await this.#directory.get();
    return (code) => dir.areas.get(code)?.path ?? null;
  }

  /** The posts a person holds on a day, with their areas' paths (what the policy reads). */
  async heldPosts(userId: number, date = this.today()): Promise<HeldPost[]> {
    const pathOf = await this.#areaPathOf();
    return (await this.#rows({ userId }))
      .map(toPost)
      .filter((p) => p.validFrom <= date && (p.validTo === null || date <= p.validTo))
      .map((p) => ({ ...p, areaPath: p.areaCode === null ? null : pathOf(p.areaCode) }));
  }

  async #segments(ids: readonly number[]) {
    if (ids.length === 0) return [];
    return await this.#db
      .selectFrom('road_segments')
      .select(['id', 'code', 'road_id', 'street_code', 'length_m'])
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Where a post would sit, for the manage rule; throws 400/422 for what does not exist or fit. */
  async #target(input: PostInput): Promise<PostTarget> {
    const pathOf = await this.#areaPathOf();
    let areaPath: string | null = null;
    const scope = POST_SCOPE[input.level];
    if (scope !== 'segments') {
      const area = await this.#directory.area(input.areaCode!);
      if (!area) throw invalid(`no area ${input.areaCode}`, 'areaCode');
      if (!AREA_LEVELS[scope].includes(area.level))
        throw invalid(
          `a ${input.level} post covers a ${AREA_LEVELS[scope].join(' or ')}, not a ${area.level}`,
          'areaCode',
        );
      areaPath = area.path;
    }
    const segments = await this.#segments(input.segmentIds);
    const missing = input.segmentIds.filter((id) => !segments.some((s) => s.id === id));
    if (missing.length > 0) throw invalid(`no road segment ${missing.join(', ')}`, 'segmentIds');
    if (input.roadId !== null && segments.some((s) => s.road_id !== input.roadId))
      throw invalid('every segment of a road post lies on that road', 'segmentIds');
    const streetPaths = [...new Set(segments.map((s) => pathOf(s.street_code) ?? ''))];
    return { level: input.level, areaPath, streetPaths, segmentIds: input.segmentIds };
  }

  async #checkPeople(input: PostInput): Promise<void> {
    if (input.userId !== null) {
      const user = await this.#db
        .selectFrom('users')
        .select(['id', 'roles', 'active'])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (!user?.active) throw invalid(`no active user ${input.userId}`, 'userId');
      // The policy says who may hold which level; a refusal is about the input: 422 on userId.
      const refusal = why(null, 'roadPost.hold', { level: input.level, holderRoles: user.roles });
      if (refusal) throw new AppError(422, 'INVALID_FIELD', refusal.message, 'userId');
    }
    if (input.unitId !== null) {
      const unit = await this.#directory.unit(input.unitId);
      if (!unit?.active) throw invalid(`no active unit ${input.unitId}`, 'unitId');
    }
    if (input.level === 'duty' && input.shiftCode !== null) {
      const roster = await this.#rosters.get(input.unitId!);
      if (!roster.shifts.some((s) => s.code === input.shiftCode))
        throw invalid(`the unit’s roster has no shift ${input.shiftCode}`, 'shiftCode');
    }
  }

  /** Post someone (or, for duty staff, a unit's roster shift) to a level over an area or segments. */
  async create(actor: Actor, raw: PostInput & { note?: string | null }) {
    // A 二级路长 named for a road holds all its segments.
    let input: PostInput = raw;
    if (raw.roadId !== null && raw.segmentIds.length === 0 && raw.level === 'second') {
      const ids = await this.#db
        .selectFrom('road_segments')
        .select('id')
        .where('road_id', '=', raw.roadId)
        .execute();
      if (ids.length === 0) throw invalid(`no road ${raw.roadId} (or it has no segments)`, 'roadId');
      input = { ...raw, segmentIds: ids.map((r) => r.id) };
    }
    const problem = postProblems(input)[0];
    if (problem) throw invalid(problem.message, problem.field);
    const target = await this.#target(input);
    await this.#checkPeople(input);
    assertMay(actor, 'roadPost.manage', { target, myPosts: await this.heldPosts(actor.user.id) });
    const row = await this.#db.transaction().execute(async (trx) => {
      const created = (await trx
        .insertInto('road_posts')
        .values({
          level: input.level,
          user_id: input.userId,
          unit_id: input.unitId,
          area_code: input.areaCode,
          road_id: input.roadId,
          segment_ids: [...input.segmentIds],
          agency: input.agency,
          shift_code: input.shiftCode,
          valid_from: input.validFrom,
          valid_to: input.validTo,
          note: raw.note ?? null,
          created_by: actor.user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow()) as PostRow;
      await recordRowChange(
        trx,
        { actorUserId: actor.user.id, entity: 'road_post', at: this.#clock.now() },
        null,
        created,
      );
      return created;
    });
    return (await this.#present([row]))[0]!;
  }

  /** End a post on a day (its last day in office); the post stays in the history. */
  async end(actor: Actor, id: number, validTo: string) {
    const before = (await this.#rows({ ids: [id] }))[0];
    if (!before) throw notFound('road post');
    const post = toPost(before);
    if (post.validTo !== null && post.validTo <= validTo)
      throw new AppError(409, 'CONFLICT', `the post already ends on ${post.validTo}`, 'validTo');
    if (validTo < post.validFrom) throw invalid('a post cannot end before it starts', 'validTo');
    const target = await this.#target(post);
    assertMay(actor, 'roadPost.manage', { target, myPosts: await this.heldPosts(actor.user.id) });
    const after = await this.#db.transaction().execute(async (trx) => {
      const updated = (await trx
        .updateTable('road_posts')
        .set({ valid_to: validTo, ended_by: actor.user.id })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()) as PostRow;
      await recordRowChange(
        trx,
        { actorUserId: actor.user.id, entity: 'road_post', at: this.#clock.now() },
        before,
        updated,
      );
      return updated;
    });
    return (await this.#present([after]))[0]!;
  }

  /** Posts holding on a day (or every post, `history`), top level first; by person, segment or street. */
  async list(actor: Actor, query: PostQuery) {
    assertMay(actor, 'roadPost.read', null);
    const date = query.date ?? this.today();
    let rows = await this.#rows({ userId: query.userId });
    if (!query.history)
      rows = rows.filter((r) => r.valid_from <= date && (r.valid_to === null || date <= r.valid_to));
    if (query.segmentId !== undefined) {
      const segment = (await this.#segments([query.segmentId]))[0];
      if (!segment) throw notFound('road segment');
      const pathOf = await this.#areaPathOf();
      const place = { id: segment.id, streetPath: pathOf(segment.street_code) ?? '' };
      const on = new Set(segmentChain(rows.map(toPost), place, date, pathOf).posts.map((p) => p.id));
      rows = query.history
        ? rows.filter((r) => r.segment_ids.includes(segment.id) || on.has(r.id))
        : rows.filter((r) => on.has(r.id));
    }
    if (query.streetCode !== undefined) {
      const street = await this.#directory.area(query.streetCode);
      if (!street) throw invalid(`no area ${query.streetCode}`, 'streetCode');
      const inStreet = new Set(
        (
          await this.#db
            .selectFrom('road_segments')
            .select('id')
            .where('street_code', '=', query.streetCode)
            .execute()
        ).map((s) => s.id),
      );
      rows = rows.filter(
        (r) => r.area_code === query.streetCode || r.segment_ids.some((s) => inStreet.has(s)),
      );
    }
    rows.sort((a, b) => LEVEL_RANK[a.level as PostLevel] - LEVEL_RANK[b.level as PostLevel] || a.id - b.id);
    return await this.#present(rows);
  }

  /**
   * A segment's chiefs on a day, top first, and its head (路段长, else 二级路长); duty posts name
   * the people the unit's roster has on duty at `at` (default now).
   */
  async chain(actor: Actor, segmentId: number, at?: Date) {
    assertMay(actor, 'roadPost.read', null);
    const when = at ?? this.#clock.now();
    const date = cstDateOf(when);
    const segment = (await this.#segments([segmentId]))[0];
    if (!segment) throw notFound('road segment');
    const pathOf = await this.#areaPathOf();
    const rows = await this.#rows();
    const { posts, head } = segmentChain(
      rows.map(toPost),
      { id: segmentId, streetPath: pathOf(segment.street_code) ?? '' },
      date,
      pathOf,
    );
    const presented = await this.#present(rows.filter((r) => posts.some((p) => p.id === r.id)));
    const ordered = posts.map((p) => presented.find((x) => x.id === p.id)!);
    const onDuty = await Promise.all(
      ordered.map(async (p) =>
        p.level === 'duty' && p.unit
          ? (await this.#rosters.peopleOnDuty(p.unit.id, when))
              .filter((d) => p.shiftCode === null || d.shift === p.shiftCode)
              .map((d) => ({ id: d.userId, name: d.displayName, shift: d.shift }))
          : null,
      ),
    );
    return {
      segment: { id: segment.id, code: segment.code, streetCode: segment.street_code },
      date,
      headPostId: head?.id ?? null,
      posts: ordered.map((p, i) => ({ ...p, onDuty: onDuty[i] ?? null })),
    };
  }

  /** Every post ever made. */
  async allPosts(): Promise<Post[]> {
    return (await this.#rows()).map(toPost);
  }

  /** Posts as the API shows them, in the order given. */
  async presentPosts(posts: readonly Post[]) {
    const rows = new Map((await this.#rows({ ids: posts.map((p) => p.id) })).map((r) => [r.id, r]));
    return await this.#present(posts.map((p) => rows.get(p.id)!));
  }

  async #present(rows: readonly PostRow[]) {
    const dir = await this.#directory.get();
    const userIds = [...new Set(rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])))];
    const users =
      userIds.length === 0
        ? []
        : await this.#db
            .selectFrom('users')
            .select(['id', 'display_name'])
            .where('id', 'in', userIds)
            .execute();
    const segmentIds = [...new Set(rows.flatMap((r) => r.segment_ids))];
    const segments = await this.#segments(segmentIds);
    const roadIds = [...new Set(rows.flatMap((r) => (r.road_id === null ? [] : [r.road_id])))];
    const roads =
      roadIds.length === 0
        ? []
        : await this.#db.selectFrom('roads').select(['id', 'name']).where('id', 'in', roadIds).execute();
    return rows.map((r) => {
      const unit = r.unit_id === null ? undefined : dir.units.get(r.unit_id);
      const area = r.area_code === null ? undefined : dir.areas.get(r.area_code);
      const road = roads.find((x) => x.id === r.road_id);
      return {
        id: r.id,
        level: r.level as PostLevel,
        levelName: POST_LEVEL_NAMES[r.level as PostLevel],
        user:
          r.user_id === null
            ? null
            : { id: r.user_id, name: users.find((u) => u.id === r.user_id)?.display_name ?? '' },
        unit: unit ? { id: unit.id, name: unit.name } : null,
        area: area ? { code: area.code, name: area.name } : null,
        road: road ? { id: road.id, name: road.name } : null,
        segments: r.segment_ids.map((id) => {
          const s = segments.find((x) => x.id === id);
          return { id, code: s?.code ?? '', lengthM: s ? Math.round(s.length_m) : 0 };
        }),
        agency: r.agency as PostedAgency | null,
        shiftCode: r.shift_code,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        note: r.note,
      };
    });
  }
}
