// Areas, point resolution, unit cells and responsibility grids.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type ArealGeometry, geometryToWgs84 } from '@xiuhua/domain/geo';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { Crs, errors, FeatureCollection, GEOJSON_BODY_LIMIT } from '../platform/schemas.ts';
import { Area, GridImportReport, GridSchema, ResolvedPoint } from './schemas.ts';

export const geoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, directory, grid } = app.services;

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
      requireRole(request, 'admin');
      const { code } = request.params;
      const b = request.body;
      const expectedLength = { city: 6, district: 6, street: 9, community: 12 }[b.level];
      if (code.length !== expectedLength) {
        throw new AppError(400, 'INVALID_FIELD', `a ${b.level} code has ${expectedLength} digits`, 'code');
      }
      const parent = b.parentCode ? await directory.area(b.parentCode) : undefined;
      if (b.parentCode && !parent)
        throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${b.parentCode}`, 'parentCode');
      const parentLevel = { city: null, district: 'city', street: 'district', community: 'street' }[b.level];
      if ((parent?.level ?? null) !== parentLevel) {
        throw new AppError(
          422,
          'INVALID_FIELD',
          `a ${b.level} needs a ${parentLevel ?? 'no'} parent`,
          'parentCode',
        );
      }
      if (parent && b.level !== 'district' && !code.startsWith(parent.code)) {
        throw new AppError(
          422,
          'INVALID_FIELD',
          `${code} does not start with its parent's code ${parent.code}`,
          'code',
        );
      }
      const existing = await directory.area(code);
      if (existing && (existing.parent_code !== b.parentCode || existing.level !== b.level)) {
        // Cases and children carry the area's path: codes are stable, a moved area is a new code.
        throw new AppError(
          409,
          'AREA_MOVE',
          `${code} exists under ${existing.parent_code ?? 'no parent'} as a ${existing.level}; areas cannot move`,
          'parentCode',
        );
      }
      const geometry = b.geometry ? geometryToWgs84(b.geometry as ArealGeometry, b.crs ?? 'WGS84') : null;
      const values = {
        level: b.level,
        parent_code: b.parentCode,
        path: parent ? `${parent.path}/${code}` : code,
        name: b.name,
        name_en: b.nameEn ?? null,
        area_class: b.areaClass ?? parent?.area_class ?? 'B',
        geometry: geometry ? JSON.stringify(geometry) : null,
      };
      const row = await db
        .insertInto('areas')
        .values({ code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      directory.invalidate();
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
      const rows = await db
        .selectFrom('grid_cells')
        .select(['code', 'community_code', 'geometry'])
        .where('code', 'like', `${request.query.areaCode}%`)
        .orderBy('code')
        .execute();
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
      requireRole(request, 'admin');
      return await grid.importCells(request.body.collection, request.body.crs ?? 'WGS84');
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
      let q = db.selectFrom('responsibility_grids').selectAll().orderBy('code');
      if (request.query.streetCode) q = q.where('street_code', '=', request.query.streetCode);
      const grids = await q.execute();
      if (grids.length === 0) return [];
      const ids = grids.map((g) => g.id);
      const [cells, inspectors] = await Promise.all([
        db
          .selectFrom('responsibility_grid_cells')
          .selectAll()
          .where('grid_id', 'in', ids)
          .orderBy('cell_code')
          .execute(),
        db
          .selectFrom('responsibility_grid_inspectors')
          .selectAll()
          .where('grid_id', 'in', ids)
          .orderBy('user_id')
          .execute(),
      ]);
      return grids.map((g) => ({
        id: g.id,
        code: g.code,
        name: g.name,
        gridType: g.grid_type,
        streetCode: g.street_code,
        cellCodes: cells.filter((c) => c.grid_id === g.id).map((c) => c.cell_code),
        inspectorIds: inspectors.filter((i) => i.grid_id === g.id).map((i) => i.user_id),
      }));
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
      requireRole(request, 'admin');
      const b = request.body;
      const outside = b.cellCodes.filter((c) => !c.startsWith(b.streetCode));
      if (outside.length > 0)
        throw new AppError(
          422,
          'INVALID_FIELD',
          `cells outside street ${b.streetCode}: ${outside.slice(0, 5).join(', ')}`,
          'cellCodes',
        );
      const known = await db
        .selectFrom('grid_cells')
        .select('code')
        .where('code', 'in', b.cellCodes)
        .execute();
      if (known.length !== new Set(b.cellCodes).size) {
        const have = new Set(known.map((k) => k.code));
        throw new AppError(
          422,
          'UNKNOWN_CELL',
          `unknown cells: ${b.cellCodes
            .filter((c) => !have.has(c))
            .slice(0, 5)
            .join(', ')}`,
          'cellCodes',
        );
      }
      return await db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('responsibility_grids')
          .values({ code: b.code, name: b.name, grid_type: b.gridType, street_code: b.streetCode })
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({ name: b.name, grid_type: b.gridType, street_code: b.streetCode }),
          )
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('responsibility_grid_cells').where('grid_id', '=', id).execute();
        await trx.deleteFrom('responsibility_grid_inspectors').where('grid_id', '=', id).execute();
        await trx
          .insertInto('responsibility_grid_cells')
          .values([...new Set(b.cellCodes)].map((c) => ({ grid_id: id, cell_code: c })))
          .execute();
        if (b.inspectorIds.length > 0) {
          await trx
            .insertInto('responsibility_grid_inspectors')
            .values([...new Set(b.inspectorIds)].map((u) => ({ grid_id: id, user_id: u })))
            .execute();
        }
        return { id };
      });
    },
  );
};
