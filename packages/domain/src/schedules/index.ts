// Duty schedules' companions: the precedence of time limits and duty rosters (who is on duty).
export {
  type Bilingual,
  formatLimit,
  type LimitLayer,
  type LimitLayerKind,
  type LimitStep,
  type ResolvedLimit,
  resolveLimit,
} from './precedence.ts';
export {
  onDutyAt,
  onDutyOn,
  parseRoster,
  type Roster,
  type RosterException,
  type RosterShift,
  type ShiftOnDuty,
} from './roster.ts';
export {
  PLACE_LAYERS,
  type PlaceLayer,
  type PlaceLimitRule,
  type PlaceOfLimits,
  placeLayers,
} from './place-limits.ts';
