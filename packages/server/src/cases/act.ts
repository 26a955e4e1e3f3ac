// Every transition of the case loop, and the only path that changes a case. Each change is ONE
// transaction that locks the case row, asks the domain's decide(), applies the action's own
// effect (EFFECTS) and the step clock, updates the case and appends its immutable event. Two
// people acting at once: the second waits for the lock, then finds the state changed and gets
// 409 with the current state.

import type { CaseRow, CatalogueClassRow } from '@xiuhua/db';
import { scheduleOf, type TimeLimit } from '@xiuhua/domain/calendar';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import {
  type ActionInput,
  type ActorRole,
  type CaseAction,
  type CaseLevel,
  type CaseState,
  type Decision,
  type Satisfaction,
  decide,
  followUpOfCallback,
  transitionOf,
} from '@xiuhua/domain/workflow';
import type { ReturnKind } from '@xiuhua/domain/disputes';
import { actingRole, can, HANDLING_ACTIONS } from '@xiuhua/domain/policy';
import { parseStepClock, type TimeRules, workingTimeOf } from '../calendar/service.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { assertKnownPhotos } from '../photos/service.ts';
import type { CaseDeps, Gateway, Photo, Trx } from './deps.ts';
import { appendEvent, notifyChange } from './events.ts';
import {
  clockAfter,
  clockColumns,
  ownerSchedule,
  requestedExtension,
  startOn,
  stepLimit,
} from './step-clock.ts';
import { type HandOffAction, handOffTarget, heldByStreet } from './handoff.ts';
import { separationWaived } from './separation.ts';
import { accessFacts, dispatchRefusal, ownArea } from './visibility.ts';

export interface ActInput extends ActionInput {
  /** Optimistic check: the version the client saw; a mismatch is a 409. */
  expectedVersion?: number;
  photos?: Photo[];
  /** Filing may correct the class and set the level. */
  kind?: ClassKind;
  classCode?: string;
  level?: CaseLevel;
  /** The inspector given a verification or check task (default: the grid's inspector). */
  inspectorId?: number;
  /** Why a unit returns a case; the second 非本单位职责 since the filing opens a dispute. */
  returnKind?: ReturnKind;
  /** The unit a returning unit believes responsible. */
  suggestedUnitId?: number;
}

export async function actOnCase(
  deps: CaseDeps,
  actor: Actor | Gateway,
  caseId: number,
  action: CaseAction,
  input: ActInput,
): Promise<CaseRow> {
  const transition = transitionOf(action);
  const staff = 'user' in actor ? actor : null;
  // Staff act in the first of their roles the transition allows, within their scope (the policy's
  // 'case.act', checked again on the locked row); a gateway acts in its channel where the
  // transition table lists it.
  const role: ActorRole | null = actingRole('user' in actor ? actor.roles : [actor.channel], transition);
  if (!role) {
    throw new AppError(
      403,
      'ROLE_NOT_ALLOWED',
      `your roles (${'user' in actor ? actor.roles.join(', ') : actor.channel}) may not ${transition.en.toLowerCase()} a case`,
    );
  }
  await assertKnownPhotos(deps.db, staff, input.photos);
  const rules = await deps.time.rules();
  return await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (staff && !can(staff, 'case.see', accessFacts(row)))) throw notFound('case');
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
      throw conflict(
        row,
        `the case changed since you loaded it (version ${input.expectedVersion}, now ${row.version})`,
      );
    }
    if (staff) assertMay(staff, 'case.act', { transition, facts: accessFacts(row) });
    // One rating per closure, whoever takes it (hotline callback or the citizen's own rating);
    // reopening clears it, so the next closure is rated afresh.
    if (action === 'callback' && row.satisfaction !== null) {
      throw new AppError(
        409,
        'ALREADY_RATED',
        `this result was already rated (${row.satisfaction}); a reopened case is rated again after its next closure`,
        'satisfaction',
        { state: row.state, version: row.version },
      );
    }
    let decision: Decision;
    try {
      decision = decide(
        { state: row.state as CaseState, suspendedFrom: row.suspended_from as CaseState | null },
        action,
        role,
        input,
      );
    } catch (e) {
      if ((e as { code?: string }).code === 'INVALID_TRANSITION') throw conflict(row, (e as Error).message);
      throw e;
    }
    const waived = staff ? await separationWaived(trx, deps.directory, staff, row, action) : false;
    const now = deps.clock.now();
    const acting = { deps, trx, actor, role, now, rules };
    let updated = await applyDecision(acting, row, decision, input, waived ? { separationWaived: true } : {});
    if (action === 'callback') {
      const followUp = followUpOfCallback(input.satisfaction as Satisfaction);
      if (followUp) {
        const reopen = decide({ state: updated.state as CaseState, suspendedFrom: null }, followUp, role, {
          reason: input.reason ?? '回访不满意，重办',
        });
        updated = await applyDecision(acting, updated, reopen, {
          reason: input.reason ?? '回访不满意，重办',
        });
      }
    }
    for (const hook of deps.afterAction ?? []) await hook(trx, action, updated);
    return updated;
  });
}

