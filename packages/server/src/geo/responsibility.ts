// Responsibility grids (责任网格): a street's unit cells grouped under the inspectors who patrol
// them. Listed with their cells and inspectors; saved (created or replaced by code) in one
// transaction, with its admin-history event.

import type { Db } from '@xiuhua/db';
import { recordAdminEvent } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

export type GridType = 'residential' | 'business' | 'institutional';

export interface ResponsibilityGrid {
  id: number;
  code: string;
  name: string;
  gridType: GridType;
  streetCode: string;
  cellCodes: string[];
  inspectorIds: number[];
}

/** A grid as saved: replaced whole by its code. */
export type ResponsibilityGridInput = Omit<ResponsibilityGrid, 'id'>;

export class ResponsibilityGridService {
  #db: Db;
  #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Every grid by code, or a street's only; cells and inspectors in code and id order. */
  async list(streetCode?: string): Promise<ResponsibilityGrid[]> {
    return await this.#load(this.#db, { streetCode });
  }

  async #load(db: Db, filter: { streetCode?: string; code?: string }): Promise<ResponsibilityGrid[]> {
    let q = db.selectFrom('responsibility_grids').selectAll().orderBy('code');
    if (filter.streetCode) q = q.where('street_code', '=', filter.streetCode);
    if (filter.code) q = q.where('code', '=', filter.code);
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
  }

  /** Create or replace the grid `input.code`; 422 for cells outside its street or unknown cells. */
  async save(input: ResponsibilityGridInput, by: number | null): Promise<{ id: number }> {
    const outside = input.cellCodes.filter((c) => !c.startsWith(input.streetCode));
    if (outside.length > 0)
      throw new AppError(
        422,
        'INVALID_FIELD',
        `cells outside street ${input.streetCode}: ${outside.slice(0, 5).join(', ')}`,
        'cellCodes',
      );
    const known = await this.#db
      .selectFrom('grid_cells')
      .select('code')
      .where('code', 'in', input.cellCodes)
      .execute();
    if (known.length !== new Set(input.cellCodes).size) {
      const have = new Set(known.map((k) => k.code));
      throw new AppError(
        422,
        'UNKNOWN_CELL',
        `unknown cells: ${input.cellCodes
          .filter((c) => !have.has(c))
          .slice(0, 5)
          .join(', ')}`,
        'cellCodes',
      );
    }
    const grid = { name: input.name, grid_type: input.gridType, street_code: input.streetCode };
    return await this.#db.transaction().execute(async (trx) => {
      const [before] = await this.#load(trx, { code: input.code });
      const { id } = await trx
        .insertInto('responsibility_grids')
        .values({ code: input.code, ...grid })
        .onConflict((oc) => oc.column('code').doUpdateSet(grid))
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('responsibility_grid_cells').where('grid_id', '=', id).execute();
      await trx.deleteFrom('responsibility_grid_inspectors').where('grid_id', '=', id).execute();
      await trx
        .insertInto('responsibility_grid_cells')
        .values([...new Set(input.cellCodes)].map((c) => ({ grid_id: id, cell_code: c })))
        .execute();
      if (input.inspectorIds.length > 0) {
        await trx
          .insertInto('responsibility_grid_inspectors')
          .values([...new Set(input.inspectorIds)].map((u) => ({ grid_id: id, user_id: u })))
          .execute();
      }
      const [after] = await this.#load(trx, { code: input.code });
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'responsibility_grid',
        key: input.code,
        action: before ? 'update' : 'create',
        before: before ?? null,
        after: after!,
        at: this.#clock.now(),
      });
      return { id };
    });
  }
}
