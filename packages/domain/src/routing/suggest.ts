import { unitTypeByCode } from '../catalogue/unit-types.ts';
import {
  type AreaPath,
  CASE_LEVEL_ZH,
  CASE_LEVELS,
  type RoutingFallback,
  type RoutingNames,
  type RoutingQuery,
  type RoutingRule,
  type RuleMatch,
  type SuggestOptions,
  type UnitSuggestion,
} from './types.ts';

/** Division code lengths a rule or unit area may have: district, street, community, grid cell. */
export const AREA_CODE_LENGTHS: readonly number[] = [6, 9, 12, 15];

function pathCodes(path: AreaPath): string[] {
  return [path.cellCode, path.communityCode, path.streetCode, path.districtCode].filter(
    (code): code is string => typeof code === 'string' && code !== '',
  );
}

/** True when the area with this code prefix contains the case (null = everywhere). */
export function areaContains(areaCode: string | null, path: AreaPath): boolean {
  if (areaCode === null) return true;
  return pathCodes(path).some((code) => code.startsWith(areaCode));
}

function classSpecificity(rule: RoutingRule): number {
  if (rule.classCode === null) return rule.kind === null ? 0 : 1;
  return rule.classCode.length === 5 ? 3 : 2;
}

function classMatches(rule: RoutingRule, query: RoutingQuery): boolean {
  if (rule.kind !== null && rule.kind !== query.kind) return false;
  if (rule.classCode === null) return true;
  if (rule.classCode.length === 5) return rule.classCode === query.classCode;
  if (rule.classCode.length === 2) return query.classCode.startsWith(rule.classCode);
  return false;
}

function ruleMatches(rule: RoutingRule, query: RoutingQuery): boolean {
  return (
    rule.enabled &&
    classMatches(rule, query) &&
    areaContains(rule.areaCode, query.areaPath) &&
    (rule.level === null || rule.level === query.level)
  );
}

/** Code-point order, independent of the host's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Precedence, best first: more specific area; then more specific class (minor > major > kind
 * only > any); then a rule naming the case's level over a level-agnostic one; then higher
 * priority; then the lexicographically smallest id.
 */
export function compareRuleMatches(a: RuleMatch, b: RuleMatch): number {
  return (
    b.areaSpecificity - a.areaSpecificity ||
    b.classSpecificity - a.classSpecificity ||
    Number(b.levelMatched) - Number(a.levelMatched) ||
    b.rule.priority - a.rule.priority ||
    compareText(a.rule.id, b.rule.id)
  );
}

function className(names: RoutingNames | undefined, kind: string, code: string): string {
  const name = names?.classes?.[`${kind}:${code}`] ?? names?.classes?.[code];
  return name ? `${name}（${code}）` : code;
}

function areaName(names: RoutingNames | undefined, areaCode: string | null): string {
  if (areaCode === null) return '全域';
  return names?.areas?.[areaCode] ?? areaCode;
}

function describeRule(rule: RoutingRule, query: RoutingQuery, names: RoutingNames | undefined): string {
  let classPart: string;
  if (rule.classCode !== null) classPart = className(names, rule.kind ?? query.kind, rule.classCode);
  else if (rule.kind !== null) classPart = rule.kind === 'event' ? '全部事件' : '全部部件';
  else classPart = '全部类别';
  const levelPart = rule.level === null ? '' : `（${CASE_LEVEL_ZH[rule.level]}）`;
  return `匹配规则 ${rule.id}：${classPart}在 ${areaName(names, rule.areaCode)}${levelPart} → ${rule.unitName}`;
}

/** Every enabled rule that matches the query, in precedence order (for an admin "why" view). */
export function explainMatches(
  rules: readonly RoutingRule[],
  query: RoutingQuery,
  names?: RoutingNames,
): RuleMatch[] {
  return rules
    .filter((rule) => ruleMatches(rule, query))
    .map((rule) => ({
      rule,
      areaSpecificity: rule.areaCode?.length ?? 0,
      classSpecificity: classSpecificity(rule),
      levelMatched: rule.level !== null,
      explanation: describeRule(rule, query, names),
    }))
    .sort(compareRuleMatches);
}

/**
 * Picks the unit of the class's default unit type whose area most specifically contains the
 * case (a unit with no area covers the whole city); ties go to the smallest unit id.
 */
export function suggestDefaultUnit(
  query: RoutingQuery,
  fallback: RoutingFallback,
  names?: RoutingNames,
): UnitSuggestion | null {
  const candidates = fallback.units
    .filter(
      (unit) => unit.unitType === fallback.defaultUnitType && areaContains(unit.areaCode, query.areaPath),
    )
    .sort((a, b) => (b.areaCode?.length ?? 0) - (a.areaCode?.length ?? 0) || compareText(a.id, b.id));
  const unit = candidates[0];
  if (!unit) return null;
  const typeName = unitTypeByCode(fallback.defaultUnitType)?.zh ?? fallback.defaultUnitType;
  const classPart = className(names, query.kind, query.classCode);
  return {
    unitId: unit.id,
    unitName: unit.name,
    ruleId: null,
    source: 'defaultUnitType',
    explanation:
      `无匹配规则：${classPart}按默认单位类型 ${typeName}（${fallback.defaultUnitType}）` +
      `在 ${areaName(names, unit.areaCode)} → ${unit.name}`,
  };
}

/**
 * Suggests the responsible unit for a case: the best matching enabled rule, else (when a
 * fallback is given) the default-unit-type unit for the case's area, else null.
 */
export function suggestUnit(
  rules: readonly RoutingRule[],
  query: RoutingQuery,
  options: SuggestOptions = {},
): UnitSuggestion | null {
  const best = explainMatches(rules, query, options.names)[0];
  if (best) {
    return {
      unitId: best.rule.unitId,
      unitName: best.rule.unitName,
      ruleId: best.rule.id,
      source: 'rule',
      explanation: best.explanation,
    };
  }
  return options.fallback ? suggestDefaultUnit(query, options.fallback, options.names) : null;
}

/** Problems that make a rule useless or ambiguous, for the admin form; empty when fine. */
export function routingRuleProblems(rule: RoutingRule): string[] {
  const problems: string[] = [];
  if (rule.id.trim() === '') problems.push('id must not be empty');
  if (rule.classCode !== null) {
    if (!/^(\d{2}|\d{5})$/.test(rule.classCode)) problems.push('classCode must be 2 or 5 digits');
    if (rule.kind === null)
      problems.push('kind is required with a classCode (codes are unique per kind only)');
  }
  if (
    rule.areaCode !== null &&
    !(/^\d+$/.test(rule.areaCode) && AREA_CODE_LENGTHS.includes(rule.areaCode.length))
  ) {
    problems.push('areaCode must be a division code of 6, 9, 12 or 15 digits');
  }
  if (rule.level !== null && !CASE_LEVELS.includes(rule.level)) problems.push('level is unknown');
  if (rule.unitId.trim() === '') problems.push('unitId must not be empty');
  if (rule.unitName.trim() === '') problems.push('unitName must not be empty');
  if (!Number.isInteger(rule.priority)) problems.push('priority must be an integer');
  return problems;
}
