// The shape of a road-chief post in the API (docs/road-chiefs.md); the console reads its types
// from contract.ts.

import { POST_LEVELS, POSTED_AGENCIES } from '@xiuhua/domain/road-chiefs';
import { Type } from 'typebox';
import { day, FeatureCollection } from '../platform/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const DaySchema = day();
const Name = Type.Object({ zh: Type.String(), en: Type.String() });

export const PostLevelSchema = Type.Enum(POST_LEVELS);
export const AgencySchema = Type.Enum(POSTED_AGENCIES);

export const RoadPostSchema = Type.Object({
  id: Type.Integer(),
  level: PostLevelSchema,
  levelName: Name,
  user: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  area: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  road: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  segments: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), lengthM: Type.Integer() })),
  agency: Nullable(AgencySchema),
  shiftCode: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const NewRoadPostSchema = Type.Object(
  {
    level: PostLevelSchema,
    userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    unitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    areaCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    roadId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    segmentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })),
    agency: Type.Optional(Nullable(AgencySchema)),
    shiftCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    validFrom: DaySchema,
    validTo: Type.Optional(Nullable(DaySchema)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const SegmentChainSchema = Type.Object({
  segment: Type.Object({ id: Type.Integer(), code: Type.String(), streetCode: Type.String() }),
  date: Type.String(),
  headPostId: Nullable(Type.Integer()),
  posts: Type.Array(
    Type.Intersect([
      RoadPostSchema,
      Type.Object({
        onDuty: Nullable(
          Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), shift: Type.String() })),
        ),
      }),
    ]),
  ),
});

export const ComplianceRangeQuery = {
  from: DaySchema,
  to: DaySchema,
};

export const PersonComplianceSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  nightChecks: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      startsAt: Type.String(),
      required: Type.Integer(),
      done: Type.Integer(),
      offPost: Type.Integer({ description: 'stretches off post' }),
    }),
  ),
  posts: Type.Array(
    Type.Object({
      post: RoadPostSchema,
      period: Nullable(
        Type.String({ description: 'month, half_month, week, day, shift; null: no patrol duty' }),
      ),
      required: Type.Integer(),
      done: Type.Integer(),
      gaps: Type.Array(
        Type.Object({
          window: Type.Object({ key: Type.String(), from: Type.String(), to: Type.String() }),
          segments: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String() })),
        }),
      ),
      offPost: Type.Array(Type.Object({ window: Type.String(), from: Type.String(), to: Type.String() })),
    }),
  ),
});

export const StreetComplianceSchema = Type.Object({
  street: Type.Object({ code: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  people: Type.Array(
    Type.Object({
      user: Type.Object({ id: Type.Integer(), name: Type.String() }),
      levels: Type.Array(PostLevelSchema),
      required: Type.Integer(),
      done: Type.Integer(),
      offPost: Type.Integer(),
    }),
  ),
});

const Duty = Type.Object({ period: Type.String(), paceMps: Type.Number(), maxSpeedMps: Type.Number() });
export const PatrolRulesSchema = Type.Object({
  pass: Type.Object({
    nearM: Type.Number(),
    minCoverage: Type.Number(),
    maxAccuracyM: Type.Number(),
    speedWindowS: Type.Number(),
  }),
  duties: Type.Record(Type.String(), Nullable(Duty)),
  offPost: Type.Object({ distanceM: Type.Number(), minutes: Type.Number() }),
});

export const WorkbenchSchema = Type.Object({
  date: Type.String(),
  posts: Type.Array(
    Type.Object({
      post: RoadPostSchema,
      duty: Nullable(
        Type.Object({
          period: Type.String(),
          window: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
          required: Type.Integer(),
          done: Type.Integer(),
        }),
      ),
    }),
  ),
  segments: FeatureCollection,
});

export const NewNightCheckSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    segmentIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }),
    memberIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
    leadUserId: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const NightCheckSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  segmentIds: Type.Array(Type.Integer()),
  lead: Type.Object({ id: Type.Integer(), name: Type.String() }),
  members: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      result: Nullable(
        Type.Object({
          required: Type.Integer(),
          done: Type.Integer(),
          missed: Type.Array(Type.Integer()),
          offPost: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
        }),
      ),
    }),
  ),
  note: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
});
