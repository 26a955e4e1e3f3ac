// Cases: intake, every transition of the loop, reads. Each change is ONE transaction that locks
// the case row, asks the domain's decide(), moves the step clock, updates the case and appends
// its immutable event. Two people acting at once: the second waits for the lock, then finds the
// state changed and gets 409 with the current state.

import type { AreaRow, CaseRow, Db, NewCase } from '@xiuhua/db';
import {
  type StepClock,
  type TimeLimit,
  colourOf,
  cstDateOf,
  extendStep,
  nextChangeOf,
  resumeStep,
  scheduleOf,
  startStep,
  suspendStep,
} from '@xiuhua/domain/calendar';
import type { ClassKind, StepName } from '@xiuhua/domain/catalogue';
import { parseSourceDetails } from '@xiuhua/domain/channels';
import { type Crs, toWgs84 } from '@xiuhua/domain/geo';
import {
  type ActionInput,
  type ActorRole,
  type CaseAccessFacts,
  type CaseAction,
  type CaseState,
  type Decision,
  type Role,
  type Satisfaction,
  type Step,
  actingRole,
  assertCanAct,
  canSeeCase,
  decide,
  FINAL_STATES,
  followUpOfCallback,
  transitionOf,
} from '@xiuhua/domain/workflow';
import {
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
  sql,
} from 'kysely';
import type { Database } from '@xiuhua/db';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { writeCaseFacts } from '../assessment/facts-store.ts';
import type { Actor } from '../platform/actor.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { GridService } from '../geo/grid.ts';
import { assertKnownPhotos } from '../photos/service.ts';
import { parseStepClock, type TimeRules, type TimeService } from '../calendar/service.ts';

// The channels a report comes from and the levels a case is handled at: one list in the domain,
// shared with the console.
export {
  CASE_LEVELS as LEVELS,
  CASE_SOURCES as SOURCES,
  type CaseLevel as Level,
  type CaseSource as Source,
} from '@xiuhua/domain/workflow';
import type { CaseLevel as Level, CaseSource as Source } from '@xiuhua/domain/workflow';

export interface Photo {
  url: string;
  caption?: string;
}

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

/**
 * A gateway acting for someone without an account: a citizen (the portal; for an action, after
 * the tracking code proved the right to it) or a device. It has no scope of its own.
 */
export type Gateway = { channel: 'citizen' | 'system'; label: string };
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

type Trx = Transaction<Database>;

const STEP_LIMIT_NAME: Record<Exclude<Step, 'handle'>, StepName> = {
  accept: 'file',
  verify: 'verify',
  file: 'file',
  dispatch: 'dispatch',
  check: 'check',
  close: 'close',
};

function defaultLevel(urgency: string): Level {
  return urgency === 'normal' ? 'street' : 'district';
}

type AccessColumns = Pick<
  CaseRow,
  'area_path' | 'assignee_unit_id' | 'assignee_user_id' | 'involved_unit_ids' | 'created_by'
>;

export function accessFacts(row: AccessColumns): CaseAccessFacts {
  return {
    areaPath: row.area_path,
    assigneeUnitId: row.assignee_unit_id === null ? null : String(row.assignee_unit_id),
    assigneeUserId: row.assignee_user_id === null ? null : String(row.assignee_user_id),
    involvedUnitIds: row.involved_unit_ids.map(String),
    createdByUserId: row.created_by === null ? null : String(row.created_by),
  };
}

// ---------------------------------------------------------------- who sees a case: ONE rule
// The domain's canSeeCase() decides for a loaded row (detail, actions, live updates); visibleTo()
// is the same rule as SQL for lists, maps and counts. A test checks that they agree.

/** Whether the actor may see this case (the domain rule on a loaded row). */
export function isVisible(actor: Actor, row: AccessColumns): boolean {
  return canSeeCase(actor.scope, accessFacts(row));
}

