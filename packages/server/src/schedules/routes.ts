// Duty schedules (/api/schedules) and rosters (/api/units/:id/roster, /api/units/:id/on-duty).
// Anyone on the staff reads them; the admin changes schedules; a unit's head (or the admin) its
// roster. See docs/calendar.md ("Duty schedules") and docs/api.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../platform/actor.ts';
import { errors, lit, Nullable } from '../platform/schemas.ts';
import { notFound } from '../platform/errors.ts';
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

const Shift = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9-]{1,30}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, uniqueItems: true }),
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    people: Type.Array(Type.String({ pattern: '^[0-9]{1,10}$' }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
const RosterException = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    shift: Type.String({ minLength: 1, maxLength: 30 }),
    people: Type.Array(Type.String({ pattern: '^[0-9]{1,10}$' }), { maxItems: 200 }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const RosterBody = Type.Object(
  {
    holidays: lit(['off', 'on'] as const),
    shifts: Type.Array(Shift, { maxItems: 20 }),
    exceptions: Type.Optional(Type.Array(RosterException, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
const RosterSchema = Type.Object({
  unitId: Type.Integer(),
  headUserId: Nullable(Type.Integer()),
  holidays: Type.String(),
  shifts: Type.Array(Shift),
  exceptions: Type.Array(RosterException),
});
const OnDutySchema = Type.Object({
  unitId: Type.Integer(),
  people: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      displayName: Type.String(),
      shift: Type.String(),
      shiftName: Type.String(),
      from: Type.String({ format: 'date-time' }),
      to: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const scheduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { schedules, rosters, directory, clock } = app.services;
  const unitOr404 = async (id: number) => {
    const unit = await directory.unit(id);
    if (!unit) throw notFound('unit');
    return unit;
  };

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

  app.get(
    '/units/:id/roster',
    {
      schema: {
        tags: ['schedules'],
        summary: 'A unit’s duty roster: weekly shifts with people, and dated exceptions. Staff.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: RosterSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      authorize(request, 'roster.read', null);
      const unit = await unitOr404(request.params.id);
      const roster = await rosters.get(unit.id);
      return { unitId: unit.id, headUserId: unit.head_user_id, ...roster } as never;
    },
  );

  app.put(
    '/units/:id/roster',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Replace a unit’s duty roster. The unit’s head or an admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: RosterBody,
        response: { 200: RosterSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const unit = await unitOr404(request.params.id);
      const actor = authorize(request, 'roster.edit', {
        headUserId: unit.head_user_id === null ? null : String(unit.head_user_id),
      });
      const roster = await rosters.put(unit.id, request.body, actor.user.id);
      return { unitId: unit.id, headUserId: unit.head_user_id, ...roster } as never;
    },
  );

  app.get(
    '/units/:id/on-duty',
    {
      schema: {
        tags: ['schedules'],
        summary:
          'Who is on duty in a unit: at an instant (`at`, default now) or on the shifts starting on a day (`date`). Staff.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({
          at: Type.Optional(Type.String({ format: 'date-time' })),
          date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
        }),
        response: { 200: OnDutySchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      authorize(request, 'roster.read', null);
      const unit = await unitOr404(request.params.id);
      const { at, date } = request.query;
      const people = date
        ? await rosters.peopleOnDay(unit.id, date)
        : await rosters.peopleOnDuty(unit.id, at ? new Date(at) : clock.now());
      return {
        unitId: unit.id,
        people: people.map((p) => ({ ...p, from: p.from.toISOString(), to: p.to.toISOString() })),
      };
    },
  );
};
