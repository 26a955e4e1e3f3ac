// Schemas of the catalogue, unit, user, routing-rule and calendar endpoints (admin/routes.ts): the
// answers, and the unit and user bodies the admin's forms send. TypeBox only, so the console can
// derive its types from them.

import { REPORT_BACK_PHOTO } from '@xiuhua/domain/catalogue';
import { INTEGRATIONS } from '@xiuhua/domain/policy';
import { ROLES, UNIT_KINDS, UNIT_SIDES } from '@xiuhua/domain/workflow';
import { type Static, Type } from 'typebox';
import { lit, Nullable, Ts } from '../platform/schemas.ts';
import { ADMIN_ENTITIES } from './history.ts';
import { IDENTIFIER } from '../platform/input-limits.ts';

export const ClassSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  code: Type.String(),
  version: Type.Integer(),
  majorCode: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  filingStandard: Type.String(),
  closureStandard: Type.String(),
  urgency: Type.String(),
  clock: Type.String(),
  reportBackPhoto: lit(REPORT_BACK_PHOTO),
  defaultUnitType: Type.String(),
  limits: Type.Record(Type.String(), Type.Unknown()),
  active: Type.Boolean(),
  validFrom: Type.String(),
  supersededAt: Nullable(Type.String()),
  changeNote: Nullable(Type.String()),
});

export const UnitSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.String(),
  unitType: Nullable(Type.String()),
  parentId: Nullable(Type.Integer()),
  areaCode: Type.String(),
  active: Type.Boolean(),
  side: lit(UNIT_SIDES),
  dualRole: Type.Boolean(),
  scheduleId: Type.Integer(),
  headUserId: Nullable(Type.Integer()),
});

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.Integer(),
  roles: Type.Array(Type.String()),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
});

export const RuleSchema = Type.Object({
  id: Type.Integer(),
  ruleId: Type.String(),
  label: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  classCode: Nullable(Type.String()),
  areaCode: Nullable(Type.String()),
  level: Nullable(Type.String()),
  unitId: Type.Integer(),
  priority: Type.Integer(),
  enabled: Type.Boolean(),
});

export const MajorSchema = Type.Object({
  kind: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});

export const ApiKeyBody = Type.Object(
  {
    userId: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    integration: Type.Optional(lit(INTEGRATIONS)),
  },
  { additionalProperties: false },
);
export type ApiKeyBody = Static<typeof ApiKeyBody>;

export const ApiKeyIssued = Type.Object({ id: Type.Integer(), key: Type.String(), prefix: Type.String() });

export const CalendarYearSchema = Type.Object({
  year: Type.Integer(),
  /** No published arrangement: the days are computed by the holiday rule (暂定). */
  provisional: Type.Boolean(),
  /** Published years: the shipped data and the imported arrangements. */
  coveredYears: Type.Array(Type.Integer()),
  /** The years the provisional rule answers for when nothing is published. */
  provisionalYears: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      working: Type.Boolean(),
      override: Type.Boolean(),
      note: Nullable(Type.String()),
    }),
  ),
});

/** A new unit (POST /api/units); a change is any of its fields but the code. */
export const UnitBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    kind: lit(UNIT_KINDS),
    unitType: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    areaCode: Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }),
    active: Type.Optional(Type.Boolean()),
    side: Type.Optional(
      lit(UNIT_SIDES, { description: 'supervision, command or handling; default: from the kind' }),
    ),
    dualRole: Type.Optional(Type.Boolean()),
    /** The duty schedule its steps run on; default the office schedule. */
    scheduleId: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The user who keeps the unit's duty roster. */
    headUserId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);
export type UnitInput = Static<typeof UnitBody>;

/** A new user (POST /api/users); a change is any of its fields but the username. */
export const UserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Type.String({ minLength: 8, maxLength: 200, ...IDENTIFIER }),
    unitId: Type.Integer({ minimum: 1 }),
    roles: Type.Array(lit(ROLES), { minItems: 1, uniqueItems: true }),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserBody>;

/** GET /api/admin/history: one entity (entity and key) or every entity of a kind, a page at a time. */
export const AdminHistoryQuery = Type.Object(
  {
    entity: lit(ADMIN_ENTITIES),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, ...IDENTIFIER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'the last event id of the page before' })),
  },
  { additionalProperties: false },
);

/** One admin change (GET /api/admin/history): who, when, the action, the entity before and after. */
export const AdminEventSchema = Type.Object({
  id: Type.Integer(),
  at: Ts,
  /** null: a system change (CLI import, demo seed). */
  actor: Nullable(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
  entity: Type.String(),
  key: Type.String(),
  action: Type.String(),
  /** The entity before the change (API field names); null when it was created. */
  before: Type.Unknown(),
  /** The entity after the change; null when it was deleted. */
  after: Type.Unknown(),
});

/** A page of history, newest first; `nextBefore` asks for the next page (null: no more). */
export const AdminHistorySchema = Type.Object({
  items: Type.Array(AdminEventSchema),
  nextBefore: Nullable(Type.Integer()),
});
