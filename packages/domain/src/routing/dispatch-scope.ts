import { areaContains } from './suggest.ts';
import type { AreaPath, CaseLevel } from './types.ts';

/**
 * The two command tiers (docs/domain.md, "Levels and tiers"). "city" is the platform's top
 * command centre (a city's, or a district's where the platform runs per district, e.g. Minhang);
 * "street" is a street or town command centre (街镇网格中心).
 */
export type CommandTier = 'city' | 'street';

export type DispatchMode =
  | 'cityFindsCityHandles'
  | 'cityFindsStreetHandles'
  | 'streetFindsStreetHandles'
  | 'streetFindsCityHandles';

export const DISPATCH_MODE_ZH: Readonly<Record<DispatchMode, string>> = {
  cityFindsCityHandles: '市级发现、市级处置',
  cityFindsStreetHandles: '市级发现、街道处置',
  streetFindsStreetHandles: '街道发现、街道处置',
  streetFindsCityHandles: '街道发现、市级处置',
};

export interface DispatchScope {
  mode: DispatchMode;
  /** Whose supervision found or took in the case. */
  finder: CommandTier;
  /** Whose units handle it. */
  handler: CommandTier;
  /** The command centre that picks the unit and dispatches the task: always the handler's. */
  dispatcher: CommandTier;
  /**
   * When finder and handler differ, the centre that passes the case on first: the city centre
   * transfers it down to the street centre (转派), or the street centre reports it up (上报).
   */
  handoffFrom: CommandTier | null;
  /** Levels of unit that may receive the task. */
  eligibleUnitLevels: readonly CaseLevel[];
  /** 'caseStreet' = only units inside the case's street; 'anyContaining' = any unit whose area covers the case. */
  poolArea: 'caseStreet' | 'anyContaining';
}

const STREET_UNIT_LEVELS: readonly CaseLevel[] = ['community', 'street'];
const CITY_UNIT_LEVELS: readonly CaseLevel[] = ['district', 'city'];

/** 一般问题解决在路段内（社区），突出问题解决在街道，重大问题解决在市级. */
export function handlerTierForLevel(level: CaseLevel): CommandTier {
  return level === 'community' || level === 'street' ? 'street' : 'city';
}

/**
 * Which of the four find/handle modes a case falls in, who dispatches it and which units are
 * eligible, from its level and the tier that found it.
 */
export function dispatchScope(level: CaseLevel, finderScope: CommandTier): DispatchScope {
  const handler = handlerTierForLevel(level);
  const mode: DispatchMode =
    finderScope === 'city'
      ? handler === 'city'
        ? 'cityFindsCityHandles'
        : 'cityFindsStreetHandles'
      : handler === 'street'
        ? 'streetFindsStreetHandles'
        : 'streetFindsCityHandles';
  return {
    mode,
    finder: finderScope,
    handler,
    dispatcher: handler,
    handoffFrom: finderScope === handler ? null : finderScope,
    eligibleUnitLevels: handler === 'street' ? STREET_UNIT_LEVELS : CITY_UNIT_LEVELS,
    poolArea: handler === 'street' ? 'caseStreet' : 'anyContaining',
  };
}

/** A unit as the eligibility check needs it. */
export interface ScopedUnit {
  level: CaseLevel;
  /** Division code prefix the unit covers; null = the whole city. */
  areaCode: string | null;
}

/** True when the unit is in the scope's pool for a case at this place. */
export function isUnitEligible(scope: DispatchScope, unit: ScopedUnit, areaPath: AreaPath): boolean {
  if (!scope.eligibleUnitLevels.includes(unit.level)) return false;
  if (!areaContains(unit.areaCode, areaPath)) return false;
  if (scope.poolArea === 'anyContaining') return true;
  // A street's own units: the unit's area must lie inside the case's street.
  const street = areaPath.streetCode;
  if (!street || unit.areaCode === null) return false;
  return unit.areaCode.startsWith(street);
}
