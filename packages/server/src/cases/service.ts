// Cases: intake, every transition of the loop, reads. Each change is ONE transaction that locks
// the case row, asks the domain's decide(), moves the step clock, updates the case and appends
// its immutable event. Two people acting at once: the second waits for the lock, then finds the
// state changed and gets 409 with the current state.

import type { CaseRow, NewCase } from '@xiuhua/db';
import {
  type StepClock,
  type TimeLimit,
  cstDateOf,
  extendStep,
  resumeStep,
  scheduleOf,
  startStep,
  suspendStep,
} from '@xiuhua/domain/calendar';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { parseSourceDetails } from '@xiuhua/domain/channels';
import type { Crs } from '@xiuhua/domain/geo';
import {
  type ActionInput,
  type ActorRole,
  type CaseAction,
  type CaseLevel as Level,
  type CaseSource as Source,
  type CaseState,
  type Decision,
  type Role,
  type Satisfaction,
  actingRole,
  assertCanAct,
  canSeeCase,
  decide,
  followUpOfCallback,
  transitionOf,
} from '@xiuhua/domain/workflow';
import type { Actor } from '../platform/actor.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { assertKnownPhotos } from '../photos/service.ts';
import { parseStepClock, type TimeRules } from '../calendar/service.ts';
import type { CaseDeps, Gateway, Photo, Trx } from './deps.ts';
import { appendEvent, notifyChange } from './events.ts';
import { dispatchableUnits } from './lookups.ts';
import { caseEvents, getCase } from './queries.ts';
import { clockColumns, requestedExtension, startClock, stepLimit } from './step-clock.ts';
import { accessFacts, dispatchRefusal, ownArea } from './visibility.ts';

export interface CreateCaseInput {
  source: Source;
  kind: ClassKind;
  classCode: string;
  description: string;
  location: { lon: number; lat: number; crs?: Crs };
  address?: string;
  componentRef?: string;
  reporter?: { name?: string; phone?: string };
  photos?: Photo[];
  level?: Level;
  sourceRef?: string;
  /** The source's own fields, checked by @xiuhua/domain/channels (required for some sources). */
  sourceDetails?: unknown;
  idempotencyKey?: string;
}

/** Who is creating a case: a signed-in user, or a gateway acting for a citizen or device. */
export type Creator = { actor: Actor } | Gateway;

export interface ActInput extends ActionInput {
  /** Optimistic check: the version the client saw; a mismatch is a 409. */
  expectedVersion?: number;
  photos?: Photo[];
  /** Filing may correct the class and set the level. */
  kind?: ClassKind;
  classCode?: string;
  level?: Level;
  /** The inspector given a verification or check task (default: the grid's inspector). */
  inspectorId?: number;
}

function defaultLevel(urgency: string): Level {
  return urgency === 'normal' ? 'street' : 'district';
}

export class CaseService {
  #deps: CaseDeps;
  #db: CaseDeps['db'];
  #clock: CaseDeps['clock'];
  #time: CaseDeps['time'];
  #grid: CaseDeps['grid'];
  #catalogue: CaseDeps['catalogue'];
  #directory: CaseDeps['directory'];

  constructor(deps: CaseDeps) {
    this.#deps = deps;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#time = deps.time;
    this.#grid = deps.grid;
    this.#catalogue = deps.catalogue;
    this.#directory = deps.directory;
  }

  // ---------------------------------------------------------------- intake

