// Response schemas of the catalogue, unit, user, routing-rule and calendar endpoints
// (admin/routes.ts). TypeBox only, so the console can derive its types from them.

import { Type } from 'typebox';
import { Nullable } from '../platform/schemas.ts';

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

export const ApiKeyIssued = Type.Object({ id: Type.Integer(), key: Type.String(), prefix: Type.String() });

export const CalendarYearSchema = Type.Object({
  year: Type.Integer(),
  coveredYears: Type.Array(Type.Integer()),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      working: Type.Boolean(),
      override: Type.Boolean(),
      note: Nullable(Type.String()),
    }),
  ),
});
