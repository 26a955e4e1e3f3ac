// Response schemas of the citizen portal's API (citizen/routes.ts): nothing but the fields listed
// here can leave. TypeBox and domain only, so the portal can derive its types from them.

import { PUBLIC_STAGES, MILESTONES, SATISFACTIONS } from '@xiuhua/domain/workflow';
import { Type } from 'typebox';
import { Nullable } from '../platform/schemas.ts';

export const Category = Type.Object({
  id: Type.String({ description: 'send as `category`; a searched class is `<kind>:<code>`' }),
  zh: Type.String(),
  en: Type.String(),
  kind: Type.Enum(['component', 'event']),
  classCode: Type.String(),
});

export const Submitted = Type.Object({
  trackingCode: Type.String({ description: '10 characters of 23456789ABCDEFGHJKLMNPQRSTUVWXYZ' }),
  stage: Type.Enum(PUBLIC_STAGES),
  submittedAt: Type.String({ format: 'date-time' }),
});

export const PublicPhoto = Type.Object({ url: Type.String(), thumbUrl: Type.String() });

export const PublicUnit = Type.Object({ name: Type.String(), nameEn: Nullable(Type.String()) });

export const Report = Type.Object({
  trackingCode: Type.String(),
  category: Type.Object({ id: Nullable(Type.String()), zh: Type.String(), en: Type.String() }),
  stage: Type.Enum(PUBLIC_STAGES),
  submittedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  address: Nullable(Type.String()),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }, { description: 'WGS84, ~10 m' }),
  unit: Nullable(PublicUnit),
  photos: Type.Array(PublicPhoto),
  afterPhotos: Type.Array(PublicPhoto, { description: 'from the latest report-back (处置反馈)' }),
  milestones: Type.Array(
    Type.Object({
      kind: Type.Enum(MILESTONES),
      at: Type.String({ format: 'date-time' }),
      unit: Type.Optional(PublicUnit),
      photos: Type.Optional(Type.Array(PublicPhoto)),
      satisfaction: Type.Optional(Type.Enum(SATISFACTIONS)),
    }),
  ),
  mergedStage: Nullable(Type.Enum(PUBLIC_STAGES)),
  rating: Nullable(
    Type.Object({ satisfaction: Type.Enum(SATISFACTIONS), at: Type.String({ format: 'date-time' }) }),
  ),
  canRate: Type.Boolean(),
});

export const MapFeatures = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }),
      properties: Type.Object({
        category: Nullable(Type.String()),
        name: Type.String(),
        nameEn: Type.String(),
        stage: Type.Enum(PUBLIC_STAGES),
        reported: Type.String({ format: 'date' }),
        closed: Nullable(Type.String({ format: 'date' })),
      }),
    }),
  ),
});

export const Categories = Type.Object({ categories: Type.Array(Category) });

/** What the portal needs first: the base map (if any) and the city's extent. */
export const PortalConfig = Type.Object({
  baseMap: Nullable(
    Type.Object({
      urls: Type.Array(Type.String()),
      attribution: Type.String(),
      crs: Type.Enum(['WGS84', 'GCJ02']),
    }),
  ),
  bbox: Nullable(Type.Array(Type.Number(), { description: '[west, south, east, north] WGS84' })),
});

export const FormToken = Type.Object({ token: Type.String(), minSeconds: Type.Integer() });