/** Who acts, in which transaction, when, under which time rules: the same for a whole act(). */
interface Acting {
  deps: CaseDeps;
  trx: Trx;
  actor: Actor | Gateway;
  role: ActorRole;
  now: Date;
  rules: TimeRules;
}

/** What an action's effect works on and adds to: the case update and the event's data. */
interface EffectContext extends Acting {
  /** The case as locked, before this transition. */
  row: CaseRow;
  /** The action's input; an effect may complete it (an approved postponement's extension). */
  input: ActInput;
  /** The class version the case runs under (filing may switch it). */
  cls: CatalogueClassRow;
  changes: Partial<Record<keyof CaseRow, unknown>>;
  data: Record<string, unknown>;
}

type Effect = (ctx: EffectContext) => void | Promise<void>;

/** Filing may correct the class (and so the clock's limits) and set the level. */
async function fileCase(ctx: EffectContext): Promise<void> {
  const { input, row, changes, data } = ctx;
  if (input.classCode) {
    const next = await ctx.deps.catalogue.require(input.kind ?? row.kind, input.classCode);
    Object.assign(changes, {
      kind: next.kind,
      class_id: next.id,
      class_code: next.code,
      urgency: next.urgency,
    });
    ctx.cls = next;
    data.classCode = next.code;
    data.classVersion = next.version;
  }
  if (input.level) changes.level = input.level;
  changes.filed_at = ctx.now;
}

/** Sending the case to a unit (again): the unit must be active and within the dispatcher's reach. */
async function dispatchTo(ctx: EffectContext): Promise<void> {
  const { deps, input, row, changes, data, now, rules, cls } = ctx;
  const unitId = Number(input.unitId);
  const unit = Number.isInteger(unitId) ? await deps.directory.unit(unitId) : undefined;
  if (!unit?.active)
    throw new AppError(422, 'UNKNOWN_UNIT', `there is no active unit ${input.unitId}`, 'unitId');
  const refusal = dispatchRefusal(
    await ownArea(deps.directory, staffOnly(ctx.actor)),
    row,
    await heldByStreet(deps.directory, row),
    unit,
  );
  if (refusal) throw refusal;
  changes.assignee_unit_id = unit.id;
  changes.assignee_user_id = null;
  changes.involved_unit_ids = row.involved_unit_ids.includes(unit.id)
    ? row.involved_unit_ids
    : [...row.involved_unit_ids, unit.id];
  changes.dispatched_at = now;
  const signLimit = stepLimit(
    'sign',
    cls.clock,
    rules,
    (cls.limits as Record<string, { sign?: TimeLimit }>)[row.area_class]?.sign,
  );
  // Signing for the task is the unit's step: its deadline runs on the unit's duty schedule.
  const signOwner = await ownerSchedule(deps.directory, rules, 'handle', {
    ...row,
    assignee_unit_id: unit.id,
  });
  const signClock = startOn(now, signLimit, rules, signOwner);
  changes.sign_due_at = scheduleOf(signClock, rules.calendar, workingTimeOf(signClock, rules))?.dueAt ?? null;
  data.signDueAt = changes.sign_due_at; // the sign-for deadline, for assessment
  data.unitId = unit.id;
  data.unitName = unit.name;
  if (row.assignee_unit_id !== null && row.assignee_unit_id !== unit.id)
    data.previousUnitId = row.assignee_unit_id;
}

/** 上报 / 下派: the case passes to another centre, at the level it takes there (cases/handoff.ts). */
function handOff(action: HandOffAction): Effect {
  return async (ctx) => {
    const { deps, input, row, changes, data } = ctx;
    const { centre, level } = await handOffTarget(deps.directory, staffOnly(ctx.actor), row, action, input);
    changes.centre_unit_id = centre.id;
    changes.level = level;
    changes.assignee_unit_id = null;
    data.centreUnitId = centre.id;
    data.centreName = centre.name;
    data.level = level;
    if (row.level !== level) data.previousLevel = row.level;
  };
}

