import { clockOfUnit, comparableMinutes } from './time-limits.ts';
import {
  AREA_CLASSES,
  type AreaClass,
  type AreaLimits,
  CLASS_KINDS,
  CLOCK_KINDS,
  REPORT_BACK_PHOTO,
  type Catalogue,
  type ClassKind,
  type ClockKind,
  type MajorClass,
  type MinorClass,
  NATURAL_TIME_UNITS,
  type TimeLimit,
  type TimeUnit,
  URGENCIES,
  type Urgency,
  WORKING_TIME_UNITS,
} from './types.ts';
import { isUnitTypeCode, UNIT_TYPES, type UnitTypeCode } from './unit-types.ts';

/** Sane bounds for text fields, in characters. */
export const CATALOGUE_TEXT_LIMITS = {
  source: 200,
  name: 40,
  nameEn: 100,
  keyword: 30,
  keywordCount: 50,
  standard: 1000,
} as const;

/** Longest acceptable limit, in minutes of its clock: 365 natural days or 250 working days. */
const MAX_NATURAL_MINUTES = 365 * 1440;
const MAX_WORKING_MINUTES = 250 * 480;
/** Emergency classes must be handled within a natural day. */
export const EMERGENCY_MAX_NATURAL_MINUTES = 24 * 60;
/** Urgent classes: natural clock within 48 hours, or working clock within 4 working hours. */
export const URGENT_MAX_NATURAL_MINUTES = 48 * 60;
export const URGENT_MAX_WORKING_MINUTES = 4 * 60;

export interface CatalogueIssue {
  /** Where the problem is, e.g. "minors[12].limits.B.handle.amount". */
  path: string;
  /** The whole sentence, starting with the path. */
  message: string;
}

/** Thrown by parseCatalogue; `issues` lists every problem found, in document order. */
export class CatalogueError extends Error {
  readonly issues: readonly CatalogueIssue[];

  constructor(issues: readonly CatalogueIssue[]) {
    const shown = issues.slice(0, 20).map((issue) => `- ${issue.message}`);
    if (issues.length > shown.length) shown.push(`- … and ${issues.length - shown.length} more`);
    super(
      `Invalid catalogue (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}`,
    );
    this.name = 'CatalogueError';
    this.issues = issues;
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class IssueList {
  readonly items: CatalogueIssue[] = [];

  add(path: string, text: string): void {
    const shown = path === '' ? '(root)' : path;
    this.items.push({ path: shown, message: `${shown} ${text}` });
  }
}

/** Joins a property onto a path; the document root is the empty path. */
function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function checkKnownKeys(obj: JsonObject, known: readonly string[], path: string, issues: IssueList): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) issues.add(path, `has unknown property "${key}"`);
  }
}

function readText(obj: JsonObject, key: string, path: string, max: number, issues: IssueList): string {
  const value = obj[key];
  const where = at(path, key);
  if (typeof value !== 'string') {
    issues.add(where, 'must be a string');
    return '';
  }
  if (value.trim() === '') issues.add(where, 'must not be empty');
  else if ([...value].length > max) issues.add(where, `must be at most ${max} characters`);
  return value;
}