  /**
   * Take a report. Returns the case and whether it was created now (false: idempotent replay).
   * `options.inTransaction` runs inside the creating transaction after the case and its event are
   * written (a gateway's own record of the report; throwing there undoes the case).
   */
  async create(
    creator: Creator,
    input: CreateCaseInput,
    options: { inTransaction?: (trx: Trx, row: CaseRow) => Promise<void> } = {},
  ): Promise<{ row: CaseRow; created: boolean }> {
    const creatorKey =
      'actor' in creator ? `u${creator.actor.user.id}` : `${creator.channel}:${creator.label}`;
    const idempotencyKey = input.idempotencyKey ? `${creatorKey}:${input.idempotencyKey}` : null;
    if (idempotencyKey) {
      const existing = await this.#db
        .selectFrom('cases')
        .selectAll()
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      if (existing) return { row: existing, created: false };
    }
    if ('actor' in creator) {
      const allowed = ['inspector', 'intake_operator', 'shift_leader'];
      if (!creator.actor.roles.some((r) => allowed.includes(r))) {
        throw new AppError(403, 'ROLE_NOT_ALLOWED', `only ${allowed.join(', ')} may take reports`);
      }
    }
    const sourceDetails = parseSourceDetails(input.source, input.sourceDetails, this.#clock.now());
    const cls = await this.#catalogue.require(input.kind, input.classCode);
    const place = await this.#grid.resolve(
      input.location.lon,
      input.location.lat,
      input.location.crs ?? 'WGS84',
    );
    // Reports are taken inside the taker's area; a department has none, so it takes none.
    if ('actor' in creator && !creator.actor.scope.cityWide) {
      const inArea = creator.actor.scope.areaPaths.some(
        (p) => place.areaPath === p || place.areaPath.startsWith(`${p}/`),
      );
      if (!inArea) throw new AppError(403, 'NOT_IN_SCOPE', 'the location is outside your area', 'location');
    }
    // Uploaded photos (/api/photos/<id>) must exist and be the caller's to show.
    await assertKnownPhotos(this.#db, 'actor' in creator ? creator.actor : null, input.photos);
    const rules = await this.#time.rules();
    const now = this.#clock.now();
    const clock = startClock('accept', cls.clock, cls.limits, place.areaClass, now, rules);
    const actorRole: ActorRole = 'actor' in creator ? actingRoleForIntake(creator.actor) : creator.channel;
    const actorUserId = 'actor' in creator ? creator.actor.user.id : null;
    const actorUnitId = 'actor' in creator ? creator.actor.user.unit_id : null;
    try {
      const row = await this.#db.transaction().execute(async (trx) => {
        const number = await nextCaseNumber(trx, Number(cstDateOf(now).slice(0, 4)));
        const values: NewCase = {
          number,
          source: input.source,
          source_ref: input.sourceRef ?? null,
          source_details: sourceDetails ? JSON.stringify(sourceDetails) : null,
          kind: input.kind,
          class_id: cls.id,
          class_code: cls.code,
          description: input.description,
          address: input.address ?? null,
          lon: place.lon,
          lat: place.lat,
          cell_code: place.cellCode,
          community_code: place.communityCode,
          street_code: place.streetCode,
          district_code: place.districtCode,
          area_path: place.areaPath,
          area_class: place.areaClass,
          component_ref: input.componentRef ?? null,
          reporter_name: input.reporter?.name ?? null,
          reporter_phone: input.reporter?.phone ?? null,
          photos: JSON.stringify(input.photos ?? []),
          urgency: cls.urgency,
          level: input.level ?? defaultLevel(cls.urgency),
          state: 'reported',
          step: 'accept', // the intake clock starts with the report
          created_by: actorUserId,
          idempotency_key: idempotencyKey,
          reported_at: now,
          updated_at: now,
          ...clockColumns(clock, now, rules),
        };
        const inserted = await trx
          .insertInto('cases')
          .values(values)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendEvent(trx, inserted.id, {
          action: 'intake',
          from_state: null,
          to_state: 'reported',
          actor_user_id: actorUserId,
          actor_role: actorRole,
          actor_unit_id: actorUnitId,
          at: now,
          reason: null,
          data: {
            source: input.source,
            ...(sourceDetails ? { sourceDetails } : {}),
            classCode: cls.code,
            classVersion: cls.version,
            cellCode: place.cellCode,
            dueAt: clock ? values.due_at : null,
          },
          attachments: input.photos ?? [],
        });
        await options.inTransaction?.(trx, inserted);
        await notifyChange(trx, inserted.id, 'intake');
        return inserted;
      });
      return { row, created: true };
    } catch (e) {
      // Two retries of the same POST racing: the unique key lets one in; the other gets that case.
      if (idempotencyKey && (e as { code?: string }).code === '23505') {
        const existing = await this.#db
          .selectFrom('cases')
          .selectAll()
          .where('idempotency_key', '=', idempotencyKey)
          .executeTakeFirst();
        if (existing) return { row: existing, created: false };
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- transitions

  async act(actor: Actor | Gateway, caseId: number, action: CaseAction, input: ActInput): Promise<CaseRow> {
    const transition = transitionOf(action);
    const staff = 'user' in actor ? actor : null;
    const role: ActorRole | null =
      'user' in actor
        ? actingRole(actor.roles, transition)
        : transition.roles.includes(actor.channel)
          ? actor.channel
          : null;
    if (!role) {
      throw new AppError(
        403,
        'ROLE_NOT_ALLOWED',
        `your roles (${'user' in actor ? actor.roles.join(', ') : actor.channel}) may not ${transition.en.toLowerCase()} a case`,
      );
    }
    await assertKnownPhotos(this.#db, staff, input.photos);
    const rules = await this.#time.rules();
    return await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!row || (staff && !canSeeCase(staff.scope, accessFacts(row)))) throw notFound('case');
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
        throw conflict(
          row,
          `the case changed since you loaded it (version ${input.expectedVersion}, now ${row.version})`,
        );
      }
      if (staff) assertCanAct(staff.scope, role as Role, transition, accessFacts(row));
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
      const now = this.#clock.now();
      let updated = await this.#apply(trx, actor, role, row, decision, input, now, rules);
      if (action === 'callback') {
        const followUp = followUpOfCallback(input.satisfaction as Satisfaction);
        if (followUp) {
          const reopen = decide({ state: updated.state as CaseState, suspendedFrom: null }, followUp, role, {
            reason: input.reason ?? '回访不满意，重办',
          });
          updated = await this.#apply(
            trx,
            actor,
            role,
            updated,
            reopen,
            { reason: input.reason ?? '回访不满意，重办' },
            now,
            rules,
          );
        }
      }
      return updated;
    });
  }

  async #apply(
    trx: Trx,
    actor: Actor | Gateway,
    role: ActorRole,
    row: CaseRow,
    decision: Decision,
    input: ActInput,
    now: Date,
    rules: TimeRules,
  ): Promise<CaseRow> {
    const action = decision.transition.action;
    const changes: Partial<Record<keyof CaseRow, unknown>> = {};
    const data: Record<string, unknown> = {};
    // The class version the case runs under (filing may switch it).
    let cls: { clock: string; limits: unknown } = await this.#catalogue.byId(row.class_id);

    switch (action) {
      case 'file': {
        if (input.classCode) {
          const next = await this.#catalogue.require(input.kind ?? row.kind, input.classCode);
          Object.assign(changes, {
            kind: next.kind,
            class_id: next.id,
            class_code: next.code,
            urgency: next.urgency,
          });
          cls = next;
          data.classCode = next.code;
          data.classVersion = next.version;
        }
        if (input.level) changes.level = input.level;
        changes.filed_at = now;
        break;
      }
      case 'dispatch':
      case 'redispatch': {
        const unitId = Number(input.unitId);
        const unit = Number.isInteger(unitId) ? await this.#directory.unit(unitId) : undefined;
        if (!unit?.active)
          throw new AppError(422, 'UNKNOWN_UNIT', `there is no active unit ${input.unitId}`, 'unitId');
        await this.#checkDispatchScope(staffOnly(actor), row, unit);
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
        const signClock = startStep(now, signLimit, rules.hours, rules.thresholds);
        changes.sign_due_at = scheduleOf(signClock, rules.calendar, rules.hours)?.dueAt ?? null;
        data.signDueAt = changes.sign_due_at; // the sign-for deadline, for assessment
        data.unitId = unit.id;
        data.unitName = unit.name;
        if (row.assignee_unit_id !== null && row.assignee_unit_id !== unit.id)
          data.previousUnitId = row.assignee_unit_id;
        break;
      }
      case 'return':
        data.unitId = row.assignee_unit_id;
        changes.assignee_unit_id = null;
        break;
      case 'merge': {
        const targetId = Number(input.targetCaseId);
        if (!Number.isInteger(targetId) || targetId === row.id) {
          throw new AppError(
            400,
            'INVALID_FIELD',
            'targetCaseId must be the id of another case',
            'targetCaseId',
          );
        }
        const target = await trx
          .selectFrom('cases')
          .select(['id', 'number', 'state', 'merged_into_id'])
          .select(['area_path', 'assignee_unit_id', 'assignee_user_id', 'involved_unit_ids', 'created_by'])
          .where('id', '=', targetId)
          .executeTakeFirst();
        // A case the actor may not see is answered as if it did not exist (no cross-area links or leaks).
        if (!target || !canSeeCase(staffOnly(actor).scope, accessFacts(target)))
          throw new AppError(422, 'UNKNOWN_CASE', `there is no case ${targetId}`, 'targetCaseId');
        if (['rejected', 'merged'].includes(target.state)) {
          throw new AppError(
            422,
            'INVALID_FIELD',
            `case ${target.number} is ${target.state}; merge into an open case`,
            'targetCaseId',
          );
        }
        changes.merged_into_id = target.id;
        data.targetCaseId = target.id;
        data.targetNumber = target.number;
        break;
      }
      case 'request_verification':
      case 'report_back': {
        if (input.inspectorId !== undefined) {
          const chosen = await trx
            .selectFrom('users')
            .select(['active', 'roles'])
            .where('id', '=', input.inspectorId)
            .executeTakeFirst();
          if (!chosen?.active || !chosen.roles.includes('inspector'))
            throw new AppError(
              422,
              'UNKNOWN_INSPECTOR',
              `there is no active inspector ${input.inspectorId}`,
              'inspectorId',
            );
        }
        const inspectorId = input.inspectorId ?? (await this.#gridInspector(trx, row.cell_code));
        changes.assignee_user_id = inspectorId ?? null;
        if (inspectorId) data.inspectorId = inspectorId;
        break;
      }
      case 'verify_confirm':
      case 'verify_deny':
      case 'check_pass':
      case 'check_fail': // the inspector's task is done either way; rework goes back to the unit
        changes.assignee_user_id = null;
        break;
      case 'request_postponement':
        data.extension = input.extension;
        break;
      case 'approve_postponement': {
        const extension = input.extension ?? (await requestedExtension(trx, row.id));
        if (!extension) throw new AppError(400, 'MISSING_FIELD', 'extension is required', 'extension');
        input = { ...input, extension };
        data.extension = extension;
        break;
      }
      case 'close':
        changes.closed_at = now;
        break;
      case 'callback':
        changes.satisfaction = input.satisfaction;
        data.satisfaction = input.satisfaction;
        break;
      case 'reopen':
        changes.closed_at = null;
        changes.assignee_unit_id = null;
        changes.satisfaction = null;
        break;
      default:
        break;
    }
    if (decision.transition.counter)
      changes[decision.transition.counter] = row[decision.transition.counter] + 1;
    // The handle step ends here: keep the deadline then in force (postponements and calendar
    // changes included) so on-time handling can be judged from the event log alone.
    if (action === 'report_back') data.handleDueAt = row.due_at;

    // The step clock.
    const previous = parseStepClock(row.step_clock);
    let clock: StepClock | null = previous;
    let step: string | null = row.step;
    const effect = decision.clock;
    if (effect.kind === 'start') {
      clock = startClock(effect.step, cls.clock, cls.limits, row.area_class, now, rules);
      step = effect.step;
    } else if (effect.kind === 'stop') {
      clock = null;
      step = null;
    } else if (effect.kind === 'suspend' && previous) {
      clock = suspendStep(previous, now, rules.calendar, rules.hours);
    } else if (effect.kind === 'resume' && previous) {
      clock = resumeStep(previous, now);
    } else if (effect.kind === 'extend' && previous && input.extension) {
      try {
        clock = extendStep(previous, input.extension as TimeLimit, rules.hours);
      } catch (e) {
        throw new AppError(400, 'INVALID_FIELD', (e as Error).message, 'extension');
      }
    }
    Object.assign(changes, clockColumns(clock, now, rules), { step });
    if (clock) data.dueAt = changes.due_at;
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
      reason: input.reason?.trim() || null,
      data: 'user' in actor ? data : { ...data, via: actor.label },
      attachments: input.photos ?? [],
    });
    await notifyChange(trx, row.id, action);
    return updated;
  }

  /** Dispatch scope (dispatchRefusal): throws the refusal, if any. */
  async #checkDispatchScope(actor: Actor, row: CaseRow, unit: { area_code: string; name: string }) {
    const refusal = dispatchRefusal(await ownArea(this.#directory, actor), row.area_path, unit);
    if (refusal) throw refusal;
  }

  async #gridInspector(trx: Trx, cellCode: string): Promise<number | null> {
    const row = await trx
      .selectFrom('responsibility_grid_cells as c')
      .innerJoin('responsibility_grid_inspectors as i', 'i.grid_id', 'c.grid_id')
      .select('i.user_id')
      .where('c.cell_code', '=', cellCode)
      .orderBy('i.user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  // ---------------------------------------------------------------- reads

  async get(actor: Actor, idOrNumber: string): Promise<CaseRow> {
    return await getCase(this.#db, actor, idOrNumber);
  }

  /**
   * The active units this actor may dispatch (or re-dispatch) the case to: the same rule the
   * dispatch action applies (dispatchRefusal), nearest area first.
   */
  async dispatchableUnits(actor: Actor, idOrNumber: string) {
    return await dispatchableUnits(this.#deps, actor, idOrNumber);
  }

  async events(actor: Actor, idOrNumber: string) {
    return await caseEvents(this.#db, actor, idOrNumber);
  }
}

/** Actions with a scope of their own (dispatch, merge) are staff-only; the transition table allows no gateway. */
function staffOnly(actor: Actor | Gateway): Actor {
  if (!('user' in actor)) throw new AppError(403, 'ROLE_NOT_ALLOWED', `${actor.channel} may not do this`);
  return actor;
}

function actingRoleForIntake(actor: Actor): ActorRole {
  return (
    actor.roles.find((r) => r === 'intake_operator' || r === 'inspector' || r === 'shift_leader') ??
    actor.roles[0]!
  );
}

function conflict(row: CaseRow, message: string): AppError {
  return new AppError(409, 'CONFLICT', message, undefined, { state: row.state, version: row.version });
}

/** Case numbers: year + 6-digit sequence (more digits past a million), never reused. */
async function nextCaseNumber(trx: Trx, year: number): Promise<string> {
  const row = await trx
    .insertInto('case_counters')
    .values({ year, last_seq: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last_seq: eb('case_counters.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return `${year}${String(row.last_seq).padStart(6, '0')}`;
}
