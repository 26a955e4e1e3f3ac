// Response schemas of the case endpoints (cases/routes.ts): the case and its events, map points,
// nearby cases, the routing suggestion and the console's pickers. TypeBox only, so the console can
// derive its types from them.

import { Type } from 'typebox';
import { REPORT_BACK_PHOTO } from '@xiuhua/domain/catalogue';
import { lit, Nullable, StreetArea, Ts, Wgs84Point } from '../platform/schemas.ts';

export const CaseSchema = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String({ description: 'year + sequence, unique, never reused' }),
    source: Type.String(),
    sourceRef: Nullable(Type.String()),
    sourceDetails: Nullable(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
        description: 'the source’s own fields (docs/channels.md)',
      }),
    ),
    kind: Type.String(),
    classCode: Type.String(),
    className: Type.String(),
    reportBackPhoto: lit(REPORT_BACK_PHOTO, {
      description: 'whether a report-back needs an after-photo (the class version the case was filed under)',
    }),
    description: Type.String(),
    address: Nullable(Type.String()),
    location: Wgs84Point,
    cellCode: Type.String(),
    /** The road segment the position lies on (within the configured distance), if any. */
    segment: Nullable(
      Type.Object({ id: Type.Integer(), roadName: Type.String(), description: Type.String() }),
    ),
    /** The zone (禁止区 / 严管区 / 控制区) and key place the position lies in, if any. */
    zone: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String() })),
    keyPlace: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String() })),
    area: Type.Object({
      ...StreetArea.properties,
      districtCode: Type.String(),
      districtName: Type.String(),
      areaClass: Type.String(),
    }),
    componentRef: Nullable(Type.String()),
    reporter: Nullable(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) })),
    photos: Type.Array(Type.Object({ url: Type.String(), caption: Type.Optional(Type.String()) })),
    urgency: Type.String(),
    level: Type.String(),
    /** The command centre holding the case for dispatch when not the one over its whole area: a street centre (street-found or handed down), or the centre it was escalated to. */
    centreUnit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    state: Type.String(),
    stateName: Type.String(),
    suspendedFrom: Nullable(Type.String()),
    assigneeUnit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    assigneeUserId: Nullable(Type.Integer()),
    mergedIntoId: Nullable(Type.Integer()),
    step: Nullable(Type.String()),
    dueAt: Nullable(Ts),
    /** Present (true) when the deadline's span touches a provisional year (暂定, docs/calendar.md). */
    provisional: Type.Optional(Type.Literal(true)),
    colour: Nullable(Type.String()),
    signDueAt: Nullable(Ts),
    /** The running step's limit in force and why, e.g. "江川路街道·A 类区域：处置时限 4 工作小时"; null once no clock runs. */
    limitNote: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
    counts: Type.Object({
      rework: Type.Integer(),
      reopen: Type.Integer(),
      postpone: Type.Integer(),
      return: Type.Integer(),
    }),
    satisfaction: Nullable(Type.String()),
    version: Type.Integer(),
    reportedAt: Ts,
    filedAt: Nullable(Ts),
    dispatchedAt: Nullable(Ts),
    closedAt: Nullable(Ts),
    updatedAt: Ts,
    availableActions: Type.Array(Type.String(), { description: 'actions the caller may take now' }),
  },
  { $id: 'Case' },
);

export const EventSchema = Type.Object(
  {
    id: Type.Integer(),
    seq: Type.Integer(),
    action: Type.String(),
    actionName: Type.String(),
    fromState: Nullable(Type.String()),
    toState: Type.String(),
    actor: Type.Object({
      userId: Nullable(Type.Integer()),
      name: Nullable(Type.String()),
      role: Type.String(),
      unitId: Nullable(Type.Integer()),
      unitName: Nullable(Type.String()),
    }),
    at: Ts,
    reason: Nullable(Type.String()),
    data: Type.Record(Type.String(), Type.Unknown()),
    attachments: Type.Array(Type.Unknown()),
  },
  { $id: 'CaseEvent' },
);

export const PointsSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean({ description: 'more cases match than `limit`; the newest are returned' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Type.Object({
        type: Type.Literal('Point'),
        coordinates: Type.Array(Type.Number(), { description: '[lon, lat] WGS84' }),
      }),
      properties: Type.Object({
        id: Type.Integer(),
        number: Type.String(),
        state: Type.String(),
        colour: Nullable(Type.String()),
        classCode: Type.String(),
        unitId: Nullable(Type.Integer()),
      }),
    }),
  ),
});

export const NearbyCase = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  kind: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  reportedAt: Type.String({ format: 'date-time' }),
  distanceM: Type.Integer({ description: 'metres from the point (haversine), rounded' }),
});

export const UnitPick = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  areaCode: Type.String(),
});

export const RoutingSuggestionSchema = Type.Object({
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  ruleId: Type.Union([Type.String(), Type.Null()]),
  explanation: Type.String(),
});

/** An inspector for verification and check tasks, with their responsibility grids. */
export const InspectorPick = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  unitId: Type.Integer(),
  gridNames: Type.Array(Type.String()),
});
