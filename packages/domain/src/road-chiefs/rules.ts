// The patrol rules a city may set (docs/road-chiefs.md, "Patrols"): how a segment pass is judged,
// each level's duty (period, pace, top speed) and when duty staff are off post. Stored as one
// setting; what is not set keeps its default.

import { DEFAULT_OFF_POST, DEFAULT_PATROL_DUTIES, type PatrolDuty, type PatrolPeriod } from './compliance.ts';
import { POST_LEVELS, type PostLevel } from './posts.ts';
import { DEFAULT_PASS_RULES, type PassRules } from './segment-pass.ts';

export interface PatrolRules {
  readonly pass: Omit<PassRules, 'paceMps' | 'maxSpeedMps'>;
  readonly duties: Readonly<Record<PostLevel, PatrolDuty | null>>;
  readonly offPost: typeof DEFAULT_OFF_POST;
}

export const DEFAULT_PATROL_RULES: PatrolRules = {
  pass: {
    nearM: DEFAULT_PASS_RULES.nearM,
    minCoverage: DEFAULT_PASS_RULES.minCoverage,
    maxAccuracyM: DEFAULT_PASS_RULES.maxAccuracyM,
    speedWindowS: DEFAULT_PASS_RULES.speedWindowS,
  },
  duties: DEFAULT_PATROL_DUTIES,
  offPost: DEFAULT_OFF_POST,
};

const PERIODS: readonly PatrolPeriod[] = ['month', 'half_month', 'week', 'day', 'shift'];

/** The pass rules of a level's duty. */
export function passRulesOf(rules: PatrolRules, duty: PatrolDuty): PassRules {
  return { ...rules.pass, paceMps: duty.paceMps, maxSpeedMps: duty.maxSpeedMps };
}

/**
 * Reads a city's rules over the defaults: `{ pass?, duties?: { level: duty | null }, offPost? }`.
 * Throws a list of { field, message } for anything out of range.
 */
export function parsePatrolRules(input: unknown): PatrolRules {
  const problems: { field: string; message: string }[] = [];
  const obj = (v: unknown, field: string): Record<string, unknown> => {
    if (v === undefined) return {};
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push({ field, message: 'must be an object' });
    return {};
  };
  const num = (
    o: Record<string, unknown>,
    key: string,
    field: string,
    fallback: number,
    min: number,
    max: number,
  ) => {
    const v = o[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !(v >= min && v <= max)) {
      problems.push({ field: `${field}.${key}`, message: `must be a number from ${min} to ${max}` });
      return fallback;
    }
    return v;
  };
  const root = obj(input, '');
  for (const key of Object.keys(root))
    if (!['pass', 'duties', 'offPost'].includes(key))
      problems.push({ field: key, message: 'unknown setting' });
  const p = obj(root.pass, 'pass');
  const d = DEFAULT_PATROL_RULES.pass;
  const pass = {
    nearM: num(p, 'nearM', 'pass', d.nearM, 5, 200),
    minCoverage: num(p, 'minCoverage', 'pass', d.minCoverage, 0.1, 1),
    maxAccuracyM: num(p, 'maxAccuracyM', 'pass', d.maxAccuracyM, 5, 500),
    speedWindowS: num(p, 'speedWindowS', 'pass', d.speedWindowS, 1, 600),
  };
  const dutiesIn = obj(root.duties, 'duties');
  const duties = { ...DEFAULT_PATROL_DUTIES };
  for (const [level, value] of Object.entries(dutiesIn)) {
    const field = `duties.${level}`;
    if (!(POST_LEVELS as readonly string[]).includes(level)) {
      problems.push({ field, message: 'not a post level' });
      continue;
    }
    if (value === null) {
      duties[level as PostLevel] = null;
      continue;
    }
    const v = obj(value, field);
    const base = DEFAULT_PATROL_DUTIES[level as PostLevel] ?? { period: 'day', paceMps: 1.5, maxSpeedMps: 4 };
    const period = v.period ?? base.period;
    if (!PERIODS.includes(period as PatrolPeriod))
      problems.push({ field: `${field}.period`, message: `one of ${PERIODS.join(', ')}` });
    if ((period === 'shift') !== (level === 'duty'))
      problems.push({ field: `${field}.period`, message: 'only duty staff patrol every shift, and they do' });
    const paceMps = num(v, 'paceMps', field, base.paceMps, 0.1, 30);
    const maxSpeedMps = num(v, 'maxSpeedMps', field, base.maxSpeedMps, 0.5, 40);
    if (paceMps > maxSpeedMps)
      problems.push({ field: `${field}.paceMps`, message: 'the pace cannot exceed the top speed' });
    duties[level as PostLevel] = { period: period as PatrolPeriod, paceMps, maxSpeedMps };
  }
  const o = obj(root.offPost, 'offPost');
  const offPost = {
    distanceM: num(o, 'distanceM', 'offPost', DEFAULT_OFF_POST.distanceM, 10, 5000),
    minutes: num(o, 'minutes', 'offPost', DEFAULT_OFF_POST.minutes, 5, 600),
  };
  if (problems.length > 0) throw new PatrolRulesError(problems);
  return { pass, duties, offPost };
}

export class PatrolRulesError extends Error {
  readonly problems: { field: string; message: string }[];
  constructor(problems: { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.problems = problems;
  }
}
