// /api/photos: staff upload (multipart, one field `file`), the stored JPEG, its thumbnail and its
// metadata (EXIF position, staff only). /api/public/photos: anonymous upload for the citizen
// portal, answered with a claim. Uploads are received into a spool file as they arrive (a body
// over the limit is refused before it is read to the end), content-checked and re-encoded
// (photos/service.ts); stored files never change, so they are served with a long cache and an ETag.

import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PhotoRow } from '@xiuhua/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import {
  fileTooLarge,
  MAX_UPLOAD_BYTES,
  type PhotoService,
  type PhotoVariant,
  presentPhotoForStaff,
  type SpooledUpload,
} from './service.ts';
import { errors } from '../platform/schemas.ts';
import { PhotoSchema, PublicPhotoSchema } from './schemas.ts';

// Not a uuid pattern: a malformed id is simply not found (404), like an unknown one.
const PhotoParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const CACHE = 'private, max-age=31536000, immutable';
/** Room for the multipart envelope around the file when judging Content-Length. */
const ENVELOPE_BYTES = 64 * 1024;

/** Per IP: a report has a few photos; a shared mobile-carrier address still gets several reports. */
export const PUBLIC_UPLOAD_LIMIT = { max: 30, timeWindow: '10 minutes' };

const UPLOAD_DESCRIPTION = `JPEG, PNG, WebP, AVIF or still GIF, judged by content (not name or declared type); ≤ ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB and ≤ 64 megapixels. HEIC (HEVC) is refused with 415: send JPEG. Stored as JPEG (orientation applied, longest side ≤ 2048 px, all metadata removed) with a 320 px thumbnail.`;

type MultipartLimits = { fields?: number; parts?: number; fieldSize?: number };

/** Multipart bodies in the calling plugin's scope: one file, and a few small fields unless told more. */
export async function registerMultipart(app: FastifyInstance, limits: MultipartLimits = {}): Promise<void> {
  // One byte over our limit, so the spool's own counter (not busboy's silent truncation) refuses it.
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 1000, ...limits },
  });
}

