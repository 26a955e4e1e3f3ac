// What the web console needs besides the case API: its public configuration (an optional raster
// base map) and the area outlines for the city map.

import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import type { BaseMapConfig } from '../platform/config.ts';
import type { Directory } from '../platform/directory.ts';
import { errors } from '../platform/schemas.ts';
import { Area } from '../geo/schemas.ts';
import { ConsoleConfig } from './schemas.ts';

/** The origins a configured base map loads tiles from, for the CSP img-src and connect-src. */
export function baseMapOrigins(baseMap: BaseMapConfig | null | undefined): string[] {
  if (!baseMap) return [];
  return [...new Set(baseMap.urls.map((u) => new URL(u).origin))];
}

const Level = Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community')]);

interface Cached {
  body: string;
  etag: string;
}

export const consoleConfigRoutes: FastifyPluginAsyncTypebox<{ baseMap: BaseMapConfig | null }> = async (
  app,
  options,
) => {
  const { directory } = app.services;
  const baseMap = options.baseMap
    ? {
        url: options.baseMap.urls[0]!,
        urls: options.baseMap.urls,
        attribution: options.baseMap.attribution,
        crs: options.baseMap.crs,
      }
    : null;

  app.get(
    '/console-config',
    {
      schema: {
        tags: ['console'],
        summary: 'Configuration the web console reads after signing in (optional raster base map)',
        response: {
          200: ConsoleConfig,
          ...errors(401),
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { baseMap };
    },
  );

  // Outlines come from the stored area geometry, already held in memory by the directory. The
  // serialised answer is kept per directory load (an area change reloads it) with an ETag, so a
  // city's few MB of community outlines are built once and revalidated cheaply afterwards.
  const cache = new WeakMap<Directory, Map<string, Cached>>();

  app.get(
    '/areas/geometry',
    {
      schema: {
        tags: ['areas'],
        summary: 'Outlines of the districts, streets or communities (optionally within one area) as GeoJSON',
        querystring: Type.Object(
          {
            level: Level,
            within: Type.Optional(
              Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$', description: 'an ancestor area code' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            features: Type.Array(
              Type.Object({
                type: Type.Literal('Feature'),
                properties: Area,
                geometry: Type.Unknown(),
              }),
            ),
          }),
          304: Type.Null(),
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const { level, within } = request.query;
      const dir = await directory.get();
      let byKey = cache.get(dir);
      if (!byKey) {
        byKey = new Map();
        cache.set(dir, byKey);
      }
      const key = `${level}:${within ?? ''}`;
      let hit = byKey.get(key);
      if (!hit) {
        const features = [...dir.areas.values()]
          .filter(
            (a) =>
              a.level === level && a.geometry !== null && (!within || a.path.split('/').includes(within)),
          )
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((a) => ({
            type: 'Feature' as const,
            properties: {
              code: a.code,
              level: a.level,
              parentCode: a.parent_code,
              name: a.name,
              nameEn: a.name_en,
              areaClass: a.area_class,
            },
            geometry: a.geometry,
          }));
        const body = JSON.stringify({ type: 'FeatureCollection', features });
        hit = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
        byKey.set(key, hit);
      }
      reply.header('etag', hit.etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === hit.etag) return reply.status(304).send(null);
      // Already serialised: Fastify sends a string with a JSON content type as it is (the schema
      // above documents its shape).
      return reply.type('application/json; charset=utf-8').send(hit.body as never);
    },
  );
};
