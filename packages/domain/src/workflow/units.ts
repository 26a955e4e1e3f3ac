// The kinds of unit a city's organisation is made of (the database checks the same list).

export const UNIT_KINDS = [
  'supervision_centre',
  'command_centre',
  'department',
  'branch',
  'squad',
  'street_office',
  'community_office',
  'enterprise',
] as const;

export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * The side a unit is on (监管分离): the supervision side finds and judges, the command side
 * files and dispatches, the handling side fixes. Cases are dispatched to handling units only.
 */
export const UNIT_SIDES = ['supervision', 'command', 'handling'] as const;

export type UnitSide = (typeof UNIT_SIDES)[number];

/** A unit's side unless the admin says otherwise: a street office acts as its street's centre. */
export function defaultSideOf(kind: UnitKind): UnitSide {
  if (kind === 'supervision_centre') return 'supervision';
  if (kind === 'command_centre' || kind === 'street_office') return 'command';
  return 'handling';
}
