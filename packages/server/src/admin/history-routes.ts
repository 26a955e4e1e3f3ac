// The admin history (GET /api/admin/history): one entity's changes, or every change to a kind of
// entity, newest first, with who made them and the entity before and after. Admin only.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authorize } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { historyOf } from './history.ts';
import { AdminHistoryQuery, AdminHistorySchema } from './schemas.ts';

export const adminHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.get(
    '/history',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Admin history: the changes to an entity (entity and key) or to every entity of a kind, newest first. Admin.',
        querystring: AdminHistoryQuery,
        response: { 200: AdminHistorySchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      authorize(request, 'admin.readHistory', null);
      const { entity, key, limit, before } = request.query;
      return await historyOf(db, { entity, key, limit: limit ?? 50, before });
    },
  );
};
