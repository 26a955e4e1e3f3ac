// /api/photos: upload (multipart, one field `file`) and the stored JPEG and thumbnail.
// Uploads are content-checked and re-encoded (services/photos.ts); the files never change, so
// they are served with a long private cache and an ETag.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../app.ts';
import { AppError } from '../errors.ts';
import { MAX_UPLOAD_BYTES, PhotoService, presentPhoto } from '../services/photos.ts';
import { errors } from './schemas.ts';

const PhotoSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String({ description: '/api/photos/<id>: use it in case `photos[].url`' }),
    thumbUrl: Type.String({ description: '/api/photos/<id>/thumb: longest side 320 px' }),
    width: Type.Integer(),
    height: Type.Integer(),
    bytes: Type.Integer(),
    takenAt: Type.Optional(Type.String({ format: 'date-time', description: 'EXIF capture time' })),
  },
  { $id: 'Photo' },
);

// Not a uuid pattern: a malformed id is simply not found (404), like an unknown one.
const PhotoParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const CACHE = 'private, max-age=31536000, immutable';

export const photoRoutes: FastifyPluginAsyncTypebox<{ photoDir?: string }> = async (app, opts) => {
  const photos = new PhotoService(
    app.services.db,
    app.services.clock,
    opts.photoDir ?? path.resolve('data', 'photos'),
  );
  // Scoped to this plugin: only /api/photos takes multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 1000 },
  });
  app.addSchema(PhotoSchema);

  app.post(
    '/',
    {
      schema: {
        tags: ['photos'],
        summary: 'Upload a photo (multipart/form-data, one field `file`, ≤ 10 MiB)',
        description:
          'JPEG, PNG, WebP, HEIF/AVIF or still GIF, judged by content. Stored as JPEG (orientation applied, longest side ≤ 2048 px, metadata removed) with a 320 px thumbnail. The same bytes uploaded again by the same user return the first photo with 200.',
        consumes: ['multipart/form-data'],
        response: { 200: Type.Ref('Photo'), 201: Type.Ref('Photo'), ...errors(400, 401, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const data = await readUpload(request);
      const { row, created } = await photos.upload(actor, data);
      return reply.status(created ? 201 : 200).send(presentPhoto(row));
    },
  );

  const serve = (variant: 'main' | 'thumb') => async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = requireActor(request);
    const row = await photos.get(actor, (request.params as { id: string }).id);
    const file = photos.files(row.path)[variant];
    const size = await stat(file).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) {
      request.log.error({ photo: row.id, file }, 'photo file missing');
      throw new AppError(404, 'NOT_FOUND', 'photo not found');
    }
    const etag = `"${row.sha256.slice(0, 32)}${variant === 'thumb' ? '-t' : ''}"`;
    reply.header('cache-control', CACHE).header('etag', etag);
    const match = request.headers['if-none-match'];
    if (match && (match === '*' || match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)))
      return reply.status(304).send();
    return reply
      .type('image/jpeg')
      .header('content-length', size)
      .header('content-disposition', `inline; filename="${row.id}${variant === 'thumb' ? '_thumb' : ''}.jpg"`)
      .send(createReadStream(file));
  };

  const getSchema = (summary: string) => ({
    tags: ['photos'],
    summary,
    description:
      'Visible to the uploader and to anyone who can see a case whose photos or event attachments use the photo URL; otherwise 404.',
    params: PhotoParams,
    produces: ['image/jpeg'],
    response: {
      200: Type.String({ description: 'image/jpeg', contentMediaType: 'image/jpeg' }),
      ...errors(401, 404),
    },
  });
  app.get('/:id', { schema: getSchema('The stored photo (JPEG)') }, serve('main'));
  app.get('/:id/thumb', { schema: getSchema('The thumbnail (JPEG, longest side 320 px)') }, serve('thumb'));
};

/** The bytes of the single file part named `file`, with the limits turned into API errors. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA', 'send multipart/form-data with the image in field "file"');
  let data: Buffer | undefined;
  try {
    // Read to the end (a second file then fails on the files limit) so nothing is left unread.
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue; // other fields are ignored
      if (part.fieldname !== 'file')
        throw new AppError(400, 'INVALID_FIELD', `unexpected file field "${part.fieldname}"`, 'file');
      data = await part.toBuffer();
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(
        413,
        'FILE_TOO_LARGE',
        `the file is over ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`,
        'file',
      );
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError(413, 'BODY_TOO_LARGE', 'send one file in field "file" and nothing else', 'file');
    if (e instanceof AppError) throw e;
    throw new AppError(400, 'VALIDATION', `malformed multipart body: ${(e as Error).message}`, 'file');
  }
  if (!data) throw new AppError(400, 'MISSING_FIELD', 'no file in field "file"', 'file');
  return data;
}
