// Response schemas of the area, point, unit-cell and responsibility-grid endpoints (geo/routes.ts).
// TypeBox only, so the console can derive its types from them.

import { Type } from 'typebox';

export const Area = Type.Object({
  code: Type.String(),
  level: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  areaClass: Type.String(),
});

/** A point resolved to its unit cell and areas. */
export const ResolvedPoint = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  cellCode: Type.String(),
  communityCode: Type.String(),
  streetCode: Type.String(),
  districtCode: Type.String(),
  areaClass: Type.String(),
  names: Type.Object({ community: Type.String(), street: Type.String(), district: Type.String() }),
});

export const GridImportReport = Type.Object({
  imported: Type.Integer(),
  rejected: Type.Array(
    Type.Object({
      index: Type.Integer(),
      code: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
      reasonCode: Type.String(),
    }),
  ),
});

export const GridSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  gridType: Type.String(),
  streetCode: Type.String(),
  cellCodes: Type.Array(Type.String()),
  inspectorIds: Type.Array(Type.Integer()),
});

/** The report of a roads import: GridImportReport's shape, plus the cases back-filled after it. */
export const RoadsImportReport = Type.Object({
  ...GridImportReport.properties,
  backfilled: Type.Integer(),
});

const Named = {
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  typeName: Type.Object({ zh: Type.String(), en: Type.String() }),
};

export const RoadsList = Type.Object({
  /** How far (metres) a case may lie from a segment and still be on it. */
  distanceM: Type.Number(),
  counts: Type.Object({
    roads: Type.Integer(),
    segments: Type.Integer(),
    zones: Type.Integer(),
    keyPlaces: Type.Integer(),
  }),
  roads: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      classCode: Type.String(),
      classLabel: Type.String(),
      streetCode: Type.Union([Type.String(), Type.Null()]),
      segments: Type.Integer(),
      lengthM: Type.Number(),
    }),
  ),
  zones: Type.Array(Type.Object(Named)),
  keyPlaces: Type.Array(Type.Object(Named)),
});

export const PlaceLimitRuleSchema = Type.Object({
  id: Type.Integer(),
  layer: Type.String({ description: 'road, zone or keyPlace' }),
  match: Type.String({ description: 'a road class code, a zone type or a key place type' }),
  classKind: Type.Union([Type.String(), Type.Null()]),
  classCode: Type.Union([Type.String(), Type.Null()]),
  handle: Type.Object({ amount: Type.Integer(), unit: Type.String() }),
});
