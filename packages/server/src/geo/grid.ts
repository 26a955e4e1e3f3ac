// Point → cell → community → street → district, from an in-memory index over the unit cells.
// The index is rebuilt when the grid revision changes (revision-cache.ts: an import here bumps
// it; other instances notice within seconds). An import is one event in the admin history.

import type { Db } from '@xiuhua/db';
import {
  type ArealGeometry,
  type Crs,
  type GridCell,
  GridIndex,
  type GridImportRejection,
  coordinateProblem,
  toWgs84,
  validateGridImport,
} from '@xiuhua/domain/geo';
import { recordAdminEvent } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { bumpRevision, RevisionCache } from './revision-cache.ts';

/** Tell every instance the cells changed (call it in the transaction that changed them). */
export async function bumpGridRevision(trx: Db): Promise<void> {
  await bumpRevision(trx, 'grid');
}

export interface ResolvedPlace {
  lon: number;
  lat: number;
  cellCode: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  areaPath: string;
  areaClass: 'A' | 'B' | 'C';
  names: { community: string; street: string; district: string };
}

export interface GridImportReport {
  imported: number;
  rejected: GridImportRejection[];
}

export class GridService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #index: RevisionCache<GridIndex>;

  constructor(db: Db, directory: DirectoryService, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#directory = directory;
    this.#index = new RevisionCache(db, 'grid', () => this.#build());
  }

  async index(): Promise<GridIndex> {
    return await this.#index.get();
  }

  async #build(): Promise<GridIndex> {
    const rows = await this.#db
      .selectFrom('grid_cells')
      .select(['code', 'community_code', 'geometry'])
      .execute();
    const cells: GridCell[] = rows.map((r) => ({
      code: r.code,
      communityCode: r.community_code,
      streetCode: r.code.slice(0, 9),
      districtCode: r.code.slice(0, 6),
      geometry: r.geometry as ArealGeometry,
    }));
    return GridIndex.build(cells);
  }

  /** The cells whose code starts with `areaCode` (a street or community), by code. */
  async cellsIn(areaCode: string): Promise<{ code: string; community_code: string; geometry: unknown }[]> {
    return await this.#db
      .selectFrom('grid_cells')
      .select(['code', 'community_code', 'geometry'])
      .where('code', 'like', `${areaCode}%`)
      .orderBy('code')
      .execute();
  }

  /** Resolve a point given in `crs`; a point outside every cell is a 422 naming the field. */
  async resolve(lon: number, lat: number, crs: Crs = 'WGS84', field = 'location'): Promise<ResolvedPlace> {
    const problem = coordinateProblem(lon, lat);
    if (problem) throw new AppError(400, 'INVALID_COORDINATE', problem, field);
    const p = toWgs84(lon, lat, crs);
    const cell = (await this.index()).lookup(p.lon, p.lat);
    if (!cell) {
      throw new AppError(
        422,
        'OUTSIDE_GRID',
        `the point ${p.lon.toFixed(6)}, ${p.lat.toFixed(6)} (WGS84) is outside every unit grid cell of the city`,
        field,
      );
    }
    const dir = await this.#directory.get();
    const community = dir.areas.get(cell.communityCode);
    const street = dir.areas.get(cell.streetCode);
    const district = dir.areas.get(cell.districtCode);
    if (!community || !street || !district) {
      throw new AppError(
        500,
        'AREA_MISSING',
        `cell ${cell.code} has no community, street or district record`,
      );
    }
    return {
      lon: p.lon,
      lat: p.lat,
      cellCode: cell.code,
      communityCode: community.code,
      streetCode: street.code,
      districtCode: district.code,
      areaPath: community.path,
      areaClass: community.area_class,
      names: { community: community.name, street: street.name, district: district.name },
    };
  }

  /**
   * Import unit cells from a GeoJSON FeatureCollection: valid cells are inserted or replace the
   * cell with the same code; each rejected feature is reported with its reason. One transaction.
   */
  /** Import unit cells; `by` is who imports, for the admin history (null: the CLI). */
  async importCells(
    collection: unknown,
    crs: Crs = 'WGS84',
    by: number | null = null,
  ): Promise<GridImportReport> {
    const communities = await this.#db
      .selectFrom('areas')
      .select(['code', 'geometry'])
      .where('level', '=', 'community')
      .where('geometry', 'is not', null)
      .execute();
    const result = validateGridImport(
      collection,
      communities.map((c) => ({ code: c.code, geometry: c.geometry as ArealGeometry })),
      { crs },
    );
    if (result.accepted.length > 0) {
      await this.#db.transaction().execute(async (trx) => {
        for (let i = 0; i < result.accepted.length; i += 500) {
          const chunk = result.accepted.slice(i, i + 500);
          await trx
            .insertInto('grid_cells')
            .values(
              chunk.map((c) => ({
                code: c.code,
                community_code: c.communityCode,
                geometry: JSON.stringify(c.geometry),
              })),
            )
            .onConflict((oc) =>
              oc.column('code').doUpdateSet((eb) => ({
                geometry: eb.ref('excluded.geometry'),
                community_code: eb.ref('excluded.community_code'),
              })),
            )
            .execute();
        }
        await bumpGridRevision(trx);
        // One event per import (a grid is thousands of cells): how many, into which communities.
        const communities = [...new Set(result.accepted.map((c) => c.communityCode))].sort();
        await recordAdminEvent(trx, {
          actorUserId: by,
          entity: 'grid_cells',
          key: 'import',
          action: 'import',
          before: null,
          after: { imported: result.accepted.length, rejected: result.rejected.length, communities },
          at: this.#clock.now(),
        });
      });
      this.#index.invalidate();
    }
    return { imported: result.accepted.length, rejected: result.rejected };
  }
}
