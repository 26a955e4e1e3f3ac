// Response schemas of the patrol and inspector-app endpoints (patrol/routes.ts). TypeBox only, so
// the console can derive its types from them.

import { Type } from 'typebox';

export const ShiftSchema = Type.Object({
  id: Type.String(),
  userId: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const TrackSchema = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    displayName: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
  }),
  date: Type.String(),
  shifts: Type.Array(ShiftSchema),
  points: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      lon: Type.Number(),
      lat: Type.Number(),
      accuracy: Type.Union([Type.Number(), Type.Null()]),
    }),
    { description: 'WGS84, in time order' },
  ),
  distanceM: Type.Integer({ description: 'metres along the points, pauses over 10 minutes not counted' }),
  truncated: Type.Boolean(),
});

/** Who patrolled on a day: one row a person. */
export const PatrolSummaryRow = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  unitName: Type.String(),
  points: Type.Integer(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
});

export const FrequentClass = Type.Object({
  kind: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer({ description: 'your reports of it in the last 90 days' }),
});
