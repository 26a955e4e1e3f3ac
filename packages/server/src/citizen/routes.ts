// /api/public: the citizen portal's API (随手拍). No account: every route is public and
// rate-limited per IP; reports also pass the anti-abuse checks of citizen/service.ts. Responses
// are shaped by the schemas below, so nothing but the listed fields can leave (no reporter
// contact, no staff names, no notes, no photo metadata).

import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type ArealGeometry, prepareGeometry } from '@xiuhua/domain/geo';
import { SATISFACTIONS } from '@xiuhua/domain/workflow';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { BaseMapConfig } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { MAP_MAX_POINTS } from './service.ts';
import type { Directory } from '../platform/directory.ts';
import type { PhotoVariant } from '../photos/service.ts';
import { errors, Location } from '../platform/schemas.ts';
import { Categories, FormToken, MapFeatures, PortalConfig, Report, Submitted } from './schemas.ts';

const ReportBody = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 40, description: 'a category id from /categories' }),
    description: Type.Optional(Type.String({ maxLength: 1000, description: 'default: the category words' })),
    location: Location,
    address: Type.Optional(Type.String({ maxLength: 200, description: 'in the citizen’s words' })),
    phone: Type.Optional(
      Type.String({ maxLength: 30, description: 'for a call back; never shown publicly' }),
    ),
    photos: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String({ maxLength: 64 }), claim: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
        { maxItems: 6 },
      ),
    ),
    formToken: Type.String({ maxLength: 100, description: 'from GET /api/public/form-token' }),
    website: Type.Optional(Type.String({ maxLength: 200, description: 'leave empty (anti-spam)' })),
  },
  { additionalProperties: false },
);

const CodeParams = Type.Object({ code: Type.String({ maxLength: 30 }) });
const PhotoParams = Type.Object({ code: Type.String({ maxLength: 30 }), id: Type.String({ maxLength: 64 }) });

const IDEMPOTENCY_RE = /^[A-Za-z0-9_-]{16,100}$/;

export interface PublicRouteOptions {
  /** Requests per minute per IP on each route. */
  rateLimit: number;
  baseMap: BaseMapConfig | null;
}

