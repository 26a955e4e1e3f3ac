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
