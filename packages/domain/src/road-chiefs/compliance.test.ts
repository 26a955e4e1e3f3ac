// Compliance by hand: windows of each period over September 2026 (the 1st is a Tuesday), a
// 二级路长's two segments over three days, a 辖区总路长's weeks, and duty staff on two shifts with
// their stretches off post. The segments are straight, 300 m, east–west, 1 km apart.

import assert from 'node:assert/strict';
import test from 'node:test';
import { heldPost, metricFrame } from '../testing.ts';
import {
  calendarCompliance,
  calendarWindows,
  DEFAULT_PASS_RULES,
  DEFAULT_PATROL_DUTIES,
  DEFAULT_PATROL_RULES,
  offPostStretches,
  PatrolRulesError,
  parsePatrolRules,
  patrolledByDay,
  prepareLine,
  shiftCompliance,
  windowOf,
} from './index.ts';

const { at, track } = metricFrame(121.4, 31.0);
const LINE_1 = prepareLine(1, [at(0, 0), at(300, 0)]);
const LINE_2 = prepareLine(2, [at(0, 1000), at(300, 1000)]);
const WALK_RULES = { ...DEFAULT_PASS_RULES, ...DEFAULT_PATROL_DUTIES.second! };
const cst = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
/** A walk along the segment at y0, 1.2 m/s, a point per 10 s, from `t0`. */
const walkAlong = (y0: number, t0: number) =>
  track(
    Array.from({ length: 26 }, (_, k) => [12 * k, y0 + 5]),
    t0,
  );

test('windows that end in September 2026: 30 days, 4 weeks (to Sundays 6, 13, 20, 27), 2 halves, 1 month', () => {
  const keys = (p: Parameters<typeof calendarWindows>[0]) =>
    calendarWindows(p, '2026-09-01', '2026-09-30').map((w) => `${w.from}…${w.to}`);
  assert.equal(keys('day').length, 30);
  assert.deepEqual(keys('week'), [
    '2026-08-31…2026-09-06',
    '2026-09-07…2026-09-13',
    '2026-09-14…2026-09-20',
    '2026-09-21…2026-09-27',
  ]);
  assert.deepEqual(keys('half_month'), ['2026-09-01…2026-09-15', '2026-09-16…2026-09-30']);
  assert.deepEqual(keys('month'), ['2026-09-01…2026-09-30']);
  assert.deepEqual(
    calendarWindows('half_month', '2027-02-01', '2027-02-28').map((w) => w.to),
    ['2027-02-15', '2027-02-28'],
  );
});

test('the window running on a day is the one calendarWindows closes', () => {
  for (const period of ['day', 'week', 'half_month', 'month'] as const)
    for (const w of calendarWindows(period, '2026-08-25', '2027-03-10'))
      for (const day of [w.from, w.to]) assert.deepEqual(windowOf(period, day), w, `${period} ${day}`);
});

test('patrolled days follow China time: a walk at 23:55 CST counts for that day, not the UTC one', () => {
  const late = walkAlong(0, cst('2026-09-01', '23:50'));
  const days = patrolledByDay(late, [LINE_1, LINE_2], WALK_RULES);
  // 23:50 + 250 s ends 23:54:10, all on 1 September (CST) — it is 15:50 UTC.
  assert.deepEqual([...days.keys()], ['2026-09-01']);
  assert.deepEqual([...days.get('2026-09-01')!], [1]);
});

test('a 二级路长 over two segments, three days: 6 required, 3 done, two gaps listed', () => {
  const walks = [
    ...walkAlong(0, cst('2026-09-01', '09:00')),
    ...walkAlong(1000, cst('2026-09-01', '10:00')),
    ...walkAlong(0, cst('2026-09-02', '09:00')),
    // 3 September: he stands at one spot of segment 2 for ten minutes — not a patrol.
    ...track(
      Array.from({ length: 61 }, () => [150, 1003]),
      cst('2026-09-03', '09:00'),
    ),
  ];
  const report = calendarCompliance({
    post: heldPost({ id: 7, level: 'second', segmentIds: [1, 2] }),
    duty: DEFAULT_PATROL_DUTIES.second!,
    windows: calendarWindows('day', '2026-09-01', '2026-09-03'),
    patrolled: patrolledByDay(walks, [LINE_1, LINE_2], WALK_RULES),
    segmentIds: [1, 2],
  });
  assert.equal(report.required, 6);
  assert.equal(report.done, 3);
  assert.deepEqual(
    report.gaps.map((g) => [g.window.key, g.segmentIds]),
    [
      ['2026-09-02', [2]],
      ['2026-09-03', [1, 2]],
    ],
  );
});

