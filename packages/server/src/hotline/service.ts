// The hotline (12345/962000) desk: every call is recorded, whether it becomes a case, joins an
// existing one, is answered as a consultation or is handed to 110. The operator's first reply
// (先行回复) is kept on the call and, once there is a case, as an event on the case. Closed cases
// with a number to call wait in the callback queue (回访) until rated or given up on.
// Transfers with 110: inbound ones become cases (idempotent by 110's incident number), outbound
// ones go through the PoliceOutbox.

import type { CaseRow, Database, Db, HotlineOutcome } from '@xiuhua/db';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import {
  CALLBACK_MAX_ATTEMPTS,
  normalizePhone,
  type PoliceCategory,
  phoneVariants,
} from '@xiuhua/domain/channels';
import { type Crs, coordinateProblem, toWgs84 } from '@xiuhua/domain/geo';
import { type CaseState, STATE_NAMES } from '@xiuhua/domain/workflow';
import { type Selectable, type SqlBool, type Transaction, sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { CreateCaseInput } from '../cases/create.ts';
import type { CaseService } from '../cases/service.ts';
import { isVisible, visibleTo, whereVisible } from '../cases/visibility.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { PlacesService } from '../geo/places.ts';
import { type PoliceMessage, PoliceOutbox, type PoliceSender } from './police110.ts';

type Trx = Transaction<Database>;
export type CallRow = Selectable<Database['hotline_calls']>;
export type TransferRow = Selectable<Database['police_transfers']>;

export { CALLBACK_MAX_ATTEMPTS };
/** States in which a case can still be handed to 110 instead (it has not been filed yet). */
const HANDOVER_STATES: readonly CaseState[] = ['reported', 'verifying', 'accepted'];
/** How long the operator waits for 110 to confirm before the outbox takes over. */
const DELIVERY_WAIT_MS = 3_000;
/** A call still open this long after it started was abandoned (no call lasts it); see #endAbandonedCalls. */
export const ABANDONED_CALL_HOURS = 4;

// ---------------------------------------------------------------- phone numbers

function requirePhone(raw: string, field: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw new AppError(400, 'INVALID_FIELD', `${raw} is not a phone number`, field);
  return phone;
}

// ---------------------------------------------------------------- inputs

export interface StartCallInput {
  callerPhone?: string;
  callRef?: string;
  line?: '12345' | '962000' | 'other';
}

/** A case from a call: the case's own fields, the caller as reporter, the first reply given. */
export interface CallCaseInput
  extends Pick<
    CreateCaseInput,
    'kind' | 'classCode' | 'description' | 'location' | 'address' | 'componentRef' | 'photos' | 'level'
  > {
  reporterName?: string;
  reporterPhone?: string;
  firstReply?: string;
}

export interface TransferOutInput {
  category: PoliceCategory;
  description: string;
  address?: string;
  location?: { lon: number; lat: number; crs?: Crs };
  /** A case this call is about, when the call has none yet. */
  caseId?: number;
}

export interface InboundTransferInput {
  incidentNumber: string;
  receivedAt: string;
  caller?: { name?: string; phone?: string };
  address?: string;
  location?: { lon: number; lat: number; crs?: Crs };
  description: string;
  categoryHint: string;
  kind?: ClassKind;
}

/** The hotline desk's own staff (policy 'hotline.work'); 403 for anyone else. */
export function requireCentre(actor: Actor): void {
  assertMay(actor, 'hotline.work', null);
}

/** The hotline desk over the app's services, delivering to 110 through `sender` (null: not configured). */
export function hotlineService(
  services: { db: Db; clock: Clock; cases: CaseService; catalogue: CatalogueService; places: PlacesService },
  sender: PoliceSender | null,
): HotlineService {
  return new HotlineService({
    db: services.db,
    clock: services.clock,
    cases: services.cases,
    catalogue: services.catalogue,
    places: services.places,
    outbox: new PoliceOutbox(services.db, services.clock, sender),
  });
}

export class HotlineService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #cases: CaseService;
  readonly #catalogue: CatalogueService;
  readonly places: PlacesService;
  readonly outbox: PoliceOutbox;

  constructor(deps: {
    db: Db;
    clock: Clock;
    cases: CaseService;
    catalogue: CatalogueService;
    places: PlacesService;
    outbox: PoliceOutbox;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#cases = deps.cases;
    this.#catalogue = deps.catalogue;
    this.places = deps.places;
    this.outbox = deps.outbox;
  }

  // ---------------------------------------------------------------- calls

  /** Calls the actor may see: taken in their unit (or below), by them, or about a case they see. */
  #visibleCalls(actor: Actor) {
    const q = this.#db.selectFrom('hotline_calls as h').leftJoin('cases', 'cases.id', 'h.case_id');
    if (actor.scope.cityWide) return q;
    const units = actor.scope.unitIds.map(Number);
    return q.where((eb) =>
      eb.or([
        eb('h.operator_id', '=', actor.user.id),
        ...(units.length > 0 ? [eb('h.operator_unit_id', 'in', units)] : []),
        eb.and([eb('h.case_id', 'is not', null), visibleTo(actor, 'cases')]),
      ]),
    );
  }

  async startCall(actor: Actor, input: StartCallInput): Promise<{ call: CallRow; created: boolean }> {
    requireCentre(actor);
    const phone = input.callerPhone ? requirePhone(input.callerPhone, 'callerPhone') : null;
    if (input.callRef) {
      const existing = await this.#db
        .selectFrom('hotline_calls')
        .selectAll()
        .where('call_ref', '=', input.callRef)
        .executeTakeFirst();
      if (existing) return { call: await this.getCall(actor, existing.id), created: false };
    }
    const inserted = await this.#db
      .insertInto('hotline_calls')
      .values({
        caller_phone: phone,
        call_ref: input.callRef ?? null,
        line: input.line ?? '12345',
        operator_id: actor.user.id,
        operator_unit_id: actor.user.unit_id,
        started_at: this.#clock.now(),
      })
      .onConflict((oc) => oc.column('call_ref').where('call_ref', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return this.startCall(actor, input); // the same telephony call, registered meanwhile
    return { call: inserted, created: true };
  }

  /**
   * A call nobody completed (the operator closed the page, the line dropped) would read 通话中
   * for ever: past ABANDONED_CALL_HOURS it is ended as `dropped` at its start plus that time.
   */
  async #endAbandonedCalls(): Promise<void> {
    const cutoff = new Date(this.#clock.now().getTime() - ABANDONED_CALL_HOURS * 3600_000);
    await this.#db
      .updateTable('hotline_calls')
      .set((eb) => ({
        outcome: 'dropped',
        ended_at: sql<Date>`${eb.ref('started_at')} + make_interval(hours => ${ABANDONED_CALL_HOURS})`,
        note: eb.fn.coalesce('note', sql.lit('未结束的来电，自动记为中断')),
      }))
      .where('outcome', 'is', null)
      .where('started_at', '<', cutoff)
      .execute();
  }

  async getCall(actor: Actor, id: number): Promise<CallRow> {
    requireCentre(actor);
    await this.#endAbandonedCalls();
    const row = await this.#visibleCalls(actor).selectAll('h').where('h.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('call');
    return row;
  }

  async listCalls(
    actor: Actor,
    f: {
      phone?: string;
      outcome?: HotlineOutcome | 'open';
      mine?: boolean;
      page?: number;
      pageSize?: number;
    },
  ) {
    requireCentre(actor);
    await this.#endAbandonedCalls();
    let q = this.#visibleCalls(actor);
    if (f.phone) q = q.where('h.caller_phone', '=', requirePhone(f.phone, 'phone'));
    if (f.outcome === 'open') q = q.where('h.outcome', 'is', null);
    else if (f.outcome) q = q.where('h.outcome', '=', f.outcome);
    if (f.mine) q = q.where('h.operator_id', '=', actor.user.id);
    return await paged(
      f,
      q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      (limit, offset) =>
        q
          .selectAll('h')
          .orderBy('h.started_at', 'desc')
          .orderBy('h.id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
    );
  }

  /** Names and numbers the call presenter shows. */
  async callDetails(rows: readonly CallRow[]) {
    const users = [...new Set(rows.map((r) => r.operator_id))];
    const caseIds = [...new Set(rows.flatMap((r) => (r.case_id === null ? [] : [r.case_id])))];
    const callIds = rows.map((r) => r.id);
    const [names, numbers, transfers] = await Promise.all([
      users.length
        ? this.#db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', users).execute()
        : [],
      caseIds.length
        ? this.#db.selectFrom('cases').select(['id', 'number']).where('id', 'in', caseIds).execute()
        : [],
      callIds.length
        ? this.#db.selectFrom('police_transfers').selectAll().where('call_id', 'in', callIds).execute()
        : [],
    ]);
    return {
      operatorName: new Map(names.map((u) => [u.id, u.display_name])),
      caseNumber: new Map(numbers.map((c) => [c.id, c.number])),
      transfer: new Map(transfers.map((t) => [t.call_id!, t])),
    };
  }

  /**
   * A caller's history: the cases reported from this number (or that a call from it was linked
   * to) and the earlier calls, newest first, only what the actor may see.
   */
  async lookup(actor: Actor, rawPhone: string) {
    requireCentre(actor);
    const phone = requirePhone(rawPhone, 'phone');
    const [cases, calls] = await Promise.all([
      whereVisible(this.#db.selectFrom('cases'), actor)
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('reporter_phone', 'in', phoneVariants(phone)),
            eb(
              'id',
              'in',
              eb
                .selectFrom('hotline_calls')
                .select((c) => c.ref('case_id').$notNull().as('case_id'))
                .where('caller_phone', '=', phone)
                .where('case_id', 'is not', null),
            ),
          ]),
        )
        .orderBy('reported_at', 'desc')
        .orderBy('id', 'desc')
        .limit(20)
        .execute(),
      this.#visibleCalls(actor)
        .selectAll('h')
        .where('h.caller_phone', '=', phone)
        .orderBy('h.started_at', 'desc')
        .orderBy('h.id', 'desc')
        .limit(20)
        .execute(),
    ]);
    return { phone, cases, calls };
  }

  /** A call that can still be completed; 409 CALL_COMPLETED once it has an outcome. */
  async #openCall(actor: Actor, id: number): Promise<CallRow> {
    const call = await this.getCall(actor, id);
    if (call.outcome !== null) {
      throw new AppError(
        409,
        'CALL_COMPLETED',
        `call ${id} is already completed (${call.outcome}${call.case_id ? `, case ${call.case_id}` : ''})`,
      );
    }
    return call;
  }

  /**
   * Record what the operator told the caller. It replaces an earlier reply on the same call; when
   * the call already has a case the reply is also appended to the case's log.
   */
  async recordFirstReply(actor: Actor, id: number, text: string): Promise<CallRow> {
    const call = await this.getCall(actor, id);
    const reply = text.trim();
    if (!reply) throw new AppError(400, 'MISSING_FIELD', 'the first reply is empty', 'text');
    if (call.case_id !== null) await this.#cases.act(actor, call.case_id, 'first_reply', { reason: reply });
    return await this.#db
      .updateTable('hotline_calls')
      .set({ first_reply: reply, first_reply_at: this.#clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Append the call's first reply to the case unless the case already has it. */
  async #replyOnCase(actor: Actor, caseId: number, reply: string | null): Promise<void> {
    if (!reply) return;
    const has = await this.#db
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', caseId)
      .where('action', '=', 'first_reply')
      .where('reason', '=', reply)
      .executeTakeFirst();
    if (!has) await this.#cases.act(actor, caseId, 'first_reply', { reason: reply });
  }

  /**
   * The call becomes a case (source hotline, the caller's number as the reporter's unless another
   * is given). A call makes at most one case: repeating the request returns it (created false).
   */
  async createCase(
    actor: Actor,
    id: number,
    input: CallCaseInput,
  ): Promise<{ call: CallRow; row: CaseRow; created: boolean }> {
    const current = await this.getCall(actor, id);
    if (current.outcome !== null && current.outcome !== 'case_created') await this.#openCall(actor, id);
    const reply = input.firstReply?.trim() || current.first_reply;
    const now = this.#clock.now();
    const phone = input.reporterPhone
      ? requirePhone(input.reporterPhone, 'reporterPhone')
      : current.caller_phone;
    const { row, created } = await this.#cases.create(
      { actor },
      {
        source: 'hotline',
        kind: input.kind,
        classCode: input.classCode,
        description: input.description,
        location: input.location,
        ...(input.address ? { address: input.address } : {}),
        ...(input.componentRef ? { componentRef: input.componentRef } : {}),
        ...(input.reporterName || phone
          ? {
              reporter: {
                ...(input.reporterName ? { name: input.reporterName } : {}),
                ...(phone ? { phone } : {}),
              },
            }
          : {}),
        ...(input.photos?.length ? { photos: input.photos } : {}),
        ...(input.level ? { level: input.level } : {}),
        sourceRef: current.call_ref ?? `call-${current.id}`,
        idempotencyKey: `hotline-call-${current.id}`,
      },
      {
        // The call and its case are written together: a case never lacks its call record.
        inTransaction: async (trx, created) => {
          const done = await trx
            .updateTable('hotline_calls')
            .set({
              outcome: 'case_created',
              case_id: created.id,
              ended_at: now,
              ...(reply && reply !== current.first_reply ? { first_reply: reply, first_reply_at: now } : {}),
            })
            .where('id', '=', id)
            .where('outcome', 'is', null)
            .executeTakeFirst();
          if (Number(done.numUpdatedRows) === 0)
            throw new AppError(409, 'CALL_COMPLETED', `call ${id} was completed meanwhile`);
        },
      },
    );
    await this.#replyOnCase(actor, row.id, reply ?? null);
    return {
      call: await this.getCall(actor, id),
      row: await this.#cases.get(actor, String(row.id)),
      created,
    };
  }

  /**
   * "The same problem": the call is recorded against an existing case (a merged case's target)
   * instead of making a new one; the first reply goes on that case.
   */
  async linkCase(
    actor: Actor,
    id: number,
    input: { caseId: number; firstReply?: string; note?: string },
  ): Promise<{ call: CallRow; row: CaseRow }> {
    const call = await this.#openCall(actor, id);
    let target = await this.#visibleCase(actor, input.caseId, 'caseId');
    if (target.state === 'merged' && target.merged_into_id !== null)
      target = await this.#visibleCase(actor, target.merged_into_id, 'caseId');
    const reply = input.firstReply?.trim() || call.first_reply;
    const now = this.#clock.now();
    const updated = await this.#db
      .updateTable('hotline_calls')
      .set({
        outcome: 'duplicate',
        case_id: target.id,
        ended_at: now,
        note: input.note ?? call.note,
        ...(reply && reply !== call.first_reply ? { first_reply: reply, first_reply_at: now } : {}),
      })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await this.#openCall(actor, id);
    await this.#replyOnCase(actor, target.id, reply ?? null);
    return { call: await this.getCall(actor, id), row: await this.#cases.get(actor, String(target.id)) };
  }

  /** A call that needs no case: a consultation answered, an invalid or a dropped call. */
  async complete(
    actor: Actor,
    id: number,
    input: { outcome: 'consultation' | 'invalid' | 'dropped'; note?: string; firstReply?: string },
  ): Promise<CallRow> {
    const call = await this.#openCall(actor, id);
    const reply = input.firstReply?.trim() || null;
    const now = this.#clock.now();
    const row = await this.#db
      .updateTable('hotline_calls')
      .set({
        outcome: input.outcome,
        ended_at: now,
        note: input.note ?? call.note,
        ...(reply && reply !== call.first_reply ? { first_reply: reply, first_reply_at: now } : {}),
      })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return await this.#openCall(actor, id); // completed meanwhile: throws 409
    return row;
  }

  async #visibleCase(actor: Actor, caseId: number, field: string): Promise<CaseRow> {
    const row = await this.#db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!row || !isVisible(actor, row))
      throw new AppError(422, 'UNKNOWN_CASE', `there is no case ${caseId}`, field);
    return row;
  }

  // ---------------------------------------------------------------- 110, outbound

  /**
   * Hand a police or emergency matter to 110. Recorded on the call (outcome transferred_110) with
   * the outbound message in the outbox, in one transaction; a case the call created or is about
   * is rejected with the reason, if it has not been filed yet (409 otherwise, nothing written).
   * One transfer per call: repeating returns it.
   */
  async transferTo110(
    actor: Actor,
    id: number,
    input: TransferOutInput,
  ): Promise<{ call: CallRow; transfer: TransferRow; created: boolean }> {
    const call = await this.getCall(actor, id);
    if (call.outcome === 'transferred_110') {
      const transfer = await this.#db
        .selectFrom('police_transfers')
        .selectAll()
        .where('call_id', '=', id)
        .executeTakeFirstOrThrow();
      return { call, transfer, created: false };
    }
    if (call.outcome !== null && call.outcome !== 'case_created') await this.#openCall(actor, id);
    const caseId = call.case_id ?? input.caseId ?? null;
    const caseRow = caseId === null ? null : await this.#visibleCase(actor, caseId, 'caseId');
    if (caseRow && !HANDOVER_STATES.includes(caseRow.state as CaseState) && caseRow.state !== 'rejected') {
      throw new AppError(
        409,
        'CONFLICT',
        `case ${caseRow.number} is already ${STATE_NAMES[caseRow.state as CaseState]?.en.toLowerCase() ?? caseRow.state}; it stays in the loop — tell 110 by phone`,
        undefined,
        { state: caseRow.state, version: caseRow.version },
      );
    }
    let location: PoliceMessage['location'] = null;
    if (input.location) {
      const { lon, lat, crs } = input.location;
      const problem = coordinateProblem(lon, lat);
      if (problem) throw new AppError(400, 'INVALID_COORDINATE', problem, 'location');
      location = { ...toWgs84(lon, lat, crs ?? 'WGS84'), crs: 'WGS84' };
    } else if (caseRow) location = { lon: caseRow.lon, lat: caseRow.lat, crs: 'WGS84' };
    const now = this.#clock.now();
    const unit = await this.#db
      .selectFrom('units')
      .select('name')
      .where('id', '=', actor.user.unit_id)
      .executeTakeFirstOrThrow();
    const reference = `XH110-${crypto.randomUUID()}`;
    const message: PoliceMessage = {
      transferId: reference,
      category: input.category,
      description: input.description,
      address: input.address ?? caseRow?.address ?? null,
      location,
      caller: { phone: call.caller_phone, name: caseRow?.reporter_name ?? null },
      call: { startedAt: call.started_at.toISOString(), line: call.line, callRef: call.call_ref },
      operator: { name: actor.user.display_name, unit: unit.name },
      caseNumber: caseRow?.number ?? null,
      createdAt: now.toISOString(),
    };
    const transfer = await this.#db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('hotline_calls')
        .set({ outcome: 'transferred_110', ended_at: now, case_id: caseRow?.id ?? null })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '=', 'case_created')]))
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0)
        throw new AppError(409, 'CALL_COMPLETED', `call ${id} was completed meanwhile`);
      return await trx
        .insertInto('police_transfers')
        .values({
          direction: 'outbound',
          reference,
          call_id: id,
          case_id: caseRow?.id ?? null,
          category: input.category,
          payload: JSON.stringify(message),
          status: 'pending',
          next_attempt_at: now,
          created_by: actor.user.id,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    if (caseRow && HANDOVER_STATES.includes(caseRow.state as CaseState)) {
      await this.#cases.act(actor, caseRow.id, 'reject', {
        reason: `移交110处置（${POLICE_CATEGORY_NAMES[input.category]}）：${input.description}`.slice(
          0,
          1000,
        ),
      });
    }
    await Promise.race([
      this.outbox.deliver(transfer.id),
      new Promise((resolve) => setTimeout(resolve, DELIVERY_WAIT_MS).unref()),
    ]);
    return {
      call: await this.getCall(actor, id),
      transfer: await this.transfer(actor, transfer.id),
      created: true,
    };
  }

  async transfer(actor: Actor, id: number): Promise<TransferRow> {
    requireCentre(actor);
    const row = await this.#db
      .selectFrom('police_transfers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('transfer');
    return row;
  }

  async listTransfers(
    actor: Actor,
    f: {
      direction?: 'inbound' | 'outbound';
      status?: TransferRow['status'];
      page?: number;
      pageSize?: number;
    },
  ) {
    requireCentre(actor);
    let q = this.#db.selectFrom('police_transfers');
    if (f.direction) q = q.where('direction', '=', f.direction);
    if (f.status) q = q.where('status', '=', f.status);
    return await paged(
      f,
      q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      (limit, offset) =>
        q
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
    );
  }

  /** A failed outbound transfer back into the outbox, tried at once. */
  async retryTransfer(actor: Actor, id: number): Promise<TransferRow> {
    const row = await this.transfer(actor, id);
    if (row.direction !== 'outbound' || row.status !== 'failed')
      throw new AppError(
        409,
        'CONFLICT',
        `transfer ${id} is ${row.direction} and ${row.status}; only a failed outbound transfer is retried`,
      );
    await this.outbox.requeue(id);
    await this.outbox.deliver(id);
    return await this.transfer(actor, id);
  }

  // ---------------------------------------------------------------- 110, inbound

  /**
   * A non-police matter from 110 becomes a case (source police_transfer). Idempotent by the
   * incident number: a repeat returns the first case (created false), whatever its body says.
   */
  async receiveFrom110(
    actor: Actor,
    input: InboundTransferInput,
  ): Promise<{ transfer: TransferRow; row: CaseRow; created: boolean }> {
    const existing = await this.#inbound(input.incidentNumber);
    if (existing) return { ...existing, created: false };
    const cls = await this.#classFromHint(input.categoryHint, input.kind);
    let location = input.location;
    let address = input.address;
    if (!location) {
      if (!address)
        throw new AppError(
          400,
          'MISSING_FIELD',
          'give location or an address the gazetteer knows',
          'location',
        );
      const [hit] = await this.places.search(null, address, 1);
      if (!hit)
        throw new AppError(
          422,
          'UNKNOWN_ADDRESS',
          `no street, community, road or landmark matches "${address}"; send location`,
          'address',
        );
      location = hit.location;
      address = address === hit.name ? address : `${address}（${hit.name}）`;
    }
    const phone = input.caller?.phone ? requirePhone(input.caller.phone, 'caller.phone') : null;
    const now = this.#clock.now();
    try {
      const { row } = await this.#cases.create(
        { channel: 'system', label: 'police110' },
        {
          source: 'police_transfer',
          kind: cls.kind,
          classCode: cls.code,
          description: input.description,
          location,
          ...(address ? { address: address.slice(0, 200) } : {}),
          ...(input.caller?.name || phone
            ? {
                reporter: {
                  ...(input.caller?.name ? { name: input.caller.name } : {}),
                  ...(phone ? { phone } : {}),
                },
              }
            : {}),
          sourceRef: input.incidentNumber,
          idempotencyKey: input.incidentNumber,
        },
        {
          inTransaction: async (trx, created) => {
            await this.#insertInbound(trx, actor, input, created.id, now);
          },
        },
      );
      const transfer = await this.#inbound(input.incidentNumber);
      return { transfer: transfer!.transfer, row, created: true };
    } catch (e) {
      // The same incident posted twice at once: the second finds the first.
      const again =
        (e as { code?: string }).code === '23505' ? await this.#inbound(input.incidentNumber) : null;
      if (again) return { ...again, created: false };
      throw e;
    }
  }

  async #insertInbound(trx: Trx, actor: Actor, input: InboundTransferInput, caseId: number, now: Date) {
    await trx
      .insertInto('police_transfers')
      .values({
        direction: 'inbound',
        reference: input.incidentNumber,
        case_id: caseId,
        category: input.categoryHint,
        payload: JSON.stringify(input),
        status: 'received',
        created_by: actor.user.id,
        created_at: now,
      })
      .execute();
  }

  async #inbound(incidentNumber: string): Promise<{ transfer: TransferRow; row: CaseRow } | null> {
    const transfer = await this.#db
      .selectFrom('police_transfers')
      .selectAll()
      .where('direction', '=', 'inbound')
      .where('reference', '=', incidentNumber)
      .executeTakeFirst();
    if (!transfer?.case_id) return null;
    const row = await this.#db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', transfer.case_id)
      .executeTakeFirstOrThrow();
    return { transfer, row };
  }

  /** The progress 110 may follow: its own inbound transfers only. */
  async inboundStatus(
    actor: Actor,
    incidentNumber: string,
  ): Promise<{ transfer: TransferRow; row: CaseRow }> {
    const found = await this.#inbound(incidentNumber);
    // An integration's key sees only what its own account handed over; others' are not there.
    if (!found || (actor.integration && found.transfer.created_by !== actor.user.id))
      throw notFound('transfer');
    return found;
  }

  /** "06010", "event:06010" or words ("暴露垃圾"): the class; 422 naming categoryHint otherwise. */
  async #classFromHint(hint: string, kind?: ClassKind): Promise<{ kind: ClassKind; code: string }> {
    const explicit = /^(?:(component|event):)?(\d{5})$/.exec(hint.trim());
    if (explicit) {
      const k = (explicit[1] as ClassKind | undefined) ?? kind ?? 'event';
      const row = await this.#catalogue.require(k, explicit[2]!, 'categoryHint');
      return { kind: row.kind, code: row.code };
    }
    const [best] = await this.#catalogue.search(hint, kind, 1);
    if (!best)
      throw new AppError(
        422,
        'UNKNOWN_CLASS',
        `no class of the catalogue matches "${hint}"; send a class code (e.g. 06010) or a class name`,
        'categoryHint',
      );
    return { kind: best.minor.kind, code: best.minor.code };
  }

  // ---------------------------------------------------------------- callback queue (回访)

  /** SQL: unanswered callback attempts since the case was (last) closed. */
  #attempts() {
    return sql<number>`(select count(*)::int from case_events e
      where e.case_id = cases.id and e.action = 'callback_failed' and e.at >= cases.closed_at)`;
  }

  /**
   * Closed cases with a number to call and no rating yet, fewer than CALLBACK_MAX_ATTEMPTS
   * unanswered attempts, oldest closure first.
   */
  async callbackQueue(actor: Actor, page = 1, pageSize = 50) {
    requireCentre(actor);
    const q = whereVisible(this.#db.selectFrom('cases'), actor)
      .where('state', '=', 'closed')
      .where('reporter_phone', 'is not', null)
      .where('satisfaction', 'is', null)
      .where(sql<SqlBool>`${this.#attempts()} < ${CALLBACK_MAX_ATTEMPTS}`);
    return await paged(
      { page, pageSize },
      q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      (limit, offset) =>
        q
          .selectAll('cases')
          .select(this.#attempts().as('attempts'))
          .select(
            sql<Date | null>`(select max(e.at) from case_events e
            where e.case_id = cases.id and e.action = 'callback_failed' and e.at >= cases.closed_at)`.as(
              'last_attempt_at',
            ),
          )
          .orderBy('closed_at', 'asc')
          .orderBy('id', 'asc')
          .limit(limit)
          .offset(offset)
          .execute(),
    );
  }

  /**
   * The caller could not be reached: the attempt is an event on the case (回访未接通). The last
   * allowed attempt says so, and the case leaves the queue.
   */
  async callbackNotReached(
    actor: Actor,
    caseId: number,
    note?: string,
  ): Promise<{ row: CaseRow; attempts: number; inQueue: boolean }> {
    requireCentre(actor);
    const row = await this.#cases.get(actor, String(caseId));
    if (row.state !== 'closed' || row.satisfaction !== null || row.reporter_phone === null)
      throw new AppError(409, 'CONFLICT', `case ${row.number} is not waiting for a callback`, undefined, {
        state: row.state,
        version: row.version,
      });
    const { n } = await this.#db
      .selectFrom('case_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('case_id', '=', row.id)
      .where('action', '=', 'callback_failed')
      .where('at', '>=', row.closed_at!)
      .executeTakeFirstOrThrow();
    if (n >= CALLBACK_MAX_ATTEMPTS)
      throw new AppError(409, 'CONFLICT', `case ${row.number} has had ${n} callback attempts already`);
    const attempts = n + 1;
    const last = attempts >= CALLBACK_MAX_ATTEMPTS;
    const text = note?.trim();
    const reason = last
      ? `第${attempts}次回访未接通，已满${CALLBACK_MAX_ATTEMPTS}次，结束回访${text ? `：${text}` : ''}`
      : `第${attempts}次回访未接通${text ? `：${text}` : ''}`;
    const updated = await this.#cases.act(actor, row.id, 'callback_failed', { reason });
    return { row: updated, attempts, inQueue: !last };
  }
}

/** A page of rows with the total count (both queries at once). */
async function paged<R>(
  p: { page?: number; pageSize?: number },
  count: Promise<{ total: number | string | bigint }>,
  rows: (limit: number, offset: number) => Promise<R[]>,
): Promise<{ total: number; page: number; pageSize: number; rows: R[] }> {
  const page = p.page ?? 1;
  const pageSize = p.pageSize ?? 50;
  const [{ total }, items] = await Promise.all([count, rows(pageSize, (page - 1) * pageSize)]);
  return { total: Number(total), page, pageSize, rows: items };
}

export const POLICE_CATEGORY_NAMES: Record<PoliceCategory, string> = {
  police: '治安警情',
  traffic: '交通事故',
  fire: '火警',
  medical: '医疗急救',
  other: '其他紧急事项',
};
