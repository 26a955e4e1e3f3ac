// The component registry (部件): fixed public objects with a code, class, position and the units
// that own and maintain them. Positions are resolved to a unit cell on the way in, like cases.
// Who sees a component: area offices see those in their area, departments those they own or
// maintain (or a unit below them does), a city-level unit all of them. Every change to the
// registry is recorded in the admin history, in its transaction.

import type { ComponentRow, Db } from '@xiuhua/db';
import { type ComponentStatus, componentCodeProblem } from '@xiuhua/domain/channels';
import { type Crs, METERS_PER_DEGREE_LAT, metersPerDegreeLon } from '@xiuhua/domain/geo';
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '@xiuhua/db';
import { recordRowChange } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import { NEARBY_LIMIT, nearbyPoint, nearestWithin } from '../cases/nearby.ts';
import { areaPathOf } from '../cases/queries.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { GridService } from '../geo/grid.ts';

export const COMPONENT_NEARBY_MAX_RADIUS = 500;

export interface ComponentInput {
  code?: string;
  classCode: string;
  name: string;
  location: { lon: number; lat: number; crs?: Crs };
  address?: string | null;
  ownerUnitId?: number | null;
  maintainerUnitId?: number | null;
  status?: ComponentStatus;
}

export interface ComponentFilters {
  q?: string;
  classCode?: string;
  areaCode?: string;
  status?: ComponentStatus;
  page?: number;
  pageSize?: number;
}

/** Restrict a query on components to those the actor may see. */
export function whereComponentVisible<O>(
  qb: SelectQueryBuilder<Database, 'components', O>,
  actor: Actor,
): SelectQueryBuilder<Database, 'components', O> {
  const { scope } = actor;
  if (scope.cityWide) return qb;
  const unitIds = scope.unitIds.map(Number);
  const terms = [
    ...scope.areaPaths.flatMap((p) => [
      sql<SqlBool>`components.area_path = ${p}`,
      sql<SqlBool>`components.area_path like ${`${p}/%`}`,
    ]),
    ...(unitIds.length > 0
      ? [
          sql<SqlBool>`components.owner_unit_id = any(${unitIds}::int[])`,
          sql<SqlBool>`components.maintainer_unit_id = any(${unitIds}::int[])`,
        ]
      : []),
  ];
  return qb.where(terms.length > 0 ? sql<SqlBool>`(${sql.join(terms, sql` or `)})` : sql<SqlBool>`false`);
}

