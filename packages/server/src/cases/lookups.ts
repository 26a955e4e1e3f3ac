// Pickers for the console: the inspectors working in the caller's area, and the units the caller
// may dispatch a case to (the same rule the dispatch action applies).

import type { Db } from '@xiuhua/db';
import { transitionOf } from '@xiuhua/domain/workflow';
import { type SqlBool, sql } from 'kysely';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { CaseDeps } from './deps.ts';
import { getCase } from './queries.ts';
import { type HandOffAction, handOffCentres, heldByStreet } from './handoff.ts';
import { accessFacts, dispatchRefusal, ownArea } from './visibility.ts';

/**
 * Active inspectors working in the area of the caller's unit: one of their responsibility grids
 * lies in it (or contains it), or their own unit does. A city-level unit sees them all.
 */
export async function listInspectors(db: Db, directory: DirectoryService, actor: Actor) {
  const dir = await directory.get();
  const ownUnit = dir.units.get(actor.user.unit_id);
  const base = ownUnit ? dir.areas.get(ownUnit.area_code) : undefined;
  if (!base) return [];
  const pathOf = (areaCode: string) => dir.areas.get(areaCode)?.path;
  const within = (path: string | undefined) =>
    path !== undefined && (base.level === 'city' || path === base.path || path.startsWith(`${base.path}/`));
  // A street grid also serves the communities of that street.
  const serves = (path: string | undefined) =>
    within(path) || (path !== undefined && base.path.startsWith(`${path}/`));
  const [users, grids] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_id'])
      .where('active', '=', true)
      .where(sql<SqlBool>`'inspector' = any(roles)`)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('responsibility_grid_inspectors as i')
      .innerJoin('responsibility_grids as g', 'g.id', 'i.grid_id')
      .select(['i.user_id', 'g.name', 'g.street_code'])
      .orderBy('g.code')
      .execute(),
  ]);
  return users.flatMap((u) => {
    const own = grids.filter((g) => g.user_id === u.id);
    const unit = dir.units.get(u.unit_id);
    const works = own.some((g) => serves(pathOf(g.street_code))) || within(unit && pathOf(unit.area_code));
    return works
      ? [{ id: u.id, displayName: u.display_name, unitId: u.unit_id, gridNames: own.map((g) => g.name) }]
      : [];
  });
}

/**
 * The active units this actor may dispatch (or re-dispatch) the case to: the same rule the
 * dispatch action applies (dispatchRefusal), nearest area first; for 上报 / 下派, the centres the
 * hand-off accepts (handOffCentres).
 */
export async function dispatchableUnits(
  deps: Pick<CaseDeps, 'db' | 'directory'>,
  actor: Actor,
  idOrNumber: string,
  action: 'dispatch' | HandOffAction = 'dispatch',
) {
  const row = await getCase(deps.db, actor, idOrNumber);
  assertMay(actor, 'case.act', { transition: transitionOf(action), facts: accessFacts(row) });
  if (action !== 'dispatch') return await handOffCentres(deps.directory, actor, row, action);
  const own = await ownArea(deps.directory, actor);
  const held = await heldByStreet(deps.directory, row);
  const dir = await deps.directory.get();
  return [...dir.units.values()]
    .filter((u) => u.active && dispatchRefusal(own, row, held, u) === null)
    .sort((a, b) => b.area_code.length - a.area_code.length || a.id - b.id);
}
