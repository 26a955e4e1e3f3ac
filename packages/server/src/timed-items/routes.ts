// Timed items (/api/timed-items): the open items a unit or a case has, with their colours; one
// item with its events; remind, urge and supervise. Items are opened and closed by the
// capabilities that own them (TimedItemService), never through these routes. See
// docs/timed-items.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TIMED_ITEM_PROMPTS } from '@xiuhua/domain/timed';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { PromptBody, TimedItemDetailSchema, TimedItemQuery, TimedItemSchema } from './schemas.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const timedItemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { timedItems } = app.services;

  app.get(
    '/',
    {
      schema: {
        tags: ['timed-items'],
        summary:
          'Timed items the caller sees, open ones by default (status=all for every one), of an owner unit or a case, soonest due first.',
        querystring: TimedItemQuery,
        response: { 200: Type.Array(TimedItemSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => await timedItems.list(requireActor(request), request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['timed-items'],
        summary: 'One timed item with its events (who, when). 404 outside your scope.',
        params: Id,
        response: { 200: TimedItemDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => await timedItems.get(requireActor(request), request.params.id),
  );

  for (const prompt of TIMED_ITEM_PROMPTS) {
    app.post(
      `/:id/${prompt}`,
      {
        schema: {
          tags: ['timed-items'],
          summary: `${prompt[0]!.toUpperCase()}${prompt.slice(1)} an open timed item: recorded as its event. The roles and scope of the same prompt on a case.`,
          params: Id,
          body: PromptBody,
          response: { 200: TimedItemDetailSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        await timedItems.prompt(requireActor(request), request.params.id, prompt, request.body.reason),
    );
  }
};
