// Timed items (docs/timed-items.md): deadlines beyond a case's own step, timed exactly like a case
// step — the step clock of cases/step-clock.ts on the owner unit's duty schedule, the same colours,
// the same sweeper (cases/sweeper.ts). Other capabilities open, close and cancel their items inside
// their own transaction (open(trx, …), close(trx, …), cancel(trx, …)); staff read them and
// supervisors prompt them (remind, urge, supervise) through the routes. Every change is an event.

import type { Db, TimedItemRow } from '@xiuhua/db';
import type { TimeLimit } from '@xiuhua/domain/calendar';
import { type TimedItemFacts, why } from '@xiuhua/domain/policy';
import {
  SUBJECT_TYPE_PATTERN,
  type TimedItemAction,
  type TimedItemPrompt,
  timedItemRefusal,
} from '@xiuhua/domain/timed';
import { type SqlBool, sql } from 'kysely';
import {
  currentScheduleRef,
  isProvisionalDeadline,
  parseStepClock,
  type TimeService,
} from '../calendar/service.ts';
import type { Trx } from '../cases/deps.ts';
import { clockColumns, startOn } from '../cases/step-clock.ts';
import { caseAccessFacts, visibleTo } from '../cases/visibility.ts';
import { type Actor, assertMay, refusalError } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound, toAppError } from '../platform/errors.ts';
import type { TimedItemDetailSchema, TimedItemSchema } from './schemas.ts';
import type { Static } from 'typebox';

export type TimedItemView = Static<typeof TimedItemSchema>;
export type TimedItemDetail = Static<typeof TimedItemDetailSchema>;

/** Who made a change: a person in a unit, or nobody (the system). */
export interface By {
  userId: number;
  unitId: number | null;
}

/** What a capability gives to open a timed item. */
export interface OpenTimedItem {
  /** What is timed: 'dispute', 'appeal', later 'co_unit_part', 'notice' … (a lower-case identifier). */
  subjectType: string;
  subjectId: string | number;
  /** The case the subject belongs to: the item is then seen as the case is. */
  caseId?: number | null;
  /** The unit that must act in time; its duty schedule times a working-time limit. */
  ownerUnitId: number;
  title: string;
  /** The allowance; its unit decides the clock kind (workHour, workDay…: working time). */
  limit: TimeLimit;
  /** Default: now. */
  startedAt?: Date;
  by?: By | null;
}

/** How an item ends: who closed it and why (both optional; a closing capability names its own event). */
export interface TimedItemOutcome {
  by?: By | null;
  reason?: string | null;
}

export interface TimedItemDeps {
  db: Db;
  clock: Clock;
  time: TimeService;
  directory: DirectoryService;
}

const invalid = (message: string, field: string) => new AppError(400, 'INVALID_FIELD', message, field);

export class TimedItemService {
  #s: TimedItemDeps;

  constructor(deps: TimedItemDeps) {
    this.#s = deps;
  }

