// Assessment schemes (考评方案): how the subjects of one level are scored (a weighted composite of
// indicators, or 100-point deduction from supervision findings), graded, grouped into difficulty
// tiers that are ranked and flagged separately, and funded. Pure validation: the caller passes
// what exists (the indicators and the level's subjects); the first problem is thrown as a
// DomainError naming its field (`config.weights.2.weight`), so the API answers 400 and writes nothing.

import { DomainError } from '../errors/index.ts';
import { ROLES, type Role } from '../workflow/roles.ts';
import {
  DEFAULT_FUND_RULE,
  DEFAULT_TRIGGER_RULE,
  type FlagRule,
  type FundRule,
  type TriggerRule,
} from './flags.ts';
import { SUBJECT_LEVELS, type SubjectLevel } from './indicators.ts';
import type { GradeBand, Weighted } from './scoring.ts';

export const SCHEME_KINDS = ['composite', 'deduction'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];

/** One line of a deduction table (扣分标准): a finding type of the supervision office and its points. */
export interface DeductionItem {
  code: string;
  name: string;
  points: number;
}

/** A difficulty tier (难度分档): its subjects are ranked and flagged among themselves. */
export interface SchemeTier {
  code: string;
  name: string;
  flags: FlagRule;
  subjects: string[];
}

export interface SchemeFund {
  rule: FundRule;
  /** Subject id → fund group (A, B …); subjects without a group get no fund. */
  groups: Record<string, string>;
}

export interface SchemeConfig {
  kind: SchemeKind;
  level: SubjectLevel;
  /** Person schemes score the people holding this role; null for other levels. */
  role: Role | null;
  /** Only these subjects are scored; null = every subject of the level. */
  subjects: string[] | null;
  /** Composite: indicator weights, totalling 100. Empty for deduction schemes. */
  weights: Weighted[];
  /** Deduction: the finding types and their points. Empty for composite schemes. */
  deductions: DeductionItem[];
  /** Deduction: the score a subject starts the month with (100). */
  fullScore: number;
  /** Grade bands, best first; the lowest band starts at 0 or below so every score has a grade. */
  grades: GradeBand[];
  /** The flag rule of the default tier: every subject not listed in a tier. */
  flags: FlagRule;
  defaultTierName: string;
  tiers: SchemeTier[];
  fund: SchemeFund | null;
  triggers: TriggerRule;
}

export interface SchemeInput {
  code: string;
  name: string;
  nameEn: string | null;
  config: SchemeConfig;
}

export interface SchemeContext {
  /** Every indicator the engine knows, with the subject levels (and, for people, roles) it applies to. */
  indicators: readonly { id: string; levels: readonly string[]; roles?: readonly string[] | undefined }[];
  /** The ids of the level's subjects; when given, tiers, subjects and fund groups must name them. */
  subjects?: ReadonlySet<string> | undefined;
}

/** A ≥ 90, B 75–90, C 60–75, D 40–60, E < 40, in the form a scheme stores (no −∞ in JSON). */
export const LETTER_GRADES: readonly GradeBand[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 40 },
  { grade: 'E', min: 0 },
];

/** 良好 / 一般 / 较差, the three-band form some cities publish. */
export const THREE_GRADES: readonly GradeBand[] = [
  { grade: '良好', min: 85 },
  { grade: '一般', min: 70 },
  { grade: '较差', min: 0 },
];

export const DEFAULT_TIER = 'default';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const SCHEME_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;
const CONTROL = /\p{Cc}/u;

const invalid = (field: string, message: string) => new DomainError('INVALID_FIELD', message, field);
const missing = (field: string) => new DomainError('MISSING_FIELD', `${field} is required`, field);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (!isObject(value)) throw invalid(path, `${path || 'the body'} must be an object`);
  for (const key of Object.keys(value)) {
    const p = path ? `${path}.${key}` : key;
    if (!keys.includes(key)) throw invalid(p, `${p} is not a field here; the fields are ${keys.join(', ')}`);
  }
  return value;
}

function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, `${path} must be a list`);
  if (value.length > max) throw invalid(path, `${path} may hold at most ${max} entries`);
  return value;
}

function text(value: unknown, path: string, max: number, pattern?: RegExp): string {
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== 'string') throw invalid(path, `${path} must be a string`);
  const s = value.trim();
  if (s === '') throw missing(path);
  if (s.length > max) throw invalid(path, `${path} must be at most ${max} characters`);
  if (CONTROL.test(s)) throw invalid(path, `${path} must not hold control characters`);
  if (pattern && !pattern.test(s)) throw invalid(path, `${path} "${s}" must match ${pattern.source}`);
  return s;
}

