// Jurisdiction disputes (/api/disputes): list and read them; rule, appeal, give the final ruling.
// Disputes are opened by the case loop itself (the second "not our duty" return). See
// docs/disputes.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { DisputeSchema } from './schemas.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });
const Ruling = Type.Object(
  {
    responsibleUnitId: Type.Integer({ minimum: 1 }),
    reason: Reason,
    correctRouting: Type.Optional(
      Type.Boolean({
        description: 'also add a routing rule: this class in the case’s street goes to the responsible unit',
      }),
    ),
  },
  { additionalProperties: false },
);
export const disputeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { disputes } = app.services;

  app.get(
    '/',
    {
      schema: {
        tags: ['disputes'],
        summary: 'Jurisdiction disputes of the cases you see: of one case, or every open one.',
        querystring: Type.Object(
          {
            caseId: Type.Optional(Type.Integer({ minimum: 1 })),
            state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(DisputeSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => await disputes.list(requireActor(request), request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['disputes'],
        summary: 'One dispute: its returns (judged once ruled), the ruling deadline, the appeal.',
        params: Id,
        response: { 200: DisputeSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await disputes.get(requireActor(request), request.params.id),
  );

  app.post(
    '/:id/rule',
    {
      schema: {
        tags: ['disputes'],
        summary:
          'Rule which unit is responsible (the centre the dispute belongs to): every return is judged by it — a return by that unit was unjustified.',
        params: Id,
        body: Ruling,
        response: { 200: DisputeSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => await disputes.rule(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/:id/appeal',
    {
      schema: {
        tags: ['disputes'],
        summary: 'Appeal the ruling one level up (the unit ruled responsible); reviewed under /api/appeals.',
        params: Id,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: DisputeSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => await disputes.appeal(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/:id/final',
    {
      schema: {
        tags: ['disputes'],
        summary: 'After the appeal was overturned, the reviewing level gives the final ruling.',
        params: Id,
        body: Ruling,
        response: { 200: DisputeSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => await disputes.finalRule(requireActor(request), request.params.id, request.body),
  );
};