  /** Opens a timed item inside the caller's transaction; the new row. */
  async open(trx: Trx, input: OpenTimedItem): Promise<TimedItemRow> {
    if (!SUBJECT_TYPE_PATTERN.test(input.subjectType))
      throw invalid(
        `subject type ${JSON.stringify(input.subjectType)} is not a lower-case identifier`,
        'subjectType',
      );
    const subjectId = String(input.subjectId);
    if (subjectId.length < 1 || subjectId.length > 100)
      throw invalid('subject id must be 1–100 characters', 'subjectId');
    const title = input.title.trim();
    if (title.length < 1 || title.length > 200)
      throw invalid('a title of 1–200 characters is needed', 'title');
    const owner = await this.#s.directory.unit(input.ownerUnitId);
    if (!owner) throw new AppError(422, 'UNKNOWN_UNIT', `no unit ${input.ownerUnitId}`, 'ownerUnitId');
    if (!(input.limit.amount > 0)) throw invalid('a limit must be more than nothing', 'limit');
    if (
      input.caseId != null &&
      !(await trx.selectFrom('cases').select('id').where('id', '=', input.caseId).executeTakeFirst())
    )
      throw new AppError(422, 'UNKNOWN_CASE', `no case ${input.caseId}`, 'caseId');
    const area = await this.#s.directory.area(owner.area_code);
    const now = input.startedAt ?? this.#s.clock.now();
    const rules = await this.#s.time.rules();
    let columns: ReturnType<typeof clockColumns>;
    let clock: ReturnType<typeof startOn>;
    try {
      clock = startOn(now, input.limit, rules, currentScheduleRef(rules, owner.schedule_id));
      columns = clockColumns(clock, this.#s.clock.now(), rules);
    } catch (e) {
      const known = toAppError(e);
      if (known && known.code !== 'INVALID_CALENDAR') throw known;
      throw invalid(
        `the limit ${input.limit.amount} ${input.limit.unit} is not valid: ${(e as Error).message}`,
        'limit',
      );
    }
    const row = await trx
      .insertInto('timed_items')
      .values({
        subject_type: input.subjectType,
        subject_id: subjectId,
        case_id: input.caseId ?? null,
        owner_unit_id: owner.id,
        owner_area_path: area?.path ?? owner.area_code,
        title,
        started_at: now,
        limit_minutes: clock.limitMinutes,
        clock_kind: clock.working ? 'working' : 'natural',
        clock: columns.step_clock!,
        due_at: columns.due_at,
        colour: columns.colour,
        next_colour_at: columns.next_colour_at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#event(trx, row.id, 'open', input.by ?? null, null);
    return row;
  }

  /** Marks an open item done (its work was done, in time or late: its colour stays as it was). */
  async close(trx: Trx, id: number, outcome: TimedItemOutcome = {}): Promise<TimedItemRow> {
    return await this.#finish(trx, id, 'done', outcome);
  }

  /** Cancels an open item (its subject went away: withdrawn, merged, superseded). */
  async cancel(trx: Trx, id: number, outcome: TimedItemOutcome = {}): Promise<TimedItemRow> {
    return await this.#finish(trx, id, 'cancelled', outcome);
  }

  async #finish(
    trx: Trx,
    id: number,
    to: 'done' | 'cancelled',
    outcome: TimedItemOutcome,
  ): Promise<TimedItemRow> {
    const row = await this.#lock(trx, id);
    const refusal = timedItemRefusal(row.status, to);
    if (refusal) throw refusalError(refusal);
    const now = this.#s.clock.now();
    // The colour at the close, kept: an item done late stays red.
    const { colour } = clockColumns(parseStepClock(row.clock), now, await this.#s.time.rules());
    const done = await trx
      .updateTable('timed_items')
      .set({ status: to, done_at: now, colour: colour ?? row.colour, next_colour_at: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#event(trx, id, to, outcome.by ?? null, outcome.reason ?? null);
    return done;
  }

  /** Remind, urge or supervise an open item: recorded as its event, with who and when. */
  async prompt(actor: Actor, id: number, prompt: TimedItemPrompt, reason: string): Promise<TimedItemDetail> {
    await this.#s.db.transaction().execute(async (trx) => {
      const row = await this.#lock(trx, id);
      const facts = await this.#facts(trx, row);
      if (why(actor, 'timedItem.see', facts)) throw notFound('timed item');
      assertMay(actor, 'timedItem.prompt', { prompt, item: facts });
      const refusal = timedItemRefusal(row.status, prompt);
      if (refusal) throw refusalError(refusal);
      await this.#event(
        trx,
        id,
        prompt,
        { userId: actor.user.id, unitId: actor.user.unit_id },
        reason.trim(),
      );
    });
    return await this.get(actor, id);
  }

  /** The items the actor sees: open ones (or all), of an owner unit or a case. */
  async list(
    actor: Actor,
    filter: { ownerUnitId?: number; caseId?: number; status?: 'open' | 'all' },
  ): Promise<TimedItemView[]> {
    let q = this.#s.db
      .selectFrom('timed_items as t')
      .leftJoin('cases', 'cases.id', 't.case_id')
      .selectAll('t')
      .where(this.#visible(actor))
      .orderBy('t.due_at')
      .orderBy('t.id')
      .limit(500);
    if ((filter.status ?? 'open') === 'open') q = q.where('t.status', '=', 'open');
    if (filter.ownerUnitId !== undefined) q = q.where('t.owner_unit_id', '=', filter.ownerUnitId);
    if (filter.caseId !== undefined) q = q.where('t.case_id', '=', filter.caseId);
    const rows = await q.execute();
    return await this.#present(rows);
  }

  /** One item with its events; 404 when the actor may not see it. */
  async get(actor: Actor, id: number): Promise<TimedItemDetail> {
    const row = await this.#s.db
      .selectFrom('timed_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || why(actor, 'timedItem.see', await this.#facts(this.#s.db, row))) throw notFound('timed item');
    const events = await this.#s.db
      .selectFrom('timed_item_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .leftJoin('units as n', 'n.id', 'e.actor_unit_id')
      .select([
        'e.seq',
        'e.action',
        'e.at',
        'e.reason',
        'u.id as userId',
        'u.display_name',
        'n.id as unitId',
        'n.name',
      ])
      .where('e.timed_item_id', '=', id)
      .orderBy('e.seq')
      .execute();
    const [view] = await this.#present([row]);
    return {
      ...view!,
      events: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        at: e.at.toISOString(),
        reason: e.reason,
        actor: e.userId === null ? null : { id: e.userId, name: e.display_name ?? '' },
        unit: e.unitId === null ? null : { id: e.unitId, name: e.name ?? '' },
      })),
    };
  }

  async #lock(trx: Trx, id: number): Promise<TimedItemRow> {
    const row = await trx
      .selectFrom('timed_items')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('timed item');
    return row;
  }

  async #facts(db: Db | Trx, row: TimedItemRow): Promise<TimedItemFacts> {
    return {
      case: await caseAccessFacts(db, row.case_id),
      ownerUnitId: String(row.owner_unit_id),
      ownerAreaPath: row.owner_area_path,
    };
  }

