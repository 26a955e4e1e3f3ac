// Scores, grades, ranks, flags, accountability triggers and funds through the API, against numbers
// worked out by hand from docs/domain.md ("Assessment") and docs/assessment.md:
//
// 1. A 100-point deduction scheme over six units (findings recorded by the supervision office) is
//    published month by month through the first half of 2026: ties in rank and at the flag
//    boundary, two difficulty tiers with their own flag rules, 3 consecutive and 4 cumulative
//    black flags, quarterly last places (1st and 2nd running), quarterly funds with a cap and a floor.
// 2. A composite scheme over the streets, fed by real cases driven through the loop: the weighted
//    score, a lower-is-better indicator, zero denominators (shown, not ranked), and the trend.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loopDriver, STREETS } from './assessment-helpers.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer({ now: '2026-02-01T02:00:00.000Z' });

/** 'YYYY-MM-DD HH:MM' China Standard Time → the clock. */
const at = (local: string) => s.clock.set(new Date(`${local.replace(' ', 'T')}:00+08:00`));

const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number; code: string }[];
const unitId = (code: string) => String(units.find((u) => u.code === code)!.id);
// U1..U4 form the tier "区级"; U5, U6 the default tier "街道".
const U = {
  U1: unitId('sanitation'),
  U2: unitId('roads'),
  U3: unitId('drainage'),
  U4: unitId('water-supply'),
  U5: unitId('s1-sanitation'),
  U6: unitId('s2-sanitation'),
};
const nameOf = new Map(Object.entries(U).map(([k, v]) => [v, k]));

const created = await s.call('POST', '/api/assessment/schemes', {
  as: 'admin',
  body: {
    code: 'units-deduction',
    name: '责任单位百分考核',
    config: {
      kind: 'deduction',
      level: 'unit',
      subjects: Object.values(U),
      deductions: [
        { code: 'a', name: '暴露垃圾', points: 2 },
        { code: 'b', name: '小广告', points: 0.5 },
        { code: 'c', name: '道路破损', points: 5 },
      ],
      flags: { red: 1, black: 0 },
      defaultTierName: '街道',
      tiers: [{ code: 't1', name: '区级', flags: { red: 1, black: 1 }, subjects: [U.U1, U.U2, U.U3, U.U4] }],
      // Scores above 95 count as 95 for the money.
      fund: {
        rule: { baseByGroup: { A: 100_000, B: 50_000 }, fullScore: 95 },
        groups: { [U.U1]: 'A', [U.U2]: 'A', [U.U3]: 'A', [U.U4]: 'A', [U.U5]: 'B', [U.U6]: 'B' },
      },
    },
  },
});
assert.equal(created.status, 201, JSON.stringify(created.body));
const schemeId: number = created.body.id;

