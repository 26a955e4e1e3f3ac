// Catalogue, units, users and API keys, routing rules, calendar and time settings.
// Reads are open to every signed-in user where the console needs them; changes are admin-only.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogueClassRow } from '@xiuhua/db';
import { REPORT_BACK_PHOTO } from '@xiuhua/domain/catalogue';
import { Type } from 'typebox';
import { requireActor, authorize } from '../platform/actor.ts';
import { notFound } from '../platform/errors.ts';
import { SETTING_KEYS, type SettingKey } from '../calendar/service.ts';
import { userFields } from './users.ts';
import { unitFields } from './units.ts';
import { ruleFields } from '../routing/rules.ts';
import { day, errors, TimeLimitSchema, Nullable, lit } from '../platform/schemas.ts';
import {
  ApiKeyBody,
  ApiKeyIssued,
  CalendarYearSchema,
  UnitBody,
  UserBody,
  ClassSchema,
  MajorSchema,
  RuleSchema,
  UnitSchema,
  UserSchema,
} from './schemas.ts';

const Kind = Type.Union([Type.Literal('component'), Type.Literal('event')]);
const AreaLimits = Type.Object(
  { handle: TimeLimitSchema, sign: Type.Optional(TimeLimitSchema) },
  { additionalProperties: false },
);

function presentClass(r: CatalogueClassRow) {
  return {
    id: r.id,
    kind: r.kind,
    code: r.code,
    version: r.version,
    majorCode: r.major_code,
    name: r.name,
    nameEn: r.name_en,
    keywords: r.keywords,
    filingStandard: r.filing_standard,
    closureStandard: r.closure_standard,
    urgency: r.urgency,
    clock: r.clock,
    reportBackPhoto: r.report_back_photo,
    defaultUnitType: r.default_unit_type,
    limits: r.limits as Record<string, unknown>,
    active: r.active,
    validFrom: r.valid_from.toISOString(),
    supersededAt: r.superseded_at ? r.superseded_at.toISOString() : null,
    changeNote: r.change_note,
  };
}

