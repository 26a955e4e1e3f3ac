import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  blackFlagTriggers,
  compositeScore,
  deductionScore,
  flagsFor,
  gradeOf,
  lastPlaceTrigger,
  monthsOfQuarter,
  PeriodError,
  parsePeriod,
  previousPeriod,
  quarterlyFund,
  rankByScore,
} from './index.ts';

const iso = (d: Date) => d.toISOString();

test('periods are half-open CST ranges of whole days', () => {
  const month = parsePeriod('2026-10');
  assert.equal(iso(month.start), '2026-09-30T16:00:00.000Z');
  assert.equal(iso(month.end), '2026-10-31T16:00:00.000Z');
  assert.equal(month.lastDay, '2026-10-31');
  assert.equal(parsePeriod('2026-02').lastDay, '2026-02-28');
  assert.equal(parsePeriod('2024-02').lastDay, '2024-02-29');
  assert.deepEqual(
    [parsePeriod('2026-Q4').firstDay, parsePeriod('2026-Q4').lastDay],
    ['2026-10-01', '2026-12-31'],
  );
  assert.equal(iso(parsePeriod('2026').end), '2026-12-31T16:00:00.000Z');
  assert.equal(parsePeriod('2026-10-05').kind, 'day');
  // ISO weeks: 2026-W01 starts Monday 2025-12-29 (the week of 2026's first Thursday).
  assert.deepEqual(
    [parsePeriod('2026-W01').firstDay, parsePeriod('2026-W01').lastDay],
    ['2025-12-29', '2026-01-04'],
  );
  assert.equal(parsePeriod('2026-W53').firstDay, '2026-12-28'); // 2026 has 53 ISO weeks
  assert.throws(() => parsePeriod('2025-W53'), PeriodError);
  const custom = parsePeriod('2026-10-01~2026-10-15');
  assert.equal(custom.kind, 'custom');
  assert.equal(iso(custom.end), '2026-10-15T16:00:00.000Z');
  for (const bad of ['2026-13', '2026-02-30', '2026-10-15~2026-10-01', 'last month', '2026-Q5']) {
    assert.throws(() => parsePeriod(bad), PeriodError, bad);
  }
});

test('the previous period has the same kind and ends where this one starts', () => {
  for (const [key, prev] of [
    ['2026-01', '2025-12'],
    ['2026-Q1', '2025-Q4'],
    ['2026-W01', '2025-W52'],
    ['2026-W10', '2026-W09'],
    ['2026-03-01', '2026-02-28'],
    ['2026', '2025'],
    ['2026-10-11~2026-10-20', '2026-10-01~2026-10-10'],
  ] as const) {
    const p = previousPeriod(parsePeriod(key));
    assert.equal(p.key, prev, key);
    assert.equal(iso(p.end), iso(parsePeriod(key).start), key);
  }
  assert.deepEqual(monthsOfQuarter('2026-Q3'), ['2026-07', '2026-08', '2026-09']);
});

test('grades: a band includes its lower bound', () => {
  assert.deepEqual(
    [100, 90, 89.99, 75, 74.99, 60, 40, 39.99, 0].map((s) => gradeOf(s)),
    ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'E', 'E'],
  );
  assert.equal(gradeOf(null), null);
});

test('composite: weighted sum; an indicator with no denominator drops out and the rest are rescaled', () => {
  const weights = [
    { indicator: 'sign', weight: 20 },
    { indicator: 'handle', weight: 50 },
    { indicator: 'close', weight: 30 },
  ];
  // 0.2·100 + 0.5·80 + 0.3·90 = 87
  assert.equal(compositeScore({ sign: 100, handle: 80, close: 90 }, weights), 87);
  // No case to close: (20·100 + 50·80) / 70 = 85.714… → 85.71
  assert.equal(compositeScore({ sign: 100, handle: 80, close: null }, weights), 85.71);
  // Nothing applicable: not ranked rather than a zero.
  assert.equal(compositeScore({ sign: null, handle: null, close: null }, weights), null);
  assert.equal(compositeScore({}, weights), null);
});

