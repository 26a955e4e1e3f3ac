// The indicator engine over real cases driven through the API with the manual clock, against
// figures worked out BY HAND from the rules in docs/assessment.md (not copied from the engine).
//
// Every case is 暴露垃圾 (event 06010) in 古美街道 (310112006, area class B): 4 working hours to
// handle; accept and file 30 working minutes each, verify 1 working hour, dispatch 30 working
// minutes, sign-for 1 working hour, check 2, close 1. Working hours 08:30–12:00, 13:30–17:30.
// 2026-10-29 is a Thursday, 10-30 a Friday, 10-31/11-01 the weekend, 11-02 a Monday.
//
//   A  10-30 09:00 reported … 09:30 dispatched (due 15:00), signed 09:40, back 10:00, checked 10:30,
//      closed 10:45; rated satisfied 14:00.                        → all on time, October
//   B  10-30 15:20 dispatched (due Mon 11-02 10:20: 2h10 on Friday + 1h50 on Monday), signed
//      16:00; back Mon 10:00, checked 10:30, closed 11:00.          → the handling crosses into November
//   C  10-29 09:30 dispatched (due 15:00), signed 11:00 (sign-for due 10:30: late); back only on
//      Mon 11-02 09:00, checked 09:30, closed 09:45.                → overdue and open at the end of October
//   D  10-30 10:05 accepted, filed 10:50 (due 10:35: late), dispatched 11:00, signed 11:10,
//      suspended 11:30 and never resumed.                          → not assessed while suspended
//   E  10-30 09:15 dispatched (due 14:45), signed 09:30, 2 working hours of postponement granted
//      10:30 (due 16:45), back 16:00, checked 16:30, closed 17:00, rated unsatisfied 17:10 → reopened
//   F  10-30 09:30 dispatched to the district sanitation bureau, returned 09:50 as not theirs;
//      re-dispatched 10:00 to the street (due 15:30), signed 10:10, back 11:00, check failed 11:30
//      (rework due 17:00), back 16:00, checked 16:30, closed 16:45.
//   G  a hotline report 10-30 09:00; verification asked 09:10 (due 10:10), confirmed 10:30 (late),
//      filed 10:40; never dispatched.
//   H  10-30 11:00 reported by the inspector, rejected 11:05.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePeriod } from '@xiuhua/domain/assessment';
import { sql } from 'kysely';
import { rebuildFacts } from '../src/assessment/facts-store.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer({ now: '2026-10-29T01:00:00.000Z' });
const { engine } = s.app.services;

const S2 = '310112006';
const GARBAGE = '06010';
const cst = (local: string) => new Date(`2026-${local.replace(' ', 'T')}:00+08:00`).toISOString();
const at = (local: string) => s.clock.set(cst(local));

