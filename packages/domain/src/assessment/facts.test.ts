import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFacts, type Fact, type FactEvent } from './facts.ts';
import { factMatches, INDICATORS, rate, TERMS } from './indicators.ts';

/** 'HH:MM' on Monday 2026-09-28, or 'MM-DD HH:MM' in 2026, China time. */
const t = (local: string) =>
  new Date(local.length === 5 ? `2026-09-28T${local}:00+08:00` : `2026-${local.replace(' ', 'T')}:00+08:00`);

const ROLE_OF: Record<string, string> = {
  intake: 'intake_operator',
  request_verification: 'intake_operator',
  accept: 'intake_operator',
  reject: 'intake_operator',
  merge: 'intake_operator',
  file: 'shift_leader',
  close: 'shift_leader',
  dispatch: 'dispatcher',
  redispatch: 'dispatcher',
  suspend: 'dispatcher',
  resume: 'dispatcher',
  approve_postponement: 'dispatcher',
  sign: 'handler',
  return: 'handler',
  report_back: 'handler',
  request_postponement: 'handler',
  check_pass: 'inspector',
  check_fail: 'inspector',
  verify_confirm: 'inspector',
  verify_deny: 'inspector',
  callback: 'intake_operator',
  reopen: 'intake_operator',
};
const USER_OF: Record<string, number> = {
  intake_operator: 11,
  shift_leader: 12,
  dispatcher: 13,
  handler: 14,
  inspector: 15,
};
const UNIT_OF: Record<string, number> = {
  intake_operator: 1,
  shift_leader: 1,
  dispatcher: 2,
  handler: 7,
  inspector: 1,
};

/** An event as CaseService writes it; `dueAt` is the deadline in force after it (null: stopped). */
function ev(
  action: string,
  at: string,
  data: Record<string, unknown> = {},
  role = ROLE_OF[action]!,
): FactEvent {
  return {
    seq: 0,
    action,
    actorUserId: USER_OF[role] ?? null,
    actorRole: role,
    actorUnitId: UNIT_OF[role] ?? null,
    at: t(at),
    data: Object.fromEntries(
      Object.entries(data).map(([k, v]) => [
        k,
        typeof v === 'string' && /^\d\d:\d\d|^\d\d-\d\d /.test(v) ? t(v).toISOString() : v,
      ]),
    ),
  };
}
const seqd = (events: FactEvent[]) => events.map((e, i) => ({ ...e, seq: i + 1 }));
const facts = (events: FactEvent[], source = 'inspector', gridInspectorId: number | null = 15) =>
  caseFacts({ source, gridInspectorId }, seqd(events));
const one = (fs: Fact[], kind: string) => {
  const all = fs.filter((f) => f.kind === kind);
  assert.equal(all.length, 1, `one ${kind} fact`);
  return all[0]!;
};
const iso = (d: Date | null) => d?.toISOString() ?? null;
const brief = (f: Fact) => ({
  outcome: f.outcome,
  due: iso(f.dueAt),
  done: iso(f.doneAt),
  placed: iso(f.placedAt),
  tags: f.tags,
  unit: f.unitId,
  user: f.userId,
});

// The happy path of loop.test.ts: report 09:00 … closed 10:45, rated 14:00.
const LOOP = [
  ev('intake', '09:00', { dueAt: '09:30' }, 'inspector'),
  ev('accept', '09:10', { dueAt: '09:40' }),
  ev('file', '09:20', { dueAt: '09:50' }),
  ev('dispatch', '09:30', { unitId: 7, signDueAt: '10:30', dueAt: '15:00' }),
  ev('sign', '09:40', { dueAt: '15:00' }),
  ev('report_back', '10:00', { handleDueAt: '15:00', inspectorId: 15, dueAt: '12:00' }),
  ev('check_pass', '10:30', { dueAt: '11:30' }),
  ev('close', '10:45'),
];

