// Duty schedules (/api/schedules) and rosters (/api/units/:id/roster, /api/units/:id/on-duty).
// Anyone on the staff reads them; the admin changes schedules; a unit's head (or the admin) its
// roster. See docs/calendar.md ("Duty schedules") and docs/api.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../platform/actor.ts';
import { errors, lit, Nullable } from '../platform/schemas.ts';
import { scheduleFields } from './admin.ts';

const Period = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7 }),
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  },
  { additionalProperties: false },
);

const ScheduleBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    periods: Type.Array(Period, { minItems: 1, maxItems: 100 }),
    holidays: lit(['off', 'on'] as const),
  },
  { additionalProperties: false },
);

const ScheduleSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  version: Type.Integer(),
  periods: Type.Array(Type.Object({ weekday: Type.Integer(), start: Type.String(), end: Type.String() })),
  holidays: Type.String(),
  unitCount: Type.Optional(Type.Integer()),
});

export const scheduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { schedules } = app.services;

  app.get(
    '/schedules',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Duty schedules, with how many units run on each. Staff.',
        response: { 200: Type.Array(ScheduleSchema), ...errors(401, 403) },
      },
    },
    async (request) => {
      authorize(request, 'roster.read', null);
      return await schedules.list();
    },
  );

  app.post(
    '/schedules',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Create a duty schedule (version 1). Admin.',
        body: ScheduleBody,
        response: { 201: ScheduleSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'schedule.manage', null);
      const row = await schedules.create(request.body, actor.user.id);
      return reply.status(201).send(scheduleFields(row));
    },
  );

  app.patch(
    '/schedules/:id',
    {
      schema: {
        tags: ['schedules'],
        summary:
          'Change a duty schedule. New periods or holiday rule make the next version: steps started afterwards run on it, running steps keep theirs. Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Partial(Type.Omit(ScheduleBody, ['code'])),
        response: { 200: ScheduleSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'schedule.manage', null);
      return scheduleFields(await schedules.update(request.params.id, request.body, actor.user.id));
    },
  );
};