/** A return says why (非本单位职责…) and may name the unit the returning unit believes responsible. */
async function returnFromUnit(ctx: EffectContext): Promise<void> {
  const { input, data } = ctx;
  data.unitId = ctx.row.assignee_unit_id;
  ctx.changes.assignee_unit_id = null;
  if (input.returnKind) data.returnKind = input.returnKind;
  if (input.suggestedUnitId !== undefined) {
    const unit = await ctx.deps.directory.unit(input.suggestedUnitId);
    if (!unit?.active)
      throw new AppError(
        422,
        'UNKNOWN_UNIT',
        `there is no active unit ${input.suggestedUnitId}`,
        'suggestedUnitId',
      );
    data.suggestedUnitId = unit.id;
  }
}

/** Merging into another open case the actor may see. */
async function mergeInto(ctx: EffectContext): Promise<void> {
  const { input, row } = ctx;
  const targetId = Number(input.targetCaseId);
  if (!Number.isInteger(targetId) || targetId === row.id) {
    throw new AppError(400, 'INVALID_FIELD', 'targetCaseId must be the id of another case', 'targetCaseId');
  }
  const target = await ctx.trx
    .selectFrom('cases')
    .select(['id', 'number', 'state', 'merged_into_id'])
    .select(['area_path', 'assignee_unit_id', 'assignee_user_id', 'involved_unit_ids', 'created_by'])
    .where('id', '=', targetId)
    .executeTakeFirst();
  // A case the actor may not see is answered as if it did not exist (no cross-area links or leaks).
  if (!target || !can(staffOnly(ctx.actor), 'case.see', accessFacts(target)))
    throw new AppError(422, 'UNKNOWN_CASE', `there is no case ${targetId}`, 'targetCaseId');
  if (['rejected', 'merged'].includes(target.state)) {
    throw new AppError(
      422,
      'INVALID_FIELD',
      `case ${target.number} is ${target.state}; merge into an open case`,
      'targetCaseId',
    );
  }
  ctx.changes.merged_into_id = target.id;
  ctx.data.targetCaseId = target.id;
  ctx.data.targetNumber = target.number;
}

/** A verification or check task goes to the chosen inspector, else to the grid's. */
async function assignInspector(ctx: EffectContext): Promise<void> {
  const { input, trx } = ctx;
  if (input.inspectorId !== undefined) {
    const chosen = await trx
      .selectFrom('users')
      .select(['id', 'active', 'roles'])
      .where('id', '=', input.inspectorId)
      .executeTakeFirst();
    assertMay(staffOnly(ctx.actor), 'case.assignInspector', chosen ?? null);
  }
  const inspectorId = input.inspectorId ?? (await gridInspector(trx, ctx.row.cell_code));
  ctx.changes.assignee_user_id = inspectorId ?? null;
  if (inspectorId) ctx.data.inspectorId = inspectorId;
}

async function reportBack(ctx: EffectContext): Promise<void> {
  assertMay(staffOnly(ctx.actor), 'case.reportBack', {
    reportBackPhoto: ctx.cls.report_back_photo,
    photos: ctx.input.photos?.length ?? 0,
  });
  await assignInspector(ctx);
  // The handle step ends here: keep the deadline then in force (postponements and calendar
  // changes included) so on-time handling can be judged from the event log alone.
  ctx.data.handleDueAt = ctx.row.due_at;
}

/** The inspector's task is done either way; rework goes back to the unit. */
function inspectorDone(ctx: EffectContext): void {
  ctx.changes.assignee_user_id = null;
}

function requestPostponement(ctx: EffectContext): void {
  const extension = ctx.input.extension;
  if (extension)
    assertMay(staffOnly(ctx.actor), 'case.postpone', {
      stepWorking: parseStepClock(ctx.row.step_clock)?.working ?? null,
      extension,
    });
  ctx.data.extension = extension;
}

/** Granted as given, or as the latest request asked. */
async function approvePostponement(ctx: EffectContext): Promise<void> {
  const extension = ctx.input.extension ?? (await requestedExtension(ctx.trx, ctx.row.id));
  if (!extension) throw new AppError(400, 'MISSING_FIELD', 'extension is required', 'extension');
  assertMay(staffOnly(ctx.actor), 'case.postpone', {
    stepWorking: parseStepClock(ctx.row.step_clock)?.working ?? null,
    extension,
  });
  ctx.input = { ...ctx.input, extension };
  ctx.data.extension = extension;
}

function closeCase(ctx: EffectContext): void {
  ctx.changes.closed_at = ctx.now;
}

function rate(ctx: EffectContext): void {
  ctx.changes.satisfaction = ctx.input.satisfaction;
  ctx.data.satisfaction = ctx.input.satisfaction;
}

function reopenCase(ctx: EffectContext): void {
  ctx.changes.closed_at = null;
  ctx.changes.assignee_unit_id = null;
  ctx.changes.satisfaction = null;
}

