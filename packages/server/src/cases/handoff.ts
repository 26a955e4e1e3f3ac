// The command tiers a case moves between (docs/routing.md, "Find/handle modes"): which centre holds
// a case at intake (a street's own grid staff report to their street centre; everything else to the
// district or city centre over it), and where 上报 (escalate: street → district or city) and 下派
// (hand down: district or city → the case's street centre) may send it, with the level it takes.
// The rules are the policy's 'case.handOff' and 'case.dispatchTo'; this file finds their facts.

import type { AreaRow, CaseRow, UnitRow } from '@xiuhua/db';
import { type AreaRef, why } from '@xiuhua/domain/policy';
import { tierOfArea, tierOfLevel } from '@xiuhua/domain/routing';
import type { CaseLevel } from '@xiuhua/domain/workflow';
import { type Actor, refusalError } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError } from '../platform/errors.ts';
import { ownArea } from './visibility.ts';

export type HandOffAction = 'escalate' | 'hand_down';

export const ref = (a: AreaRow): AreaRef => ({ code: a.code, name: a.name, level: a.level });

/** The street whose centre holds the case, if a street centre does (null: the district or city). */
export async function heldByStreet(
  directory: DirectoryService,
  row: Pick<CaseRow, 'centre_unit_id'>,
): Promise<AreaRef | null> {
  if (row.centre_unit_id === null) return null;
  const centre = await directory.unit(row.centre_unit_id);
  const area = centre ? await directory.area(centre.area_code) : undefined;
  return area && tierOfArea(area.level) === 'street' ? ref(area) : null;
}

/** The command-side unit acting as a street's centre (its street office), if the street has one. */
async function streetCentre(directory: DirectoryService, streetCode: string): Promise<UnitRow | undefined> {
  const dir = await directory.get();
  return [...dir.units.values()].find((u) => u.active && u.side === 'command' && u.area_code === streetCode);
}

/** The district or city command centre over a case: the most local one. */
async function cityCentre(directory: DirectoryService, areaPath: string): Promise<UnitRow | undefined> {
  const dir = await directory.get();
  const path = areaPath.split('/');
  return [...dir.units.values()]
    .filter((u) => {
      const area = dir.areas.get(u.area_code);
      return (
        u.active &&
        u.side === 'command' &&
        area &&
        tierOfArea(area.level) === 'city' &&
        path.includes(u.area_code)
      );
    })
    .sort((a, b) => b.area_code.length - a.area_code.length || a.id - b.id)[0];
}

/** The centre holding a case: its street centre, the one it was escalated to, or the one over it. */
export async function holdingCentre(
  directory: DirectoryService,
  row: Pick<CaseRow, 'centre_unit_id' | 'area_path'>,
): Promise<UnitRow | undefined> {
  const held = row.centre_unit_id === null ? undefined : await directory.unit(row.centre_unit_id);
  return held ?? (await cityCentre(directory, row.area_path)) ?? (await directory.centreFor(row.area_path));
}

/**
 * Who holds a new case: the street centre when the reporter works for a street (street-finds
 * modes) and the case is in it; null — the district or city centre over it — otherwise.
 */
export async function intakeCentre(
  directory: DirectoryService,
  actor: Actor | null,
  place: { areaPath: string; streetCode: string },
): Promise<number | null> {
  if (!actor) return null;
  const own = await ownArea(directory, actor);
  if (!own || tierOfArea(own.level) !== 'street' || !place.areaPath.split('/').includes(own.code))
    return null;
  return (await streetCentre(directory, place.streetCode))?.id ?? null;
}

/** The facts the policy's 'case.handOff' judges, for one centre. */
async function handOffFacts(
  directory: DirectoryService,
  actor: Actor,
  row: CaseRow,
  action: HandOffAction,
  centre: UnitRow,
  level: CaseLevel,
) {
  const [own, area, held] = await Promise.all([
    ownArea(directory, actor),
    directory.area(centre.area_code),
    heldByStreet(directory, row),
  ]);
  return {
    action,
    ownArea: own ? ref(own) : null,
    caseAreaPath: row.area_path,
    heldByStreet: held,
    centre: {
      name: centre.name,
      side: centre.side,
      area: area ? ref(area) : { code: centre.area_code, name: centre.area_code, level: 'city' },
    },
    level,
  };
}

/** The level a case takes when passed: its own if it already suits the receiving tier. */
export function levelAfter(action: HandOffAction, current: CaseLevel, asked?: CaseLevel): CaseLevel {
  if (asked) return asked;
  const tier = tierOfLevel(current);
  if (action === 'escalate') return tier === 'city' ? current : 'district';
  return tier === 'street' ? current : 'street';
}

/**
 * Where a hand-off sends the case, checked by the policy: the chosen centre, or for an escalation
 * without one the district or city centre over the case.
 */
export async function handOffTarget(
  directory: DirectoryService,
  actor: Actor,
  row: CaseRow,
  action: HandOffAction,
  input: { unitId?: number | string | null; level?: CaseLevel },
): Promise<{ centre: UnitRow; level: CaseLevel }> {
  const id = input.unitId === undefined || input.unitId === null ? null : Number(input.unitId);
  const centre =
    id !== null
      ? Number.isInteger(id)
        ? await directory.unit(id)
        : undefined
      : action === 'escalate'
        ? await cityCentre(directory, row.area_path)
        : undefined;
  if (!centre?.active)
    throw new AppError(
      422,
      'UNKNOWN_UNIT',
      `there is no active centre ${input.unitId ?? ''}`.trim(),
      'unitId',
    );
  const level = levelAfter(action, row.level, input.level);
  const refusal = why(null, 'case.handOff', await handOffFacts(directory, actor, row, action, centre, level));
  if (refusal) throw refusalError(refusal);
  return { centre, level };
}

/** The centres this actor may pass the case to by `action` (the picker answers from the same rule). */
export async function handOffCentres(
  directory: DirectoryService,
  actor: Actor,
  row: CaseRow,
  action: HandOffAction,
): Promise<UnitRow[]> {
  const dir = await directory.get();
  const level = levelAfter(action, row.level);
  const out: UnitRow[] = [];
  for (const u of dir.units.values()) {
    if (!u.active || u.side !== 'command') continue;
    const facts = await handOffFacts(directory, actor, row, action, u, level);
    if (!why(null, 'case.handOff', facts)) out.push(u);
  }
  return out.sort((a, b) => b.area_code.length - a.area_code.length || a.id - b.id);
}
