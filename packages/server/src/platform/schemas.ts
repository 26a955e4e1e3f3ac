// Shared request/response schemas (TypeBox → JSON Schema → validation and OpenAPI).

import { type TLiteral, type TSchema, type TUnion, Type } from 'typebox';

export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'stable machine code, e.g. VALIDATION, CONFLICT, OUTSIDE_GRID' }),
    message: Type.String({
      description: "the code's sentence in the request's language (Accept-Language; Chinese by default)",
    }),
    field: Type.Optional(Type.String({ description: 'the request field at fault' })),
    detail: Type.Optional(Type.String({ description: 'the specific sentence, in English' })),
    state: Type.Optional(Type.String({ description: 'current case state (409)' })),
    version: Type.Optional(Type.Integer()),
    earlierEvent: Type.Optional(
      Type.Object(
        { seq: Type.Integer(), action: Type.String(), at: Type.String() },
        { description: 'SEPARATION_OF_DUTIES: the handling event that makes the case your own work' },
      ),
    ),
    retryAfterMinutes: Type.Optional(
      Type.Integer({ description: 'ACCOUNT_LOCKED (429): the minutes until the account may try again' }),
    ),
  },
  { $id: 'Error' },
);

export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('Error')])) as Record<number, TSchema>;

/** `T | null` (a value the API gives out as null when there is none). */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

/** One of a list of strings. */
type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** One of these strings. Its static type is their union, so the types derived from it keep the values. */
export const lit = <const T extends readonly string[]>(
  values: T,
  options?: { description?: string },
): TUnion<Literals<T>> =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnion<Literals<T>>;

/** A calendar day, YYYY-MM-DD, checked for real (2026-02-30 is refused). */
export const day = (description = 'YYYY-MM-DD (China Standard Time)') =>
  Type.String({ format: 'date', description });

/** A moment as ISO 8601 text. */
export const Ts = Type.String({ format: 'date-time' });

export const Crs = Type.Union([Type.Literal('WGS84'), Type.Literal('GCJ02'), Type.Literal('BD09')], {
  description: 'coordinate system of the input; GCJ02 (AMap/Tencent) and BD09 (Baidu) are converted to WGS84',
});

export const Location = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

/** A GeoJSON FeatureCollection; its features are checked by whoever reads them. */
export const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Unknown()),
});

/** The request size a GeoJSON import may have (a district's cells, a gazetteer). */
export const GEOJSON_BODY_LIMIT = 64 * 1024 * 1024;

/** A stored position as the API gives it out. */
export const Wgs84Point = Type.Object({ lon: Type.Number(), lat: Type.Number() }, { description: 'WGS84' });

/** The community and street a position lies in, codes and names (cases, components). */
export const StreetArea = Type.Object({
  communityCode: Type.String(),
  communityName: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
});

export const TimeLimitSchema = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }),
    unit: Type.Union(
      ['minute', 'hour', 'day', 'workMinute', 'workHour', 'workDay'].map((u) => Type.Literal(u)),
    ),
  },
  { additionalProperties: false },
);

export const Photo = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 500 }),
    caption: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    items: Type.Array(item),
  });

export const IdParam = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,16}$', description: 'case id or case number' }),
});