export class ComponentService {
  #db: Db;
  #clock: Clock;
  #grid: GridService;
  #catalogue: CatalogueService;
  #directory: DirectoryService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    grid: GridService;
    catalogue: CatalogueService;
    directory: DirectoryService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#grid = deps.grid;
    this.#catalogue = deps.catalogue;
    this.#directory = deps.directory;
  }

  async list(actor: Actor, f: ComponentFilters) {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 50;
    let q = whereComponentVisible(this.#db.selectFrom('components'), actor);
    if (f.classCode) q = q.where('class_code', 'like', `${f.classCode}%`);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.areaCode) {
      const path = await areaPathOf(this.#directory, f.areaCode);
      q = q.where((eb) => eb.or([eb('area_path', '=', path), eb('area_path', 'like', `${path}/%`)]));
    }
    if (f.q) {
      const text = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
      q = q.where((eb) =>
        eb.or([eb('code', 'like', text), eb('name', 'like', text), eb('address', 'like', text)]),
      );
    }
    const [{ total }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      q
        .selectAll()
        .orderBy('code')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
    ]);
    return { total: Number(total), page, pageSize, rows };
  }

  /** A component the actor may see, by id or code; 404 otherwise. */
  async get(actor: Actor, idOrCode: string): Promise<ComponentRow> {
    let q = whereComponentVisible(this.#db.selectFrom('components').selectAll(), actor);
    q = /^\d{1,9}$/.test(idOrCode) ? q.where('id', '=', Number(idOrCode)) : q.where('code', '=', idOrCode);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('component');
    return row;
  }

  /** A component by id for the registry's own use (devices, alarms): no scope. */
  async byId(id: number): Promise<ComponentRow | undefined> {
    return await this.#db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Components the actor may see within `radius` metres (default 50), nearest first, at most 20:
   * for picking the object a report is about. A lon/lat box on the indexed columns narrows them.
   */
  async nearby(
    actor: Actor,
    query: { lon: number; lat: number; crs?: Crs; radius?: number; classCode?: string },
  ) {
    const point = nearbyPoint(query);
    const radius = query.radius ?? 50;
    // 2% wider than the circle, so rounding never drops one on the edge.
    const dLat = (radius / METERS_PER_DEGREE_LAT) * 1.02;
    const dLon = (radius / metersPerDegreeLon(Math.min(89, Math.abs(point.lat) + dLat))) * 1.02;
    let q = whereComponentVisible(this.#db.selectFrom('components').selectAll(), actor)
      .where('status', '!=', 'retired')
      .where('lat', '>=', point.lat - dLat)
      .where('lat', '<=', point.lat + dLat)
      .where('lon', '>=', point.lon - dLon)
      .where('lon', '<=', point.lon + dLon);
    if (query.classCode) q = q.where('class_code', 'like', `${query.classCode}%`);
    const rows = await q.limit(NEARBY_LIMIT * 20).execute();
    return nearestWithin(rows, point, radius);
  }

  async create(input: ComponentInput, by: number | null): Promise<ComponentRow> {
    const values = await this.#checked(input);
    const code = input.code ?? (await this.#nextCode(districtOf(values.area_path), input.classCode));
    const problem = componentCodeProblem(code, input.classCode, districtOf(values.area_path));
    if (problem) throw new AppError(400, 'INVALID_FIELD', problem, 'code');
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('components')
          .values({ ...values, code, status: input.status ?? 'normal', created_at: this.#clock.now() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.#record(trx, by, null, row);
        return row;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new AppError(409, 'DUPLICATE', `a component with code ${code} exists`, 'code');
      throw e;
    }
  }

  async update(
    id: number,
    patch: Partial<Omit<ComponentInput, 'code'>>,
    by: number | null,
  ): Promise<ComponentRow> {
    const current = await this.byId(id);
    if (!current) throw notFound('component');
    const merged: ComponentInput = {
      classCode: patch.classCode ?? current.class_code,
      name: patch.name ?? current.name,
      location: patch.location ?? { lon: current.lon, lat: current.lat },
      address: patch.address !== undefined ? patch.address : current.address,
      ownerUnitId: patch.ownerUnitId !== undefined ? patch.ownerUnitId : current.owner_unit_id,
      maintainerUnitId:
        patch.maintainerUnitId !== undefined ? patch.maintainerUnitId : current.maintainer_unit_id,
    };
    const values = await this.#checked(merged);
    // The code names the class and county; a change of either needs a new component.
    const problem = componentCodeProblem(current.code, merged.classCode, districtOf(values.area_path));
    if (problem)
      throw new AppError(
        422,
        'INVALID_FIELD',
        `${problem}; retire this component and register a new one instead`,
        patch.classCode !== undefined && patch.classCode !== current.class_code ? 'classCode' : 'location',
      );
    return await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('components')
        .set({ ...values, ...(patch.status ? { status: patch.status } : {}), updated_at: this.#clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#record(trx, by, current, row);
      return row;
    });
  }

  /** Delete a component no device watches; one with devices is 409 (retire it instead). */
  async remove(id: number, by: number | null): Promise<void> {
    const linked = await this.#db
      .selectFrom('devices')
      .select('device_id')
      .where('component_id', '=', id)
      .executeTakeFirst();
    if (linked)
      throw new AppError(
        409,
        'IN_USE',
        `device ${linked.device_id} watches this component; unlink it first, or set the status to retired`,
      );
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('components').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound('component');
      await this.#record(trx, by, row, null);
    });
  }

  async #record(trx: Db, by: number | null, before: ComponentRow | null, after: ComponentRow | null) {
    await recordRowChange(
      trx,
      { actorUserId: by, entity: 'component', at: this.#clock.now() },
      before,
      after,
    );
  }

  async #checked(input: ComponentInput) {
    await this.#catalogue.require('component', input.classCode);
    for (const [field, unitId] of [
      ['ownerUnitId', input.ownerUnitId],
      ['maintainerUnitId', input.maintainerUnitId],
    ] as const) {
      if (unitId != null && !(await this.#directory.unit(unitId)))
        throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${unitId}`, field);
    }
    const place = await this.#grid.resolve(
      input.location.lon,
      input.location.lat,
      input.location.crs ?? 'WGS84',
    );
    return {
      class_code: input.classCode,
      name: input.name.trim(),
      lon: place.lon,
      lat: place.lat,
      cell_code: place.cellCode,
      area_path: place.areaPath,
      address: input.address?.trim() || null,
      owner_unit_id: input.ownerUnitId ?? null,
      maintainer_unit_id: input.maintainerUnitId ?? null,
    };
  }

  /** The next free serial (6 digits) after the highest code of this county and class. */
  async #nextCode(districtCode: string, classCode: string): Promise<string> {
    const prefix = `${districtCode}${classCode}`;
    const row = await this.#db
      .selectFrom('components')
      .select((eb) => eb.fn.max('code').as('last'))
      .where('code', 'like', `${prefix}______`)
      .executeTakeFirst();
    const last = row?.last ? Number(String(row.last).slice(prefix.length)) : 0;
    return `${prefix}${String(last + 1).padStart(6, '0')}`;
  }
}

/** The county (district) code of an area path city/district/street/community. */
function districtOf(areaPath: string): string {
  return areaPath.split('/')[1] ?? '';
}
