// Jurisdiction disputes (权属争议, docs/disputes.md). The second "not our duty" return since a case's
// filing opens one (a hook after every case action, in its transaction), with a ruling deadline
// (a timed item) for the centre holding the case. The centre rules which unit is responsible; the
// ruled unit may appeal one level up (the appeals mechanism, subject `dispute_ruling`); an upheld
// appeal makes the ruling final, an overturned one leaves the final ruling to the reviewing level.
// Each move is also an event of the case (dispute_opened / _ruled / _appealed / _final), so the
// assessment facts judge the returns from the case's own log.

import type { CaseRow, Db, DisputeRow, UnitRow } from '@xiuhua/db';
import { oneLevelUp } from '@xiuhua/domain/appeals';
import {
  DISPUTE_RULING_LIMIT,
  type DisputedReturn,
  disputeMoveRefusal,
  judgeReturns,
  type JudgedReturn,
  returnsOpeningDispute,
} from '@xiuhua/domain/disputes';
import type { AppealService } from '../appeals/service.ts';
import type { Trx } from '../cases/deps.ts';
import { appendEvent, notifyChange } from '../cases/events.ts';
import { holdingCentre } from '../cases/handoff.ts';
import { isVisible } from '../cases/visibility.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { RoutingRuleAdmin } from '../routing/rules.ts';
import type { TimedItemService } from '../timed-items/service.ts';

export interface DisputeDeps {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  timedItems: TimedItemService;
  appeals: AppealService;
  routingRules: RoutingRuleAdmin;
}

/** A ruling: the unit responsible, why, and whether to correct the routing that sent it astray. */
export interface RulingInput {
  responsibleUnitId: number;
  reason: string;
  /** Add a routing rule: this class in the case's street goes to the responsible unit. */
  correctRouting?: boolean;
}

export const DISPUTE_APPEAL_SUBJECT = 'dispute_ruling';

const conflict = (message: string) => new AppError(409, 'CONFLICT', message);

export class DisputeService {
  #s: DisputeDeps;

  constructor(deps: DisputeDeps) {
    this.#s = deps;
    deps.appeals.register(DISPUTE_APPEAL_SUBJECT, {
      decided: (trx, appeal) => this.#appealDecided(trx, appeal),
    });
  }

  /** The case hook: after a return, open a dispute when it is the second "not our duty" one. */
  afterAction = async (trx: Trx, action: string, kase: CaseRow): Promise<void> => {
    if (action !== 'return') return;
    const events = await trx
      .selectFrom('case_events')
      .select(['seq', 'action', 'actor_unit_id', 'actor_user_id', 'actor_role', 'data'])
      .where('case_id', '=', kase.id)
      .orderBy('seq')
      .execute();
    const returns = returnsOpeningDispute(
      events.map((e) => ({ seq: e.seq, action: e.action, actorUnitId: e.actor_unit_id, data: e.data })),
    );
    if (!returns) return;
    const centre = await this.#holdingCentre(kase);
    const now = this.#s.clock.now();
    const dispute = await trx
      .insertInto('jurisdiction_disputes')
      .values({
        case_id: kase.id,
        state: 'open',
        centre_unit_id: centre.id,
        returns: JSON.stringify(returns),
        opened_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const last = events.at(-1)!;
    const item = await this.#s.timedItems.open(trx, {
      subjectType: 'dispute',
      subjectId: dispute.id,
      caseId: kase.id,
      ownerUnitId: centre.id,
      title: `权属争议裁定 · ${kase.number}`,
      limit: DISPUTE_RULING_LIMIT,
      startedAt: now,
      by: last.actor_user_id === null ? null : { userId: last.actor_user_id, unitId: last.actor_unit_id },
    });
    await trx
      .updateTable('jurisdiction_disputes')
      .set({ timed_item_id: item.id })
      .where('id', '=', dispute.id)
      .execute();
    await appendEvent(trx, kase.id, {
      action: 'dispute_opened',
      from_state: kase.state,
      to_state: kase.state,
      actor_user_id: last.actor_user_id,
      actor_role: last.actor_role,
      actor_unit_id: last.actor_unit_id,
      at: now,
      reason: null,
      data: { disputeId: dispute.id, centreUnitId: centre.id, returns, dueAt: item.due_at },
      attachments: [],
    });
  };

