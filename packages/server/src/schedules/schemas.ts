// Request and response shapes of the duty schedule and roster routes (schedules/routes.ts).

import { Type } from 'typebox';
import { day, lit, Nullable } from '../platform/schemas.ts';

export const Period = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7 }),
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    periods: Type.Array(Period, { minItems: 1, maxItems: 100 }),
    holidays: lit(['off', 'on'] as const),
  },
  { additionalProperties: false },
);

export const ScheduleSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  version: Type.Integer(),
  periods: Type.Array(Type.Object({ weekday: Type.Integer(), start: Type.String(), end: Type.String() })),
  holidays: Type.String(),
  unitCount: Type.Optional(Type.Integer()),
});

export const Shift = Type.Object(
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
export const RosterException = Type.Object(
  {
    date: day(),
    shift: Type.String({ minLength: 1, maxLength: 30 }),
    people: Type.Array(Type.String({ pattern: '^[0-9]{1,10}$' }), { maxItems: 200 }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const RosterBody = Type.Object(
  {
    holidays: lit(['off', 'on'] as const),
    shifts: Type.Array(Shift, { maxItems: 20 }),
    exceptions: Type.Optional(Type.Array(RosterException, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export const RosterSchema = Type.Object({
  unitId: Type.Integer(),
  headUserId: Nullable(Type.Integer()),
  holidays: Type.String(),
  shifts: Type.Array(Shift),
  exceptions: Type.Array(RosterException),
  /** Display names of the people named, by user id. */
  names: Type.Record(Type.String(), Type.String()),
});
export const RosterCandidateSchema = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  unitId: Type.Integer(),
});
export const OnDutySchema = Type.Object({
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
