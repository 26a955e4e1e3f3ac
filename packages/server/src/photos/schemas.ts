// Response schemas of the photo uploads (photos/routes.ts): a staff photo with its metadata and
// the citizen portal's claimable upload. TypeBox only, so the console can derive its types.

import { Type } from 'typebox';

export const LocationSchema = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  crs: Type.Literal('WGS84'),
  altitude: Type.Optional(Type.Number({ description: 'metres' })),
  direction: Type.Optional(Type.Number({ description: 'camera heading, degrees from north' })),
});

export const PhotoSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String({ description: '/api/photos/<id>: use it in case `photos[].url`' }),
    thumbUrl: Type.String({ description: '/api/photos/<id>/thumb: longest side 320 px' }),
    width: Type.Integer(),
    height: Type.Integer(),
    bytes: Type.Integer(),
    takenAt: Type.Optional(Type.String({ format: 'date-time', description: 'EXIF capture time' })),
    origin: Type.Union([Type.Literal('staff'), Type.Literal('public')], {
      description: 'public = anonymous upload from the citizen portal',
    }),
    uploadedAt: Type.String({ format: 'date-time' }),
    location: Type.Optional({
      ...LocationSchema,
      description:
        "The original's EXIF GPS position as the camera wrote it. Staff only: the stored JPEG has no metadata.",
    }),
  },
  { $id: 'Photo' },
);

export const PublicPhotoSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  thumbUrl: Type.String({
    description: 'a preview for the uploader while the photo is not attached to a report',
  }),
  width: Type.Integer(),
  height: Type.Integer(),
  claim: Type.String({
    description: `secret proving this upload is yours: send {id, claim} with the report (within 24 h)`,
  }),
});
