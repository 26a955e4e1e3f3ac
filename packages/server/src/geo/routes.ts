// Areas, point resolution, unit cells, roads and segments, and responsibility grids.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, authorize } from '../platform/actor.ts';
import { Crs, errors, FeatureCollection, GEOJSON_BODY_LIMIT, TimeLimitSchema } from '../platform/schemas.ts';
import { PLACE_LAYERS } from '@xiuhua/domain/schedules';
import { MAX_SEGMENT_DISTANCE_M } from './roads.ts';
import {
  Area,
  GridImportReport,
  GridSchema,
  ResolvedPoint,
  RoadsImportReport,
  RoadsList,
  PlaceLimitRuleSchema,
} from './schemas.ts';

export const geoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { directory, grid, roads, areaAdmin, responsibilityGrids, placeLimits } = app.services;

  app.get(
    '/areas',
    {
      schema: {
        tags: ['areas'],
        summary: 'City → district → street → community, flat with parent codes',
        response: { 200: Type.Array(Area) },
      },
    },
    async (request) => {
      requireActor(request);
      const dir = await directory.get();
      return [...dir.areas.values()]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((a) => ({
          code: a.code,
          level: a.level,
          parentCode: a.parent_code,
          name: a.name,
          nameEn: a.name_en,
          areaClass: a.area_class,
        }));
    },
  );

  app.put(
    '/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary:
          'Create or change an area (district 6, street 9, community 12 digits under its parent). Admin.',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }) }),
        body: Type.Object(
          {
            level: Type.Union([
              Type.Literal('city'),
              Type.Literal('district'),
              Type.Literal('street'),
              Type.Literal('community'),
            ]),
            parentCode: Type.Union([Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }), Type.Null()]),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            nameEn: Type.Optional(Type.String({ maxLength: 200 })),
            areaClass: Type.Optional(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')])),
            geometry: Type.Optional(
              Type.Object({
                type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
                coordinates: Type.Array(Type.Unknown()),
              }),
            ),
            crs: Type.Optional(Crs),
          },
          { additionalProperties: false },
        ),
        response: { 200: Area, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'area' });
      const row = await areaAdmin.save(request.params.code, request.body, actor.user.id);
      return {
        code: row.code,
        level: row.level,
        parentCode: row.parent_code,
        name: row.name,
        nameEn: row.name_en,
        areaClass: row.area_class,
      };
    },
  );

  app.get(
    '/geo/resolve',
    {
      schema: {
        tags: ['areas'],
        summary: 'Resolve a point to its unit cell, community, street and district',
        querystring: Type.Object(
          { lon: Type.Number(), lat: Type.Number(), crs: Type.Optional(Crs) },
          { additionalProperties: false },
        ),
        response: {
          200: ResolvedPoint,
          ...errors(400, 401, 422),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const { lon, lat, crs } = request.query;
      return await grid.resolve(lon, lat, crs ?? 'WGS84');
    },
  );

  app.get(
    '/grid/cells',
    {
      schema: {
        tags: ['areas'],
        summary: 'Unit cells of a community or street as a GeoJSON FeatureCollection',
        querystring: Type.Object(
          { areaCode: Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$' }) },
          { additionalProperties: false },
        ),
        response: {
          200: FeatureCollection,
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const rows = await grid.cellsIn(request.query.areaCode);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature',
          properties: { code: r.code, communityCode: r.community_code },
          geometry: r.geometry,
        })),
      };
    },
  );

  app.post(
    '/grid/import',
    {
      bodyLimit: GEOJSON_BODY_LIMIT,
      schema: {
        tags: ['areas'],
        summary:
          'Import unit cells (GeoJSON FeatureCollection; properties.code = 15-digit cell code). Admin.',
        body: Type.Object(
          {
            crs: Type.Optional(Crs),
            collection: FeatureCollection,
          },
          { additionalProperties: false },
        ),
        response: {
          200: GridImportReport,
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'area' });
      return await grid.importCells(request.body.collection, request.body.crs ?? 'WGS84', actor.user.id);
    },
  );

  app.get(
    '/roads',
    {
      schema: {
        tags: ['areas'],
        summary: 'Roads with their segment counts, zones, key places, and the segment distance',
        response: { 200: RoadsList, ...errors(401) },
      },
    },
    async (request) => {
      requireActor(request);
      return await roads.list();
    },
  );

  app.get(
    '/roads/segments',
    {
      schema: {
        tags: ['areas'],
        summary: 'Road segments (of one road, or all) as a GeoJSON FeatureCollection',
        querystring: Type.Object(
          { roadId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: FeatureCollection, ...errors(400, 401) },
      },
    },
    async (request) => {
      requireActor(request);
      return await roads.segmentFeatures(request.query.roadId);
    },
  );

  app.post(
    '/roads/import',
    {
      bodyLimit: GEOJSON_BODY_LIMIT,
      schema: {
        tags: ['areas'],
        summary:
          'Import road segments, zones and key places (GeoJSON FeatureCollection; properties.layer = segment | zone | key_place, see docs/geo.md). Admin.',
        body: Type.Object(
          { crs: Type.Optional(Crs), collection: FeatureCollection },
          { additionalProperties: false },
        ),
        response: { 200: RoadsImportReport, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'road' });
      return await roads.importGeoJson(request.body.collection, request.body.crs ?? 'WGS84', actor.user.id);
    },
  );

  app.get(
    '/roads/limits',
    {
      schema: {
        tags: ['areas'],
        summary:
          'Differentiated handling limits by road class, zone type and key place type (layers after the area class; a layer may only tighten).',
        response: { 200: Type.Array(PlaceLimitRuleSchema), ...errors(401, 403) },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'road' });
      return await placeLimits.list();
    },
  );

  app.post(
    '/roads/limits',
    {
      schema: {
        tags: ['areas'],
        summary:
          'Add a handling limit for a road class (match: its code), a zone type or a key place type, for every class or one (major or minor) class. Admin.',
        body: Type.Object(
          {
            layer: Type.Enum(PLACE_LAYERS),
            match: Type.String({ minLength: 1, maxLength: 40 }),
            classKind: Type.Optional(Type.Union([Type.Enum(['component', 'event']), Type.Null()])),
            classCode: Type.Optional(
              Type.Union([Type.String({ pattern: '^[0-9]{2}([0-9]{3})?$' }), Type.Null()]),
            ),
            handle: TimeLimitSchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: PlaceLimitRuleSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'road' });
      const b = request.body;
      const rule = await placeLimits.create(
        { ...b, classKind: b.classKind ?? null, classCode: b.classCode ?? null },
        actor.user.id,
      );
      return reply.status(201).send(rule);
    },
  );

  app.delete(
    '/roads/limits/:id',
    {
      schema: {
        tags: ['areas'],
        summary: 'Remove a handling limit by place. Admin. Running steps keep the limit they started with.',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'road' });
      await placeLimits.remove(request.params.id, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/roads/settings',
    {
      schema: {
        tags: ['areas'],
        summary: 'How far (metres) a case may lie from a segment and still be on it. Admin.',
        body: Type.Object(
          { segmentDistanceM: Type.Number({ exclusiveMinimum: 0, maximum: MAX_SEGMENT_DISTANCE_M }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'road' });
      await roads.setDistance(request.body.segmentDistanceM, actor.user.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/responsibility-grids',
    {
      schema: {
        tags: ['areas'],
        summary: 'Responsibility grids (责任网格) with their cells and inspectors',
        querystring: Type.Object(
          { streetCode: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(GridSchema), ...errors(401) },
      },
    },
    async (request) => {
      requireActor(request);
      return await responsibilityGrids.list(request.query.streetCode);
    },
  );

  app.post(
    '/responsibility-grids',
    {
      schema: {
        tags: ['areas'],
        summary: 'Create or replace a responsibility grid (by code). Admin.',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[0-9A-Za-z-]{3,30}$' }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            gridType: Type.Union([
              Type.Literal('residential'),
              Type.Literal('business'),
              Type.Literal('institutional'),
            ]),
            streetCode: Type.String({ pattern: '^[0-9]{9}$' }),
            cellCodes: Type.Array(Type.String({ pattern: '^[0-9]{15}$' }), { minItems: 1, maxItems: 5000 }),
            inspectorIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'responsibility_grid' });
      return await responsibilityGrids.save(request.body, actor.user.id);
    },
  );
};