/** Each action's own changes; an action not listed changes only state, counter and clock. */
const EFFECTS: Partial<Record<CaseAction, Effect>> = {
  file: fileCase,
  dispatch: dispatchTo,
  redispatch: dispatchTo,
  return: returnFromUnit,
  merge: mergeInto,
  request_verification: assignInspector,
  escalate: handOff('escalate'),
  hand_down: handOff('hand_down'),
  report_back: reportBack,
  verify_confirm: inspectorDone,
  verify_deny: inspectorDone,
  check_pass: inspectorDone,
  check_fail: inspectorDone,
  request_postponement: requestPostponement,
  approve_postponement: approvePostponement,
  close: closeCase,
  callback: rate,
  reopen: reopenCase,
};

/** Apply a decision to the locked row: the action's effect, its counter, the step clock; write both. */
async function applyDecision(
  acting: Acting,
  row: CaseRow,
  decision: Decision,
  input: ActInput,
  eventData: Record<string, unknown> = {},
): Promise<CaseRow> {
  const { deps, trx, actor, role, now, rules } = acting;
  const action = decision.transition.action;
  const ctx: EffectContext = {
    ...acting,
    row,
    input,
    cls: await deps.catalogue.byId(row.class_id),
    changes: {},
    data: { ...eventData },
  };
  await EFFECTS[action]?.(ctx);
  const { changes, data } = ctx;
  // The unit whose work this becomes (监管分离 binds it and its sub-units), whoever's hands did it.
  if (HANDLING_ACTIONS.includes(action) && row.assignee_unit_id !== null)
    data.handlingUnitId = row.assignee_unit_id;
  if (decision.transition.counter)
    changes[decision.transition.counter] = row[decision.transition.counter] + 1;

  const owner =
    decision.clock.kind === 'start'
      ? await ownerSchedule(deps.directory, rules, decision.clock.step, {
          area_path: row.area_path,
          assignee_unit_id: (changes.assignee_unit_id !== undefined
            ? changes.assignee_unit_id
            : row.assignee_unit_id) as number | null,
          centre_unit_id: (changes.centre_unit_id ?? row.centre_unit_id) as number | null,
        })
      : null;
  const street = await deps.directory.area(row.street_code);
  const startsHandling = decision.clock.kind === 'start' && decision.clock.step === 'handle';
  const place = {
    areaClass: row.area_class,
    street,
    placeLayers: startsHandling
      ? await deps.roads.limitLayers(row, { kind: row.kind, code: row.class_code })
      : [],
  };
  const next = clockAfter(decision.clock, row, ctx.cls, place, ctx.input.extension, now, rules, owner);
  Object.assign(changes, clockColumns(next.clock, now, rules), { step: next.step });
  // A started step brings its own explanation; a stopped clock leaves none to explain.
  if (next.note) changes.limit_note = JSON.stringify(next.note);
  else if (!next.clock) changes.limit_note = null;
  if (next.clock) data.dueAt = changes.due_at;
  Object.assign(changes, {
    state: decision.to,
    suspended_from: decision.suspendedFrom,
    version: row.version + 1,
    updated_at: now,
  });
  if (changes.step_clock === undefined) changes.step_clock = null;

  const updated = await trx
    .updateTable('cases')
    // biome-ignore lint/suspicious/noExplicitAny: columns assembled above from CaseRow keys
    .set(changes as any)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(trx, row.id, {
    action,
    from_state: decision.from,
    to_state: decision.to,
    actor_user_id: 'user' in actor ? actor.user.id : null,
    actor_role: role,
    actor_unit_id: 'user' in actor ? actor.user.unit_id : null,
    at: now,
    reason: ctx.input.reason?.trim() || null,
    data: 'user' in actor ? data : { ...data, via: actor.label },
    attachments: ctx.input.photos ?? [],
  });
  await notifyChange(trx, row.id, action);
  return updated;
}

/** Actions with a scope of their own (dispatch, merge) are staff-only; the transition table allows no gateway. */
function staffOnly(actor: Actor | Gateway): Actor {
  if (!('user' in actor)) throw new AppError(403, 'ROLE_NOT_ALLOWED', `${actor.channel} may not do this`);
  return actor;
}

function conflict(row: CaseRow, message: string): AppError {
  return new AppError(409, 'CONFLICT', message, undefined, { state: row.state, version: row.version });
}

/** The inspector of the responsibility grid the case's cell lies in (the lowest id if several). */
async function gridInspector(trx: Trx, cellCode: string): Promise<number | null> {
  const row = await trx
    .selectFrom('responsibility_grid_cells as c')
    .innerJoin('responsibility_grid_inspectors as i', 'i.grid_id', 'c.grid_id')
    .select('i.user_id')
    .where('c.cell_code', '=', cellCode)
    .orderBy('i.user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