export const photoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { photos } = app.services;
  // Scoped to this plugin: only the upload routes take multipart bodies.
  await registerMultipart(app);
  app.addSchema(PhotoSchema);

  app.post(
    '/',
    {
      schema: {
        tags: ['photos'],
        summary: `Upload a photo (multipart/form-data, one field \`file\`, ≤ ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB)`,
        description: `${UPLOAD_DESCRIPTION} The same bytes uploaded again by the same user return the first photo with 200.`,
        consumes: ['multipart/form-data'],
        response: { 200: Type.Ref('Photo'), 201: Type.Ref('Photo'), ...errors(400, 401, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await receiveUpload(request, photos);
      const { row, created } = await photos.upload(actor, upload).finally(() => photos.discard(upload));
      return reply.status(created ? 201 : 200).send(presentPhotoForStaff(row));
    },
  );

  const who =
    'Visible to the uploader and to anyone who can see a case whose photos or event attachments use the photo URL; otherwise 404.';
  app.get(
    '/:id/meta',
    {
      schema: {
        tags: ['photos'],
        summary: "The photo's details for staff, with the EXIF position of the original",
        description: who,
        params: PhotoParams,
        response: { 200: Type.Ref('Photo'), ...errors(401, 404) },
      },
    },
    async (request) => presentPhotoForStaff(await photos.get(requireActor(request), request.params.id)),
  );

  const serve = (variant: PhotoVariant) => async (request: FastifyRequest, reply: FastifyReply) => {
    const row = await photos.get(requireActor(request), (request.params as { id: string }).id);
    return await sendPhoto(request, reply, photos, row, variant);
  };
  const getSchema = (summary: string) => ({
    tags: ['photos'],
    summary,
    description: who,
    params: PhotoParams,
    produces: ['image/jpeg'],
    response: {
      200: Type.String({ description: 'image/jpeg', contentMediaType: 'image/jpeg' }),
      ...errors(401, 404),
    },
  });
  app.get('/:id', { schema: getSchema('The stored photo (JPEG, no metadata)') }, serve('main'));
  app.get('/:id/thumb', { schema: getSchema('The thumbnail (JPEG, longest side 320 px)') }, serve('thumb'));
};

/** Anonymous uploads for the citizen portal (mounted at /api/public/photos). */
export const publicPhotoRoutes: FastifyPluginAsyncTypebox<{
  uploadLimit?: { max: number; timeWindow: string };
}> = async (app, opts) => {
  const { photos } = app.services;
  await registerMultipart(app);
  const limit = opts.uploadLimit ?? PUBLIC_UPLOAD_LIMIT;

  app.post(
    '/',
    {
      config: {
        public: true,
        rateLimit: {
          ...limit,
          errorResponseBuilder: (_request, context) =>
            new AppError(
              429,
              'RATE_LIMITED',
              `too many uploads from this address; try again in ${context.after}`,
            ),
        },
      },
      schema: {
        tags: ['photos', 'public'],
        summary: 'Upload a photo without signing in (citizen portal)',
        description: `${UPLOAD_DESCRIPTION} Answers a claim: attach the photo to a report within 24 hours by sending {id, claim}; unattached uploads are deleted after that. At most ${PUBLIC_UPLOAD_LIMIT.max} uploads per ${PUBLIC_UPLOAD_LIMIT.timeWindow} per address (429).`,
        security: [],
        consumes: ['multipart/form-data'],
        response: { 201: PublicPhotoSchema, ...errors(400, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const upload = await receiveUpload(request, photos);
      const { row, claim } = await photos.uploadPublic(upload).finally(() => photos.discard(upload));
      return reply.status(201).send({
        id: row.id,
        thumbUrl: `/api/public/photos/${row.id}/thumb?claim=${claim}`,
        width: row.width,
        height: row.height,
        claim,
      });
    },
  );

  app.get(
    '/:id/thumb',
    {
      config: { public: true },
      schema: {
        tags: ['photos', 'public'],
        summary: "Preview of one's own anonymous upload until it is attached to a report",
        description:
          'Needs the claim of the upload; 404 once attached, after 24 hours, or with a wrong claim.',
        security: [],
        params: PhotoParams,
        querystring: Type.Object({ claim: Type.String({ maxLength: 100 }) }),
        produces: ['image/jpeg'],
        response: {
          200: Type.String({ description: 'image/jpeg', contentMediaType: 'image/jpeg' }),
          ...errors(400, 404),
        },
      },
    },
    async (request, reply) => {
      const row = await photos.getClaimed(request.params.id, request.query.claim);
      return await sendPhoto(request, reply, photos, row, 'thumb', 'private, max-age=3600');
    },
  );
};

/**
 * Send a stored photo file with its ETag (304 on a match). For routes that decided who may see
 * the photo themselves, e.g. the citizen portal's photos of a tracked report.
 */
export async function sendPhoto(
  request: FastifyRequest,
  reply: FastifyReply,
  photos: PhotoService,
  row: PhotoRow,
  variant: PhotoVariant,
  cacheControl = CACHE,
): Promise<FastifyReply> {
  const etag = `"${row.sha256.slice(0, 32)}${variant === 'thumb' ? '-t' : ''}"`;
  reply.header('cache-control', cacheControl).header('etag', etag);
  const match = request.headers['if-none-match'];
  if (match && (match === '*' || match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)))
    return reply.status(304).send();
  const object = await photos.open(row, variant);
  if (!object) {
    request.log.error({ photo: row.id, variant, store: photos.store.kind }, 'photo file missing');
    reply.removeHeader('etag').header('cache-control', 'no-store');
    throw new AppError(404, 'NOT_FOUND', 'photo not found');
  }
  return reply
    .type('image/jpeg')
    .header('content-length', object.size)
    .header('content-disposition', `inline; filename="${row.id}${variant === 'thumb' ? '_thumb' : ''}.jpg"`)
    .send(object.body);
}

/**
 * The single file part named `file`, received into the spool, with the limits turned into API
 * errors. A declared length over the limit is refused before anything is read.
 */
async function receiveUpload(request: FastifyRequest, photos: PhotoService): Promise<SpooledUpload> {
  if (!request.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA', 'send multipart/form-data with the image in field "file"');
  const { upload } = await receiveForm(request, photos, 'file');
  if (!upload) throw new AppError(400, 'MISSING_FIELD', 'no file in field "file"', 'file');
  return upload;
}

/** A multipart form's text fields (a name sent twice: its values in order) and its one file, if any. */
export interface ReceivedForm {
  fields: Record<string, string | string[]>;
  upload?: SpooledUpload;
}

/**
 * Read a multipart body to the end: the file of field `fileField` into the spool (as every
 * upload), the text fields as they are. The limits are turned into API errors; a declared length
 * over the limit is refused before anything is read. On failure nothing stays in the spool.
 */
export async function receiveForm(
  request: FastifyRequest,
  photos: PhotoService,
  fileField: string,
): Promise<ReceivedForm> {
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_UPLOAD_BYTES + ENVELOPE_BYTES) throw fileTooLarge();
  const fields: ReceivedForm['fields'] = {};
  let upload: SpooledUpload | undefined;
  try {
    // Read to the end (a second file then fails on the files limit) so nothing is left unread.
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        const value = String(part.value);
        const had = fields[part.fieldname];
        fields[part.fieldname] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
        continue;
      }
      if (part.fieldname !== fileField)
        throw new AppError(400, 'INVALID_FIELD', `unexpected file field "${part.fieldname}"`, fileField);
      upload = await photos.spool(part.file);
    }
  } catch (e) {
    await photos.discard(upload);
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError(
        413,
        'BODY_TOO_LARGE',
        `send one file in field "${fileField}" and nothing else`,
        fileField,
      );
    throw new AppError(400, 'VALIDATION', `malformed multipart body: ${(e as Error).message}`, fileField);
  }
  return { fields, upload };
}
