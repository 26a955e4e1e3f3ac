// /api/patrol: on-duty shifts and GPS points from the inspector's phone (idempotent, so the
// phone's offline queue may resend), and tracks for supervisors.
// /api/inspector: what the inspector's phone app reads besides cases (own grids, frequent classes).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { MAX_AGE_DAYS, MAX_POINTS_PER_BATCH, presentShift } from './service.ts';
import { Crs, day, errors, FeatureCollection } from '../platform/schemas.ts';
import { FrequentClass, PatrolSummaryRow, ShiftSchema, TrackSchema } from './schemas.ts';

const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'made by the phone (crypto.randomUUID()); the same id again is the same shift',
});
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const Day = day();

const PointInput = Type.Object(
  {
    at: Instant(`when the phone took the fix; at most ${MAX_AGE_DAYS} days old`),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Crs),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'metres' })),
  },
  { additionalProperties: false },
);

export const patrolRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { patrol } = app.services;

  app.post(
    '/shifts',
    {
      schema: {
        tags: ['patrol'],
        summary:
          'Go on duty (inspector, road chief). Idempotent by id: 201 the first time, 200 after. An open shift is ended where this one starts.',
        body: Type.Object(
          { id: Uuid, startedAt: Instant('when the switch was turned on (the phone may send it later)') },
          { additionalProperties: false },
        ),
        response: { 200: ShiftSchema, 201: ShiftSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { shift, created } = await patrol.startShift(
        actor,
        request.body.id.toLowerCase(),
        request.body.startedAt,
      );
      return reply.status(created ? 201 : 200).send(presentShift(shift));
    },
  );

  app.post(
    '/shifts/:id/end',
    {
      schema: {
        tags: ['patrol'],
        summary: 'Go off duty. Ending an ended shift again changes nothing.',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { endedAt: Instant('when the switch was turned off') },
          { additionalProperties: false },
        ),
        response: { 200: ShiftSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentShift(
        await patrol.endShift(actor, request.params.id.toLowerCase(), request.body.endedAt),
      );
    },
  );

  app.get(
    '/shifts/current',
    {
      schema: {
        tags: ['patrol'],
        summary: 'Your open shift, or null',
        response: { 200: Type.Union([ShiftSchema, Type.Null()]), ...errors(401) },
      },
    },
    async (request) => {
      const shift = await patrol.currentShift(requireActor(request));
      return shift ? presentShift(shift) : null;
    },
  );

  app.post(
    '/points',
    {
      schema: {
        tags: ['patrol'],
        summary: `Record GPS points (at most ${MAX_POINTS_PER_BATCH} a batch). A point already stored (same user and time) is skipped, so a resent batch changes nothing.`,
        body: Type.Object(
          { points: Type.Array(PointInput, { maxItems: MAX_POINTS_PER_BATCH }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => await patrol.addPoints(requireActor(request), request.body.points),
  );

  app.get(
    '/tracks',
    {
      schema: {
        tags: ['patrol'],
        summary:
          'A person’s shifts and GPS points on a day. Your own always; others’ with a supervisor, leader, shift leader or admin role, in your scope.',
        querystring: Type.Object(
          { userId: Type.Integer({ minimum: 1 }), date: Day },
          { additionalProperties: false },
        ),
        response: { 200: TrackSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await patrol.track(requireActor(request), request.query.userId, request.query.date),
  );

  app.get(
    '/summary',
    {
      schema: {
        tags: ['patrol'],
        summary: 'Who in your scope patrolled on a day (points, first and last fix)',
        querystring: Type.Object({ date: Day }, { additionalProperties: false }),
        response: {
          200: Type.Array(PatrolSummaryRow),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => await patrol.daySummary(requireActor(request), request.query.date),
  );
};

export const inspectorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { patrol } = app.services;

  app.get(
    '/grids',
    {
      schema: {
        tags: ['patrol'],
        summary: 'The unit cells of your responsibility grids (GeoJSON, WGS84), for the inspector app’s map',
        response: {
          200: FeatureCollection,
          ...errors(401),
        },
      },
    },
    async (request) => await patrol.myGrids(requireActor(request)),
  );

  app.get(
    '/frequent-classes',
    {
      schema: {
        tags: ['patrol'],
        summary:
          'Classes for quick reporting: yours most reported in 90 days, then your area’s, then everyday problems',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 8 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(FrequentClass),
          ...errors(400, 401),
        },
      },
    },
    async (request) => await patrol.frequentClasses(requireActor(request), request.query.limit ?? 8),
  );
};