test('the whole loop on time: one fact per step, each done by its deadline', () => {
  const fs = facts([...LOOP, ev('callback', '14:00', { satisfaction: 'satisfied' })]);
  assert.deepEqual(
    fs.map((f) => f.kind),
    // in the order they arise: a step before the point facts of the event that starts it
    [
      'accept',
      'report',
      'file',
      'dispatch',
      'filed',
      'grid_filed',
      'cycle',
      'handle',
      'dispatched',
      'sign',
      'check',
      'close',
      'callback',
    ],
  );
  const on = (kind: string, due: string, done: string, unit: number | null, user: number | null) =>
    assert.deepEqual(
      brief(one(fs, kind)),
      {
        outcome: 'on_time',
        due: t(due).toISOString(),
        done: t(done).toISOString(),
        placed: t(done).toISOString(),
        tags: [],
        unit,
        user,
      },
      kind,
    );
  on('accept', '09:30', '09:10', 1, 11);
  on('file', '09:40', '09:20', 1, 12);
  on('dispatch', '09:50', '09:30', 2, 13);
  on('sign', '10:30', '09:40', 7, 14);
  on('handle', '15:00', '10:00', 7, 14);
  on('check', '12:00', '10:30', 1, 15);
  on('close', '11:30', '10:45', 1, 12);
  assert.deepEqual(brief(one(fs, 'report')), {
    outcome: 'filed',
    due: null,
    done: t('09:20').toISOString(),
    placed: t('09:20').toISOString(),
    tags: ['inspector_report'],
    unit: null,
    user: 15, // the inspector who reported it
  });
  // The cycle is judged by its handling deadline (15:00) and placed at its closure (10:45).
  assert.deepEqual(brief(one(fs, 'cycle')), {
    outcome: 'closed',
    due: t('15:00').toISOString(),
    done: t('10:45').toISOString(),
    placed: t('10:45').toISOString(),
    tags: ['handled_on_time'],
    unit: 7,
    user: null,
  });
  assert.deepEqual(one(fs, 'callback').tags, ['satisfied']);
  assert.equal(one(fs, 'callback').unitId, 7, 'a rating counts for the unit that handled the case');
  assert.deepEqual(one(fs, 'grid_filed').tags, [], "the grid's own inspector found it");
  assert.deepEqual(one(fs, 'dispatched').tags, []);
});

test('an overdue open step is placed at its deadline; a step ended late stays placed there', () => {
  const open = facts(LOOP.slice(0, 5)); // signed at 09:40, never reported back
  const handle = one(open, 'handle');
  assert.deepEqual(brief(handle), {
    outcome: 'open',
    due: t('15:00').toISOString(),
    done: null,
    placed: t('15:00').toISOString(),
    tags: [],
    unit: 7,
    user: 14, // the signer answers for it
  });
  const late = facts([
    ...LOOP.slice(0, 5),
    ev('report_back', '09-29 10:00', { handleDueAt: '15:00', inspectorId: 15, dueAt: '09-29 12:00' }),
  ]);
  assert.deepEqual(brief(one(late, 'handle')), {
    outcome: 'late',
    due: t('15:00').toISOString(),
    done: t('09-29 10:00').toISOString(),
    placed: t('15:00').toISOString(),
    tags: [],
    unit: 7,
    user: 14,
  });
  // an open cycle takes its handling deadline too
  assert.equal(iso(one(late, 'cycle').placedAt), t('15:00').toISOString());
  assert.deepEqual(one(late, 'cycle').tags, []);
});

test('a suspended step has no deadline while suspended; resumed, it gets the new one', () => {
  const base = LOOP.slice(0, 5);
  const suspended = facts([...base, ev('suspend', '11:00', { dueAt: null })]);
  const h = one(suspended, 'handle');
  assert.equal(h.outcome, 'open');
  assert.equal(h.dueAt, null);
  assert.equal(h.placedAt, null, 'not placed: its clock is stopped');
  assert.equal(one(suspended, 'cycle').placedAt, null);
  // resumed the next day at 09:00 with 4 working hours left → due 13:30+… (as recorded: 14:30)
  const resumed = facts([
    ...base,
    ev('suspend', '11:00', { dueAt: null }),
    ev('resume', '09-29 09:00', { dueAt: '09-29 14:30' }),
    ev('report_back', '09-29 14:00', { inspectorId: 15, dueAt: '09-29 16:00' }),
  ]);
  assert.equal(one(resumed, 'handle').outcome, 'on_time');
  assert.equal(iso(one(resumed, 'handle').dueAt), t('09-29 14:30').toISOString());
});