test('deduction scheme: 100 minus points per finding, floored at zero', () => {
  assert.equal(deductionScore([]), 100);
  assert.equal(
    deductionScore([
      { code: 'garbage', points: 2, count: 3 },
      { code: 'stall', points: 0.5, count: 1 },
    ]),
    93.5,
  );
  assert.equal(deductionScore([{ code: 'x', points: 10, count: 11 }]), 0);
});

test('ranks: ties share a rank and the next rank skips; null scores are not ranked', () => {
  const units = [
    { code: 'u1', score: 90 },
    { code: 'u2', score: 95 },
    { code: 'u3', score: 90 },
    { code: 'u4', score: null },
    { code: 'u5', score: 70 },
  ];
  const ranked = rankByScore(
    units,
    (u) => u.score,
    (u) => u.code,
  );
  assert.deepEqual(
    ranked.map((r) => [r.item.code, r.rank, r.rankFromBottom]),
    [
      ['u2', 1, 4],
      ['u1', 2, 2],
      ['u3', 2, 2],
      ['u5', 4, 1],
    ],
  );
});

test('flags: boundary ties share the flag; a small group never gives both to one subject', () => {
  const ranked = rankByScore(
    [95, 90, 90, 80, 70, 70],
    (s) => s,
    (s) => String(s),
  );
  const flags = flagsFor(ranked, { red: 2, black: 1 });
  assert.deepEqual(
    ranked.map((r) => flags.get(r.item) ?? null),
    ['red', 'red', 'red', null, 'black', 'black'],
  );
  const two = rankByScore(
    ['a', 'b'],
    (x) => (x === 'a' ? 90 : 80),
    (x) => x,
  );
  const small = flagsFor(two, { red: 2, black: 1 });
  assert.deepEqual([small.get('a'), small.get('b')], ['red', 'red']);
  const same = rankByScore(
    ['a', 'b', 'c'],
    () => 88,
    (x) => x,
  );
  assert.deepEqual([...flagsFor(same, { red: 0, black: 1 }).values()], ['black', 'black', 'black']);
});

test('accountability: 3 consecutive or 4 cumulative black flags, raised in the month reached', () => {
  assert.deepEqual(blackFlagTriggers(['black', 'black']), []);
  assert.deepEqual(blackFlagTriggers(['black', 'black', 'black']), ['black_consecutive']);
  assert.deepEqual(blackFlagTriggers(['black', null, 'black', 'black']), []);
  assert.deepEqual(blackFlagTriggers(['black', null, 'black', 'red', 'black', null, 'black']), [
    'black_cumulative',
  ]);
  assert.deepEqual(blackFlagTriggers(['black', 'black', 'black', 'black']), ['black_cumulative']);
  assert.deepEqual(blackFlagTriggers(['black', 'black', 'black', 'black', 'black', 'black']), [
    'black_consecutive',
  ]);
  assert.deepEqual(blackFlagTriggers(['black', 'black', 'black', 'red']), []);
  assert.equal(lastPlaceTrigger([false, true]), 'quarter_last');
  assert.equal(lastPlaceTrigger([true, true]), 'quarter_last_2');
  assert.equal(lastPlaceTrigger([true, true, true, true]), 'quarter_last_3');
  assert.equal(lastPlaceTrigger([true, true, false]), null);
});

test('quarterly fund: ±10,000 per full 3 points from 85, capped at the full score, floored at zero', () => {
  assert.equal(quarterlyFund(85, 'A'), 100_000);
  assert.equal(quarterlyFund(87.99, 'A'), 100_000);
  assert.equal(quarterlyFund(88, 'A'), 110_000);
  assert.equal(quarterlyFund(97.5, 'A'), 140_000);
  assert.equal(quarterlyFund(100, 'A'), 150_000);
  assert.equal(quarterlyFund(84.99, 'B'), 50_000);
  assert.equal(quarterlyFund(82, 'B'), 40_000);
  assert.equal(quarterlyFund(70, 'B'), 0);
  assert.equal(quarterlyFund(10, 'A'), 0);
  assert.throws(() => quarterlyFund(90, 'C'), RangeError);
});
