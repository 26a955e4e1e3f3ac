// /api/cases: intake, list, map points, nearby open cases, detail, event log, routing suggestion,
// and one route per action of the transition table (POST /api/cases/:id/<action>).
// /api/lookups: pickers for the console (inspectors, units a case may be dispatched to).

import { RETURN_KINDS } from '@xiuhua/domain/disputes';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CASE_ACTIONS,
  CASE_LEVELS as LEVELS,
  CASE_SOURCES as SOURCES,
  CASE_STATES,
  type CaseAction,
  type CaseState,
  REQUIREMENT_FIELDS,
  SATISFACTIONS,
  STATE_NAMES,
  transitionOf,
} from '@xiuhua/domain/workflow';
import { type TObject, type TProperties, Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { NEARBY_MAX_RADIUS } from './nearby.ts';
import { POINTS_MAX } from './queries.ts';
import { presentCase, presentEvent } from './presenters.ts';
import {
  CaseSchema,
  EventSchema,
  InspectorPick,
  NearbyCase,
  PointsSchema,
  RoutingSuggestionSchema,
  UnitPick,
} from './schemas.ts';
import { Crs, errors, IdParam, Location, Paged, Photo, TimeLimitSchema, lit } from '../platform/schemas.ts';

const Kind = Type.Union([Type.Literal('component'), Type.Literal('event')]);

const CreateBody = Type.Object(
  {
    source: lit(SOURCES),
    kind: Kind,
    classCode: Type.String({ pattern: '^[0-9]{5}$', description: '5-digit minor class code' }),
    description: Type.String({ minLength: 2, maxLength: 2000 }),
    location: Location,
    address: Type.Optional(Type.String({ maxLength: 200 })),
    componentRef: Type.Optional(Type.String({ maxLength: 64 })),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 50 })),
          phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    photos: Type.Optional(Type.Array(Photo, { maxItems: 9 })),
    level: Type.Optional(lit(LEVELS)),
    sourceRef: Type.Optional(Type.String({ maxLength: 64 })),
    sourceDetails: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'the source’s own fields: required for leader_instruction, media, petition, survey, online_opinion and sensor (see docs/channels.md); refused for other sources',
      }),
    ),
  },
  { additionalProperties: false },
);

const reason = Type.String({ maxLength: 1000 });
const base = {
  reason: Type.Optional(reason),
  expectedVersion: Type.Optional(
    Type.Integer({ minimum: 1, description: 'fail with 409 if the case changed' }),
  ),
  photos: Type.Optional(Type.Array(Photo, { maxItems: 9 })),
};

/** The body each action takes: the common fields plus what the transition requires. */
function actionBody(action: CaseAction): TObject {
  const t = transitionOf(action);
  const extra: TProperties = {};
  const required = new Set<string>(t.requires.map((r) => REQUIREMENT_FIELDS[r]));
  const req = (name: string) => required.has(name);
  const opt = <S extends TProperties[string]>(name: string, schema: S) =>
    req(name) ? schema : Type.Optional(schema);
  if (req('reason')) extra.reason = Type.String({ minLength: 1, maxLength: 1000 });
  if (action === 'dispatch' || action === 'redispatch') extra.unitId = Type.Integer({ minimum: 1 });
  if (action === 'escalate' || action === 'hand_down') {
    // 上报 without a centre goes to the district or city centre over the case
    extra.unitId = opt(
      'unitId',
      Type.Integer({ minimum: 1, description: 'the command centre to pass it to' }),
    );
    extra.level = Type.Optional(lit(LEVELS));
  }
  if (action === 'merge') extra.targetCaseId = Type.Integer({ minimum: 1 });
  if (action === 'request_postponement' || action === 'approve_postponement')
    extra.extension = opt('extension', TimeLimitSchema);
  if (action === 'callback') extra.satisfaction = lit(SATISFACTIONS);
  if (action === 'file') {
    extra.kind = Type.Optional(Kind);
    extra.classCode = Type.Optional(Type.String({ pattern: '^[0-9]{5}$' }));
    extra.level = Type.Optional(lit(LEVELS));
  }
  if (action === 'return') {
    extra.returnKind = Type.Optional(lit(RETURN_KINDS));
    extra.suggestedUnitId = Type.Optional(
      Type.Integer({ minimum: 1, description: 'the unit the returning unit believes responsible' }),
    );
  }
  if (action === 'request_verification' || action === 'report_back')
    extra.inspectorId = Type.Optional(Type.Integer({ minimum: 1 }));
  return Type.Object({ ...base, ...extra }, { additionalProperties: false });
}

const filterProperties = {
  state: Type.Optional(Type.Array(lit(CASE_STATES))),
  colour: Type.Optional(Type.Array(lit(['blue', 'yellow', 'orange', 'red']))),
  kind: Type.Optional(Kind),
  classCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
  areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  segmentId: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500, description: 'on any of these road segments' }),
  ),
  source: Type.Optional(lit(SOURCES)),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
};

const ListQuery = Type.Object(
  {
    ...filterProperties,
    sort: Type.Optional(lit(['reported_at', 'due_at', 'updated_at', 'number'])),
    order: Type.Optional(lit(['asc', 'desc'])),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

const PointsQuery = Type.Object(
  {
    ...filterProperties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: POINTS_MAX, default: 10_000 })),
  },
  { additionalProperties: false },
);

const NearbyQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Crs),
    kind: Type.Optional(Kind),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    radius: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: NEARBY_MAX_RADIUS, default: 200 })),
    excludeId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const services = app.services;
  app.addSchema(CaseSchema);
  app.addSchema(EventSchema);
  const CaseRef = Type.Ref('Case');

  app.post(
    '/',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Take a report (intake). Send an Idempotency-Key header: a retried POST returns the same case.',
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
        }),
        body: CreateBody,
        response: { 200: CaseRef, 201: CaseRef, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { row, created } = await services.cases.create(
        { actor },
        { ...request.body, idempotencyKey: request.headers['idempotency-key'] },
      );
      return reply.status(created ? 201 : 200).send(await presentCase(services, actor, row));
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['cases'],
        summary: 'List the cases you may see, with filters, paging and sorting',
        querystring: ListQuery,
        response: { 200: Paged(CaseRef), ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const result = await services.cases.list(actor, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
      return {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        items: await Promise.all(result.rows.map((r) => presentCase(services, actor, r))),
      };
    },
  );

  app.get(
    '/points',
    {
      schema: {
        tags: ['cases'],
        summary:
          'The cases you may see as GeoJSON points for the map: the list filters, newest first, at most `limit`',
        querystring: PointsQuery,
        response: { 200: PointsSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { limit, ...q } = request.query;
      const { rows, truncated } = await services.cases.points(
        actor,
        { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        limit,
      );
      return {
        type: 'FeatureCollection' as const,
        truncated,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
          properties: {
            id: r.id,
            number: r.number,
            state: r.state,
            colour: r.colour,
            classCode: r.class_code,
            unitId: r.assignee_unit_id,
          },
        })),
      };
    },
  );

  app.get(
    '/nearby',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Open cases you may see near a point (duplicates to merge at intake), nearest first, at most 20',
        querystring: NearbyQuery,
        response: { 200: Type.Array(NearbyCase), ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await services.cases.nearby(actor, request.query);
      const { rows: classes } = await services.catalogue.current();
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        kind: r.kind,
        classCode: r.class_code,
        className: classes.get(`${r.kind}:${r.class_code}`)?.name ?? r.class_code,
        state: r.state,
        stateName: STATE_NAMES[r.state as CaseState]?.zh ?? r.state,
        description: r.description,
        address: r.address,
        reportedAt: r.reported_at.toISOString(),
        distanceM: Math.round(r.distanceM),
      }));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case, by id or number',
        params: IdParam,
        response: { 200: CaseRef, ...errors(401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await presentCase(services, actor, await services.cases.get(actor, request.params.id));
    },
  );

  app.get(
    '/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary: 'The case’s immutable event log, oldest first',
        params: IdParam,
        response: { 200: Type.Array(Type.Ref('CaseEvent')), ...errors(401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return (await services.cases.events(actor, request.params.id)).map(presentEvent);
    },
  );

  app.get(
    '/:id/routing-suggestion',
    {
      schema: {
        tags: ['cases', 'routing'],
        summary: 'The unit the routing rules send this case to, with the rule and an explanation',
        params: IdParam,
        response: {
          200: RoutingSuggestionSchema,
          ...errors(401, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await services.cases.get(actor, request.params.id);
      return await services.routing.suggest(row);
    },
  );

  for (const action of CASE_ACTIONS) {
    const t = transitionOf(action);
    app.post(
      `/:id/${action.replaceAll('_', '-')}`,
      {
        // An action without input may be posted with no body at all.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          tags: ['case actions'],
          summary: `${t.zh} · ${t.en}`,
          description: `From ${t.from.join(', ')} to ${t.to}. Roles: ${t.roles.join(', ')}.${t.requires.length ? ` Requires: ${t.requires.join(', ')}.` : ''}`,
          params: IdParam,
          body: actionBody(action),
          response: { 200: CaseRef, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const row = await services.cases.get(actor, request.params.id);
        const body = request.body as Record<string, unknown>;
        const updated = await services.cases.act(actor, row.id, action, {
          ...body,
          unitId: body.unitId === undefined ? undefined : String(body.unitId),
          targetCaseId: body.targetCaseId === undefined ? undefined : String(body.targetCaseId),
        });
        return await presentCase(services, actor, updated);
      },
    );
  }
};

/** /api/lookups: small lists for the console's pickers, for any signed-in user. */
export const lookupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const services = app.services;

  app.get(
    '/inspectors',
    {
      schema: {
        tags: ['lookups'],
        summary:
          'Active inspectors working in the area of your unit, with their responsibility grids (for verification and check tasks)',
        response: {
          200: Type.Array(InspectorPick),
          ...errors(401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await services.cases.inspectors(actor);
    },
  );

  app.get(
    '/dispatch-units',
    {
      schema: {
        tags: ['lookups'],
        summary:
          'The units you may dispatch (or re-dispatch) this case to — or, with `for`, the centres you may escalate (上报) or hand it down (下派) to — by the rule the action applies; nearest area first',
        querystring: Type.Object(
          {
            caseId: Type.String({ pattern: '^[0-9]{1,16}$', description: 'case id or case number' }),
            for: Type.Optional(lit(['dispatch', 'escalate', 'hand_down'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(UnitPick), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const units = await services.cases.dispatchableUnits(
        actor,
        request.query.caseId,
        request.query.for ?? 'dispatch',
      );
      return units.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        areaCode: u.area_code,
      }));
    },
  );
};
