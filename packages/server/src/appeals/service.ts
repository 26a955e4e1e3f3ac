// Appeals (docs/appeals.md): submitted → under_review → upheld | overturned, on a timed item for
// the review deadline, every move an append-only event naming who. The subject's capability
// submits inside its own transaction (submit(trx, …)) with the facts only it knows — who reviews,
// who made the decision — and registers a handler for its subject type that applies the outcome
// inside the deciding transaction (register()). Reviewers start a review and decide through the
// generic routes; the policy (appeal.see, appeal.review) says who.

import type { AppealRow, Db } from '@xiuhua/db';
import {
  type AppealAction,
  type AppealOutcome,
  type AppealState,
  appealMove,
  DEFAULT_APPEAL_REVIEW_LIMIT,
  OUTCOME_ACTION,
} from '@xiuhua/domain/appeals';
import type { TimeLimit } from '@xiuhua/domain/calendar';
import { type AppealFacts, why } from '@xiuhua/domain/policy';
import { SUBJECT_TYPE_PATTERN } from '@xiuhua/domain/timed';
import { type SqlBool, sql } from 'kysely';
import type { Static } from 'typebox';
import type { Trx } from '../cases/deps.ts';
import { caseAccessFacts, visibleTo } from '../cases/visibility.ts';
import { type Actor, assertMay, refusalError } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { By, TimedItemService } from '../timed-items/service.ts';
import type { AppealDetailSchema, AppealSchema } from './schemas.ts';

export type AppealView = Static<typeof AppealSchema>;
export type AppealDetail = Static<typeof AppealDetailSchema>;

/**
 * What a subject's capability does with a decided appeal, inside the deciding transaction: an
 * overturned ruling is undone, an upheld one stands. Throwing (an AppError) refuses the decision:
 * nothing of it is written.
 */
export interface AppealSubjectHandler {
  decided(trx: Trx, appeal: AppealRow & { state: AppealOutcome }): Promise<void>;
}

/** What a capability gives to submit an appeal against one of its decisions. */
export interface SubmitAppeal {
  subjectType: string;
  subjectId: string | number;
  caseId?: number | null;
  /** The party appealing: a person of a unit. */
  by: By & { unitId: number };
  reason: string;
  /** The units whose reviewers decide (e.g. one level above the decider: oneLevelUp()); the first owns the deadline. */
  reviewUnitIds: readonly number[];
  /** Who made the decision appealed against; he may not review it. */
  subjectDecidedBy?: number | null;
  /** The review deadline; default DEFAULT_APPEAL_REVIEW_LIMIT (3 working days). */
  reviewLimit?: TimeLimit;
  /** The timed item's title; default 申诉复核. */
  title?: string;
}

export interface AppealDeps {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  timedItems: TimedItemService;
}

const invalid = (message: string, field: string) => new AppError(400, 'INVALID_FIELD', message, field);
const OPEN_STATES: AppealState[] = ['submitted', 'under_review'];

export class AppealService {
  #s: AppealDeps;
  #handlers = new Map<string, AppealSubjectHandler>();

  constructor(deps: AppealDeps) {
    this.#s = deps;
  }