/** The visibility rule as a SQL condition on `table` (the cases table or its alias). */
export function visibleTo(actor: Actor, table = 'cases'): RawBuilder<SqlBool> {
  const { scope } = actor;
  if (scope.cityWide) return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const unitIds = scope.unitIds.map(Number);
  const terms = [
    ...scope.areaPaths.flatMap((p) => [
      sql`${col('area_path')} = ${p}`,
      sql`${col('area_path')} like ${`${p}/%`}`,
    ]),
    ...(unitIds.length > 0 ? [sql`${col('involved_unit_ids')} && ${unitIds}::int[]`] : []),
    sql`${col('assignee_user_id')} = ${actor.user.id}`,
    sql`${col('created_by')} = ${actor.user.id}`,
  ];
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}

/** Restrict a query on cases to those the actor may see. */
export function whereVisible<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  actor: Actor,
  table = 'cases',
): SelectQueryBuilder<DB, TB, O> {
  return actor.scope.cityWide ? qb : qb.where(visibleTo(actor, table));
}

/**
 * The four find/handle modes (DOMAIN.md §4) as a rule on who may send a case where: a unit is
 * eligible only if its area contains the case; a street command centre dispatches only to units
 * of its own street (street finds / street handles) — a case needing district or city units is
 * dispatched by the district/city command centre, which sees the street's cases too.
 * `ownArea` is the area of the dispatcher's own unit. Returns the refusal, or null if allowed.
 */
export function dispatchRefusal(
  ownArea: Pick<AreaRow, 'code' | 'name' | 'level'> | undefined,
  caseAreaPath: string,
  unit: { area_code: string; name: string },
): AppError | null {
  if (!caseAreaPath.split('/').includes(unit.area_code)) {
    return new AppError(422, 'UNIT_NOT_ELIGIBLE', `${unit.name} does not cover the case's area`, 'unitId');
  }
  if (
    ownArea &&
    (ownArea.level === 'street' || ownArea.level === 'community') &&
    !unit.area_code.startsWith(ownArea.code)
  ) {
    return new AppError(
      403,
      'NOT_IN_SCOPE',
      `a street command centre dispatches to its own street's units; ${unit.name} is outside ${ownArea.name} — report the case up to the district command centre`,
      'unitId',
    );
  }
  return null;
}

