// The admin history (GET /api/admin/history): one entity's changes, or every change to a kind of
// entity, newest first, with who made them and the entity before and after. Admin only.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRole } from '../platform/actor.ts';
import { errors, lit } from '../platform/schemas.ts';
import { ADMIN_ENTITIES, historyOf } from './history.ts';
import { AdminHistorySchema } from './schemas.ts';

export const adminHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.get(
    '/history',
    {
      schema: {
        tags: ['users'],
        summary:
          'Admin history: the changes to an entity (entity and key) or to every entity of a kind, newest first. Admin.',
        querystring: Type.Object(
          {
            entity: lit(ADMIN_ENTITIES),
            key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            before: Type.Optional(
              Type.Integer({ minimum: 1, description: 'the last event id of the page before' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AdminHistorySchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      const { entity, key, limit, before } = request.query;
      return await historyOf(db, { entity, key, limit: limit ?? 50, before });
    },
  );
};