test('a granted postponement extends the deadline the step is judged by', () => {
  const fs = facts([
    ...LOOP.slice(0, 5),
    ev('request_postponement', '11:00', { extension: { amount: 1, unit: 'workDay' }, dueAt: '15:00' }),
    ev('approve_postponement', '11:30', { extension: { amount: 1, unit: 'workDay' }, dueAt: '09-29 15:00' }),
    ev('report_back', '09-29 09:00', { handleDueAt: '09-29 15:00', inspectorId: 15, dueAt: '09-29 11:00' }),
  ]);
  const h = one(fs, 'handle');
  assert.equal(h.outcome, 'on_time');
  assert.deepEqual(h.tags, ['postponed']);
  assert.equal(iso(h.dueAt), t('09-29 15:00').toISOString());
});

test('a return before the deadline withdraws the handling; the dispatch is marked returned', () => {
  const fs = facts([
    ...LOOP.slice(0, 4),
    ev('return', '09:50', { unitId: 7, dueAt: '10:20' }),
    ev('redispatch', '10:00', { unitId: 8, signDueAt: '11:00', dueAt: '15:30' }),
  ]);
  const handles = fs.filter((f) => f.kind === 'handle');
  assert.deepEqual(
    handles.map((h) => [h.outcome, h.unitId]),
    [
      ['withdrawn', 7],
      ['open', 8],
    ],
  );
  const dispatched = fs.filter((f) => f.kind === 'dispatched');
  assert.deepEqual(
    dispatched.map((d) => d.tags),
    [['returned'], []],
  );
  const signs = fs.filter((f) => f.kind === 'sign');
  assert.deepEqual(
    signs.map((s) => [s.outcome, s.unitId]),
    [
      ['on_time', 7], // returning in time is the unit's answer too
      ['open', 8],
    ],
  );
  // the return opened a new dispatch step, done on time by the re-dispatch
  const steps = fs.filter((f) => f.kind === 'dispatch');
  assert.deepEqual(
    steps.map((s) => s.outcome),
    ['on_time', 'on_time'],
  );
  assert.equal(one(fs, 'cycle').unitId, 8, 'the cycle goes with the live handling');
});

test('a returned task already overdue counts as late for the unit', () => {
  const fs = facts([...LOOP.slice(0, 5), ev('return', '16:00', { unitId: 7, dueAt: '16:30' })]);
  const h = one(fs, 'handle');
  assert.equal(h.outcome, 'late');
  assert.equal(iso(h.placedAt), t('15:00').toISOString());
});

test('a failed check: rework handling step, reworked cycle judged by the rework', () => {
  const fs = facts([
    ...LOOP.slice(0, 6),
    ev('check_fail', '10:30', { dueAt: '14:30' }),
    ev('report_back', '14:45', { inspectorId: 15, dueAt: '16:45' }),
    ev('check_pass', '15:00', { dueAt: '16:00' }),
    ev('close', '15:10'),
  ]);
  const handles = fs.filter((f) => f.kind === 'handle');
  assert.deepEqual(
    handles.map((h) => [h.outcome, h.tags, h.userId]),
    [
      ['on_time', [], 14],
      ['late', ['rework'], 14],
    ],
  );
  const cycle = one(fs, 'cycle');
  assert.deepEqual(cycle.tags, ['reworked'], 'the rework was late: not handled on time');
  assert.equal(iso(cycle.dueAt), t('14:30').toISOString());
  assert.equal(
    iso(cycle.placedAt),
    t('14:30').toISOString(),
    'placed when its deadline passed, before closure',
  );
  assert.deepEqual(
    fs.filter((f) => f.kind === 'check').map((c) => c.outcome),
    ['on_time', 'on_time'],
  );
});

test('an unsatisfied callback reopens: the first cycle is marked reopened, a second one starts', () => {
  const fs = facts([
    ...LOOP,
    ev('callback', '14:00', { satisfaction: 'unsatisfied' }),
    ev('reopen', '14:00', { dueAt: '14:30' }),
  ]);
  const cycles = fs.filter((f) => f.kind === 'cycle');
  assert.deepEqual(
    cycles.map((c) => [c.outcome, c.tags]),
    [
      ['closed', ['handled_on_time', 'reopened']],
      ['open', []],
    ],
  );
  assert.equal(cycles[1]!.placedAt, null, 'not dispatched yet: no handling deadline');
  assert.deepEqual(one(fs, 'callback').tags, []);
  assert.deepEqual(
    fs.filter((f) => f.kind === 'dispatch').map((d) => d.outcome),
    ['on_time', 'open'],
  );
});