export class CaseService {
  #db: Db;
  #clock: Clock;
  #time: TimeService;
  #grid: GridService;
  #catalogue: CatalogueService;
  #directory: DirectoryService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    time: TimeService;
    grid: GridService;
    catalogue: CatalogueService;
    directory: DirectoryService;
  }) {
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
    const clock = this.#startClock('accept', cls.clock, cls.limits, place.areaClass, now, rules);
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
        const signLimit = this.#stepLimit(
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
        const extension = input.extension ?? (await this.#requestedExtension(trx, row.id));
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
      clock = this.#startClock(effect.step, cls.clock, cls.limits, row.area_class, now, rules);
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
    const refusal = dispatchRefusal(await this.#ownArea(actor), row.area_path, unit);
    if (refusal) throw refusal;
  }

  async #ownArea(actor: Actor): Promise<AreaRow | undefined> {
    const own = await this.#directory.unit(actor.user.unit_id);
    return own ? await this.#directory.area(own.area_code) : undefined;
  }

  #stepLimit(step: StepName, clock: string, rules: TimeRules, own?: TimeLimit): TimeLimit {
    return own ?? (clock === 'natural' ? rules.stepLimits.natural : rules.stepLimits.working)[step];
  }

  #startClock(
    step: Step,
    clock: string,
    limits: unknown,
    areaClass: string,
    now: Date,
    rules: TimeRules,
  ): StepClock {
    const limit =
      step === 'handle'
        ? (limits as Record<string, { handle: TimeLimit }>)[areaClass]!.handle
        : this.#stepLimit(STEP_LIMIT_NAME[step], clock, rules);
    return startStep(now, limit, rules.hours, rules.thresholds);
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

  async #requestedExtension(trx: Trx, caseId: number): Promise<TimeLimit | null> {
    const ev = await trx
      .selectFrom('case_events')
      .select('data')
      .where('case_id', '=', caseId)
      .where('action', '=', 'request_postponement')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    return (ev?.data.extension as TimeLimit | undefined) ?? null;
  }

  // ---------------------------------------------------------------- reads

  async get(actor: Actor, idOrNumber: string): Promise<CaseRow> {
    const row = await findCase(this.#db, idOrNumber);
    if (!row || !canSeeCase(actor.scope, accessFacts(row))) throw notFound('case');
    return row;
  }

  /**
   * The active units this actor may dispatch (or re-dispatch) the case to: the same rule the
   * dispatch action applies (dispatchRefusal), nearest area first.
   */
  async dispatchableUnits(actor: Actor, idOrNumber: string) {
    const row = await this.get(actor, idOrNumber);
    const transition = transitionOf('dispatch');
    const role = actingRole(actor.roles, transition);
    if (!role) {
      throw new AppError(
        403,
        'ROLE_NOT_ALLOWED',
        `your roles (${actor.roles.join(', ')}) may not dispatch a case`,
      );
    }
    assertCanAct(actor.scope, role, transition, accessFacts(row));
    const ownArea = await this.#ownArea(actor);
    const dir = await this.#directory.get();
    return [...dir.units.values()]
      .filter((u) => u.active && dispatchRefusal(ownArea, row.area_path, u) === null)
      .sort((a, b) => b.area_code.length - a.area_code.length || a.id - b.id);
  }

  async events(actor: Actor, idOrNumber: string) {
    const row = await this.get(actor, idOrNumber);
    return await this.#db
      .selectFrom('case_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .leftJoin('units as un', 'un.id', 'e.actor_unit_id')
      .select([
        'e.id',
        'e.seq',
        'e.action',
        'e.from_state',
        'e.to_state',
        'e.actor_user_id',
        'e.actor_role',
        'e.actor_unit_id',
        'e.at',
        'e.reason',
        'e.data',
        'e.attachments',
      ])
      .select(['u.display_name as actor_name', 'un.name as actor_unit_name'])
      .where('e.case_id', '=', row.id)
      .orderBy('e.seq')
      .execute();
  }
}

export interface CaseFilters {
  state?: string[];
  colour?: string[];
  kind?: ClassKind;
  classCode?: string;
  areaCode?: string;
  unitId?: number;
  source?: string;
  from?: Date;
  to?: Date;
  q?: string;
  sort?: 'reported_at' | 'due_at' | 'updated_at' | 'number';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** The cases the actor may see, narrowed by the list filters (no selection, order or paging). */
async function filteredCases(db: Db, directory: DirectoryService, actor: Actor, f: CaseFilters) {
  // Scope first: what this user may see at all.
  let q = whereVisible(db.selectFrom('cases'), actor);
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.colour?.length) q = q.where('colour', 'in', f.colour as NonNullable<CaseRow['colour']>[]);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.classCode) q = q.where('class_code', 'like', `${f.classCode}%`);
  if (f.areaCode) {
    const path = await areaPathOf(directory, f.areaCode);
    q = q.where((eb) => eb.or([eb('area_path', '=', path), eb('area_path', 'like', `${path}/%`)]));
  }
  if (f.unitId !== undefined) q = q.where('assignee_unit_id', '=', f.unitId);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.from) q = q.where('reported_at', '>=', f.from);
  if (f.to) q = q.where('reported_at', '<', f.to);
  if (f.q) {
    const text = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([eb('number', 'like', text), eb('description', 'like', text), eb('address', 'like', text)]),
    );
  }
  return q;
}

/** The path of a known area; 400 UNKNOWN_AREA (field areaCode) otherwise. */
export async function areaPathOf(directory: DirectoryService, areaCode: string): Promise<string> {
  const area = await directory.area(areaCode);
  if (!area) throw new AppError(400, 'UNKNOWN_AREA', `there is no area ${areaCode}`, 'areaCode');
  return area.path;
}

export async function listCases(db: Db, directory: DirectoryService, actor: Actor, f: CaseFilters) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const q = await filteredCases(db, directory, actor, f);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(f.sort ?? 'reported_at', f.order ?? 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(total), page, pageSize, rows };
}

