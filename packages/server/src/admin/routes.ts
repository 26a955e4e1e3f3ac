// Catalogue, units, users and API keys, routing rules, calendar and time settings.
// Reads are open to every signed-in user where the console needs them; changes are admin-only.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogueClassRow } from '@xiuhua/db';
import { parseWarningThresholds, parseWorkingHours } from '@xiuhua/domain/calendar';
import { ROLES, UNIT_KINDS } from '@xiuhua/domain/workflow';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../platform/actor.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { rescheduleRunningSteps } from '../cases/sweeper.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey } from '../calendar/service.ts';
import { errors, TimeLimitSchema, Nullable, lit } from '../platform/schemas.ts';
import {
  ApiKeyIssued,
  CalendarYearSchema,
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

const Day = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD (China Standard Time)',
});

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, catalogue, directory, auth, time, clock } = app.services;

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
        summary: 'Current minor classes; with q, a ranked search by code, name, keyword or pinyin initials',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 50 })),
            kind: Type.Optional(Kind),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(ClassSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      requireActor(request);
      const { q, kind, limit } = request.query;
      const { rows } = await catalogue.current();
      if (q) {
        const matches = await catalogue.search(q, kind, limit ?? 20);
        return matches.map((m) => presentClass(rows.get(`${m.minor.kind}:${m.minor.code}`)!));
      }
      return [...rows.values()]
        .filter((r) => r.active && (!kind || r.kind === kind))
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
      const actor = requireRole(request, 'admin');
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
      const actor = requireRole(request, 'admin');
      return await catalogue.importCatalogue(request.body, actor.user.id);
    },
  );

  // ------------------------------------------------------------ units
  const presentUnit = (u: Awaited<ReturnType<typeof directory.unit>> & object) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    nameEn: u.name_en,
    kind: u.kind,
    unitType: u.unit_type,
    parentId: u.parent_id,
    areaCode: u.area_code,
    active: u.active,
  });

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

  const UnitBody = Type.Object(
    {
      code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      nameEn: Type.Optional(Type.String({ maxLength: 200 })),
      kind: lit(UNIT_KINDS),
      unitType: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
      parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
      areaCode: Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );

  async function checkUnitRefs(body: { parentId?: number | null; areaCode: string }) {
    if (!(await directory.area(body.areaCode)))
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${body.areaCode}`, 'areaCode');
    if (body.parentId && !(await directory.unit(body.parentId))) {
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${body.parentId}`, 'parentId');
    }
  }

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
      requireRole(request, 'admin');
      const b = request.body;
      await checkUnitRefs(b);
      const dup = await db.selectFrom('units').select('id').where('code', '=', b.code).executeTakeFirst();
      if (dup) throw new AppError(409, 'DUPLICATE', `a unit with code ${b.code} exists`, 'code');
      const row = await db
        .insertInto('units')
        .values({
          code: b.code,
          name: b.name,
          name_en: b.nameEn ?? null,
          kind: b.kind as never,
          unit_type: b.unitType ?? null,
          parent_id: b.parentId ?? null,
          area_code: b.areaCode,
          active: b.active ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      directory.invalidate();
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
      requireRole(request, 'admin');
      const current = await directory.unit(request.params.id);
      if (!current) throw notFound('unit');
      const b = request.body;
      await checkUnitRefs({ parentId: b.parentId, areaCode: b.areaCode ?? current.area_code });
      if (b.parentId === request.params.id)
        throw new AppError(422, 'INVALID_FIELD', 'a unit cannot be its own parent', 'parentId');
      const row = await db
        .updateTable('units')
        .set({
          ...(b.name !== undefined && { name: b.name }),
          ...(b.nameEn !== undefined && { name_en: b.nameEn }),
          ...(b.kind !== undefined && { kind: b.kind as never }),
          ...(b.unitType !== undefined && { unit_type: b.unitType }),
          ...(b.parentId !== undefined && { parent_id: b.parentId }),
          ...(b.areaCode !== undefined && { area_code: b.areaCode }),
          ...(b.active !== undefined && { active: b.active }),
        })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      directory.invalidate();
      return presentUnit(row);
    },
  );

  // ------------------------------------------------------------ users and API keys
  const presentUser = (u: {
    id: number;
    username: string;
    display_name: string;
    unit_id: number;
    roles: string[];
    phone: string | null;
    active: boolean;
  }) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    roles: u.roles,
    phone: u.phone,
    active: u.active,
  });

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
      requireRole(request, 'admin');
      const rows = await db
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'unit_id', 'roles', 'phone', 'active'])
        .orderBy('id')
        .execute();
      return rows.map(presentUser);
    },
  );

  const UserBody = Type.Object(
    {
      username: Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }),
      displayName: Type.String({ minLength: 1, maxLength: 50 }),
      password: Type.String({ minLength: 8, maxLength: 200 }),
      unitId: Type.Integer({ minimum: 1 }),
      roles: Type.Array(lit(ROLES), { minItems: 1, uniqueItems: true }),
      phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' }))),
      active: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
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
      requireRole(request, 'admin');
      const b = request.body;
      if (!(await directory.unit(b.unitId)))
        throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${b.unitId}`, 'unitId');
      const dup = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', b.username)
        .executeTakeFirst();
      if (dup) throw new AppError(409, 'DUPLICATE', `the username ${b.username} is taken`, 'username');
      const row = await db
        .insertInto('users')
        .values({
          username: b.username,
          display_name: b.displayName,
          password_hash: await hashPassword(b.password),
          unit_id: b.unitId,
          roles: b.roles,
          phone: b.phone ?? null,
          active: b.active ?? true,
        })
        .returning(['id', 'username', 'display_name', 'unit_id', 'roles', 'phone', 'active'])
        .executeTakeFirstOrThrow();
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
      requireRole(request, 'admin');
      const b = request.body;
      if (b.unitId !== undefined && !(await directory.unit(b.unitId)))
        throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${b.unitId}`, 'unitId');
      if (b.password !== undefined) {
        const problem = passwordProblem(b.password);
        if (problem) throw new AppError(400, 'INVALID_FIELD', problem, 'password');
      }
      const row = await db
        .updateTable('users')
        .set({
          ...(b.displayName !== undefined && { display_name: b.displayName }),
          ...(b.password !== undefined && { password_hash: await hashPassword(b.password) }),
          ...(b.unitId !== undefined && { unit_id: b.unitId }),
          ...(b.roles !== undefined && { roles: b.roles }),
          ...(b.phone !== undefined && { phone: b.phone }),
          ...(b.active !== undefined && { active: b.active }),
          updated_at: clock.now(),
        })
        .where('id', '=', request.params.id)
        .returning(['id', 'username', 'display_name', 'unit_id', 'roles', 'phone', 'active'])
        .executeTakeFirst();
      if (!row) throw notFound('user');
      if (b.active === false || b.password !== undefined)
        await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      return presentUser(row);
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['users'],
        summary: 'Issue an API key acting as a user; the key is shown once. Admin.',
        body: Type.Object(
          { userId: Type.Integer({ minimum: 1 }), name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          201: ApiKeyIssued,
          ...errors(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', request.body.userId)
        .executeTakeFirst();
      if (!user) throw new AppError(422, 'UNKNOWN_USER', `there is no user ${request.body.userId}`, 'userId');
      return reply.status(201).send(await auth.createApiKey(user.id, request.body.name));
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
      requireRole(request, 'admin');
      const r = await db
        .updateTable('api_keys')
        .set({ revoked_at: clock.now() })
        .where('id', '=', request.params.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('API key');
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------ routing rules
  const presentRule = (r: {
    id: number;
    label: string | null;
    kind: string | null;
    class_code: string | null;
    area_code: string | null;
    level: string | null;
    unit_id: number;
    priority: number;
    enabled: boolean;
  }) => ({
    id: r.id,
    ruleId: `R${r.id}`,
    label: r.label,
    kind: r.kind,
    classCode: r.class_code,
    areaCode: r.area_code,
    level: r.level,
    unitId: r.unit_id,
    priority: r.priority,
    enabled: r.enabled,
  });

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
      return (await db.selectFrom('routing_rules').selectAll().orderBy('id').execute()).map(presentRule);
    },
  );

  async function checkRule(b: { unitId?: number; areaCode?: string | null }) {
    if (b.unitId !== undefined && !(await directory.unit(b.unitId)))
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${b.unitId}`, 'unitId');
    if (b.areaCode && !(await directory.area(b.areaCode)))
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${b.areaCode}`, 'areaCode');
  }

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
      requireRole(request, 'admin');
      const b = request.body;
      await checkRule(b);
      const row = await db
        .insertInto('routing_rules')
        .values({
          label: b.label ?? null,
          kind: b.kind ?? null,
          class_code: b.classCode ?? null,
          area_code: b.areaCode ?? null,
          level: b.level ?? null,
          unit_id: b.unitId,
          priority: b.priority ?? 0,
          enabled: b.enabled ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
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
      requireRole(request, 'admin');
      const b = request.body;
      await checkRule(b);
      const row = await db
        .updateTable('routing_rules')
        .set({
          ...(b.label !== undefined && { label: b.label }),
          ...(b.kind !== undefined && { kind: b.kind }),
          ...(b.classCode !== undefined && { class_code: b.classCode }),
          ...(b.areaCode !== undefined && { area_code: b.areaCode }),
          ...(b.level !== undefined && { level: b.level }),
          ...(b.unitId !== undefined && { unit_id: b.unitId }),
          ...(b.priority !== undefined && { priority: b.priority }),
          ...(b.enabled !== undefined && { enabled: b.enabled }),
          updated_at: clock.now(),
        })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('routing rule');
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
      requireRole(request, 'admin');
      const r = await db.deleteFrom('routing_rules').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound('routing rule');
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
          'Every day of a year: working or not, and why. 422 CALENDAR_NOT_COVERED for a year with no calendar.',
        params: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) }),
        response: {
          200: CalendarYearSchema,
          ...errors(400, 401, 422),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const rules = await time.rules();
      const { year } = request.params;
      const days = [];
      for (
        let d = new Date(Date.UTC(year, 0, 1));
        d.getUTCFullYear() === year;
        d = new Date(d.getTime() + 86_400_000)
      ) {
        const date = d.toISOString().slice(0, 10);
        const override = rules.calendar.overrideFor(date);
        days.push({
          date,
          working: rules.calendar.isWorkingDay(date),
          override: override !== undefined,
          note: override?.note ?? null,
        });
      }
      return { year, coveredYears: rules.calendar.coveredYears(), days };
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
      const actor = requireRole(request, 'admin');
      const { date } = request.params;
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
        throw new AppError(400, 'INVALID_FIELD', `${date} is not a date`, 'date');
      await db
        .insertInto('calendar_overrides')
        .values({
          day: date,
          working: request.body.working,
          note: request.body.note ?? null,
          created_by: actor.user.id,
        })
        .onConflict((oc) =>
          oc.column('day').doUpdateSet({ working: request.body.working, note: request.body.note ?? null }),
        )
        .execute();
      time.invalidate();
      await rescheduleRunningSteps(db, time, clock.now());
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
      requireRole(request, 'admin');
      const r = await db
        .deleteFrom('calendar_overrides')
        .where('day', '=', request.params.date)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound('override');
      time.invalidate();
      await rescheduleRunningSteps(db, time, clock.now());
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Declare a year the official data lacks (weekends off, weekdays on, plus overrides). Admin.',
        body: Type.Object(
          { year: Type.Integer({ minimum: 1990, maximum: 2200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, 'admin');
      await db
        .insertInto('calendar_years')
        .values({ year: request.body.year, created_by: actor.user.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      time.invalidate();
      await rescheduleRunningSteps(db, time, clock.now());
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
      const actor = requireRole(request, 'admin');
      const key = request.params.key as SettingKey;
      const { value } = request.body;
      try {
        if (key === 'working_hours') parseWorkingHours(value);
        if (key === 'warning_thresholds') parseWarningThresholds(value);
        if (key === 'step_limits') checkStepLimits(value);
      } catch (e) {
        throw new AppError(400, 'INVALID_FIELD', (e as Error).message, 'value');
      }
      await db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_by: actor.user.id })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            value: JSON.stringify(value),
            updated_by: actor.user.id,
            updated_at: clock.now(),
          }),
        )
        .execute();
      time.invalidate();
      await rescheduleRunningSteps(db, time, clock.now());
      return reply.status(204).send(null);
    },
  );
};

function checkStepLimits(value: unknown): void {
  const defaults = DEFAULT_SETTINGS.step_limits as Record<string, Record<string, unknown>>;
  if (!value || typeof value !== 'object')
    throw new Error('step_limits must be an object with working and natural');
  for (const clockKind of ['working', 'natural']) {
    const limits = (value as Record<string, unknown>)[clockKind] as
      | Record<string, { amount?: unknown; unit?: unknown }>
      | undefined;
    if (!limits) throw new Error(`step_limits.${clockKind} is missing`);
    for (const step of Object.keys(defaults[clockKind]!)) {
      const l = limits[step];
      if (!l || typeof l.amount !== 'number' || !(l.amount > 0) || typeof l.unit !== 'string') {
        throw new Error(`step_limits.${clockKind}.${step} must be { amount > 0, unit }`);
      }
      const natural = ['minute', 'hour', 'day'].includes(l.unit);
      if (natural !== (clockKind === 'natural'))
        throw new Error(`step_limits.${clockKind}.${step}.unit ${l.unit} is the wrong kind of time`);
    }
  }
}
