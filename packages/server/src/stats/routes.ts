// /api/stats: the console's overview counts, scoped to what the caller may see.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { Overview } from './schemas.ts';

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { stats } = app.services;

  app.get(
    '/overview',
    {
      schema: {
        tags: ['stats'],
        summary:
          'Overview for the console: open cases by state, colour and major class; reported by street, the daily trend and on-time handling by unit over the period (default: the last 30 days)',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Overview, ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return await stats.overview(actor, {
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        areaCode: q.areaCode,
      });
    },
  );
};