export const POINTS_MAX = 50_000;

/**
 * Map points: the list filters, only the columns a marker needs, newest first, at most `limit`
 * (one more is read to tell whether the set was cut).
 */
export async function casePoints(
  db: Db,
  directory: DirectoryService,
  actor: Actor,
  f: Omit<CaseFilters, 'sort' | 'order' | 'page' | 'pageSize'>,
  limit = 10_000,
) {
  const q = await filteredCases(db, directory, actor, f);
  const rows = await q
    .select(['id', 'number', 'state', 'colour', 'class_code', 'assignee_unit_id', 'lon', 'lat'])
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), truncated: rows.length > limit };
}

// ---------------------------------------------------------------- nearby open cases (duplicates)

export const NEARBY_MAX_RADIUS = 2000;
/** How many rows a nearby search returns at the most (cases, components). */
export const NEARBY_LIMIT = 20;
/** Mean earth radius (IUGG), the sphere the haversine distance is measured on. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A nearby search's point in WGS84; 400 INVALID_COORDINATE (field lon) when it is not a point. */
export function nearbyPoint(query: { lon: number; lat: number; crs?: Crs }): { lon: number; lat: number } {
  try {
    return toWgs84(query.lon, query.lat, query.crs ?? 'WGS84');
  } catch (e) {
    throw new AppError(400, 'INVALID_COORDINATE', (e as Error).message, 'lon');
  }
}

/** The rows within `radius` metres of `point` (haversine), nearest first, at most NEARBY_LIMIT. */
export function nearestWithin<R extends { id: number; lon: number; lat: number }>(
  rows: R[],
  point: { lon: number; lat: number },
  radius: number,
): (R & { distanceM: number })[] {
  return rows
    .map((r) => ({ ...r, distanceM: haversineMeters(point.lon, point.lat, r.lon, r.lat) }))
    .filter((r) => r.distanceM <= radius)
    .sort((a, b) => a.distanceM - b.distanceM || a.id - b.id)
    .slice(0, NEARBY_LIMIT);
}

export interface NearbyQuery {
  lon: number;
  lat: number;
  crs?: Crs;
  kind?: ClassKind;
  classCode?: string;
  radius?: number;
  excludeId?: number;
}

/**
 * Open cases the actor may see within `radius` metres of a point, nearest first (at most 20).
 * A lon/lat box on the indexed columns narrows the rows; the exact distance is haversine.
 */
export async function nearbyCases(db: Db, actor: Actor, query: NearbyQuery) {
  const point = nearbyPoint(query);
  const radius = query.radius ?? 200;
  // The box is 1% wider than the circle so that rounding never drops a case on its edge.
  const dLat = (radius / (EARTH_RADIUS_M * RAD)) * 1.01;
  const edgeLat = Math.min(90, Math.abs(point.lat) + dLat);
  const dLon = edgeLat >= 89.9 ? 360 : dLat / Math.cos(edgeLat * RAD);
  const cosLat = Math.cos(point.lat * RAD);
  let q = whereVisible(db.selectFrom('cases'), actor)
    // Literal states, so the planner can match the partial index cases_open_location.
    .where(sql<SqlBool>`state not in (${sql.join(FINAL_STATES.map((st) => sql.lit(st)))})`)
    .where('lat', '>=', point.lat - dLat)
    .where('lat', '<=', point.lat + dLat)
    .where('lon', '>=', point.lon - dLon)
    .where('lon', '<=', point.lon + dLon);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.classCode) q = q.where('class_code', '=', query.classCode);
  if (query.excludeId !== undefined) q = q.where('id', '!=', query.excludeId);
  // Nearest by a flat approximation first (good to 0.1% at these distances), then exact.
  const rows = await q
    .select([
      'id',
      'number',
      'kind',
      'class_code',
      'state',
      'description',
      'address',
      'reported_at',
      'lon',
      'lat',
    ])
    .orderBy(sql`power(lat - ${point.lat}, 2) + power((lon - ${point.lon}) * ${cosLat}, 2)`)
    .limit(NEARBY_LIMIT * 10)
    .execute();
  return nearestWithin(rows, point, radius);
}