function readChoice<T extends string>(
  obj: JsonObject,
  key: string,
  path: string,
  choices: readonly T[],
  issues: IssueList,
): T | undefined {
  const value = obj[key];
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  issues.add(`${path}.${key}`, `must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
  return undefined;
}

function readCode(obj: JsonObject, path: string, digits: number, issues: IssueList): string {
  const value = obj.code;
  if (typeof value !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(value)) {
    issues.add(`${path}.code`, `must be a string of ${digits} digits`);
    return '';
  }
  return value;
}

const TIME_UNITS: readonly TimeUnit[] = [...NATURAL_TIME_UNITS, ...WORKING_TIME_UNITS];

function readTimeLimit(value: unknown, path: string, clock: ClockKind | undefined, issues: IssueList) {
  if (!isObject(value)) {
    issues.add(path, 'must be an object { amount, unit }');
    return undefined;
  }
  checkKnownKeys(value, ['amount', 'unit'], path, issues);
  const { amount } = value;
  let amountOk = true;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) {
    issues.add(`${path}.amount`, 'must be a positive integer');
    amountOk = false;
  }
  const unit = readChoice(value, 'unit', path, TIME_UNITS, issues);
  if (!amountOk || unit === undefined) return undefined;
  const limit: TimeLimit = { amount: amount as number, unit };
  const unitClock = clockOfUnit(unit);
  if (clock !== undefined && unitClock !== clock) {
    const allowed = clock === 'working' ? WORKING_TIME_UNITS : NATURAL_TIME_UNITS;
    issues.add(`${path}.unit`, `must be one of ${allowed.join(', ')} because the class clock is "${clock}"`);
    return undefined;
  }
  const max = unitClock === 'natural' ? MAX_NATURAL_MINUTES : MAX_WORKING_MINUTES;
  if (comparableMinutes(limit) > max) {
    issues.add(
      path,
      unitClock === 'natural' ? 'must not exceed 365 days' : 'must not exceed 250 working days',
    );
    return undefined;
  }
  return limit;
}

function readAreaLimits(value: unknown, path: string, clock: ClockKind | undefined, issues: IssueList) {
  if (!isObject(value)) {
    issues.add(path, 'must be an object { handle, sign? }');
    return undefined;
  }
  checkKnownKeys(value, ['handle', 'sign'], path, issues);
  const handle = readTimeLimit(value.handle, `${path}.handle`, clock, issues);
  let sign: TimeLimit | undefined;
  if (value.sign !== undefined) {
    sign = readTimeLimit(value.sign, `${path}.sign`, clock, issues);
    if (sign && handle && comparableMinutes(sign) > comparableMinutes(handle)) {
      issues.add(`${path}.sign`, 'must not be longer than the handle limit');
    }
  }
  if (!handle) return undefined;
  const limits: AreaLimits = { handle };
  if (sign) limits.sign = sign;
  return limits;
}

/** A is the strictest area class: A ≤ B ≤ C for handle and (when both have one) sign limits. */
function checkAreaOrder(limits: Record<AreaClass, AreaLimits>, path: string, issues: IssueList): void {
  for (const step of ['handle', 'sign'] as const) {
    for (const [tighter, looser] of [
      ['A', 'B'],
      ['B', 'C'],
    ] as const) {
      const a = limits[tighter][step];
      const b = limits[looser][step];
      if (a && b && comparableMinutes(a) > comparableMinutes(b)) {
        issues.add(`${path}.${looser}.${step}`, `must not be shorter than ${tighter}.${step} (A ≤ B ≤ C)`);
      }
    }
  }
}

/**
 * Urgent work must not wait for office hours: emergency classes run on natural time within 24
 * hours; urgent classes run on natural time within 48 hours, or on working time within 4 hours.
 */
function checkUrgency(
  urgency: Urgency,
  clock: ClockKind,
  limits: Record<AreaClass, AreaLimits>,
  path: string,
  issues: IssueList,
): void {
  if (urgency === 'normal') return;
  if (urgency === 'emergency' && clock !== 'natural') {
    issues.add(`${path}.clock`, 'must be "natural" for an emergency class');
    return;
  }
  const max =
    clock === 'natural'
      ? urgency === 'emergency'
        ? EMERGENCY_MAX_NATURAL_MINUTES
        : URGENT_MAX_NATURAL_MINUTES
      : URGENT_MAX_WORKING_MINUTES;
  const maxText = clock === 'natural' ? `${max / 60} hours` : `${max / 60} working hours`;
  for (const area of AREA_CLASSES) {
    if (comparableMinutes(limits[area].handle) > max) {
      issues.add(`${path}.limits.${area}.handle`, `must be at most ${maxText} for an ${urgency} class`);
    }
  }
}

function readMajor(value: unknown, path: string, issues: IssueList): MajorClass | undefined {
  if (!isObject(value)) {
    issues.add(path, 'must be an object');
    return undefined;
  }
  checkKnownKeys(value, ['kind', 'code', 'name', 'nameEn'], path, issues);
  const kind = readChoice(value, 'kind', path, CLASS_KINDS, issues);
  const code = readCode(value, path, 2, issues);
  const name = readText(value, 'name', path, CATALOGUE_TEXT_LIMITS.name, issues);
  const nameEn = readText(value, 'nameEn', path, CATALOGUE_TEXT_LIMITS.nameEn, issues);
  if (kind === undefined || code === '') return undefined;
  return { kind, code, name, nameEn };
}

const MINOR_KEYS = [
  'kind',
  'code',
  'name',
  'nameEn',
  'keywords',
  'filingStandard',
  'closureStandard',
  'urgency',
  'clock',
  'reportBackPhoto',
  'defaultUnitType',
  'limits',
  'active',
];

function readKeywords(value: unknown, path: string, issues: IssueList): string[] {
  if (!Array.isArray(value)) {
    issues.add(path, 'must be an array of strings');
    return [];
  }
  if (value.length > CATALOGUE_TEXT_LIMITS.keywordCount) {
    issues.add(path, `must have at most ${CATALOGUE_TEXT_LIMITS.keywordCount} keywords`);
  }
  const seen = new Set<string>();
  const keywords: string[] = [];
  value.forEach((keyword, index) => {
    const at = `${path}[${index}]`;
    if (typeof keyword !== 'string' || keyword.trim() === '') {
      issues.add(at, 'must be a non-empty string');
      return;
    }
    if ([...keyword].length > CATALOGUE_TEXT_LIMITS.keyword) {
      issues.add(at, `must be at most ${CATALOGUE_TEXT_LIMITS.keyword} characters`);
    }
    const folded = keyword.toLowerCase();
    if (seen.has(folded)) issues.add(at, `repeats the keyword "${keyword}"`);
    seen.add(folded);
    keywords.push(keyword);
  });
  return keywords;
}

function readMinor(
  value: unknown,
  path: string,
  majorKeys: ReadonlySet<string>,
  issues: IssueList,
): MinorClass | undefined {
  if (!isObject(value)) {
    issues.add(path, 'must be an object');
    return undefined;
  }
  checkKnownKeys(value, MINOR_KEYS, path, issues);
  const kind = readChoice(value, 'kind', path, CLASS_KINDS, issues);
  const code = readCode(value, path, 5, issues);
  if (kind !== undefined && code !== '' && !majorKeys.has(classKey(kind, code.slice(0, 2)))) {
    issues.add(
      `${path}.code`,
      `must start with the code of an existing ${kind} major class (no ${code.slice(0, 2)})`,
    );
  }
  const name = readText(value, 'name', path, CATALOGUE_TEXT_LIMITS.name, issues);
  const nameEn = readText(value, 'nameEn', path, CATALOGUE_TEXT_LIMITS.nameEn, issues);
  const keywords = readKeywords(value.keywords, `${path}.keywords`, issues);
  const filingStandard = readText(value, 'filingStandard', path, CATALOGUE_TEXT_LIMITS.standard, issues);
  const closureStandard = readText(value, 'closureStandard', path, CATALOGUE_TEXT_LIMITS.standard, issues);
  const urgency = readChoice(value, 'urgency', path, URGENCIES, issues);
  const clock = readChoice(value, 'clock', path, CLOCK_KINDS, issues);
  const reportBackPhoto =
    value.reportBackPhoto === undefined
      ? 'required'
      : readChoice(value, 'reportBackPhoto', path, REPORT_BACK_PHOTO, issues);
  let active = true;
  if (value.active !== undefined) {
    if (typeof value.active === 'boolean') active = value.active;
    else issues.add(`${path}.active`, 'must be true or false');
  }
  let defaultUnitType: UnitTypeCode | undefined;
  if (isUnitTypeCode(value.defaultUnitType)) defaultUnitType = value.defaultUnitType;
  else {
    const shown = typeof value.defaultUnitType === 'string' ? `"${value.defaultUnitType}"` : 'missing';
    issues.add(
      `${path}.defaultUnitType`,
      `must be a known unit type (${shown}; known: ${UNIT_TYPES.map((t) => t.code).join(', ')})`,
    );
  }

  const limitsPath = `${path}.limits`;
  const rawLimits = value.limits;
  const limits: Partial<Record<AreaClass, AreaLimits>> = {};
  if (!isObject(rawLimits)) issues.add(limitsPath, 'must be an object with area classes A, B and C');
  else {
    checkKnownKeys(rawLimits, AREA_CLASSES, limitsPath, issues);
    for (const area of AREA_CLASSES) {
      if (rawLimits[area] === undefined) {
        issues.add(`${limitsPath}.${area}`, 'is missing (every class needs limits for A, B and C)');
        continue;
      }
      const areaLimits = readAreaLimits(rawLimits[area], `${limitsPath}.${area}`, clock, issues);
      if (areaLimits) limits[area] = areaLimits;
    }
  }
  const complete = limits.A && limits.B && limits.C ? (limits as Record<AreaClass, AreaLimits>) : undefined;
  if (complete) {
    checkAreaOrder(complete, limitsPath, issues);
    if (urgency !== undefined && clock !== undefined) checkUrgency(urgency, clock, complete, path, issues);
  }

  if (
    kind === undefined ||
    code === '' ||
    !urgency ||
    !clock ||
    !reportBackPhoto ||
    !defaultUnitType ||
    !complete
  )
    return undefined;
  return {
    kind,
    code,
    name,
    nameEn,
    keywords,
    filingStandard,
    closureStandard,
    urgency,
    clock,
    reportBackPhoto,
    defaultUnitType,
    limits: complete,
    active,
  };
}

/** Key of a class within a catalogue: codes are unique per kind only. */
export function classKey(kind: ClassKind, code: string): string {
  return `${kind}:${code}`;
}

/**
 * Validates a catalogue document (the parsed JSON of a seed or an import file) and returns a
 * fresh, typed copy. Throws CatalogueError listing every problem with its path.
 */
export function parseCatalogue(json: unknown): { catalogue: Catalogue } {
  const issues = new IssueList();
  if (!isObject(json))
    throw new CatalogueError([{ path: '(root)', message: '(root) must be a JSON object' }]);
  checkKnownKeys(json, ['version', 'source', 'majors', 'minors'], '', issues);
  if (json.version !== 1) issues.add('version', 'must be 1');
  const source = readText(json, 'source', '', CATALOGUE_TEXT_LIMITS.source, issues);

  const majors: MajorClass[] = [];
  const majorKeys = new Set<string>();
  if (!Array.isArray(json.majors)) issues.add('majors', 'must be an array');
  else {
    json.majors.forEach((raw, index) => {
      const path = `majors[${index}]`;
      const major = readMajor(raw, path, issues);
      if (!major) return;
      const key = classKey(major.kind, major.code);
      if (majorKeys.has(key))
        issues.add(`${path}.code`, `duplicates ${major.kind} major class ${major.code}`);
      majorKeys.add(key);
      majors.push(major);
    });
  }

  const minors: MinorClass[] = [];
  const minorKeys = new Set<string>();
  if (!Array.isArray(json.minors)) issues.add('minors', 'must be an array');
  else {
    json.minors.forEach((raw, index) => {
      const path = `minors[${index}]`;
      const minor = readMinor(raw, path, majorKeys, issues);
      if (!minor) return;
      const key = classKey(minor.kind, minor.code);
      if (minorKeys.has(key))
        issues.add(`${path}.code`, `duplicates ${minor.kind} minor class ${minor.code}`);
      minorKeys.add(key);
      minors.push(minor);
    });
  }

  if (issues.items.length > 0) throw new CatalogueError(issues.items);
  return { catalogue: { version: 1, source, majors, minors } };
}