test('reports: decided when filed or turned down; public reports verified; grid inspector misses', () => {
  const rejected = facts([
    ev('intake', '09:00', { dueAt: '09:30' }, 'inspector'),
    ev('reject', '09:05', { reason: 'x' }),
  ]);
  assert.deepEqual(brief(one(rejected, 'report')), {
    outcome: 'rejected',
    due: null,
    done: t('09:05').toISOString(),
    placed: t('09:05').toISOString(),
    tags: ['inspector_report'],
    unit: null,
    user: 15,
  });
  assert.equal(one(rejected, 'accept').outcome, 'on_time');
  assert.equal(rejected.filter((f) => f.kind === 'filed').length, 0);

  const hotline = facts(
    [
      ev('intake', '09:00', { dueAt: '09:30' }),
      ev('request_verification', '09:10', { inspectorId: 15, dueAt: '10:10' }),
      ev('verify_confirm', '10:30', { dueAt: '11:00' }),
      ev('file', '10:40', { dueAt: '11:10' }),
    ],
    'hotline',
  );
  assert.deepEqual(one(hotline, 'report').tags, [], 'not an inspector report');
  assert.equal(one(hotline, 'report').userId, null);
  assert.deepEqual(one(hotline, 'filed').tags, ['public_verified']);
  assert.deepEqual(one(hotline, 'grid_filed').tags, ['missed'], 'found by others in his grid');
  assert.equal(one(hotline, 'grid_filed').userId, 15);
  assert.deepEqual(brief(one(hotline, 'verify')), {
    outcome: 'late',
    due: t('10:10').toISOString(),
    done: t('10:30').toISOString(),
    placed: t('10:10').toISOString(),
    tags: [],
    unit: 1,
    user: 15,
  });
});

test('a suspension cancels the sign-for deadline of a dispatch nobody signed for yet', () => {
  const fs = facts([
    ...LOOP.slice(0, 4),
    ev('suspend', '09:35', { dueAt: null }),
    ev('resume', '09-29 09:00', { dueAt: '09-29 14:30' }),
    ev('sign', '09-29 09:10', { dueAt: '09-29 14:30' }),
  ]);
  assert.equal(one(fs, 'sign').outcome, 'withdrawn');
  assert.equal(one(fs, 'handle').userId, 14);
});

test('the same events always give the same facts', () => {
  const events = [...LOOP, ev('callback', '14:00', { satisfaction: 'basically_satisfied' })];
  assert.deepEqual(facts(events), facts(events));
});

test('every indicator: a numerator term counts only facts its denominator counts', () => {
  // Numerators narrow their denominator, so a rate never exceeds 100 %.
  const fs = facts([
    ...LOOP.slice(0, 6),
    ev('check_fail', '10:30', { dueAt: '14:30' }),
    ev('report_back', '14:45', { inspectorId: 15, dueAt: '16:45' }),
    ev('check_pass', '15:00', { dueAt: '16:00' }),
    ev('close', '15:10'),
    ev('callback', '16:00', { satisfaction: 'unsatisfied' }),
    ev('reopen', '16:00', { dueAt: '16:30' }),
  ]);
  for (const def of INDICATORS) {
    for (const f of fs) {
      if (factMatches(def.numerator, f) && def.numerator.at === def.denominator.at) {
        assert.ok(factMatches(def.denominator, f), `${def.id}: ${f.kind} ${f.outcome}`);
      }
    }
  }
  assert.ok(Object.keys(TERMS).length > 0);
});

test('rates: percent with 2 decimals; a zero denominator is not applicable (null), never 0 or 100', () => {
  assert.equal(rate(2, 3), 66.67);
  assert.equal(rate(1, 8), 12.5);
  assert.equal(rate(0, 5), 0);
  assert.equal(rate(0, 0), null);
  assert.equal(rate(7, 7), 100);
});
