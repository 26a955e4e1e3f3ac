// Night checks (夜查): a team patrol scheduled over segments for a stretch of an evening, with the
// people who go and its lead. Scheduled and cancelled by whoever could post duty staff on those
// segments (policy `nightCheck.schedule`); each member's track over the check's time is judged
// like a duty shift (ComplianceService.judgeNightCheck). See docs/road-chiefs.md.

import type { Db } from '@xiuhua/db';
import { type SqlBool, sql } from 'kysely';
import { recordRowChange } from '../admin/history.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { ComplianceService } from './compliance.ts';
import type { RoadPostService } from './posts.ts';

/** The longest night check (hours). */
const MAX_HOURS = 12;

export interface NightCheckInput {
  name: string;
  startsAt: string;
  endsAt: string;
  segmentIds: number[];
  memberIds: number[];
  leadUserId: number;
  note?: string | null;
}

type Row = {
  id: number;
  name: string;
  starts_at: Date;
  ends_at: Date;
  segment_ids: number[];
  member_ids: number[];
  lead_user_id: number;
  note: string | null;
  cancelled_at: Date | null;
};

const invalid = (message: string, field: string) => new AppError(400, 'INVALID_FIELD', message, field);

export class NightCheckService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #posts: RoadPostService;
  #compliance: ComplianceService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    directory: DirectoryService;
    posts: RoadPostService;
    compliance: ComplianceService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
    this.#posts = deps.posts;
    this.#compliance = deps.compliance;
  }

  async #streetPaths(segmentIds: readonly number[]): Promise<string[]> {
    const rows =
      segmentIds.length === 0
        ? []
        : await this.#db
            .selectFrom('road_segments')
            .select(['id', 'street_code'])
            .where('id', 'in', [...segmentIds])
            .execute();
    const missing = segmentIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw invalid(`no road segment ${missing.join(', ')}`, 'segmentIds');
    const dir = await this.#directory.get();
    return [...new Set(rows.map((r) => dir.areas.get(r.street_code)?.path ?? ''))];
  }

  async #may(actor: Actor, segmentIds: readonly number[]): Promise<void> {
    assertMay(actor, 'nightCheck.schedule', {
      streetPaths: await this.#streetPaths(segmentIds),
      segmentIds,
      myPosts: await this.#posts.heldPosts(actor.user.id),
    });
  }

  async schedule(actor: Actor, input: NightCheckInput) {
    const starts = new Date(input.startsAt);
    const ends = new Date(input.endsAt);
    if (Number.isNaN(starts.getTime())) throw invalid('startsAt is not a time', 'startsAt');
    if (Number.isNaN(ends.getTime()) || ends <= starts)
      throw invalid('the check ends after it starts', 'endsAt');
    if (ends.getTime() - starts.getTime() > MAX_HOURS * 3_600_000)
      throw invalid(`a night check lasts at most ${MAX_HOURS} hours`, 'endsAt');
    if (new Set(input.segmentIds).size !== input.segmentIds.length)
      throw invalid('a segment is named twice', 'segmentIds');
    const members = [...new Set([input.leadUserId, ...input.memberIds])];
    const found = await this.#db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', members)
      .where('active', '=', true)
      .execute();
    const unknown = members.filter((id) => !found.some((u) => u.id === id));
    if (unknown.length > 0)
      throw invalid(
        `no active user ${unknown.join(', ')}`,
        unknown.includes(input.leadUserId) ? 'leadUserId' : 'memberIds',
      );
    await this.#may(actor, input.segmentIds);
    const row = await this.#db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('night_checks')
        .values({
          name: input.name,
          starts_at: starts,
          ends_at: ends,
          segment_ids: input.segmentIds,
          member_ids: members,
          lead_user_id: input.leadUserId,
          note: input.note ?? null,
          created_by: actor.user.id,
          cancelled_at: null,
          cancelled_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordRowChange(
        trx,
        { actorUserId: actor.user.id, entity: 'night_check', at: this.#clock.now() },
        null,
        created,
      );
      return created;
    });
    return await this.#present(row);
  }

  async cancel(actor: Actor, id: number) {
    const before = await this.#db
      .selectFrom('night_checks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('night check');
    if (before.cancelled_at) throw new AppError(409, 'CONFLICT', 'the night check is already cancelled');
    await this.#may(actor, before.segment_ids);
    const after = await this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('night_checks')
        .set({ cancelled_at: this.#clock.now(), cancelled_by: actor.user.id })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordRowChange(
        trx,
        { actorUserId: actor.user.id, entity: 'night_check', at: this.#clock.now() },
        before,
        updated,
      );
      return updated;
    });
    return await this.#present(after);
  }

  /** Checks starting in [from, to] (CST dates), the caller's or all (staff). */
  async list(actor: Actor, range: { from: string; to: string; memberId?: number }) {
    assertMay(actor, 'roadPost.read', null);
    let q = this.#db
      .selectFrom('night_checks')
      .selectAll()
      .where('starts_at', '>=', new Date(`${range.from}T00:00:00+08:00`))
      .where('starts_at', '<', new Date(new Date(`${range.to}T00:00:00+08:00`).getTime() + 86_400_000))
      .orderBy('starts_at');
    if (range.memberId !== undefined) q = q.where(sql<SqlBool>`${range.memberId} = any(member_ids)`);
    return await Promise.all((await q.execute()).map((r) => this.#present(r)));
  }

  /** One check with each member's result (judged once the check has ended). */
  async get(actor: Actor, id: number) {
    assertMay(actor, 'roadPost.read', null);
    const row = await this.#db.selectFrom('night_checks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('night check');
    return await this.#present(row, true);
  }

  async #present(r: Row, withResults = false) {
    const users = await this.#db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', r.member_ids)
      .execute();
    const name = (id: number) => users.find((u) => u.id === id)?.display_name ?? '';
    const ended = r.ends_at <= this.#clock.now() && r.cancelled_at === null;
    const results =
      withResults && ended
        ? await Promise.all(r.member_ids.map((m) => this.#compliance.judgeNightCheck(r, m)))
        : null;
    return {
      id: r.id,
      name: r.name,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      segmentIds: r.segment_ids,
      lead: { id: r.lead_user_id, name: name(r.lead_user_id) },
      members: r.member_ids.map((id, i) => ({
        id,
        name: name(id),
        result: results
          ? {
              required: results[i]!.required,
              done: results[i]!.done,
              missed: results[i]!.gaps.flatMap((g) => g.segmentIds),
              offPost: results[i]!.offPost.map((o) => ({
                from: new Date(o.from).toISOString(),
                to: new Date(o.to).toISOString(),
              })),
            }
          : null,
      })),
      note: r.note,
      cancelledAt: r.cancelled_at?.toISOString() ?? null,
    };
  }
}