const units = new Map<string, number>(
  (await s.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
);
const users = new Map<string, number>(
  (await s.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
);
const unit = (code: string) => units.get(code)!;
const user = (name: string) => users.get(name)!;
const S2_SANITATION = String(unit('s2-sanitation'));

async function report(when: string, as = 'inspector2', source = 'inspector') {
  at(when);
  const res = await s.call('POST', '/api/cases', {
    as,
    body: {
      source,
      kind: 'event',
      classCode: GARBAGE,
      description: '路边暴露垃圾',
      location: await s.pointIn(S2),
      ...(source === 'hotline' ? { reporter: { name: '市民', phone: '13800000000' } } : {}),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function act(id: number, when: string, as: string, action: string, body: Record<string, unknown> = {}) {
  at(when);
  return await s.act(as, id, action, body);
}

const done = 'done';
const reason = { reason: done, photos: AFTER_PHOTOS };

// ---------------------------------------------------------------- the cases
const A = await report('10-30 09:00');
await act(A, '10-30 09:10', 'intake', 'accept');
await act(A, '10-30 09:20', 'shift', 'file');
let r = await act(A, '10-30 09:30', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('10-30 15:00'));
assert.equal(r.signDueAt, cst('10-30 10:30'));
await act(A, '10-30 09:40', 's2-handler', 'sign');
await act(A, '10-30 10:00', 's2-handler', 'report_back', reason);
await act(A, '10-30 10:30', 'inspector2', 'check_pass');
await act(A, '10-30 10:45', 'shift', 'close');
await act(A, '10-30 14:00', 'intake', 'callback', { satisfaction: 'satisfied' });

const B = await report('10-30 15:00');
await act(B, '10-30 15:05', 'intake', 'accept');
await act(B, '10-30 15:10', 'shift', 'file');
r = await act(B, '10-30 15:20', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('11-02 10:20'));
assert.equal(r.signDueAt, cst('10-30 16:20'));
await act(B, '10-30 16:00', 's2-handler', 'sign');
await act(B, '11-02 10:00', 's2-handler', 'report_back', reason);
await act(B, '11-02 10:30', 'inspector2', 'check_pass');
await act(B, '11-02 11:00', 'shift', 'close');

const C = await report('10-29 09:00');
await act(C, '10-29 09:10', 'intake', 'accept');
await act(C, '10-29 09:20', 'shift', 'file');
r = await act(C, '10-29 09:30', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('10-29 15:00'));
await act(C, '10-29 11:00', 's2-handler', 'sign');
// (its report-back comes on Monday, after the October checks below)

const D = await report('10-30 10:00');
await act(D, '10-30 10:05', 'intake', 'accept');
r = await act(D, '10-30 10:50', 'shift', 'file');
r = await act(D, '10-30 11:00', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('10-30 16:30'));
await act(D, '10-30 11:10', 's2-handler', 'sign');
r = await act(D, '10-30 11:30', 'dispatch', 'suspend', { reason: '待拆违后处理' });
assert.equal(r.dueAt, null);

const E = await report('10-30 09:00');
await act(E, '10-30 09:05', 'intake', 'accept');
await act(E, '10-30 09:10', 'shift', 'file');
r = await act(E, '10-30 09:15', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('10-30 14:45'));
await act(E, '10-30 09:30', 's2-handler', 'sign');
await act(E, '10-30 10:00', 's2-handler', 'request_postponement', {
  reason: '需要清运车',
  extension: { amount: 2, unit: 'workHour' },
});
r = await act(E, '10-30 10:30', 'dispatch', 'approve_postponement');
assert.equal(r.dueAt, cst('10-30 16:45'));
await act(E, '10-30 16:00', 's2-handler', 'report_back', reason);
await act(E, '10-30 16:30', 'inspector2', 'check_pass');
await act(E, '10-30 17:00', 'shift', 'close');
r = await act(E, '10-30 17:10', 'intake', 'callback', { satisfaction: 'unsatisfied' });
assert.equal(r.state, 'filed', 'reopened');

const F = await report('10-30 09:00');
await act(F, '10-30 09:10', 'intake', 'accept');
await act(F, '10-30 09:20', 'shift', 'file');
await act(F, '10-30 09:30', 'dispatch', 'dispatch', { unitId: unit('sanitation') });
await act(F, '10-30 09:50', 'sanitation', 'return', { reason: '不属本单位' });
r = await act(F, '10-30 10:00', 'dispatch', 'redispatch', { unitId: unit('s2-sanitation') });
assert.equal(r.dueAt, cst('10-30 15:30'));
await act(F, '10-30 10:10', 's2-handler', 'sign');
await act(F, '10-30 11:00', 's2-handler', 'report_back', reason);
r = await act(F, '10-30 11:30', 'inspector2', 'check_fail', { reason: '未清理干净' });
assert.equal(r.dueAt, cst('10-30 17:00'));
await act(F, '10-30 16:00', 's2-handler', 'report_back', reason);
await act(F, '10-30 16:30', 'inspector2', 'check_pass');
await act(F, '10-30 16:45', 'shift', 'close');

const G = await report('10-30 09:00', 'intake', 'hotline');
r = await act(G, '10-30 09:10', 'intake', 'request_verification');
assert.equal(r.dueAt, cst('10-30 10:10'));
assert.equal(r.assigneeUserId, user('inspector2'));
await act(G, '10-30 10:30', 'inspector2', 'verify_confirm');
await act(G, '10-30 10:40', 'shift', 'file');

const H = await report('10-30 11:00');
await act(H, '10-30 11:05', 'intake', 'reject', { reason: '重复上报' });

// Monday: C and … are finished.
await act(C, '11-02 09:00', 's2-handler', 'report_back', reason);
await act(C, '11-02 09:30', 'inspector2', 'check_pass');
await act(C, '11-02 09:45', 'shift', 'close');
at('11-02 12:00');

// ---------------------------------------------------------------- expectations
const OCT = parsePeriod('2026-10');
const NOV = parsePeriod('2026-11');

type Expect = Record<string, [number, number, number | null]>;

async function expectFigures(
  period: typeof OCT,
  level: 'unit' | 'street' | 'person',
  id: string,
  want: Expect,
) {
  const figures = await engine.figures(period, level, { subjectIds: [id] });
  const got = Object.fromEntries(
    figures
      .filter((f) => f.indicator in want)
      .map((f) => [f.indicator, [f.numerator, f.denominator, f.value]]),
  );
  assert.deepEqual(got, want, `${period.key} ${level} ${id}`);
  return figures;
}

test('a unit: the seeds’ rates and the unit rates, counted by hand', async () => {
  const figures = await expectFigures(OCT, 'unit', S2_SANITATION, {
    // sign-fors done in October: A B C(late) D E F → 5 of 6 on time
    timely_sign: [5, 6, 83.33],
    // handling reported back in October: A E F F(rework), all on time (B and C came back in November)
    timely_handling: [4, 4, 100],
    // cycles closed in October: A E F, handled on time
    timely_closure: [3, 3, 100],
    // … of which E was reopened by its unsatisfied callback
    actual_resolution: [2, 3, 66.67],
    satisfaction: [1, 2, 50],
    // to handle in October: A C(due 10-29 15:00) E F F; D suspended, B due in November
    handled_on_time: [4, 5, 80],
    handling_rate: [4, 5, 80],
    overdue_open_rate: [1, 5, 20],
    postponement_rate: [1, 5, 20],
    // to close in October: A C E F (C placed at its deadline 10-29 15:00, still open on 10-31)
    closure_rate: [3, 4, 75],
    closed_on_time: [3, 4, 75],
    rework_rate: [1, 4, 25],
    // no return in October: no dispute could find one unjustified
    unjustified_return_rate: [0, 0, null],
  });
  // a unit has exactly its unit-level indicators
  assert.equal(figures.length, 13);
});

test('a case whose handling crosses the month end counts in the month it was done', async () => {
  await expectFigures(NOV, 'unit', S2_SANITATION, {
    // B back on time on 11-02, C back late on 11-02
    timely_handling: [1, 2, 50],
    // B is the only handling due in November (C was due in October)
    handled_on_time: [1, 1, 100],
    // cycles closed in November: B (on time) and C (late)
    timely_closure: [1, 2, 50],
    closure_rate: [1, 1, 100],
    // no sign-for and no rating in November: not applicable, never 0 or 100
    timely_sign: [0, 0, null],
    satisfaction: [0, 0, null],
  });
});

test('a period with nothing to count: every value null', async () => {
  const sept = await engine.figures(parsePeriod('2026-09'), 'unit', { subjectIds: [S2_SANITATION] });
  assert.equal(sept.length, 13);
  for (const f of sept) assert.deepEqual([f.numerator, f.denominator, f.value], [0, 0, null], f.indicator);
  const roads = await engine.figures(OCT, 'unit', { subjectIds: [String(unit('roads'))] });
  assert.ok(roads.every((f) => f.value === null));
  // the district sanitation bureau answered F's dispatch in time by returning it; nothing else
  await expectFigures(OCT, 'unit', String(unit('sanitation')), {
    timely_sign: [1, 1, 100],
    handled_on_time: [0, 0, null],
  });
});

test('the street: every case in it, whichever unit handled it', async () => {
  await expectFigures(OCT, 'street', S2, {
    timely_sign: [6, 7, 85.71], // + the bureau's return of F
    timely_handling: [4, 4, 100],
    closure_rate: [3, 4, 75],
    valid_reports: [6, 7, 85.71], // inspector reports A–F filed, H rejected (G came by the hotline)
    missed_reports: [1, 7, 14.29], // G was found by someone else
    public_report_rate: [1, 7, 14.29], // G: a public report confirmed on the spot
    on_time_verification: [0, 1, 0],
  });
});

test('persons, by the role they are assessed in', async () => {
  await expectFigures(OCT, 'person', String(user('s2-handler')), {
    timely_sign: [5, 6, 83.33],
    timely_handling: [4, 4, 100],
  });
  await expectFigures(OCT, 'person', String(user('inspector2')), {
    valid_reports: [6, 7, 85.71],
    on_time_verification: [0, 1, 0], // G confirmed 10:30, due 10:10
    on_time_check: [4, 4, 100], // A E F F; B and C were checked in November
    missed_reports: [1, 7, 14.29],
  });
  await expectFigures(OCT, 'person', String(user('shift')), {
    on_time_filing: [6, 7, 85.71], // D filed 10:50, due 10:35
    accurate_filing: [7, 7, 100],
    on_time_closing: [3, 3, 100], // A E F; B and C closed in November
  });
  await expectFigures(OCT, 'person', String(user('intake')), {
    on_time_filing: [8, 8, 100], // A–F accepted, G sent to verify, H rejected, all in time
  });
  await expectFigures(OCT, 'person', String(user('dispatch')), {
    on_time_dispatch: [7, 7, 100],
    accurate_dispatch: [6, 7, 85.71], // F's first dispatch was returned
  });
  // a person has only the indicators of their roles
  const handler = await engine.figures(OCT, 'person', { subjectIds: [String(user('s2-handler'))] });
  assert.deepEqual(
    handler.map((f) => f.indicator),
    ['timely_sign', 'timely_handling'],
  );
});

test('drill-down: the cases behind each side equal the counts', async () => {
  assert.deepEqual(
    await engine.cases(OCT, 'unit', S2_SANITATION, 'handled_on_time', 'denominator'),
    [A, C, E, F, F].sort((a, b) => a - b),
  );
  assert.deepEqual(await engine.cases(OCT, 'unit', S2_SANITATION, 'overdue_open_rate', 'numerator'), [C]);
  assert.deepEqual(
    await engine.cases(NOV, 'unit', S2_SANITATION, 'timely_handling', 'denominator'),
    [B, C].sort(),
  );
  for (const level of ['unit', 'street', 'person'] as const) {
    const figures = await engine.figures(OCT, level, { withCases: true });
    for (const f of figures) {
      assert.equal(f.numeratorCases?.length, f.numerator, `${f.indicator} ${f.subject.id}`);
      assert.equal(f.denominatorCases?.length, f.denominator, `${f.indicator} ${f.subject.id}`);
      if (f.denominator > 0) {
        const listed = await engine.cases(OCT, level, f.subject.id, f.indicator, 'denominator');
        assert.deepEqual(listed, f.denominatorCases, `${f.indicator} ${f.subject.id}`);
      }
    }
  }
});

test('the rollup and the facts give the same figures at every level', async () => {
  for (const period of [
    OCT,
    NOV,
    parsePeriod('2026-W44'),
    parsePeriod('2026-10-30'),
    parsePeriod('2026-Q4'),
  ]) {
    for (const level of ['unit', 'street', 'community', 'grid', 'person'] as const) {
      assert.deepEqual(
        await engine.figures(period, level),
        await engine.figures(period, level, { fromFacts: true }),
        `${period.key} ${level}`,
      );
    }
  }
});

test('a deadline passing counts the open task as overdue, with no event needed', async () => {
  const I = await report('11-02 09:00');
  await act(I, '11-02 09:05', 'intake', 'accept');
  await act(I, '11-02 09:10', 'shift', 'file');
  r = await act(I, '11-02 09:20', 'dispatch', 'dispatch', { unitId: unit('s2-sanitation') });
  assert.equal(r.dueAt, cst('11-02 14:50'));
  at('11-02 14:00');
  const before = await expectFigures(NOV, 'unit', S2_SANITATION, { handled_on_time: [1, 1, 100] });
  at('11-02 14:51');
  await expectFigures(NOV, 'unit', S2_SANITATION, {
    handled_on_time: [1, 2, 50],
    overdue_open_rate: [1, 2, 50],
  });
  assert.deepEqual(
    await engine.figures(NOV, 'street', { subjectIds: [S2] }),
    await engine.figures(NOV, 'street', { subjectIds: [S2], fromFacts: true }),
  );
  assert.ok(before.length > 0);
});

test('rebuild-facts recomputes the same facts, rollup and figures from the events', async () => {
  const facts = () =>
    s.db.selectFrom('assessment_facts').selectAll().orderBy('case_id').orderBy('ord').execute();
  const rollup = () =>
    s.db
      .selectFrom('assessment_rollup')
      .selectAll()
      .where('n', '<>', 0)
      .orderBy(['level', 'day', 'term', 'subject', 'done_day'])
      .execute();
  const [factsBefore, rollupBefore, figuresBefore] = await Promise.all([
    facts(),
    rollup(),
    engine.figures(OCT, 'unit'),
  ]);
  const result = await rebuildFacts(s.db);
  assert.equal(result.facts, factsBefore.length);
  assert.deepEqual(await facts(), factsBefore);
  assert.deepEqual(await rollup(), rollupBefore);
  assert.deepEqual(await engine.figures(OCT, 'unit'), figuresBefore);
});

test('facts are written with the event: an action whose facts fail writes nothing', async () => {
  const J = await report('11-02 15:00');
  await sql`create function refuse_fact() returns trigger language plpgsql as $$
    begin raise exception 'no facts today'; end $$`.execute(s.db);
  await sql
    .raw(`create trigger refuse_fact before insert on assessment_facts
    for each row when (new.case_id = ${J}) execute function refuse_fact()`)
    .execute(s.db);
  const events = await s.count('case_events');
  const facts = await s.count('assessment_facts');
  at('11-02 15:05');
  const res = await s.call('POST', `/api/cases/${J}/accept`, { as: 'intake' });
  assert.equal(res.status, 500);
  assert.equal(await s.count('case_events'), events, 'no event without its facts');
  assert.equal(await s.count('assessment_facts'), facts);
  const kase = await s.db.selectFrom('cases').select('state').where('id', '=', J).executeTakeFirstOrThrow();
  assert.equal(kase.state, 'reported');
  await sql`drop trigger refuse_fact on assessment_facts`.execute(s.db);
  // and a refused action (wrong state) leaves the facts as they were
  const refused = await s.call('POST', `/api/cases/${H}/accept`, { as: 'intake' });
  assert.equal(refused.status, 409);
  assert.equal(await s.count('assessment_facts'), facts);
});

// ---------------------------------------------------------------- the API

test('GET /api/assessment/indicators: every indicator with its terms in plain words', async () => {
  const res = await s.call('GET', '/api/assessment/indicators', { as: 'leader' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const ids = res.body.map((i: { id: string }) => i.id);
  for (const id of [
    'timely_sign',
    'timely_handling',
    'timely_closure',
    'actual_resolution',
    'satisfaction',
    'valid_reports',
    'on_time_verification',
    'on_time_check',
    'missed_reports',
    'on_time_filing',
    'accurate_filing',
    'on_time_closing',
    'on_time_dispatch',
    'accurate_dispatch',
    'handling_rate',
    'handled_on_time',
    'rework_rate',
    'overdue_open_rate',
    'postponement_rate',
    'closure_rate',
    'closed_on_time',
    'public_report_rate',
  ]) {
    assert.ok(ids.includes(id), id);
  }
  const timely = res.body.find((i: { id: string }) => i.id === 'timely_sign');
  assert.equal(timely.zh, '及时接单率');
  assert.ok(timely.numerator.zh.length > 0 && timely.denominator.en.length > 0);
  assert.equal((await s.call('GET', '/api/assessment/indicators', { as: 's2-handler' })).status, 403);
});

test('GET /api/assessment/figures and /drilldown', async () => {
  at('11-02 15:30');
  const res = await s.call(
    'GET',
    `/api/assessment/figures?period=2026-10&level=unit&subject=${S2_SANITATION}`,
    {
      as: 'supervisor',
    },
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const rework = res.body.figures.find((f: { indicator: string }) => f.indicator === 'rework_rate');
  assert.deepEqual([rework.numerator, rework.denominator, rework.value], [1, 4, 25]);
  assert.equal(res.body.period.firstDay, '2026-10-01');

  const drill = await s.call(
    'GET',
    `/api/assessment/drilldown?period=2026-10&level=unit&subject=${S2_SANITATION}&indicator=rework_rate&side=numerator`,
    { as: 'leader' },
  );
  assert.equal(drill.status, 200, JSON.stringify(drill.body));
  assert.equal(drill.body.count, 1);
  assert.equal(drill.body.rows[0].caseId, F);
  assert.equal(drill.body.rows[0].fact, 'cycle');
  assert.equal(drill.body.rows[0].dueAt, cst('10-30 17:00'));

  const bad = async (query: string, field: string, status = 400) => {
    const b = await s.call('GET', `/api/assessment/${query}`, { as: 'leader' });
    assert.equal(b.status, status, `${query}: ${JSON.stringify(b.body)}`);
    assert.equal(b.body.field, field, query);
  };
  await bad('figures?period=2026-13&level=unit', 'period');
  await bad('figures?period=soon&level=unit', 'period');
  await bad('figures?period=2026-10&level=district', 'level');
  await bad('figures?period=2026-10&level=unit&indicator=valid_reports', 'indicator');
  await bad(
    `drilldown?period=2026-10&level=unit&subject=${S2_SANITATION}&indicator=nope&side=numerator`,
    'indicator',
  );
  await bad(
    `drilldown?period=2026-10&level=unit&subject=${S2_SANITATION}&indicator=rework_rate&side=both`,
    'side',
  );
  await bad(
    'drilldown?period=2026-10&level=unit&subject=999999&indicator=rework_rate&side=numerator',
    'subject',
    404,
  );
  assert.equal((await s.call('GET', '/api/assessment/figures?period=2026-10&level=unit')).status, 401);
  assert.equal(
    (await s.call('GET', '/api/assessment/figures?period=2026-10&level=unit', { as: 'dispatch' })).status,
    403,
  );
});

test('a street leader sees the subjects of the street only', async () => {
  const leader = await s.db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', 'leader')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('users')
    .values({
      username: 's1-leader',
      display_name: '莘庄街道领导',
      password_hash: leader.password_hash,
      unit_id: unit('s1-office'),
      roles: ['leader'],
    })
    .execute();
  const streets = await s.call('GET', '/api/assessment/figures?period=2026-10&level=street', {
    as: 's1-leader',
  });
  assert.equal(streets.status, 200, JSON.stringify(streets.body));
  const seen = [...new Set(streets.body.figures.map((f: { subject: { id: string } }) => f.subject.id))];
  assert.equal(seen.length, 1);
  assert.notEqual(seen[0], S2);
  const other = await s.call('GET', `/api/assessment/figures?period=2026-10&level=street&subject=${S2}`, {
    as: 's1-leader',
  });
  assert.equal(other.status, 404);
  const drill = await s.call(
    'GET',
    `/api/assessment/drilldown?period=2026-10&level=unit&subject=${S2_SANITATION}&indicator=rework_rate&side=numerator`,
    { as: 's1-leader' },
  );
  assert.equal(drill.status, 404);
});
