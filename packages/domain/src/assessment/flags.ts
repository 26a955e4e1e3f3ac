// Consequences of scores: monthly red and black flags (红旗/黑旗) within groups and
// difficulty tiers, the accountability triggers they raise, and the quarterly fund formula.
// See docs/domain.md, "Assessment".

import type { Ranked } from './scoring.ts';

export type Flag = 'red' | 'black';

export interface FlagRule {
  /** Red flags for the best `red` ranks of each group, black for the worst `black`. */
  red: number;
  black: number;
}

/**
 * Flags within one group (one tier of one subject level), ranked already. Ties at the boundary
 * share the flag: with red = 2 and scores 95, 90, 90 all three get red — an equal score never gets
 * a different consequence. A subject never gets both: in a group too small for both counts, red
 * wins (the best of a small group is not also its worst).
 */
export function flagsFor<T>(ranked: readonly Ranked<T>[], rule: FlagRule): Map<T, Flag> {
  const flags = new Map<T, Flag>();
  for (const r of ranked) {
    if (rule.red > 0 && r.rank <= rule.red) flags.set(r.item, 'red');
    else if (rule.black > 0 && r.rankFromBottom <= rule.black) flags.set(r.item, 'black');
  }
  return flags;
}

export type TriggerKind =
  | 'black_consecutive' // 3 consecutive monthly black flags → accountability procedure
  | 'black_cumulative' // 4 black flags within the assessment year → accountability procedure
  | 'quarter_last' // last in the quarter → written explanation (书面说明)
  | 'quarter_last_2' // last two quarters running → admonition talk (约谈)
  | 'quarter_last_3'; // last three quarters running → accountability (问责)

export interface TriggerRule {
  consecutiveBlack: number;
  cumulativeBlack: number;
  /** Consecutive last-place quarters → consequence, in rising order. */
  lastQuarters: readonly { count: number; kind: TriggerKind }[];
}

export const DEFAULT_TRIGGER_RULE: TriggerRule = {
  consecutiveBlack: 3,
  cumulativeBlack: 4,
  lastQuarters: [
    { count: 1, kind: 'quarter_last' },
    { count: 2, kind: 'quarter_last_2' },
    { count: 3, kind: 'quarter_last_3' },
  ],
};

/**
 * Black-flag triggers after a month, from that subject's flags of the assessment year so far in
 * month order (the month just published last; null = no flag or not ranked). A trigger fires in
 * the month its threshold is reached, so each occurrence is raised once: the 3rd black in a row,
 * then again at the 6th in a row; the 4th cumulative black, then the 8th.
 */
export function blackFlagTriggers(
  yearFlags: readonly (Flag | null)[],
  rule: TriggerRule = DEFAULT_TRIGGER_RULE,
): TriggerKind[] {
  const current = yearFlags.at(-1);
  if (current !== 'black') return [];
  const triggers: TriggerKind[] = [];
  let run = 0;
  for (let i = yearFlags.length - 1; i >= 0 && yearFlags[i] === 'black'; i--) run++;
  if (rule.consecutiveBlack > 0 && run % rule.consecutiveBlack === 0) triggers.push('black_consecutive');
  const total = yearFlags.filter((f) => f === 'black').length;
  if (rule.cumulativeBlack > 0 && total % rule.cumulativeBlack === 0) triggers.push('black_cumulative');
  return triggers;
}

/**
 * Last-place trigger after a quarter, from whether the subject was last in each quarter so far
 * (in order, the quarter just published last). The run of last places picks the consequence.
 */
export function lastPlaceTrigger(
  wasLast: readonly boolean[],
  rule: TriggerRule = DEFAULT_TRIGGER_RULE,
): TriggerKind | null {
  if (!wasLast.at(-1)) return null;
  let run = 0;
  for (let i = wasLast.length - 1; i >= 0 && wasLast[i]; i--) run++;
  const steps = [...rule.lastQuarters].sort((a, b) => a.count - b.count);
  let kind: TriggerKind | null = null;
  for (const step of steps) if (run >= step.count) kind = step.kind;
  return kind;
}

export interface FundRule {
  /** Base fund per group, in yuan (group A 100,000; group B 50,000). */
  baseByGroup: Readonly<Record<string, number>>;
  baseScore: number;
  /** Each full `stepPoints` above/below the base score adds/removes `stepAmount`. */
  stepPoints: number;
  stepAmount: number;
  /** Scores above this count as this (the full score): the bonus stops growing there. */
  fullScore: number;
}

export const DEFAULT_FUND_RULE: FundRule = {
  baseByGroup: { A: 100_000, B: 50_000 },
  baseScore: 85,
  stepPoints: 3,
  stepAmount: 10_000,
  fullScore: 100,
};

/**
 * The quarterly fund: base + 10,000 per full 3 points above 85 (85 → 88 adds 10,000; 87.9 adds
 * nothing), − 10,000 per full 3 points below, never below zero. Scores are compared in hundredths
 * so 88.00 is exactly one step and not 2.9999… of float noise.
 */
export function quarterlyFund(score: number, group: string, rule: FundRule = DEFAULT_FUND_RULE): number {
  const base = rule.baseByGroup[group];
  if (base === undefined) throw new RangeError(`no base fund for group ${group}`);
  const capped = Math.min(score, rule.fullScore);
  const diff = Math.round(capped * 100) - Math.round(rule.baseScore * 100);
  const stepHundredths = Math.round(rule.stepPoints * 100);
  const steps = diff >= 0 ? Math.floor(diff / stepHundredths) : -Math.floor(-diff / stepHundredths);
  return Math.max(0, base + steps * rule.stepAmount);
}