  /** Registers the capability that owns a subject type (once, in composition.ts or its wiring). */
  register(subjectType: string, handler: AppealSubjectHandler): void {
    if (!SUBJECT_TYPE_PATTERN.test(subjectType)) throw new Error(`bad appeal subject type ${subjectType}`);
    if (this.#handlers.has(subjectType)) throw new Error(`appeal subject ${subjectType} is registered twice`);
    this.#handlers.set(subjectType, handler);
  }

  /** Submits an appeal inside the caller's transaction, with its review deadline; the new row. */
  async submit(trx: Trx, input: SubmitAppeal): Promise<AppealRow> {
    if (!this.#handlers.has(input.subjectType))
      throw invalid(`nothing takes appeals against ${JSON.stringify(input.subjectType)}`, 'subjectType');
    const subjectId = String(input.subjectId);
    if (subjectId.length < 1 || subjectId.length > 100)
      throw invalid('subject id must be 1–100 characters', 'subjectId');
    const move = appealMove(null, 'submit', input.reason);
    if ('refusal' in move) throw refusalError(move.refusal);
    const reason = input.reason.trim();
    if (reason.length > 2000) throw invalid('the reason is longer than 2000 characters', 'reason');
    if (input.reviewUnitIds.length === 0) throw invalid('an appeal needs a reviewing unit', 'reviewUnitIds');
    const units = [
      ...input.reviewUnitIds.map((u) => [u, 'reviewUnitIds'] as const),
      [input.by.unitId, 'by.unitId'] as const,
    ];
    for (const [unit, field] of units)
      if (!(await this.#s.directory.unit(unit)))
        throw new AppError(422, 'UNKNOWN_UNIT', `no unit ${unit}`, field);
    for (const [user, field] of [
      [input.by.userId, 'by.userId'],
      [input.subjectDecidedBy ?? null, 'subjectDecidedBy'],
    ] as const)
      if (
        user !== null &&
        !(await trx.selectFrom('users').select('id').where('id', '=', user).executeTakeFirst())
      )
        throw new AppError(422, 'UNKNOWN_USER', `no user ${user}`, field);
    const { id } = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence('appeals', 'id'))::int8 as id`
      .execute(trx)
      .then((r) => r.rows[0]!);
    const item = await this.#s.timedItems.open(trx, {
      subjectType: 'appeal',
      subjectId: id,
      caseId: input.caseId ?? null,
      ownerUnitId: input.reviewUnitIds[0]!,
      title: input.title ?? '申诉复核',
      limit: input.reviewLimit ?? DEFAULT_APPEAL_REVIEW_LIMIT,
      by: input.by,
    });
    const now = this.#s.clock.now();
    const row = await trx
      .insertInto('appeals')
      .values({
        id,
        subject_type: input.subjectType,
        subject_id: subjectId,
        case_id: input.caseId ?? null,
        state: move.to,
        reason,
        submitted_by: input.by.userId,
        submitter_unit_id: input.by.unitId,
        submitted_at: now,
        review_unit_ids: [...input.reviewUnitIds],
        subject_decided_by: input.subjectDecidedBy ?? null,
        timed_item_id: item.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#event(trx, row, 'submit', null, input.by, reason);
    return row;
  }

  /** A reviewer takes the appeal up: submitted → under_review. */
  async startReview(actor: Actor, id: number): Promise<AppealDetail> {
    return await this.#move(actor, id, 'start_review', null);
  }

  /** The reviewer's decision: under_review → upheld | overturned, its deadline closed, the subject told. */
  async decide(
    actor: Actor,
    id: number,
    decision: { outcome: AppealOutcome; reason: string },
  ): Promise<AppealDetail> {
    return await this.#move(actor, id, OUTCOME_ACTION[decision.outcome], decision.reason);
  }

  async #move(actor: Actor, id: number, action: AppealAction, reason: string | null): Promise<AppealDetail> {
    await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('appeals')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('appeal');
      const facts = await this.#facts(trx, row);
      if (why(actor, 'appeal.see', facts)) throw notFound('appeal');
      assertMay(actor, 'appeal.review', facts);
      const move = appealMove(row.state, action, reason);
      if ('refusal' in move) throw refusalError(move.refusal);
      const by = { userId: actor.user.id, unitId: actor.user.unit_id };
      const now = this.#s.clock.now();
      const decided = move.to === 'upheld' || move.to === 'overturned';
      const updated = await trx
        .updateTable('appeals')
        .set({
          state: move.to,
          version: sql`version + 1`,
          ...(action === 'start_review' ? { reviewer_id: by.userId } : {}),
          ...(decided ? { decision_reason: reason!.trim(), decided_by: by.userId, decided_at: now } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#event(trx, updated, action, row.state, by, reason?.trim() ?? null);
      if (decided) {
        await this.#s.timedItems.close(trx, row.timed_item_id, { by, reason: reason!.trim() });
        await this.#handlers
          .get(row.subject_type)
          ?.decided(trx, updated as AppealRow & { state: AppealOutcome });
      }
    });
    return await this.get(actor, id);
  }

  /** The appeals the actor sees: open ones by default, of a case or a subject. */
  async list(
    actor: Actor,
    filter: { state?: 'open' | 'all'; caseId?: number; subjectType?: string; subjectId?: string },
  ): Promise<AppealView[]> {
    let q = this.#s.db
      .selectFrom('appeals as a')
      .leftJoin('cases', 'cases.id', 'a.case_id')
      .selectAll('a')
      .where(this.#visible(actor))
      .orderBy('a.submitted_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(500);
    if ((filter.state ?? 'open') === 'open') q = q.where('a.state', 'in', OPEN_STATES);
    if (filter.caseId !== undefined) q = q.where('a.case_id', '=', filter.caseId);
    if (filter.subjectType !== undefined) q = q.where('a.subject_type', '=', filter.subjectType);
    if (filter.subjectId !== undefined) q = q.where('a.subject_id', '=', filter.subjectId);
    return await this.#present(await q.execute());
  }

  /** One appeal with its events; 404 when the actor may not see it. */
  async get(actor: Actor, id: number): Promise<AppealDetail> {
    const row = await this.#s.db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || why(actor, 'appeal.see', await this.#facts(this.#s.db, row))) throw notFound('appeal');
    const events = await this.#s.db
      .selectFrom('appeal_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_user_id')
      .leftJoin('units as n', 'n.id', 'e.actor_unit_id')
      .select(['e.seq', 'e.action', 'e.from_state', 'e.to_state', 'e.at', 'e.reason', 'u.id as userId'])
      .select(['u.display_name', 'n.id as unitId', 'n.name as unitName'])
      .where('e.appeal_id', '=', id)
      .orderBy('e.seq')
      .execute();
    const [view] = await this.#present([row]);
    return {
      ...view!,
      events: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        fromState: e.from_state as AppealState | null,
        toState: e.to_state as AppealState,
        at: e.at.toISOString(),
        reason: e.reason,
        actor: { id: e.userId, name: e.display_name },
        unit: e.unitId === null ? null : { id: e.unitId, name: e.unitName ?? '' },
      })),
    };
  }

  async #facts(db: Db | Trx, row: AppealRow): Promise<AppealFacts> {
    return {
      submitterUnitId: String(row.submitter_unit_id),
      submittedByUserId: String(row.submitted_by),
      reviewUnitIds: row.review_unit_ids.map(String),
      decidedByUserId: row.subject_decided_by === null ? null : String(row.subject_decided_by),
      case: await caseAccessFacts(db, row.case_id),
    };
  }

  /** The policy's appeal.see as SQL on `a` (appeals) left-joined to `cases`. */
  #visible(actor: Actor) {
    if (actor.scope.cityWide) return sql<SqlBool>`true`;
    const units = actor.scope.unitIds.map(Number);
    return sql<SqlBool>`(a.submitter_unit_id = any(${units}::int[]) or a.review_unit_ids && ${units}::int[]
      or (a.case_id is not null and ${visibleTo(actor, 'cases')}))`;
  }

  async #event(
    trx: Trx,
    row: AppealRow,
    action: AppealAction,
    from: AppealState | null,
    by: By,
    reason: string | null,
  ) {
    await trx
      .insertInto('appeal_events')
      .values({
        appeal_id: row.id,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from appeal_events where appeal_id = ${row.id})`,
        action,
        from_state: from,
        to_state: row.state,
        actor_user_id: by.userId,
        actor_unit_id: by.unitId,
        at: this.#s.clock.now(),
        reason,
      })
      .execute();
  }

  async #present(rows: AppealRow[]): Promise<AppealView[]> {
    if (rows.length === 0) return [];
    const userIds = [
      ...new Set(
        rows.flatMap((r) => [r.submitted_by, r.reviewer_id, r.decided_by]).filter((u) => u !== null),
      ),
    ];
    const [users, items, dir] = await Promise.all([
      this.#s.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute(),
      this.#s.db
        .selectFrom('timed_items')
        .select(['id', 'due_at', 'colour', 'status'])
        .where(
          'id',
          'in',
          rows.map((r) => r.timed_item_id),
        )
        .execute(),
      this.#s.directory.get(),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.display_name]));
    const person = (id: number) => ({ id, name: userName.get(id) ?? '' });
    const unit = (id: number) => ({ id, name: dir.units.get(id)?.name ?? '' });
    const item = new Map(items.map((i) => [i.id, i]));
    return rows.map((r) => {
      const t = item.get(r.timed_item_id)!;
      return {
        id: r.id,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        caseId: r.case_id,
        state: r.state,
        reason: r.reason,
        submittedBy: person(r.submitted_by),
        submitterUnit: unit(r.submitter_unit_id),
        submittedAt: r.submitted_at.toISOString(),
        reviewUnits: r.review_unit_ids.map(unit),
        reviewer: r.reviewer_id === null ? null : person(r.reviewer_id),
        decision:
          (r.state === 'upheld' || r.state === 'overturned') && r.decided_by !== null && r.decided_at
            ? {
                outcome: r.state,
                reason: r.decision_reason ?? '',
                by: person(r.decided_by),
                at: r.decided_at.toISOString(),
              }
            : null,
        review: {
          timedItemId: t.id,
          dueAt: t.due_at?.toISOString() ?? null,
          colour: t.colour,
          status: t.status,
        },
        version: r.version,
      };
    });
  }
}