// ---------------------------------------------------------------- inspectors (pickers)

/**
 * Active inspectors working in the area of the caller's unit: one of their responsibility grids
 * lies in it (or contains it), or their own unit does. A city-level unit sees them all.
 */
export async function listInspectors(db: Db, directory: DirectoryService, actor: Actor) {
  const dir = await directory.get();
  const ownUnit = dir.units.get(actor.user.unit_id);
  const base = ownUnit ? dir.areas.get(ownUnit.area_code) : undefined;
  if (!base) return [];
  const pathOf = (areaCode: string) => dir.areas.get(areaCode)?.path;
  const within = (path: string | undefined) =>
    path !== undefined && (base.level === 'city' || path === base.path || path.startsWith(`${base.path}/`));
  // A street grid also serves the communities of that street.
  const serves = (path: string | undefined) =>
    within(path) || (path !== undefined && base.path.startsWith(`${path}/`));
  const [users, grids] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_id'])
      .where('active', '=', true)
      .where(sql<SqlBool>`'inspector' = any(roles)`)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('responsibility_grid_inspectors as i')
      .innerJoin('responsibility_grids as g', 'g.id', 'i.grid_id')
      .select(['i.user_id', 'g.name', 'g.street_code'])
      .orderBy('g.code')
      .execute(),
  ]);
  return users.flatMap((u) => {
    const own = grids.filter((g) => g.user_id === u.id);
    const unit = dir.units.get(u.unit_id);
    const works = own.some((g) => serves(pathOf(g.street_code))) || within(unit && pathOf(unit.area_code));
    return works
      ? [{ id: u.id, displayName: u.display_name, unitId: u.unit_id, gridNames: own.map((g) => g.name) }]
      : [];
  });
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

export async function findCase(db: Kysely<Database>, idOrNumber: string): Promise<CaseRow | undefined> {
  const q = db.selectFrom('cases').selectAll();
  if (/^\d{1,9}$/.test(idOrNumber)) return await q.where('id', '=', Number(idOrNumber)).executeTakeFirst();
  if (/^\d{10,16}$/.test(idOrNumber)) return await q.where('number', '=', idOrNumber).executeTakeFirst();
  return undefined;
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

export function clockColumns(clock: StepClock | null, now: Date, rules: TimeRules) {
  if (!clock) return { step_clock: null, due_at: null, colour: null, next_colour_at: null };
  const schedule = scheduleOf(clock, rules.calendar, rules.hours);
  return {
    step_clock: JSON.stringify(clock),
    due_at: schedule?.dueAt ?? null,
    colour: colourOf(clock, now, rules.calendar, rules.hours),
    next_colour_at: nextChangeOf(clock, now, rules.calendar, rules.hours),
  };
}

export async function appendEvent(
  trx: Trx,
  caseId: number,
  ev: {
    action: string;
    from_state: string | null;
    to_state: string;
    actor_user_id: number | null;
    actor_role: string;
    actor_unit_id: number | null;
    at: Date;
    reason: string | null;
    data: Record<string, unknown>;
    attachments: unknown[];
  },
): Promise<void> {
  // The case row is locked (or new), so max(seq) + 1 cannot race.
  await trx
    .insertInto('case_events')
    .values({
      ...ev,
      case_id: caseId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_events where case_id = ${caseId})`,
      data: JSON.stringify(ev.data),
      attachments: JSON.stringify(ev.attachments),
    })
    .execute();
  // Assessment facts are derived from the events in the same transaction: never behind them.
  await writeCaseFacts(trx, caseId);
}

/** Live updates: listeners (console queues and boards) hear of every change after commit. */
export async function notifyChange(trx: Trx, caseId: number, action: string): Promise<void> {
  await sql`select pg_notify('case_changes', ${JSON.stringify({ caseId, action })})`.execute(trx);
}
