export type {
  AreaPath,
  CaseLevel,
  FallbackUnit,
  RoutingFallback,
  RoutingNames,
  RoutingQuery,
  RoutingRule,
  RuleMatch,
  SuggestOptions,
  UnitSuggestion,
} from './types.ts';
export { CASE_LEVEL_ZH, CASE_LEVELS } from './types.ts';
export {
  AREA_CODE_LENGTHS,
  areaContains,
  compareRuleMatches,
  explainMatches,
  routingRuleProblems,
  suggestDefaultUnit,
  suggestUnit,
} from './suggest.ts';
export type { CommandTier, DispatchMode, DispatchScope, ScopedUnit } from './dispatch-scope.ts';
export { DISPATCH_MODE_ZH, dispatchScope, handlerTierForLevel, isUnitEligible } from './dispatch-scope.ts';
