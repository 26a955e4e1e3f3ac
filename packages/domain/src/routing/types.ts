import type { ClassKind } from '../catalogue/types.ts';
import type { UnitTypeCode } from '../catalogue/unit-types.ts';

import { CASE_LEVELS, type CaseLevel } from '../workflow/states.ts';

export { CASE_LEVELS, type CaseLevel };
export const CASE_LEVEL_ZH: Readonly<Record<CaseLevel, string>> = {
  community: '社区级',
  segment: '路段级',
  street: '街道级',
  district: '区级',
  city: '市级',
};

/**
 * The two command tiers: `street` — a street office acting as its street's centre (街镇网格中心);
 * `city` — the platform's top command centres (a district's, or a city's).
 */
export type CommandTier = 'street' | 'city';

/** Which tier solves a case of this level: community, segment and street cases the street's. */
export function tierOfLevel(level: CaseLevel): CommandTier {
  return level === 'district' || level === 'city' ? 'city' : 'street';
}

/** The tier of a centre (or of anyone) by the level of the area his unit covers. */
export function tierOfArea(areaLevel: string): CommandTier {
  return areaLevel === 'street' || areaLevel === 'community' ? 'street' : 'city';
}

/** An admin-maintained rule: cases of this class in this area (at this level) go to this unit. */
export interface RoutingRule {
  id: string;
  label?: string;
  /** 5-digit minor code, 2-digit major code (of `kind`), or null = any class. */
  classCode: string | null;
  /** Required with a classCode (codes are unique per kind only); null = both kinds. */
  kind: ClassKind | null;
  /** Division code prefix: 6-digit district, 9-digit street, 12-digit community, 15-digit cell; null = anywhere. */
  areaCode: string | null;
  level: CaseLevel | null;
  unitId: string;
  unitName: string;
  /** Admin tie-breaker: higher first. */
  priority: number;
  enabled: boolean;
}

/** Where a case is: its division codes from the district down to the unit grid cell. */
export interface AreaPath {
  districtCode?: string | null;
  streetCode?: string | null;
  communityCode?: string | null;
  cellCode?: string | null;
}

/** Display names for explanations; anything missing is shown by its code. */
export interface RoutingNames {
  /** Keyed by `${kind}:${code}` (see classKey) or, failing that, by the bare code; minor and major codes. */
  classes?: Readonly<Record<string, string>>;
  /** Keyed by division code. */
  areas?: Readonly<Record<string, string>>;
}

export interface RoutingQuery {
  kind: ClassKind;
  /** The case's 5-digit minor class code. */
  classCode: string;
  areaPath: AreaPath;
  /** The case's level; null = not set, so only level-agnostic rules apply. */
  level: CaseLevel | null;
}

/** A unit that the default-unit-type fallback may choose. */
export interface FallbackUnit {
  id: string;
  name: string;
  /** A UnitTypeCode; plain string so that database rows pass straight through. */
  unitType: UnitTypeCode | (string & {});
  /** Division code prefix the unit covers; null = the whole city. */
  areaCode: string | null;
}

export interface RoutingFallback {
  units: readonly FallbackUnit[];
  /** The case class's defaultUnitType from the catalogue. */
  defaultUnitType: UnitTypeCode | (string & {});
}

export interface SuggestOptions {
  names?: RoutingNames;
  /** Used when no rule matches. */
  fallback?: RoutingFallback;
}

export interface UnitSuggestion {
  unitId: string;
  unitName: string;
  /** The rule that decided, or null when the fallback did. */
  ruleId: string | null;
  source: 'rule' | 'defaultUnitType';
  /** One Chinese sentence for the dispatcher. */
  explanation: string;
}

/** A rule that matches a query, with the facts that ranked it. */
export interface RuleMatch {
  rule: RoutingRule;
  /** Length of the rule's area code (0 = anywhere). */
  areaSpecificity: number;
  /** 3 = minor class, 2 = major class, 1 = kind only, 0 = any class. */
  classSpecificity: number;
  /** True when the rule names the case's level (false = level-agnostic). */
  levelMatched: boolean;
  explanation: string;
}