  /** The policy's timedItem.see as SQL on `t` (timed_items) left-joined to `cases`. */
  #visible(actor: Actor) {
    const { scope } = actor;
    if (scope.cityWide) return sql<SqlBool>`true`;
    const own = [
      ...(scope.unitIds.length > 0 ? [sql`t.owner_unit_id = any(${scope.unitIds.map(Number)}::int[])`] : []),
      ...scope.areaPaths.flatMap((p) => [
        sql`t.owner_area_path = ${p}`,
        sql`t.owner_area_path like ${`${p}/%`}`,
      ]),
    ];
    const ownTerm = own.length > 0 ? sql.join(own, sql` or `) : sql`false`;
    return sql<SqlBool>`((t.case_id is not null and ${visibleTo(actor, 'cases')}) or (t.case_id is null and (${ownTerm})))`;
  }

  async #event(trx: Trx, id: number, action: TimedItemAction, by: By | null, reason: string | null) {
    await trx
      .insertInto('timed_item_events')
      .values({
        timed_item_id: id,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from timed_item_events where timed_item_id = ${id})`,
        action,
        actor_user_id: by?.userId ?? null,
        actor_unit_id: by?.unitId ?? null,
        at: this.#s.clock.now(),
        reason,
      })
      .execute();
  }

  async #present(rows: TimedItemRow[]): Promise<TimedItemView[]> {
    if (rows.length === 0) return [];
    const prompts = await this.#s.db
      .selectFrom('timed_item_events')
      .select(['timed_item_id', 'action', 'at'])
      .where(
        'timed_item_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('action', 'in', ['remind', 'urge', 'supervise'])
      .orderBy('seq')
      .execute();
    const last = new Map(prompts.map((p) => [Number(p.timed_item_id), p]));
    const dir = await this.#s.directory.get();
    const rules = await this.#s.time.rules();
    return rows.map((r) => {
      const p = last.get(Number(r.id));
      const provisional = isProvisionalDeadline(parseStepClock(r.clock), r.due_at, rules);
      return {
        id: Number(r.id),
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        caseId: r.case_id === null ? null : Number(r.case_id),
        owner: { id: r.owner_unit_id, name: dir.units.get(r.owner_unit_id)?.name ?? '' },
        title: r.title,
        startedAt: r.started_at.toISOString(),
        limitMinutes: r.limit_minutes,
        clockKind: r.clock_kind,
        dueAt: r.due_at?.toISOString() ?? null,
        ...(provisional ? { provisional: true as const } : {}),
        colour: r.colour,
        status: r.status,
        doneAt: r.done_at?.toISOString() ?? null,
        lastPrompt: p ? { action: p.action as TimedItemPrompt, at: p.at.toISOString() } : null,
      };
    });
  }
}
