// Duty schedules (/api/schedules) and rosters (/api/units/:id/roster, /api/units/:id/on-duty).
// Anyone on the staff reads them; the admin changes schedules; a unit's head (or the admin) its
// roster. See docs/calendar.md ("Duty schedules") and docs/api.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../platform/actor.ts';
import { day, errors } from '../platform/schemas.ts';
import { notFound } from '../platform/errors.ts';
import { scheduleFields } from './admin.ts';
import {
  OnDutySchema,
  RosterBody,
  RosterCandidateSchema,
  RosterSchema,
  ScheduleBody,
  ScheduleSchema,
} from './schemas.ts';

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
      const names = await rosters.names(roster);
      return { unitId: unit.id, headUserId: unit.head_user_id, ...roster, names } as never;
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
      const names = await rosters.names(roster);
      return { unitId: unit.id, headUserId: unit.head_user_id, ...roster, names } as never;
    },
  );

  app.get(
    '/units/:id/roster/people',
    {
      schema: {
        tags: ['schedules'],
        summary:
          'Who may be put on a unit’s roster: the active users of the unit and the units below it. Whoever may edit the roster (its head or an admin).',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Array(RosterCandidateSchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const unit = await unitOr404(request.params.id);
      authorize(request, 'roster.edit', {
        headUserId: unit.head_user_id === null ? null : String(unit.head_user_id),
      });
      return await rosters.candidates(unit.id);
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
          date: Type.Optional(day()),
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