async function finding(unit: keyof typeof U, date: string, code: string, count = 1) {
  const res = await s.call('POST', `/api/assessment/schemes/${schemeId}/findings`, {
    as: 'supervisor',
    body: { subjectId: U[unit], date, code, count },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

interface Row {
  subject: { id: string };
  tier: { code: string };
  score: number | null;
  grade: string | null;
  rank: number | null;
  flag: string | null;
  last: boolean;
  previous: { score: number | null; rank: number | null } | null;
  fund: { group: string; amount: number | null } | null;
}

/** Results as { U1: [score, rank, flag, grade], … }. */
function table(rows: Row[]) {
  return Object.fromEntries(rows.map((r) => [nameOf.get(r.subject.id), [r.score, r.rank, r.flag, r.grade]]));
}

async function publish(period: string) {
  const res = await s.call('POST', `/api/assessment/schemes/${schemeId}/publish`, {
    as: 'supervisor',
    body: { period },
  });
  assert.equal(res.status, 201, `${period}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.status, 'published');
  return res.body.rows as Row[];
}

async function items() {
  const res = await s.call('GET', `/api/assessment/accountability?schemeId=${schemeId}`, { as: 'leader' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { subjectId: string; kind: string; period: string; detail: string }[])
    .map((i) => [nameOf.get(i.subjectId), i.kind, i.period, i.detail])
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[0]).localeCompare(String(b[0])));
}

test('January: ranks share ties, each tier is ranked and flagged by its own rule, the floor is 0', async () => {
  await finding('U2', '2026-01-05', 'a');
  await finding('U3', '2026-01-31', 'a');
  await finding('U4', '2026-01-10', 'c', 3);
  await finding('U5', '2026-01-01', 'b');
  await finding('U6', '2026-01-20', 'c', 25); // 125 points: floored at 0
  const provisional = await s.call('GET', `/api/assessment/schemes/${schemeId}/results?period=2026-01`, {
    as: 'leader',
  });
  assert.equal(provisional.body.status, 'provisional');
  const rows = await publish('2026-01');
  assert.deepEqual(table(rows), {
    U1: [100, 1, 'red', 'A'],
    U2: [98, 2, null, 'A'],
    U3: [98, 2, null, 'A'],
    U4: [85, 4, 'black', 'B'],
    U5: [99.5, 1, 'red', 'A'],
    U6: [0, 2, null, 'E'], // the default tier flags no black
  });
  // Tier by tier, best first.
  assert.deepEqual(
    rows.map((r) => [r.tier.code, nameOf.get(r.subject.id)]),
    [
      ['t1', 'U1'],
      ['t1', 'U2'],
      ['t1', 'U3'],
      ['t1', 'U4'],
      ['default', 'U5'],
      ['default', 'U6'],
    ],
  );
  const u4 = rows.find((r) => r.subject.id === U.U4) as Row & { deductions: unknown[] };
  assert.deepEqual(u4.deductions, [{ code: 'c', name: '道路破损', points: 5, count: 3, total: 15 }]);
  assert.deepEqual(u4.previous, { score: 100, rank: 1 }, 'December: nothing found, everyone at 100');
});

test('February: equal scores at the boundary share the flag; the trend compares with January', async () => {
  at('2026-03-01 10:00');
  await finding('U1', '2026-02-03', 'a');
  await finding('U2', '2026-02-04', 'a');
  await finding('U3', '2026-02-05', 'c');
  await finding('U4', '2026-02-28', 'c');
  const rows = await publish('2026-02');
  assert.deepEqual(table(rows), {
    U1: [98, 1, 'red', 'A'],
    U2: [98, 1, 'red', 'A'],
    U3: [95, 3, 'black', 'A'],
    U4: [95, 3, 'black', 'A'],
    U5: [100, 1, 'red', 'A'],
    U6: [100, 1, 'red', 'A'],
  });
  assert.deepEqual(rows.find((r) => r.subject.id === U.U4)!.previous, { score: 85, rank: 4 });
  const bulletin = await s.call(
    'GET',
    `/api/assessment/bulletins/ranking?period=2026-02&schemeId=${schemeId}`,
    {
      as: 'leader',
    },
  );
  const u6 = bulletin.body.sections[0].rows.find((r: { subjectId: string }) => r.subjectId === U.U6);
  assert.deepEqual([u6.previousScore, u6.delta, u6.trend], [0, 100, 'up']);
  assert.deepEqual(await items(), [], 'two black flags raise nothing yet');
});

test('March: the third black flag in a row raises an accountability item', async () => {
  at('2026-04-01 10:00');
  await finding('U4', '2026-03-15', 'c');
  const rows = await publish('2026-03');
  assert.deepEqual(table(rows).U4, [95, 4, 'black', 'A']);
  assert.deepEqual(table(rows).U3, [100, 1, 'red', 'A']);
  assert.deepEqual(await items(), [
    ['U4', 'black_consecutive', '2026-03', '连续3个月黑旗：2026-01、2026-02、2026-03'],
  ]);
});

test('Q1: the mean of the published months, ranked per tier; last places and funds with cap and floor', async () => {
  const rows = await publish('2026-Q1');
  assert.deepEqual(table(rows), {
    U1: [99.33, 1, null, 'A'],
    U2: [98.67, 2, null, 'A'],
    U3: [97.67, 3, null, 'A'],
    U4: [91.67, 4, null, 'A'],
    U5: [99.83, 1, null, 'A'],
    U6: [66.67, 2, null, 'C'],
  });
  assert.deepEqual(
    Object.fromEntries(rows.map((r) => [nameOf.get(r.subject.id), [r.fund?.group, r.fund?.amount, r.last]])),
    {
      U1: ['A', 130_000, false], // 99.33 counts as 95: 3 full steps of 3 points above 85
      U2: ['A', 130_000, false],
      U3: ['A', 130_000, false],
      U4: ['A', 120_000, true], // 6.67 above: 2 steps
      U5: ['B', 80_000, false],
      U6: ['B', 0, true], // 18.33 below: 6 steps, −60,000 on 50,000 → floored at 0
    },
  );
  const u1 = rows.find((r) => r.subject.id === U.U1) as Row & { months: unknown[] };
  assert.deepEqual(u1.months, [
    { period: '2026-01', score: 100, published: true },
    { period: '2026-02', score: 98, published: true },
    { period: '2026-03', score: 100, published: true },
  ]);
  assert.deepEqual((await items()).slice(1), [
    ['U4', 'quarter_last', '2026-Q1', '2026-Q1季度区级末位，得分91.67'],
    ['U6', 'quarter_last', '2026-Q1', '2026-Q1季度街道末位，得分66.67'],
  ]);
});

test('April to June: 4 black flags in the year, then last two quarters running', async () => {
  at('2026-05-01 10:00');
  await finding('U3', '2026-04-02', 'c');
  assert.deepEqual(table(await publish('2026-04')).U3, [95, 4, 'black', 'A']);
  at('2026-06-01 10:00');
  await finding('U4', '2026-05-20', 'c');
  assert.deepEqual(table(await publish('2026-05')).U4, [95, 4, 'black', 'A']);
  at('2026-07-01 10:00');
  await finding('U4', '2026-06-30', 'c', 2);
  assert.deepEqual(table(await publish('2026-06')).U4, [90, 4, 'black', 'A']);
  const q2 = await publish('2026-Q2');
  assert.deepEqual(table(q2), {
    U1: [100, 1, null, 'A'],
    U2: [100, 1, null, 'A'],
    U3: [98.33, 3, null, 'A'],
    U4: [95, 4, null, 'A'],
    U5: [100, 1, null, 'A'],
    U6: [100, 1, null, 'A'],
  });
  // U5 and U6 are equal: neither is last. U4 is last again.
  assert.deepEqual(
    q2.filter((r) => r.last).map((r) => nameOf.get(r.subject.id)),
    ['U4'],
  );
  assert.deepEqual(q2.find((r) => r.subject.id === U.U4)!.fund, { group: 'A', amount: 130_000 });
  assert.deepEqual(await items(), [
    ['U4', 'black_consecutive', '2026-03', '连续3个月黑旗：2026-01、2026-02、2026-03'],
    ['U4', 'black_cumulative', '2026-05', '2026年累计4次黑旗：2026-01、2026-02、2026-03、2026-05'],
    ['U4', 'quarter_last', '2026-Q1', '2026-Q1季度区级末位，得分91.67'],
    ['U6', 'quarter_last', '2026-Q1', '2026-Q1季度街道末位，得分66.67'],
    ['U4', 'quarter_last_2', '2026-Q2', '连续2个季度区级末位（至2026-Q2），得分95'],
  ]);
});

test('accountability items are handled once, with a note', async () => {
  const open = await s.call('GET', '/api/assessment/accountability?status=open', { as: 'supervisor' });
  assert.equal(open.body.length, 5);
  const id = open.body[0].id;
  const missing = await s.call('POST', `/api/assessment/accountability/${id}/handle`, {
    as: 'supervisor',
    body: {},
  });
  assert.deepEqual([missing.status, missing.body.field], [400, 'note']);
  const handled = await s.call('POST', `/api/assessment/accountability/${id}/handle`, {
    as: 'supervisor',
    body: { note: '已约谈单位负责人' },
  });
  assert.equal(handled.status, 200, JSON.stringify(handled.body));
  assert.deepEqual([handled.body.status, handled.body.note], ['handled', '已约谈单位负责人']);
  const again = await s.call('POST', `/api/assessment/accountability/${id}/handle`, {
    as: 'supervisor',
    body: { note: '再次' },
  });
  assert.equal(again.status, 409);
  const byHandler = await s.call('POST', `/api/assessment/accountability/${id}/handle`, {
    as: 'sanitation',
    body: { note: 'x' },
  });
  assert.equal(byHandler.status, 403);
  assert.equal(
    (await s.call('GET', '/api/assessment/accountability?status=open', { as: 'leader' })).body.length,
    4,
  );
});

test('a composite over real cases: weights, a lower-is-better rate, zero denominators, grade bands', async () => {
  const loop = loopDriver(s);
  const scheme = await s.call('POST', '/api/assessment/schemes', {
    as: 'admin',
    body: {
      code: 'streets-composite',
      name: '街道综合考评',
      config: {
        kind: 'composite',
        level: 'street',
        weights: [
          { indicator: 'timely_handling', weight: 40 },
          { indicator: 'actual_resolution', weight: 20 },
          { indicator: 'missed_reports', weight: 20 },
          { indicator: 'satisfaction', weight: 20 },
        ],
        flags: { red: 1, black: 1 },
      },
    },
  });
  assert.equal(scheme.status, 201, JSON.stringify(scheme.body));
  // Street 2: its inspector's case handled on time; a hotline case (found by someone else) late.
  await loop.drive({ street: 2, day: '2026-10-12' });
  const late = await loop.drive({ street: 2, day: '2026-10-13', by: 'hotline', late: true });
  // Street 3: one case on time, then an unsatisfied callback reopens it.
  await loop.drive({ street: 3, day: '2026-10-14', callback: 'unsatisfied' });
  loop.at('2026-11-02', '10:00');

  const res = await s.call('GET', `/api/assessment/schemes/${scheme.body.id}/results?period=2026-10`, {
    as: 'leader',
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.status, 'provisional');
  const row = (code: string) => res.body.rows.find((r: Row) => r.subject.id === code);
  const figures = (code: string) =>
    Object.fromEntries(
      row(code).figures.map(
        (f: { indicator: string; numerator: number; denominator: number; value: number | null }) => [
          f.indicator,
          [f.numerator, f.denominator, f.value],
        ],
      ),
    );
  assert.deepEqual(figures(STREETS[2]), {
    timely_handling: [1, 2, 50],
    actual_resolution: [2, 2, 100],
    missed_reports: [1, 2, 50], // lower is better: counts as 100 − 50
    satisfaction: [0, 0, null], // no callback: drops out, the other weights rescaled to 80
  });
  assert.deepEqual(figures(STREETS[3]), {
    timely_handling: [1, 1, 100],
    actual_resolution: [0, 1, 0],
    missed_reports: [0, 1, 0],
    satisfaction: [0, 1, 0],
  });
  // (40·50 + 20·100 + 20·50) / 80 = 62.5; (40·100 + 20·0 + 20·100 + 20·0) / 100 = 60 (the C band's lower bound).
  assert.deepEqual(
    res.body.rows.map((r: Row) => [r.subject.id, r.score, r.grade, r.rank, r.flag, r.previous]),
    [
      [STREETS[2], 62.5, 'C', 1, 'red', { score: null, rank: null }],
      [STREETS[3], 60, 'C', 2, 'black', { score: null, rank: null }],
      // No case at all: every denominator is zero, shown but not ranked.
      ['310112001', null, null, null, null, { score: null, rank: null }],
      ['310112009', null, null, null, null, { score: null, rank: null }],
    ],
  );
  assert.ok(row('310112001').figures.every((f: { value: number | null }) => f.value === null));

  const one = await s.call(
    'GET',
    `/api/assessment/schemes/${scheme.body.id}/results/${STREETS[2]}?period=2026-10`,
    {
      as: 'leader',
    },
  );
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.deepEqual([one.body.row.score, one.body.tierSize], [62.5, 2]);
  const drill = await s.call(
    'GET',
    `/api/assessment/schemes/${scheme.body.id}/drilldown?period=2026-10&subject=${STREETS[2]}&indicator=missed_reports&side=numerator`,
    { as: 'leader' },
  );
  assert.equal(drill.status, 200, JSON.stringify(drill.body));
  assert.deepEqual(
    [drill.body.status, drill.body.count, drill.body.cases.map((c: { id: number }) => c.id)],
    ['provisional', 1, [late]],
  );
});