function number(value: unknown, path: string, min: number, max: number, integer = false): number {
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(path, `${path} must be a number`);
  if (integer && !Number.isInteger(value)) throw invalid(path, `${path} must be a whole number`);
  // Points and scores are published to hundredths; more digits would only hide rounding.
  if (!integer && Math.abs(Math.round(value * 100) - value * 100) > 1e-6)
    throw invalid(path, `${path} may have at most two decimals`);
  if (value < min || value > max) throw invalid(path, `${path} must be between ${min} and ${max}`);
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw invalid(path, `${path} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function unique(values: readonly string[], path: (i: number) => string, what: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw invalid(path(i), `${path(i)}: ${what} "${v}" appears twice`);
    seen.add(v);
  });
}

function subjectId(value: unknown, path: string, ctx: SchemeContext): string {
  const id = text(value, path, 64);
  if (ctx.subjects && !ctx.subjects.has(id)) throw invalid(path, `${path}: no subject "${id}" at this level`);
  return id;
}

function flagRule(value: unknown, path: string): FlagRule {
  const o = object(value, path, ['red', 'black']);
  return {
    red: o.red === undefined ? 0 : number(o.red, `${path}.red`, 0, 50, true),
    black: o.black === undefined ? 0 : number(o.black, `${path}.black`, 0, 50, true),
  };
}

function gradeBands(value: unknown, path: string): GradeBand[] {
  const list = array(value, path, 10);
  if (list.length < 2) throw invalid(path, `${path} needs at least two bands`);
  const bands = list.map((b, i) => {
    const o = object(b, `${path}.${i}`, ['grade', 'min']);
    return {
      grade: text(o.grade, `${path}.${i}.grade`, 10),
      min: number(o.min, `${path}.${i}.min`, -1000, 1000),
    };
  });
  unique(
    bands.map((b) => b.grade),
    (i) => `${path}.${i}.grade`,
    'grade',
  );
  for (let i = 1; i < bands.length; i++) {
    if (bands[i]!.min >= bands[i - 1]!.min)
      throw invalid(
        `${path}.${i}.min`,
        `${path} must be listed best first, each band starting below the one before`,
      );
  }
  if (bands.at(-1)!.min > 0)
    throw invalid(
      `${path}.${bands.length - 1}.min`,
      `${path}: the lowest band must start at 0 so every score has a grade`,
    );
  return bands;
}

function fundRule(value: unknown, path: string): FundRule {
  const o = object(value, path, ['baseByGroup', 'baseScore', 'stepPoints', 'stepAmount', 'fullScore']);
  const basePath = `${path}.baseByGroup`;
  if (!isObject(o.baseByGroup)) throw invalid(basePath, `${basePath} must be an object of group → yuan`);
  const baseByGroup: Record<string, number> = {};
  const groups = Object.entries(o.baseByGroup);
  if (groups.length === 0 || groups.length > 10) throw invalid(basePath, `${basePath} needs 1 to 10 groups`);
  for (const [group, amount] of groups) {
    if (!CODE.test(group))
      throw invalid(`${basePath}.${group}`, `${basePath}: group "${group}" must be a short code`);
    baseByGroup[group] = number(amount, `${basePath}.${group}`, 0, 100_000_000, true);
  }
  const d = DEFAULT_FUND_RULE;
  const opt = (
    key: 'baseScore' | 'stepPoints' | 'stepAmount' | 'fullScore',
    min: number,
    max: number,
    integer = false,
  ) => (o[key] === undefined ? d[key] : number(o[key], `${path}.${key}`, min, max, integer));
  const rule = {
    baseByGroup,
    baseScore: opt('baseScore', 0, 1000),
    stepPoints: opt('stepPoints', 0.01, 100),
    stepAmount: opt('stepAmount', 0, 10_000_000, true),
    fullScore: opt('fullScore', 0, 1000),
  };
  if (rule.fullScore < rule.baseScore)
    throw invalid(`${path}.fullScore`, `${path}.fullScore must not be below ${path}.baseScore`);
  return rule;
}

function triggerRule(value: unknown, path: string): TriggerRule {
  const o = object(value, path, ['consecutiveBlack', 'cumulativeBlack', 'lastQuarters']);
  const steps = array(o.lastQuarters ?? DEFAULT_TRIGGER_RULE.lastQuarters, `${path}.lastQuarters`, 3).map(
    (s, i) => {
      const p = `${path}.lastQuarters.${i}`;
      const step = object(s, p, ['count', 'kind']);
      return {
        count: number(step.count, `${p}.count`, 1, 8, true),
        kind: oneOf(step.kind, `${p}.kind`, ['quarter_last', 'quarter_last_2', 'quarter_last_3'] as const),
      };
    },
  );
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.count <= steps[i - 1]!.count)
      throw invalid(`${path}.lastQuarters.${i}.count`, `${path}.lastQuarters must rise in count`);
  }
  return {
    consecutiveBlack:
      o.consecutiveBlack === undefined
        ? DEFAULT_TRIGGER_RULE.consecutiveBlack
        : number(o.consecutiveBlack, `${path}.consecutiveBlack`, 0, 12, true),
    cumulativeBlack:
      o.cumulativeBlack === undefined
        ? DEFAULT_TRIGGER_RULE.cumulativeBlack
        : number(o.cumulativeBlack, `${path}.cumulativeBlack`, 0, 12, true),
    lastQuarters: steps,
  };
}

const CONFIG_KEYS = [
  'kind',
  'level',
  'role',
  'subjects',
  'weights',
  'deductions',
  'fullScore',
  'grades',
  'flags',
  'defaultTierName',
  'tiers',
  'fund',
  'triggers',
] as const;

/** Check and normalise a scheme (code, names, config). Throws DomainError naming the field. */
export function parseScheme(input: unknown, ctx: SchemeContext): SchemeInput {
  const o = object(input, '', ['code', 'name', 'nameEn', 'config']);
  // Field paths are the request body's own (`config.weights.0.weight`), without a prefix.
  const code = text(o.code, 'code', 40, SCHEME_CODE);
  const name = text(o.name, 'name', 60);
  const nameEn =
    o.nameEn === undefined || o.nameEn === null || o.nameEn === '' ? null : text(o.nameEn, 'nameEn', 120);
  return { code, name, nameEn, config: parseSchemeConfig(o.config, ctx) };
}

export function parseSchemeConfig(value: unknown, ctx: SchemeContext, path = 'config'): SchemeConfig {
  const o = object(value, path, CONFIG_KEYS);
  const kind = oneOf(o.kind, `${path}.kind`, SCHEME_KINDS);
  const level = oneOf(o.level, `${path}.level`, SUBJECT_LEVELS);
  let role: Role | null = null;
  if (level === 'person') {
    role = oneOf(
      o.role,
      `${path}.role`,
      ROLES.filter((r) => r !== 'integration'),
    );
  } else if (o.role !== undefined && o.role !== null) {
    throw invalid(`${path}.role`, `${path}.role is only for person schemes`);
  }

  let subjects: string[] | null = null;
  if (o.subjects !== undefined && o.subjects !== null) {
    subjects = array(o.subjects, `${path}.subjects`, 5000).map((s, i) =>
      subjectId(s, `${path}.subjects.${i}`, ctx),
    );
    if (subjects.length === 0)
      throw invalid(
        `${path}.subjects`,
        `${path}.subjects must name at least one subject, or be left out for all`,
      );
    unique(subjects, (i) => `${path}.subjects.${i}`, 'subject');
  }
  const scored = (id: string, p: string) => {
    if (subjects && !subjects.includes(id)) throw invalid(p, `${p}: "${id}" is not among ${path}.subjects`);
  };

  let weights: Weighted[] = [];
  let deductions: DeductionItem[] = [];
  let fullScore = 100;
  if (kind === 'composite') {
    if (o.deductions !== undefined && (o.deductions as unknown[] | null)?.length)
      throw invalid(`${path}.deductions`, `${path}.deductions belong to deduction schemes`);
    if (o.weights === undefined || o.weights === null) throw missing(`${path}.weights`);
    weights = array(o.weights, `${path}.weights`, 40).map((w, i) => {
      const p = `${path}.weights.${i}`;
      const item = object(w, p, ['indicator', 'weight']);
      const indicator = text(item.indicator, `${p}.indicator`, 60);
      const def = ctx.indicators.find((d) => d.id === indicator);
      if (!def) throw invalid(`${p}.indicator`, `${p}.indicator: no indicator "${indicator}"`);
      if (!def.levels.includes(level))
        throw invalid(
          `${p}.indicator`,
          `${p}.indicator: "${indicator}" does not apply to the level ${level}`,
        );
      if (role && def.roles && def.roles.length > 0 && !def.roles.includes(role))
        throw invalid(`${p}.indicator`, `${p}.indicator: "${indicator}" does not apply to the role ${role}`);
      return { indicator, weight: number(item.weight, `${p}.weight`, 0.01, 100) };
    });
    if (weights.length === 0)
      throw invalid(`${path}.weights`, `${path}.weights needs at least one indicator`);
    unique(
      weights.map((w) => w.indicator),
      (i) => `${path}.weights.${i}.indicator`,
      'indicator',
    );
    const total = weights.reduce((sum, w) => sum + Math.round(w.weight * 100), 0);
    if (total !== 10_000)
      throw invalid(`${path}.weights`, `${path}.weights must total 100 (they total ${total / 100})`);
  } else {
    if (o.weights !== undefined && (o.weights as unknown[] | null)?.length)
      throw invalid(`${path}.weights`, `${path}.weights belong to composite schemes`);
    fullScore = o.fullScore === undefined ? 100 : number(o.fullScore, `${path}.fullScore`, 1, 1000);
    if (o.deductions === undefined || o.deductions === null) throw missing(`${path}.deductions`);
    deductions = array(o.deductions, `${path}.deductions`, 200).map((d, i) => {
      const p = `${path}.deductions.${i}`;
      const item = object(d, p, ['code', 'name', 'points']);
      return {
        code: text(item.code, `${p}.code`, 40, CODE),
        name: text(item.name, `${p}.name`, 60),
        points: number(item.points, `${p}.points`, 0.01, fullScore),
      };
    });
    if (deductions.length === 0)
      throw invalid(`${path}.deductions`, `${path}.deductions needs at least one finding type`);
    unique(
      deductions.map((d) => d.code),
      (i) => `${path}.deductions.${i}.code`,
      'finding type',
    );
  }

  const grades = o.grades === undefined ? [...LETTER_GRADES] : gradeBands(o.grades, `${path}.grades`);
  const flags = o.flags === undefined ? { red: 0, black: 0 } : flagRule(o.flags, `${path}.flags`);
  const defaultTierName =
    o.defaultTierName === undefined ? '全部' : text(o.defaultTierName, `${path}.defaultTierName`, 30);

  const tiers: SchemeTier[] = array(o.tiers ?? [], `${path}.tiers`, 20).map((t, i) => {
    const p = `${path}.tiers.${i}`;
    const tier = object(t, p, ['code', 'name', 'flags', 'subjects']);
    const tierCode = text(tier.code, `${p}.code`, 40, CODE);
    if (tierCode === DEFAULT_TIER)
      throw invalid(`${p}.code`, `${p}.code "${DEFAULT_TIER}" is the tier of subjects not listed in any`);
    const members = array(tier.subjects ?? [], `${p}.subjects`, 5000).map((s, j) => {
      const id = subjectId(s, `${p}.subjects.${j}`, ctx);
      scored(id, `${p}.subjects.${j}`);
      return id;
    });
    if (members.length === 0) throw invalid(`${p}.subjects`, `${p}.subjects must list the tier's subjects`);
    return {
      code: tierCode,
      name: text(tier.name, `${p}.name`, 30),
      flags: tier.flags === undefined ? { ...flags } : flagRule(tier.flags, `${p}.flags`),
      subjects: members,
    };
  });
  unique(
    tiers.map((t) => t.code),
    (i) => `${path}.tiers.${i}.code`,
    'tier',
  );
  // A subject in two tiers would be ranked twice.
  const tierByMember = new Map<string, string>();
  for (const [i, t] of tiers.entries()) {
    for (const [j, s] of t.subjects.entries()) {
      const other = tierByMember.get(s);
      if (other !== undefined)
        throw invalid(
          `${path}.tiers.${i}.subjects.${j}`,
          `subject "${s}" is in the tiers ${other} and ${t.code}`,
        );
      tierByMember.set(s, t.code);
    }
  }

  let fund: SchemeFund | null = null;
  if (o.fund !== undefined && o.fund !== null) {
    const f = object(o.fund, `${path}.fund`, ['rule', 'groups']);
    const rule = fundRule(f.rule ?? {}, `${path}.fund.rule`);
    const groupsPath = `${path}.fund.groups`;
    if (!isObject(f.groups)) throw invalid(groupsPath, `${groupsPath} must be an object of subject → group`);
    const groups: Record<string, string> = {};
    for (const [id, group] of Object.entries(f.groups)) {
      const p = `${groupsPath}.${id}`;
      subjectId(id, p, ctx);
      scored(id, p);
      if (typeof group !== 'string' || rule.baseByGroup[group] === undefined)
        throw invalid(p, `${p} must be one of the groups ${Object.keys(rule.baseByGroup).join(', ')}`);
      groups[id] = group;
    }
    fund = { rule, groups };
  }

  return {
    kind,
    level,
    role,
    subjects,
    weights,
    deductions,
    fullScore,
    grades,
    flags,
    defaultTierName,
    tiers,
    fund,
    triggers:
      o.triggers === undefined
        ? (structuredClone(DEFAULT_TRIGGER_RULE) as TriggerRule)
        : triggerRule(o.triggers, `${path}.triggers`),
  };
}

/** The tier a subject is ranked in: its listed tier, or the default tier. */
export function tierOf(
  config: SchemeConfig,
  subjectId: string,
): { code: string; name: string; flags: FlagRule } {
  const tier = config.tiers.find((t) => t.subjects.includes(subjectId));
  return tier
    ? { code: tier.code, name: tier.name, flags: tier.flags }
    : { code: DEFAULT_TIER, name: config.defaultTierName, flags: config.flags };
}
