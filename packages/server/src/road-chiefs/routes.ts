// Road-chief posts (/api/road-posts): who holds which level over which area or segments, on a day
// or through history; post and end them; a segment's chain of chiefs. See docs/road-chiefs.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import {
  ComplianceRangeQuery,
  NewNightCheckSchema,
  NightCheckSchema,
  DaySchema,
  NewRoadPostSchema,
  PatrolRulesSchema,
  PersonComplianceSchema,
  RoadPostSchema,
  SegmentChainSchema,
  StreetComplianceSchema,
  WorkbenchSchema,
} from './schemas.ts';
import { roadChiefWorkbench } from './workbench.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const roadPostRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { roadPosts } = app.services;

  app.get(
    '/',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'Posts holding on a day (default today), or every post with history=true; by person, segment or street.',
        querystring: Type.Object(
          {
            userId: Type.Optional(Type.Integer({ minimum: 1 })),
            segmentId: Type.Optional(Type.Integer({ minimum: 1 })),
            streetCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            date: Type.Optional(DaySchema),
            history: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(RoadPostSchema), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await roadPosts.list(requireActor(request), request.query),
  );

  app.get(
    '/mine',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'The posts you hold today.',
        response: { 200: Type.Array(RoadPostSchema), ...errors(401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return await roadPosts.list(actor, { userId: actor.user.id });
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'Post a road chief (or a unit’s duty staff) to a level over an area or segments, from a day; a 二级路长 named for a road holds all its segments.',
        body: NewRoadPostSchema,
        response: { 201: RoadPostSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const post = await roadPosts.create(requireActor(request), {
        level: b.level,
        userId: b.userId ?? null,
        unitId: b.unitId ?? null,
        areaCode: b.areaCode ?? null,
        roadId: b.roadId ?? null,
        segmentIds: b.segmentIds ?? [],
        agency: b.agency ?? null,
        shiftCode: b.shiftCode ?? null,
        validFrom: b.validFrom,
        validTo: b.validTo ?? null,
        note: b.note ?? null,
      });
      return reply.code(201).send(post);
    },
  );

  app.post(
    '/:id/end',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'End a post: its last day in office. The post stays in the history.',
        params: Id,
        body: Type.Object({ validTo: DaySchema }, { additionalProperties: false }),
        response: { 200: RoadPostSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => await roadPosts.end(requireActor(request), request.params.id, request.body.validTo),
  );

  app.get(
    '/segments/:id/chain',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'A segment’s chiefs now, top first, its head (路段长, else 二级路长) and who of its duty staff is on duty.',
        params: Id,
        response: { 200: SegmentChainSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await roadPosts.chain(requireActor(request), request.params.id),
  );
};

/** Patrol compliance and the city's patrol rules (/api/road-chiefs). */
export const roadChiefRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { roadCompliance, roadPosts, roads, clock, nightChecks } = app.services;

  app.get(
    '/workbench',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'The road chief’s workbench: the posts binding you today with the patrol window running now (required vs done), and their segments as GeoJSON (patrolled today or not).',
        response: { 200: WorkbenchSchema, ...errors(401, 403) },
      },
    },
    async (request) =>
      await roadChiefWorkbench(
        { clock, posts: roadPosts, compliance: roadCompliance, roads },
        requireActor(request),
      ),
  );

  app.get(
    '/compliance',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'A person’s patrol compliance per post over a range (≤ 92 days): required vs done, the windows and segments missed, stretches off post. Default: yourself.',
        querystring: Type.Object(
          { userId: Type.Optional(Type.Integer({ minimum: 1 })), ...ComplianceRangeQuery },
          { additionalProperties: false },
        ),
        response: { 200: PersonComplianceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { userId, from, to } = request.query;
      return await roadCompliance.forPerson(actor, userId ?? actor.user.id, { from, to });
    },
  );

  app.get(
    '/compliance/street',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'Everyone posted on a street: required vs done and stretches off post, per person.',
        querystring: Type.Object(
          { streetCode: Type.String({ minLength: 1, maxLength: 40 }), ...ComplianceRangeQuery },
          { additionalProperties: false },
        ),
        response: { 200: StreetComplianceSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { streetCode, from, to } = request.query;
      return await roadCompliance.forStreet(requireActor(request), streetCode, { from, to });
    },
  );

  app.get(
    '/night-checks',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'Night checks (夜查) starting in a date range, of one member or all.',
        querystring: Type.Object(
          { memberId: Type.Optional(Type.Integer({ minimum: 1 })), ...ComplianceRangeQuery },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(NightCheckSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => await nightChecks.list(requireActor(request), request.query),
  );

  app.get(
    '/night-checks/:id',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'One night check, with each member’s result once it has ended.',
        params: Id,
        response: { 200: NightCheckSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await nightChecks.get(requireActor(request), request.params.id),
  );

  app.post(
    '/night-checks',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'Schedule a night check over segments (≤ 12 h): the admin, or a chief whose post covers them. Recorded in the admin history.',
        body: NewNightCheckSchema,
        response: { 201: NightCheckSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await nightChecks.schedule(requireActor(request), request.body)),
  );

  app.post(
    '/night-checks/:id/cancel',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'Cancel a night check.',
        params: Id,
        response: { 200: NightCheckSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => await nightChecks.cancel(requireActor(request), request.params.id),
  );

  app.get(
    '/patrol-rules',
    {
      schema: {
        tags: ['road-chiefs'],
        summary: 'The patrol rules in force: segment pass, each level’s duty, off post.',
        response: { 200: PatrolRulesSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      requireActor(request);
      return await roadCompliance.rules();
    },
  );

  app.put(
    '/patrol-rules',
    {
      schema: {
        tags: ['road-chiefs'],
        summary:
          'Set the city’s patrol rules (admin): what is given replaces the default. Recorded in the admin history.',
        body: Type.Object({}, { additionalProperties: true }),
        response: { 200: PatrolRulesSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => await roadCompliance.setRules(requireActor(request), request.body),
  );
};