export const publicRoutes: FastifyPluginAsyncTypebox<PublicRouteOptions> = async (app, opts) => {
  const { directory, photos, citizen } = app.services;
  const config = { public: true, rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } };

  const tags = ['citizen'];
  const security: [] = [];

  app.get(
    '/config',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'What the portal needs first: the base map (if any) and the city’s extent',
        response: {
          200: PortalConfig,
        },
      },
    },
    async () => ({ baseMap: opts.baseMap, bbox: (await outlines(await directory.get())).bbox }),
  );

  app.get(
    '/areas',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Street and community outlines (GeoJSON, WGS84) to find one’s way on the map',
        response: { 200: Type.Unknown(), 304: Type.Null() },
      },
    },
    async (request, reply) => {
      const hit = await outlines(await directory.get());
      reply.header('etag', hit.etag).header('cache-control', 'public, max-age=300');
      if (request.headers['if-none-match'] === hit.etag) return reply.status(304).send(null);
      return reply.type('application/json; charset=utf-8').send(hit.body);
    },
  );

  app.get(
    '/categories',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Problems in plain words, each filed under a catalogue class; `q` searches the catalogue',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { 200: Categories, ...errors(400, 429) },
      },
    },
    async (request) => {
      const q = request.query.q?.trim();
      return { categories: q ? await citizen.searchCategories(q) : await citizen.categories() };
    },
  );

  app.get(
    '/form-token',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'A token for one report form (send it as `formToken`, no sooner than `minSeconds`)',
        response: {
          200: FormToken,
          ...errors(429),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return await citizen.formToken();
    },
  );

  app.post(
    '/reports',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Report a problem without an account (send `Idempotency-Key`: a retry gets the same code)',
        description:
          'Creates a case (source citizen_app). Photos are anonymous uploads from POST /api/public/photos, given as `{id, claim}`. Anti-abuse: `website` must be empty, `formToken` must be at least `minSeconds` old, and there are quotas per network and per phone number (429 QUOTA_EXCEEDED).',
        body: ReportBody,
        response: { 200: Submitted, 201: Submitted, ...errors(400, 422, 429) },
      },
    },
    async (request, reply) => {
      const header = request.headers['idempotency-key'];
      const idempotencyKey = typeof header === 'string' && header ? header : undefined;
      if (idempotencyKey && !IDEMPOTENCY_RE.test(idempotencyKey))
        throw new AppError(
          400,
          'INVALID_FIELD',
          'Idempotency-Key must be 16–100 letters, digits, - or _ (e.g. a UUID)',
          'Idempotency-Key',
        );
      const { trackingCode, created, row } = await citizen.submit(request.body, {
        ip: request.ip,
        idempotencyKey,
      });
      return reply.status(created ? 201 : 200).send({
        trackingCode,
        stage: 'submitted',
        submittedAt: new Date(row.reported_at).toISOString(),
      });
    },
  );

  app.get(
    '/reports/:code',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Public progress of a report by its tracking code',
        params: CodeParams,
        response: { 200: Report, ...errors(400, 404, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return await citizen.track(request.params.code);
    },
  );

  app.post(
    '/reports/:code/rating',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Rate the result once it is closed; "unsatisfied" reopens the case',
        params: CodeParams,
        body: Type.Object(
          {
            satisfaction: Type.Enum(SATISFACTIONS),
            comment: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Report, ...errors(400, 404, 409, 429) },
      },
    },
    async (request) =>
      await citizen.rate(request.params.code, request.body.satisfaction, request.body.comment),
  );

  const servePhoto =
    (variant: PhotoVariant) =>
    async (request: { params: { code: string; id: string } }, reply: FastifyReply) => {
      const { code, id } = request.params;
      const row = await citizen.photoOf(code, id);
      const object = row ? await photos.open(row, variant) : null;
      if (!row || !object) throw new AppError(404, 'NOT_FOUND', 'photo not found');
      return reply
        .type('image/jpeg')
        .header('content-length', object.size)
        .header('cache-control', 'private, max-age=86400')
        .header('etag', `"${row.sha256.slice(0, 32)}${variant === 'thumb' ? '-t' : ''}"`)
        .send(object.body);
    };
  const photoSchema = (summary: string) => ({
    config,
    schema: {
      tags,
      security,
      summary,
      description: 'Only photos the report’s public progress lists; re-encoded JPEG without any metadata.',
      params: PhotoParams,
      produces: ['image/jpeg'],
      response: { 200: Type.String({ contentMediaType: 'image/jpeg' }), ...errors(400, 404, 429) },
    },
  });
  app.get('/reports/:code/photos/:id', photoSchema('A photo of a report (JPEG)'), servePhoto('main'));
  app.get(
    '/reports/:code/photos/:id/thumb',
    photoSchema('A photo’s thumbnail (JPEG, 320 px)'),
    servePhoto('thumb'),
  );

  app.get(
    '/map',
    {
      config,
      schema: {
        tags,
        security,
        summary: `Open problems and those fixed in the last 30 days (newest ${MAP_MAX_POINTS}), no personal data`,
        querystring: Type.Object(
          {
            bbox: Type.Optional(
              Type.String({
                pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
                description: 'west,south,east,north (WGS84)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: MapFeatures, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const bbox = request.query.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
      if (bbox && (bbox.some((x) => !Number.isFinite(x)) || bbox[0] > bbox[2] || bbox[1] > bbox[3]))
        throw new AppError(400, 'INVALID_FIELD', 'bbox is west,south,east,north with west ≤ east', 'bbox');
      reply.header('cache-control', 'public, max-age=60');
      return await citizen.map(bbox);
    },
  );
};

// ---------------------------------------------------------------- outlines

interface Outlines {
  body: string;
  etag: string;
  bbox: [number, number, number, number] | null;
}

// Built once per directory load (an area edit reloads the directory).
const outlineCache = new WeakMap<Directory, Outlines>();

/** Streets and communities with their names only, and the extent of the streets. */
async function outlines(dir: Directory): Promise<Outlines> {
  const cached = outlineCache.get(dir);
  if (cached) return cached;
  const features = [];
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const area of dir.areas.values()) {
    if ((area.level !== 'street' && area.level !== 'community') || !area.geometry) continue;
    features.push({
      type: 'Feature',
      properties: { level: area.level, name: area.name, nameEn: area.name_en },
      geometry: area.geometry,
    });
    if (area.level !== 'street') continue;
    const [bw, bs, be, bn] = prepareGeometry(area.geometry as ArealGeometry).bbox;
    [w, s, e, n] = [Math.min(w, bw), Math.min(s, bs), Math.max(e, be), Math.max(n, bn)];
  }
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  const result: Outlines = {
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    bbox: Number.isFinite(w) ? [w, s, e, n] : null,
  };
  outlineCache.set(dir, result);
  return result;
}
