// /api/hotline: the 12345/962000 desk — calls (start, first reply, case, "same problem", no case,
// hand to 110), the caller's history, 110 transfers, the callback queue. /api/places: the
// gazetteer search and its import. Intake operators and shift leaders; import is admin.
// See docs/hotline.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CaseRow } from '@xiuhua/db';
import { HOTLINE_OUTCOMES, POLICE_CATEGORIES } from '@xiuhua/domain/channels';
import { type CaseState, STATE_NAMES } from '@xiuhua/domain/workflow';
import { Type } from 'typebox';
import { type Actor, requireActor, authorize } from '../platform/actor.ts';
import { type CallRow, CALLBACK_MAX_ATTEMPTS, type TransferRow } from './service.ts';
import {
  CallAndCase,
  CallAndTransfer,
  CallbackItem,
  CallerHistory,
  CallSchema,
  NotReachedAnswer,
  PlaceHitSchema,
  TransferSchema,
} from './schemas.ts';
import { presentCase } from '../cases/presenters.ts';
import { CaseSchema } from '../cases/schemas.ts';
import {
  Crs,
  errors,
  FeatureCollection,
  GEOJSON_BODY_LIMIT,
  Location,
  Nullable,
  Paged,
  Photo,
  lit,
} from '../platform/schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const PhoneText = Type.String({
  minLength: 3,
  maxLength: 30,
  description: 'digits; spaces, dashes and +86 are ignored',
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const reply = Type.String({ minLength: 1, maxLength: 1000 });

export function presentTransfer(t: TransferRow) {
  return {
    id: t.id,
    direction: t.direction,
    reference: t.reference,
    callId: t.call_id,
    caseId: t.case_id,
    category: t.category,
    status: t.status,
    attempts: t.attempts,
    nextAttemptAt: iso(t.next_attempt_at),
    lastError: t.last_error,
    deliveredAt: iso(t.delivered_at),
    externalRef: t.external_ref,
    createdAt: t.created_at.toISOString(),
  };
}

