// /api/stats: the console's overview counts, scoped to what the caller may see.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';

const Count = Type.Integer({ minimum: 0 });

const Overview = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  byState: Type.Array(Type.Object({ state: Type.String(), name: Type.String(), count: Count }), {
    description: 'open cases now, every open state in loop order',
  }),
  byColour: Type.Array(Type.Object({ colour: Type.String(), count: Count }), {
    description: "open cases now by warning colour; 'none' = no running clock",
  }),
  byClass: Type.Array(
    Type.Object({ kind: Type.String(), code: Type.String(), name: Type.String(), count: Count }),
    { description: 'open cases now by major class (kind + first two digits of the class code)' },
  ),
  byArea: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Count }), {
    description: 'cases reported in the period, by street',
  }),
  trend: Type.Array(
    Type.Object({
      day: Type.String({ description: 'YYYY-MM-DD, China time' }),
      reported: Count,
      closed: Count,
    }),
    { description: 'every day of the period' },
  ),
  onTimeByUnit: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      name: Type.String(),
      closed: Count,
      onTime: Count,
      rate: Type.Number({ description: 'onTime / closed, 3 decimals' }),
    }),
    { description: 'cases closed in the period, by the unit that handled them' },
  ),
});

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
