export type {
  AreaPath,
  CaseLevel,
  CommandTier,
  FallbackUnit,
  RoutingFallback,
  RoutingNames,
  RoutingQuery,
  RoutingRule,
  RuleMatch,
  SuggestOptions,
  UnitSuggestion,
} from './types.ts';
export { CASE_LEVEL_ZH, CASE_LEVELS, tierOfArea, tierOfLevel } from './types.ts';
export {
  AREA_CODE_LENGTHS,
  areaContains,
  compareRuleMatches,
  explainMatches,
  routingRuleProblems,
  suggestDefaultUnit,
  suggestUnit,
} from './suggest.ts';
