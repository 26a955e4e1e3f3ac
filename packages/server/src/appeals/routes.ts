// Appeals (/api/appeals): list and read them, start a review, decide. Appeals are submitted by the
// capability whose decision they are against (AppealService.submit inside its transaction), not
// here. See docs/appeals.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { AppealDetailSchema, AppealQuery, AppealSchema, DecideBody } from './schemas.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const appealRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { appeals } = app.services;

  app.get(
    '/',
    {
      schema: {
        tags: ['appeals'],
        summary:
          'Appeals the caller sees (the parties’ units, the reviewers, whoever sees the case), open ones by default.',
        querystring: AppealQuery,
        response: { 200: Type.Array(AppealSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => await appeals.list(requireActor(request), request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['appeals'],
        summary: 'One appeal with its events (who, when, why). 404 outside your scope.',
        params: Id,
        response: { 200: AppealDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await appeals.get(requireActor(request), request.params.id),
  );

  app.post(
    '/:id/start-review',
    {
      schema: {
        tags: ['appeals'],
        summary: 'Take a submitted appeal up for review. A reviewer of a reviewing unit who is not a party.',
        params: Id,
        response: { 200: AppealDetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => await appeals.startReview(requireActor(request), request.params.id),
  );

  app.post(
    '/:id/decide',
    {
      schema: {
        tags: ['appeals'],
        summary:
          'Decide an appeal under review: upheld (the decision stands) or overturned, with the reason. Closes the review deadline and tells the subject’s capability.',
        params: Id,
        body: DecideBody,
        response: { 200: AppealDetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => await appeals.decide(requireActor(request), request.params.id, request.body),
  );
};