  /** The disputes of cases the actor sees (of one case, or the open ones). */
  async list(actor: Actor, query: { caseId?: number; state?: 'open' | 'all' }) {
    let q = this.#s.db.selectFrom('jurisdiction_disputes').selectAll().orderBy('id', 'desc').limit(500);
    if (query.caseId !== undefined) q = q.where('case_id', '=', query.caseId);
    if ((query.state ?? 'open') === 'open') q = q.where('state', '<>', 'final');
    const rows = await q.execute();
    const out = [];
    for (const row of rows) if (await this.#visible(actor, row)) out.push(await this.#present(row));
    return out;
  }

  async get(actor: Actor, id: number) {
    return await this.#present(await this.#visibleRow(actor, id));
  }

  /** The centre rules which unit is responsible; every return of the dispute is judged by it. */
  async rule(actor: Actor, id: number, input: RulingInput) {
    const row = await this.#visibleRow(actor, id);
    assertMay(actor, 'dispute.rule', { unitIds: [String(row.centre_unit_id)] });
    return await this.#decide(actor, id, 'rule', input);
  }

  /** The unit ruled responsible appeals one level above the centre that ruled. */
  async appeal(actor: Actor, id: number, input: { reason: string }) {
    const row = await this.#visibleRow(actor, id);
    assertMay(actor, 'dispute.appeal', {
      unitIds: row.responsible_unit_id === null ? [] : [String(row.responsible_unit_id)],
    });
    const refusal = disputeMoveRefusal(row.state, 'appeal');
    if (refusal) throw conflict(refusal);
    const above = await this.#centreAbove(row.centre_unit_id);
    if (!above)
      throw new AppError(422, 'UNIT_NOT_ELIGIBLE', 'no centre above the one that ruled reviews appeals');
    await this.#s.db.transaction().execute(async (trx) => {
      const kase = await lockCase(trx, row.case_id);
      const locked = await lockDispute(trx, id, row.version);
      const appeal = await this.#s.appeals.submit(trx, {
        subjectType: DISPUTE_APPEAL_SUBJECT,
        subjectId: id,
        caseId: row.case_id,
        by: { userId: actor.user.id, unitId: actor.user.unit_id },
        reason: input.reason,
        reviewUnitIds: [above.id],
        subjectDecidedBy: locked.ruled_by,
        title: `权属争议裁定申诉 · ${kase.number}`,
      });
      await trx
        .updateTable('jurisdiction_disputes')
        .set({ state: 'appealed', appeal_id: appeal.id, version: locked.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.#caseEvent(trx, kase, actor, 'dispute_appealed', input.reason, {
        disputeId: id,
        appealId: appeal.id,
        reviewUnitId: above.id,
      });
    });
    return await this.get(actor, id);
  }

  /** After an overturned appeal, the reviewing level gives the final ruling. */
  async finalRule(actor: Actor, id: number, input: RulingInput) {
    const row = await this.#visibleRow(actor, id);
    const appeal =
      row.appeal_id === null
        ? undefined
        : await this.#s.db
            .selectFrom('appeals')
            .selectAll()
            .where('id', '=', row.appeal_id)
            .executeTakeFirst();
    assertMay(actor, 'dispute.finalRule', { unitIds: (appeal?.review_unit_ids ?? []).map(String) });
    if (appeal?.state !== 'overturned')
      throw conflict('the final ruling follows an overturned appeal; an upheld one made the ruling final');
    return await this.#decide(actor, id, 'final', input);
  }

  // ---------------------------------------------------------------- inside

  /** A ruling (first or final): judge the returns, close the deadline, write the case's event. */
  async #decide(actor: Actor, id: number, move: 'rule' | 'final', input: RulingInput) {
    const row = await this.#visibleRow(actor, id);
    const refusal = disputeMoveRefusal(row.state, move);
    if (refusal) throw conflict(refusal);
    const reason = input.reason.trim();
    if (!reason) throw new AppError(400, 'MISSING_FIELD', 'a ruling gives its reason', 'reason');
    const unit = await this.#responsibleUnit(row, input.responsibleUnitId);
    await this.#s.db.transaction().execute(async (trx) => {
      const kase = await lockCase(trx, row.case_id);
      const locked = await lockDispute(trx, id, row.version);
      const judged = judgeReturns(locked.returns, unit.id);
      const now = this.#s.clock.now();
      await trx
        .updateTable('jurisdiction_disputes')
        .set({
          state: move === 'rule' ? 'ruled' : 'final',
          responsible_unit_id: unit.id,
          ...(move === 'rule'
            ? { ruled_by: actor.user.id, ruled_at: now, ruling_reason: reason }
            : { final_by: actor.user.id, final_at: now, ruling_reason: reason }),
          version: locked.version + 1,
        })
        .where('id', '=', id)
        .execute();
      if (move === 'rule' && locked.timed_item_id !== null)
        await this.#s.timedItems.close(trx, locked.timed_item_id, {
          by: { userId: actor.user.id, unitId: actor.user.unit_id },
          reason,
        });
      // The routing at fault, corrected with the ruling: this class in this street goes to the unit.
      const rule = input.correctRouting
        ? await this.#s.routingRules.createIn(
            trx,
            {
              label: `权属争议裁定 #${id}`,
              kind: kase.kind as 'component' | 'event',
              classCode: kase.class_code,
              areaCode: kase.street_code,
              unitId: unit.id,
              priority: 10,
            },
            actor.user.id,
          )
        : null;
      await this.#caseEvent(trx, kase, actor, move === 'rule' ? 'dispute_ruled' : 'dispute_final', reason, {
        disputeId: id,
        responsibleUnitId: unit.id,
        responsibleUnitName: unit.name,
        returns: judged,
        ...(rule ? { routingRuleId: rule.id } : {}),
      });
    });
    return await this.get(actor, id);
  }

  /** The appeals hook: upheld makes the ruling final; overturned waits for the reviewer's ruling. */
  async #appealDecided(
    trx: Trx,
    appeal: { subject_id: string; state: string; decided_by: number | null; decision_reason: string | null },
  ) {
    const id = Number(appeal.subject_id);
    const row = await trx
      .selectFrom('jurisdiction_disputes')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (row?.state !== 'appealed') throw conflict(`dispute ${id} is not waiting for its appeal`);
    if (appeal.state !== 'upheld') return;
    const kase = await lockCase(trx, row.case_id);
    const now = this.#s.clock.now();
    await trx
      .updateTable('jurisdiction_disputes')
      .set({ state: 'final', final_by: appeal.decided_by, final_at: now, version: row.version + 1 })
      .where('id', '=', id)
      .execute();
    const decider =
      appeal.decided_by === null
        ? undefined
        : await trx.selectFrom('users').selectAll().where('id', '=', appeal.decided_by).executeTakeFirst();
    const responsible =
      row.responsible_unit_id === null ? undefined : await this.#s.directory.unit(row.responsible_unit_id);
    await appendEvent(trx, kase.id, {
      action: 'dispute_final',
      from_state: kase.state,
      to_state: kase.state,
      actor_user_id: decider?.id ?? null,
      actor_role:
        decider?.roles.find((r) => ['shift_leader', 'supervisor', 'leader'].includes(r)) ?? 'system',
      actor_unit_id: decider?.unit_id ?? null,
      at: now,
      reason: appeal.decision_reason,
      data: {
        disputeId: id,
        upheld: true,
        responsibleUnitId: row.responsible_unit_id,
        responsibleUnitName: responsible?.name ?? null,
        returns: judgeReturns(row.returns, row.responsible_unit_id!),
      },
      attachments: [],
    });
    await notifyChange(trx, kase.id, 'dispute_final');
  }

  async #caseEvent(
    trx: Trx,
    kase: CaseRow,
    actor: Actor,
    action: string,
    reason: string,
    data: Record<string, unknown>,
  ) {
    await appendEvent(trx, kase.id, {
      action,
      from_state: kase.state,
      to_state: kase.state,
      actor_user_id: actor.user.id,
      actor_role: actor.roles[0]!,
      actor_unit_id: actor.user.unit_id,
      at: this.#s.clock.now(),
      reason,
      data,
      attachments: [],
    });
    await notifyChange(trx, kase.id, action);
  }

  /** A unit that can be responsible: an active handling unit over the case's place. */
  async #responsibleUnit(row: DisputeRow, unitId: number): Promise<UnitRow> {
    const unit = await this.#s.directory.unit(unitId);
    if (!unit?.active)
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no active unit ${unitId}`, 'responsibleUnitId');
    const kase = await this.#s.db
      .selectFrom('cases')
      .select('area_path')
      .where('id', '=', row.case_id)
      .executeTakeFirstOrThrow();
    if (unit.side !== 'handling' || !kase.area_path.split('/').includes(unit.area_code))
      throw new AppError(
        422,
        'UNIT_NOT_ELIGIBLE',
        `${unit.name} is not a handling unit over the case's place`,
        'responsibleUnitId',
      );
    return unit;
  }

  async #holdingCentre(kase: CaseRow): Promise<UnitRow> {
    const centre = await holdingCentre(this.#s.directory, kase);
    if (!centre) throw new AppError(422, 'UNIT_NOT_ELIGIBLE', 'no centre over the case rules its dispute');
    return centre;
  }

  /** One level up from a centre: the centres over the parent of its area (a command one first). */
  async #centreAbove(centreId: number): Promise<UnitRow | undefined> {
    const dir = await this.#s.directory.get();
    const centre = dir.units.get(centreId);
    const area = centre ? dir.areas.get(centre.area_code) : undefined;
    const parentPath = area?.path.split('/').slice(0, -1) ?? [];
    const candidates = [...dir.units.values()].filter(
      (u) => u.active && u.side !== 'handling' && u.id !== centreId && parentPath.includes(u.area_code),
    );
    const chain = candidates
      .sort(
        (a, b) =>
          b.area_code.length - a.area_code.length ||
          Number(b.side === 'command') - Number(a.side === 'command') ||
          a.id - b.id,
      )
      .map((u) => String(u.id));
    const first = oneLevelUp([String(centreId), ...chain])[0];
    return first === undefined ? undefined : dir.units.get(Number(first));
  }

  async #visible(actor: Actor, row: DisputeRow): Promise<boolean> {
    const kase = await this.#s.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', row.case_id)
      .executeTakeFirst();
    return kase !== undefined && isVisible(actor, kase);
  }

  async #visibleRow(actor: Actor, id: number): Promise<DisputeRow> {
    const row = await this.#s.db
      .selectFrom('jurisdiction_disputes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || !(await this.#visible(actor, row))) throw notFound('dispute');
    return row;
  }

  async #present(row: DisputeRow) {
    const dir = await this.#s.directory.get();
    const name = (id: number | null) => (id === null ? null : (dir.units.get(id)?.name ?? null));
    const judged: (DisputedReturn & { justified?: boolean })[] =
      row.responsible_unit_id === null ? row.returns : judgeReturns(row.returns, row.responsible_unit_id);
    const item =
      row.timed_item_id === null
        ? undefined
        : await this.#s.db
            .selectFrom('timed_items')
            .select(['due_at', 'colour', 'status'])
            .where('id', '=', row.timed_item_id)
            .executeTakeFirst();
    const appeal =
      row.appeal_id === null
        ? undefined
        : await this.#s.db
            .selectFrom('appeals')
            .select(['id', 'state', 'review_unit_ids'])
            .where('id', '=', row.appeal_id)
            .executeTakeFirst();
    return {
      id: row.id,
      caseId: row.case_id,
      state: row.state,
      centreUnit: { id: row.centre_unit_id, name: name(row.centre_unit_id) ?? '' },
      returns: judged.map((r) => ({
        seq: r.seq,
        unitId: r.unitId,
        unitName: name(r.unitId),
        suggestedUnitId: r.suggestedUnitId,
        suggestedUnitName: name(r.suggestedUnitId),
        ...(r.justified === undefined ? {} : { justified: r.justified }),
      })),
      openedAt: row.opened_at.toISOString(),
      rulingDueAt: item?.due_at ? item.due_at.toISOString() : null,
      rulingColour: item?.colour ?? null,
      responsibleUnit:
        row.responsible_unit_id === null
          ? null
          : { id: row.responsible_unit_id, name: name(row.responsible_unit_id) ?? '' },
      ruledBy: row.ruled_by,
      ruledAt: row.ruled_at?.toISOString() ?? null,
      rulingReason: row.ruling_reason,
      appeal: appeal ? { id: appeal.id, state: appeal.state, reviewUnitIds: appeal.review_unit_ids } : null,
      finalAt: row.final_at?.toISOString() ?? null,
      version: row.version,
    };
  }
}

export type DisputeView = Awaited<ReturnType<DisputeService['get']>>;
export type { JudgedReturn };

async function lockCase(trx: Trx, caseId: number): Promise<CaseRow> {
  return await trx
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

async function lockDispute(trx: Trx, id: number, version: number): Promise<DisputeRow> {
  const row = await trx
    .selectFrom('jurisdiction_disputes')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.version !== version) throw conflict('the dispute changed meanwhile; load it again');
  return row;
}