export const hotlineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const services = app.services;
  const { hotline } = app.services;
  // The case routes register Case in their own context; this one needs it for its $refs too.
  if (!app.getSchema('Case')) app.addSchema(CaseSchema);
  app.addSchema(TransferSchema);
  app.addSchema(CallSchema);

  const presentCalls = async (rows: readonly CallRow[]) => {
    const d = await hotline.callDetails(rows);
    return rows.map((c) => {
      const transfer = d.transfer.get(c.id);
      return {
        id: c.id,
        callerPhone: c.caller_phone,
        callRef: c.call_ref,
        line: c.line,
        operator: { id: c.operator_id, name: d.operatorName.get(c.operator_id) ?? String(c.operator_id) },
        startedAt: c.started_at.toISOString(),
        endedAt: iso(c.ended_at),
        outcome: c.outcome,
        caseId: c.case_id,
        caseNumber: c.case_id === null ? null : (d.caseNumber.get(c.case_id) ?? null),
        firstReply: c.first_reply,
        firstReplyAt: iso(c.first_reply_at),
        note: c.note,
        transfer: transfer ? presentTransfer(transfer) : null,
      };
    });
  };
  const presentCall = async (row: CallRow) => (await presentCalls([row]))[0]!;
  const brief = async (row: CaseRow) => {
    const { rows: classes } = await services.catalogue.current();
    return {
      id: row.id,
      number: row.number,
      source: row.source,
      kind: row.kind,
      classCode: row.class_code,
      className: classes.get(`${row.kind}:${row.class_code}`)?.name ?? row.class_code,
      description: row.description,
      address: row.address,
      state: row.state,
      stateName: STATE_NAMES[row.state as CaseState]?.zh ?? row.state,
      colour: row.colour,
      reportedAt: row.reported_at.toISOString(),
      closedAt: iso(row.closed_at),
      satisfaction: row.satisfaction,
      version: row.version,
    };
  };
  const callAndCase = async (actor: Actor, call: CallRow, row: CaseRow) => ({
    call: await presentCall(call),
    case: await presentCase(services, actor, row),
  });

  // ------------------------------------------------------------------ places

  app.get(
    '/places/search',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'Address search: streets, communities, roads and landmarks by name, alias, pinyin initials or full pinyin, best match first',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 50 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(PlaceHitSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await hotline.places.search(actor, request.query.q, request.query.limit ?? 10);
    },
  );

  app.post(
    '/places/import',
    {
      bodyLimit: GEOJSON_BODY_LIMIT,
      schema: {
        tags: ['hotline'],
        summary:
          'Import a gazetteer (GeoJSON FeatureCollection; properties.name, kind, aliases, category). Roads become one place per street. Admin.',
        body: Type.Object(
          {
            crs: Type.Optional(Crs),
            source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            collection: FeatureCollection,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            imported: Type.Integer(),
            updated: Type.Integer(),
            rejected: Type.Array(
              Type.Object({ index: Type.Integer(), name: Nullable(Type.String()), reason: Type.String() }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'place' });
      const { collection, crs, source } = request.body;
      return await hotline.places.importGeoJson(
        collection,
        crs ?? 'WGS84',
        source ?? 'import',
        actor.user.id,
      );
    },
  );

  // ------------------------------------------------------------------ calls

  app.get(
    '/hotline/lookup',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'A caller’s history: cases reported from (or linked to calls from) this number and earlier calls, newest first',
        querystring: Type.Object({ phone: PhoneText }, { additionalProperties: false }),
        response: {
          200: CallerHistory,
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const found = await hotline.lookup(actor, request.query.phone);
      return {
        phone: found.phone,
        cases: await Promise.all(found.cases.map(brief)),
        calls: await presentCalls(found.calls),
      };
    },
  );

  app.post(
    '/hotline/calls',
    {
      schema: {
        tags: ['hotline'],
        summary: 'Start a call. With callRef (the telephony call id), a repeat returns the same call (200).',
        body: Type.Object(
          {
            callerPhone: Type.Optional(PhoneText),
            callRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            line: Type.Optional(lit(['12345', '962000', 'other'])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('HotlineCall'), 201: Type.Ref('HotlineCall'), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { call, created } = await hotline.startCall(actor, request.body);
      return reply.status(created ? 201 : 200).send(await presentCall(call));
    },
  );

  app.get(
    '/hotline/calls',
    {
      schema: {
        tags: ['hotline'],
        summary: 'The call log you may see, newest first',
        querystring: Type.Object(
          {
            phone: Type.Optional(PhoneText),
            outcome: Type.Optional(lit([...HOTLINE_OUTCOMES, 'open'])),
            mine: Type.Optional(Type.Boolean()),
            page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Paged(Type.Ref('HotlineCall')), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const r = await hotline.listCalls(actor, { ...q, outcome: q.outcome as never });
      return { total: r.total, page: r.page, pageSize: r.pageSize, items: await presentCalls(r.rows) };
    },
  );

  app.get(
    '/hotline/calls/:id',
    {
      schema: {
        tags: ['hotline'],
        summary: 'One call',
        params: IdParams,
        response: { 200: Type.Ref('HotlineCall'), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await presentCall(await hotline.getCall(actor, request.params.id));
    },
  );

  app.post(
    '/hotline/calls/:id/first-reply',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'Record the first reply (先行回复) told to the caller, with the time; also on the call’s case, if it has one',
        params: IdParams,
        body: Type.Object({ text: reply }, { additionalProperties: false }),
        response: { 200: Type.Ref('HotlineCall'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await presentCall(await hotline.recordFirstReply(actor, request.params.id, request.body.text));
    },
  );

  app.post(
    '/hotline/calls/:id/case',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'The call becomes a case (source hotline; the caller’s number as the reporter’s). One case per call: a repeat returns it (200).',
        params: IdParams,
        body: Type.Object(
          {
            kind: lit(['component', 'event']),
            classCode: Type.String({ pattern: '^[0-9]{5}$' }),
            description: Type.String({ minLength: 2, maxLength: 2000 }),
            location: Location,
            address: Type.Optional(Type.String({ maxLength: 200 })),
            componentRef: Type.Optional(Type.String({ maxLength: 64 })),
            reporterName: Type.Optional(Type.String({ maxLength: 50 })),
            reporterPhone: Type.Optional(PhoneText),
            photos: Type.Optional(Type.Array(Photo, { maxItems: 9 })),
            level: Type.Optional(lit(['community', 'street', 'district', 'city'])),
            firstReply: Type.Optional(reply),
          },
          { additionalProperties: false },
        ),
        response: { 200: CallAndCase, 201: CallAndCase, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { call, row, created } = await hotline.createCase(actor, request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(await callAndCase(actor, call, row));
    },
  );

  app.post(
    '/hotline/calls/:id/link',
    {
      schema: {
        tags: ['hotline'],
        summary:
          '“The same problem”: record the call against an existing case (outcome duplicate) instead of a new one; the first reply goes on that case',
        params: IdParams,
        body: Type.Object(
          {
            caseId: Type.Integer({ minimum: 1 }),
            firstReply: Type.Optional(reply),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CallAndCase, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { call, row } = await hotline.linkCase(actor, request.params.id, request.body);
      return await callAndCase(actor, call, row);
    },
  );

  app.post(
    '/hotline/calls/:id/complete',
    {
      schema: {
        tags: ['hotline'],
        summary: 'A call without a case: consultation answered, invalid, or dropped',
        params: IdParams,
        body: Type.Object(
          {
            outcome: lit(['consultation', 'invalid', 'dropped']),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
            firstReply: Type.Optional(reply),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('HotlineCall'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await presentCall(await hotline.complete(actor, request.params.id, request.body));
    },
  );

  app.post(
    '/hotline/calls/:id/transfer-110',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'Hand a police or emergency matter to 110: recorded on the call, sent through the outbox (retried until 110 confirms); the call’s case, if not yet filed, is rejected with the reason',
        params: IdParams,
        body: Type.Object(
          {
            category: lit(POLICE_CATEGORIES),
            description: Type.String({ minLength: 2, maxLength: 2000 }),
            address: Type.Optional(Type.String({ maxLength: 200 })),
            location: Type.Optional(Location),
            caseId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: CallAndTransfer,
          201: CallAndTransfer,
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { call, transfer, created } = await hotline.transferTo110(actor, request.params.id, request.body);
      return reply
        .status(created ? 201 : 200)
        .send({ call: await presentCall(call), transfer: presentTransfer(transfer) });
    },
  );

  // ------------------------------------------------------------------ transfers

  app.get(
    '/hotline/transfers',
    {
      schema: {
        tags: ['hotline'],
        summary: 'Transfers with 110 in both directions, newest first (the outbox: pending and failed ones)',
        querystring: Type.Object(
          {
            direction: Type.Optional(lit(['inbound', 'outbound'])),
            status: Type.Optional(lit(['received', 'pending', 'delivered', 'failed'])),
            page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Paged(Type.Ref('PoliceTransfer')), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const r = await hotline.listTransfers(actor, request.query);
      return { total: r.total, page: r.page, pageSize: r.pageSize, items: r.rows.map(presentTransfer) };
    },
  );

  app.post(
    '/hotline/transfers/:id/retry',
    {
      schema: {
        tags: ['hotline'],
        summary: 'Send a failed outbound transfer again now',
        params: IdParams,
        response: { 200: Type.Ref('PoliceTransfer'), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentTransfer(await hotline.retryTransfer(actor, request.params.id));
    },
  );

  // ------------------------------------------------------------------ callback queue

  app.get(
    '/hotline/callbacks',
    {
      schema: {
        tags: ['hotline'],
        summary:
          'The callback queue (回访): closed cases you may see with a reporter’s number and no rating yet, oldest closure first',
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Paged(CallbackItem), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const r = await hotline.callbackQueue(actor, request.query.page, request.query.pageSize);
      const dir = await services.directory.get();
      const items = await Promise.all(
        r.rows.map(async (row) => ({
          ...(await brief(row)),
          reporter: { name: row.reporter_name, phone: row.reporter_phone! },
          streetName: dir.areas.get(row.street_code)?.name ?? row.street_code,
          unitName: await lastUnitName(row),
          attempts: row.attempts,
          lastAttemptAt: iso(row.last_attempt_at),
        })),
      );
      return { total: r.total, page: r.page, pageSize: r.pageSize, items };
    },
  );

  /** The unit that handled a closed case (its assignee stays set after closure). */
  const lastUnitName = async (row: CaseRow) =>
    row.assignee_unit_id === null
      ? null
      : ((await services.directory.unit(row.assignee_unit_id))?.name ?? null);

  app.post(
    '/hotline/callbacks/:id/not-reached',
    {
      schema: {
        tags: ['hotline'],
        summary: `The reporter could not be reached: kept on the case (回访未接通); after ${CALLBACK_MAX_ATTEMPTS} attempts the case leaves the queue`,
        params: IdParams,
        body: Type.Object(
          { note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: {
          200: NotReachedAnswer,
          ...errors(400, 401, 403, 404, 409),
        },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const r = await hotline.callbackNotReached(actor, request.params.id, request.body.note);
      return { case: await presentCase(services, actor, r.row), attempts: r.attempts, inQueue: r.inQueue };
    },
  );
};
