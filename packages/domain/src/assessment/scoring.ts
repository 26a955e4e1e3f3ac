// Scores from indicator values: the weighted composite (综合指标值) with grades,
// the 100-point deduction scheme (百分扣分制), and ranks. Pure numbers in, numbers out; the server
// computes the indicator values from case events and stores what it published.
// See docs/domain.md, "Assessment".

/** A rate in percent (0–100), or null when its denominator is zero: "not applicable", not 0. */
export type IndicatorValue = number | null;

export interface GradeBand {
  grade: string;
  /** Inclusive lower bound of the score. */
  min: number;
}

/**
 * A ≥ 90, B 75–90, C 60–75, D 40–60, E < 40 (docs/domain.md, "Assessment"); a band's lower bound
 * belongs to it.
 */
export const DEFAULT_GRADE_BANDS: readonly GradeBand[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 40 },
  { grade: 'E', min: Number.NEGATIVE_INFINITY },
];

export function gradeOf(
  score: number | null,
  bands: readonly GradeBand[] = DEFAULT_GRADE_BANDS,
): string | null {
  if (score === null) return null;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((band) => score >= band.min)?.grade ?? null;
}

/** Scores are published to two decimals; rounding happens once, here, so ranks use what is shown. */
export function roundScore(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

export interface Weighted {
  indicator: string;
  weight: number;
}

/**
 * An indicator's value as composite points: a rate where higher is better counts as it is, one
 * where lower is better (rework, overdue, missed reports) as 100 − rate, so 0 % rework is full marks.
 */
export function indicatorPoints(value: IndicatorValue, better: 'higher' | 'lower'): IndicatorValue {
  if (value === null) return null;
  return better === 'lower' ? roundScore(100 - value) : value;
}

/**
 * The weighted composite of indicator values. An indicator with no denominator in the period
 * (null) drops out and the remaining weights are scaled back up to their full total, so a unit
 * that had no postponements is neither rewarded nor punished for the missing rate. With no
 * applicable indicator at all the composite is null (the subject is not ranked).
 */
export function compositeScore(
  values: Readonly<Record<string, IndicatorValue>>,
  weights: readonly Weighted[],
): number | null {
  let used = 0;
  let sum = 0;
  for (const w of weights) {
    const value = values[w.indicator];
    if (value === null || value === undefined) continue;
    used += w.weight;
    sum += w.weight * value;
  }
  // With weights totalling 100 and every indicator applicable this is the plain weighted sum / 100.
  if (used <= 0) return null;
  return roundScore(sum / used);
}

export interface Deduction {
  /** Code from the deduction table (e.g. a finding type of the supervision office). */
  code: string;
  points: number;
  count: number;
}

/** 百分扣分制: start at `full` (100), lose points per finding, never below zero. */
export function deductionScore(deductions: readonly Deduction[], full = 100): number {
  const lost = deductions.reduce((sum, d) => sum + d.points * d.count, 0);
  return roundScore(Math.max(0, full - lost));
}

export interface Ranked<T> {
  item: T;
  score: number;
  /** Standard competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
  rank: number;
  /** The same ranking counted from the bottom (the last has 1): black flags use it. */
  rankFromBottom: number;
}

/**
 * Rank by score, highest first. Subjects with a null score are left out (nothing to compare).
 * Ties keep a stable order by `tieOrder` (e.g. the subject code) for display only.
 */
export function rankByScore<T>(
  items: readonly T[],
  scoreOf: (item: T) => number | null,
  tieOrder: (item: T) => string,
): Ranked<T>[] {
  const scored = items
    .map((item) => ({ item, score: scoreOf(item) }))
    .filter((x): x is { item: T; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || tieOrder(a.item).localeCompare(tieOrder(b.item)));
  const n = scored.length;
  const ranked: Ranked<T>[] = [];
  for (let i = 0; i < n; i++) {
    const x = scored[i]!;
    const rank = i > 0 && scored[i - 1]!.score === x.score ? ranked[i - 1]!.rank : i + 1;
    ranked.push({ item: x.item, score: x.score, rank, rankFromBottom: 0 });
  }
  // From the bottom: the number of subjects strictly below, plus one.
  for (let i = n - 1; i >= 0; i--) {
    const x = ranked[i]!;
    x.rankFromBottom = i < n - 1 && ranked[i + 1]!.score === x.score ? ranked[i + 1]!.rankFromBottom : n - i;
  }
  return ranked;
}

/**
 * A quarter's or year's score from its monthly scores: the mean of the months the subject was
 * scored in (a month with nothing to score drops out), or null when it was scored in none.
 */
export function meanScore(monthly: readonly (number | null)[]): number | null {
  const scored = monthly.filter((s): s is number => s !== null);
  if (scored.length === 0) return null;
  return roundScore(scored.reduce((a, b) => a + b, 0) / scored.length);
}

/** A score moved by correction points (加减分), kept within 0 and the full score. */
export function adjustedScore(score: number | null, points: number, full = 100): number | null {
  if (score === null) return null;
  return roundScore(Math.min(full, Math.max(0, score + points)));
}
