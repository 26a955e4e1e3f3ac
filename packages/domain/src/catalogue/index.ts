export type {
  AreaClass,
  AreaLimits,
  Catalogue,
  ClassKind,
  ClockKind,
  MajorClass,
  MinorClass,
  NaturalTimeUnit,
  ReportBackPhoto,
  TimeLimit,
  TimeUnit,
  Urgency,
  WorkingTimeUnit,
} from './types.ts';
export {
  AREA_CLASSES,
  CLASS_KINDS,
  CLOCK_KINDS,
  NATURAL_TIME_UNITS,
  REPORT_BACK_PHOTO,
  URGENCIES,
  WORKING_TIME_UNITS,
} from './types.ts';
export type { UnitType, UnitTypeCode } from './unit-types.ts';
export { isUnitTypeCode, UNIT_TYPES, unitTypeByCode } from './unit-types.ts';
export type { StepName } from './time-limits.ts';
export {
  clockOfUnit,
  comparableMinutes,
  DEFAULT_STEP_LIMITS,
  handleLimitFor,
  isNaturalUnit,
  isWorkingUnit,
  NATURAL_STEP_LIMITS,
  STEP_NAMES,
  signLimitFor,
  stepLimitsForClock,
} from './time-limits.ts';
export type { CatalogueIssue } from './parse.ts';
export {
  CATALOGUE_TEXT_LIMITS,
  CatalogueError,
  classKey,
  EMERGENCY_MAX_NATURAL_MINUTES,
  parseCatalogue,
  URGENT_MAX_NATURAL_MINUTES,
  URGENT_MAX_WORKING_MINUTES,
} from './parse.ts';
export type { CatalogueIndex } from './lookup.ts';
export { indexCatalogue } from './lookup.ts';
export type { ClassMatch, FindClassesOptions, MatchTier } from './search.ts';
export { findClasses, MATCH_TIERS, normalizeQuery } from './search.ts';