test('a 辖区总路长 posted on 3 September: weekly, the week before it is not his; one week of three done', () => {
  const report = calendarCompliance({
    post: heldPost({ id: 8, level: 'street_general', areaCode: '310112001', validFrom: '2026-09-03' }),
    duty: DEFAULT_PATROL_DUTIES.street_general!,
    windows: calendarWindows('week', '2026-09-01', '2026-09-30'),
    patrolled: new Map([['2026-09-09', new Set([2])]]),
    segmentIds: [1, 2],
  });
  assert.equal(report.required, 3);
  assert.equal(report.done, 1);
  assert.deepEqual(
    report.gaps.map((g) => g.window.to),
    ['2026-09-20', '2026-09-27'],
  );
});

test('duty staff: a shift patrolled then left (脱岗 flagged), and a shift with no fix at all', () => {
  const shift = (day: string) => ({
    key: `${day} early`,
    from: day,
    to: day,
    start: cst(day, '06:00'),
    end: cst(day, '08:00'),
  });
  // 06:05 walks segment 1 (ends 06:09:10), then goes 2 km away until the end of the shift.
  const points = [
    ...walkAlong(0, cst('2026-09-01', '06:05')),
    ...track(
      Array.from({ length: 20 }, () => [2000, 2000]),
      cst('2026-09-01', '06:20'),
      300,
    ),
  ];
  const report = shiftCompliance({
    post: heldPost({ id: 9, level: 'duty', unitId: 3, segmentIds: [1] }),
    duty: DEFAULT_PATROL_DUTIES.duty!,
    rules: WALK_RULES,
    shifts: [shift('2026-09-01'), shift('2026-09-02')],
    track: points,
    lines: [LINE_1],
  });
  assert.equal(report.required, 2);
  assert.equal(report.done, 1);
  assert.deepEqual(
    report.gaps.map((g) => g.window.key),
    ['2026-09-02 early'],
  );
  assert.deepEqual(
    report.offPost.map((o) => [o.window.key, new Date(o.from).toISOString(), new Date(o.to).toISOString()]),
    [
      ['2026-09-01 early', '2026-08-31T22:09:10.000Z', '2026-09-01T00:00:00.000Z'],
      ['2026-09-02 early', '2026-09-01T22:00:00.000Z', '2026-09-02T00:00:00.000Z'],
    ],
  );
  // Within 200 m all the time: never off post.
  assert.deepEqual(
    offPostStretches(
      track(
        Array.from({ length: 13 }, () => [150, 150]),
        cst('2026-09-01', '06:00'),
        600,
      ),
      [LINE_1],
      cst('2026-09-01', '06:00'),
      cst('2026-09-01', '08:00'),
    ),
    [],
  );
});

test('a city’s patrol rules: what it sets replaces the default, anything out of range is named', () => {
  const rules = parsePatrolRules({
    duties: { general: { paceMps: 5 }, coordinator: { period: 'day' } },
    offPost: { minutes: 20 },
  });
  assert.deepEqual(rules.duties.general, { period: 'month', paceMps: 5, maxSpeedMps: 15 });
  assert.deepEqual(rules.duties.coordinator, { period: 'day', paceMps: 1.5, maxSpeedMps: 4 });
  assert.equal(rules.offPost.minutes, 20);
  assert.equal(rules.pass.nearM, 30);
  assert.deepEqual(parsePatrolRules(undefined), DEFAULT_PATROL_RULES);
  assert.throws(
    () =>
      parsePatrolRules({
        pass: { minCoverage: 2 },
        duties: { second: { period: 'shift' }, chief: {} },
        extra: 1,
      }),
    (e: unknown) =>
      e instanceof PatrolRulesError &&
      JSON.stringify(e.problems.map((p) => p.field)) ===
        JSON.stringify(['extra', 'pass.minCoverage', 'duties.second.period', 'duties.chief']),
  );
});