const RuleBody = Type.Object(
  {
    label: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    kind: Type.Optional(Nullable(Kind)),
    classCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{2}([0-9]{3})?$' }))),
    areaCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }))),
    level: Type.Optional(Nullable(lit(['community', 'street', 'district', 'city']))),
    unitId: Type.Integer({ minimum: 1 }),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Day = day();

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalogue, directory, time, units, users, apiKeys, routingRules, calendarAdmin } = app.services;

  // ------------------------------------------------------------ catalogue
  app.get(
    '/catalogue/majors',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Major classes',
        response: {
          200: Type.Array(MajorSchema),
        },
      },
    },
    async (request) => {
      requireActor(request);
      return (await catalogue.current()).catalogue.majors;
    },
  );

  app.get(
    '/catalogue/classes',
    {
      schema: {
        tags: ['catalogue'],
        summary:
          'Current minor classes offered for new cases (includeInactive: all); with q, a ranked search by code, name, keyword or pinyin initials',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 50 })),
            kind: Type.Optional(Kind),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            includeInactive: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(ClassSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      requireActor(request);
      // Inactive classes are not offered for new cases: pickers never see them; the admin's
      // catalogue editor asks for them with includeInactive.
      const { q, kind, limit, includeInactive = false } = request.query;
      const { rows } = await catalogue.current();
      if (q) {
        const matches = await catalogue.search(q, kind, limit ?? 20, includeInactive);
        return matches.map((m) => presentClass(rows.get(`${m.minor.kind}:${m.minor.code}`)!));
      }
      return [...rows.values()]
        .filter((r) => (includeInactive || r.active) && (!kind || r.kind === kind))
        .slice(0, limit ?? 500)
        .map(presentClass);
    },
  );

  app.get(
    '/catalogue/classes/:kind/:code',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One class with all its versions, newest first',
        params: Type.Object({ kind: Kind, code: Type.String({ pattern: '^[0-9]{5}$' }) }),
        response: { 200: Type.Array(ClassSchema), ...errors(401, 404) },
      },
    },
    async (request) => {
      requireActor(request);
      const history = await catalogue.history(request.params.kind, request.params.code);
      if (history.length === 0) throw notFound('class', 'code');
      return history.map(presentClass);
    },
  );

  app.put(
    '/catalogue/classes/:kind/:code',
    {
      schema: {
        tags: ['catalogue'],
        summary:
          'Edit a class: stored as a new version; open cases keep the version they were filed under. Admin.',
        params: Type.Object({ kind: Kind, code: Type.String({ pattern: '^[0-9]{5}$' }) }),
        body: Type.Object(
          {
            note: Type.String({ minLength: 1, maxLength: 500 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            nameEn: Type.Optional(Type.String({ maxLength: 120 })),
            keywords: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40 }),
            ),
            filingStandard: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            closureStandard: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            urgency: Type.Optional(lit(['normal', 'urgent', 'emergency'])),
            clock: Type.Optional(lit(['working', 'natural'])),
            reportBackPhoto: Type.Optional(lit(REPORT_BACK_PHOTO)),
            active: Type.Optional(Type.Boolean()),
            defaultUnitType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            limits: Type.Optional(
              Type.Object({ A: AreaLimits, B: AreaLimits, C: AreaLimits }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ClassSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'catalogue' });
      const { note, ...changes } = request.body;
      const row = await catalogue.editClass(
        request.params.kind,
        request.params.code,
        changes as never,
        actor.user.id,
        note,
      );
      return presentClass(row);
    },
  );

  app.post(
    '/catalogue/import',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['catalogue'],
        summary: 'Import a catalogue file (docs/catalogue.md); changed classes get a new version. Admin.',
        body: Type.Object({ version: Type.Literal(1) }, { additionalProperties: true }),
        response: {
          200: Type.Object({
            majors: Type.Integer(),
            created: Type.Integer(),
            updated: Type.Integer(),
            unchanged: Type.Integer(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'catalogue' });
      return await catalogue.importCatalogue(request.body, actor.user.id);
    },
  );

  // ------------------------------------------------------------ units
  const presentUnit = unitFields;

  app.get(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'All units (departments, branches, squads, street offices…)',
        response: { 200: Type.Array(UnitSchema) },
      },
    },
    async (request) => {
      requireActor(request);
      return [...(await directory.get()).units.values()].map(presentUnit);
    },
  );

  app.post(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Create a unit. Admin.',
        body: UnitBody,
        response: { 201: UnitSchema, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'unit' });
      const row = await units.create(request.body, actor.user.id);
      return reply.status(201).send(presentUnit(row));
    },
  );

  app.patch(
    '/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Change a unit. Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Partial(Type.Omit(UnitBody, ['code'])),
        response: { 200: UnitSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'unit' });
      const row = await units.update(request.params.id, request.body, actor.user.id);
      return presentUnit(row);
    },
  );

  // ------------------------------------------------------------ users and API keys
  const presentUser = userFields;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users. Admin.',
        response: { 200: Type.Array(UserSchema), ...errors(401, 403) },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'user' });
      return (await users.list()).map(presentUser);
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (password hashed with argon2id). Admin.',
        body: UserBody,
        response: { 201: UserSchema, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'user' });
      const row = await users.create(request.body, actor.user.id);
      return reply.status(201).send(presentUser(row));
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (roles, unit, password, active). Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Partial(Type.Omit(UserBody, ['username'])),
        response: { 200: UserSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'user' });
      const row = await users.update(request.params.id, request.body, actor.user.id);
      return presentUser(row);
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['users'],
        summary:
          'Lift the login throttle of an account (5 failed sign-ins make unknown browsers wait). Admin. Recorded in the admin history.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            unlocked: Type.Boolean({ description: 'false: the account was not held back' }),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'user' });
      return { unlocked: await users.unlock(request.params.id, app.services.auth.throttle, actor.user.id) };
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['users'],
        summary: 'Issue an API key acting as a user; the key is shown once. Admin.',
        description:
          'An integration account’s key is issued for one integration (`integration`: open311, police110 or sensors) and opens only its routes; a staff member’s key carries no `integration` and acts as the person.',
        body: ApiKeyBody,
        response: {
          201: ApiKeyIssued,
          ...errors(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'api_key' });
      const { userId, name, integration } = request.body;
      return reply.status(201).send(await apiKeys.issue(userId, name, integration ?? null, actor.user.id));
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Revoke an API key; it stops working at once. Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'api_key' });
      await apiKeys.revoke(request.params.id, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------ routing rules
  const presentRule = ruleFields;

  app.get(
    '/routing-rules',
    {
      schema: {
        tags: ['routing'],
        summary: 'Routing rules',
        response: { 200: Type.Array(RuleSchema), ...errors(401) },
      },
    },
    async (request) => {
      requireActor(request);
      return (await routingRules.list()).map(presentRule);
    },
  );

  app.post(
    '/routing-rules',
    {
      schema: {
        tags: ['routing'],
        summary: 'Add a routing rule. Admin.',
        body: RuleBody,
        response: { 201: RuleSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'routing_rule' });
      const row = await routingRules.create(request.body, actor.user.id);
      return reply.status(201).send(presentRule(row));
    },
  );

  app.patch(
    '/routing-rules/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Change a routing rule. Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Partial(RuleBody),
        response: { 200: RuleSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'routing_rule' });
      const row = await routingRules.update(request.params.id, request.body, actor.user.id);
      return presentRule(row);
    },
  );

  app.delete(
    '/routing-rules/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Delete a routing rule. Admin.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'routing_rule' });
      await routingRules.remove(request.params.id, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------ calendar and settings
  app.get(
    '/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Every day of a year: working or not, and why; provisional (暂定) when no arrangement is published. ' +
          '422 CALENDAR_NOT_COVERED for a year with no calendar.',
        params: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) }),
        response: {
          200: CalendarYearSchema,
          ...errors(400, 401, 422),
        },
      },
    },
    async (request) => {
      requireActor(request);
      return await calendarAdmin.year(request.params.year);
    },
  );

  app.put(
    '/calendar/overrides/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Make a day working or not working (admin override). Admin.',
        params: Type.Object({ date: Day }),
        body: Type.Object(
          { working: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'calendar' });
      const { working, note } = request.body;
      await calendarAdmin.setOverride(request.params.date, working, note ?? null, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/calendar/overrides/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Remove an override. Admin.',
        params: Type.Object({ date: Day }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'calendar' });
      await calendarAdmin.removeOverride(request.params.date, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary:
          "Import a year's published holiday arrangement (the shipped data's source shape, NateScarlet/holiday-cn: " +
          '{ year, papers, days: [{ name, date, isOffDay }] }); it replaces the shipped data or the provisional ' +
          'rule for that year, and every running step is re-timed. An empty days list makes the year provisional ' +
          'again. Admin. 400 INVALID_FIELD naming the field at fault.',
        body: Type.Object(
          {
            year: Type.Integer({ minimum: 1990, maximum: 2200 }),
            papers: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
            days: Type.Array(Type.Unknown(), { maxItems: 366 }),
          },
          // the source files carry $schema and $id
          { additionalProperties: true },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'calendar' });
      await calendarAdmin.importArrangement(request.body, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Working hours, warning thresholds and global step limits',
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errors(401) },
      },
    },
    async (request) => {
      requireActor(request);
      const rules = await time.rules();
      return {
        working_hours: rules.hours,
        warning_thresholds: rules.thresholds,
        step_limits: rules.stepLimits,
      };
    },
  );

  app.put(
    '/settings/:key',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'Change working hours, warning thresholds or step limits. Admin. Applies to steps started afterwards.',
        params: Type.Object({ key: lit(SETTING_KEYS) }),
        body: Type.Object({ value: Type.Unknown() }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'setting' });
      await calendarAdmin.setSetting(request.params.key as SettingKey, request.body.value, actor.user.id);
      return reply.status(204).send(null);
    },
  );
};
