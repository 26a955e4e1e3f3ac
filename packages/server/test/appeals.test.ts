// Appeals (docs/appeals.md) on a test-only subject: a capability submits inside its transaction,
// reviewers start the review and decide through the API, every move is an event naming who, the
// review runs on a timed item that the decision closes, and the subject's handler hears the
// outcome inside the deciding transaction. Disputes (the first real subject) come later.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppealRow } from '@xiuhua/db';
import type { SubmitAppeal } from '../src/appeals/service.ts';
import { AppError } from '../src/platform/errors.ts';
import { startTestServer } from './fixture.ts';

/** 'YYYY-MM-DD HH:MM' China Standard Time → ISO instant as the API returns it. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const s = await startTestServer(); // Monday 2026-09-28 09:00
const { appeals } = s.app.services;
const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: { code: string; id: number }) => [
    u.code,
    u.id,
  ]),
);
const users = new Map(
  (await s.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
);
const unitId = (code: string) => units.get(code)!;
const userId = (name: string) => users.get(name)!;

// The test subject: a ruling whose appeal outcome the handler records; a ruling 'veto' refuses
// any decision, to show the handler runs inside the deciding transaction.
const outcomes: { subjectId: string; state: string }[] = [];
appeals.register('test_ruling', {
  async decided(_trx, appeal) {
    if (appeal.subject_id === 'veto') throw new AppError(409, 'CONFLICT', 'the ruling has moved on');
    outcomes.push({ subjectId: appeal.subject_id, state: appeal.state });
  },
});

const report = await s.call('POST', '/api/cases', {
  as: 'inspector1',
  body: {
    source: 'inspector',
    kind: 'event',
    classCode: '06010',
    description: '测试上报',
    location: await s.pointIn('310112006'),
  },
});
assert.equal(report.status, 201);
const caseId: number = report.body.id;

/** 古美 street office appeals the command centre's ruling; the supervision centre reviews. */
const base = (over: Partial<SubmitAppeal> = {}): SubmitAppeal => ({
  subjectType: 'test_ruling',
  subjectId: 'r1',
  caseId,
  by: { userId: userId('s2-dispatch'), unitId: unitId('s2-office') },
  reason: '该问题不属于本单位职责',
  reviewUnitIds: [unitId('supervision')],
  subjectDecidedBy: userId('dispatch'),
  ...over,
});
const submit = (over: Partial<SubmitAppeal> = {}): Promise<AppealRow> =>
  s.db.transaction().execute((trx) => appeals.submit(trx, base(over)));
const call = async (as: string, method: 'GET' | 'POST', url: string, body?: unknown, status = 200) => {
  const res = await s.call(method, url, { as, body });
  assert.equal(res.status, status, `${as} ${method} ${url}: ${JSON.stringify(res.body)}`);
  return res.body;
};

test('submitted → under review → upheld, each move an event naming who; the deadline closes', async () => {
  const row = await submit();
  assert.equal(row.state, 'submitted');
  const submitted = await call('s2-dispatch', 'GET', `/api/appeals/${row.id}`);
  // 3 working days on the supervision centre's round-the-clock schedule (24 h a day, holidays
  // on): 72 working hours from Monday 09:00 → Thursday 10-01 09:00.
  assert.equal(submitted.review.dueAt, cst('2026-10-01 09:00'));
  assert.equal(submitted.review.colour, 'blue');
  assert.equal(submitted.review.status, 'open');
  const item = await call('shift', 'GET', `/api/timed-items/${submitted.review.timedItemId}`);
  assert.deepEqual([item.subjectType, item.subjectId, item.caseId], ['appeal', String(row.id), caseId]);

  s.clock.set(cst('2026-09-28 10:00'));
  const review = await call('shift', 'POST', `/api/appeals/${row.id}/start-review`);
  assert.equal(review.state, 'under_review');
  assert.equal(review.reviewer.id, userId('shift'));

  s.clock.set(cst('2026-09-29 15:00'));
  const decided = await call('shift', 'POST', `/api/appeals/${row.id}/decide`, {
    outcome: 'upheld',
    reason: '经复核，原裁定正确',
  });
  assert.equal(decided.state, 'upheld');
  assert.deepEqual(decided.decision, {
    outcome: 'upheld',
    reason: '经复核，原裁定正确',
    by: { id: userId('shift'), name: '张值班长' },
    at: cst('2026-09-29 15:00'),
  });
  assert.equal(decided.review.status, 'done');
  assert.deepEqual(
    decided.events.map(
      (e: {
        seq: number;
        action: string;
        fromState: string;
        toState: string;
        actor: { id: number };
        at: string;
      }) => [e.seq, e.action, e.fromState, e.toState, e.actor.id, e.at],
    ),
    [
      [1, 'submit', null, 'submitted', userId('s2-dispatch'), cst('2026-09-28 09:00')],
      [2, 'start_review', 'submitted', 'under_review', userId('shift'), cst('2026-09-28 10:00')],
      [3, 'uphold', 'under_review', 'upheld', userId('shift'), cst('2026-09-29 15:00')],
    ],
  );
  assert.deepEqual(outcomes, [{ subjectId: 'r1', state: 'upheld' }], 'the subject’s handler heard it');
  // A decided appeal takes no further move.
  const again = await s.call('POST', `/api/appeals/${row.id}/decide`, {
    as: 'supervisor',
    body: { outcome: 'overturned', reason: 'x' },
  });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'CONFLICT');
});

test('submitted → under review → overturned; the review item goes red if late and stays so', async () => {
  s.clock.set(cst('2026-09-30 09:00'));
  // A limit of its own: 4 working hours of the reviewing unit (round the clock) → due 13:00.
  const row = await submit({ subjectId: 'r2', reviewLimit: { amount: 4, unit: 'workHour' } });
  await call('supervisor', 'POST', `/api/appeals/${row.id}/start-review`);
  s.clock.set(cst('2026-09-30 14:00'));
  const decided = await call('supervisor', 'POST', `/api/appeals/${row.id}/decide`, {
    outcome: 'overturned',
    reason: '确属其他单位职责',
  });
  assert.equal(decided.state, 'overturned');
  assert.equal(decided.decision.by.id, userId('supervisor'));
  assert.deepEqual([decided.review.status, decided.review.colour], ['done', 'red'], 'decided an hour late');
  assert.deepEqual(outcomes.at(-1), { subjectId: 'r2', state: 'overturned' });
  const listed = await call('s2-dispatch', 'GET', `/api/appeals?caseId=${caseId}&state=all`);
  assert.deepEqual(listed.map((a: { subjectId: string }) => a.subjectId).sort(), ['r1', 'r2']);
  assert.deepEqual(await call('s2-dispatch', 'GET', '/api/appeals'), [], 'none open');
});

test('who reviews: the reviewing unit’s reviewers, not the decider nor the submitter; others get 404', async () => {
  const row = await submit({ subjectId: 'r3', subjectDecidedBy: userId('shift') });
  const before = await s.count('appeal_events');
  const refusals: [string, number, string][] = [
    ['shift', 403, 'OWN_DECISION'], // he made the ruling
    ['s2-dispatch', 403, 'ROLE_NOT_ALLOWED'], // the party (a dispatcher)
    ['dispatch', 403, 'ROLE_NOT_ALLOWED'],
    ['s1-shift', 404, 'NOT_FOUND'], // another street's shift leader: not his to see
    ['sanitation', 404, 'NOT_FOUND'],
  ];
  for (const [as, status, code] of refusals) {
    const res = await s.call('POST', `/api/appeals/${row.id}/start-review`, { as });
    assert.equal(res.status, status, `${as}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code);
  }
  assert.equal(await s.count('appeal_events'), before, 'refused moves write nothing');
  await call('supervisor', 'POST', `/api/appeals/${row.id}/start-review`); // another reviewer there
  const open = await call('supervisor', 'GET', '/api/appeals');
  assert.deepEqual(
    open.map((a: { id: number; state: string }) => [a.id, a.state]),
    [[row.id, 'under_review']],
  );
});

test('bad input is a 4xx and writes nothing', async () => {
  const row = await submit({ subjectId: 'r4' });
  const before = [await s.count('appeals'), await s.count('appeal_events'), await s.count('timed_items')];
  const bad: [string, unknown, number, string][] = [
    ['decide', { outcome: 'upheld', reason: '太早' }, 409, 'CONFLICT'], // not under review yet
    ['decide', { outcome: 'maybe', reason: 'x' }, 400, 'VALIDATION'],
    ['decide', { outcome: 'upheld' }, 400, 'VALIDATION'],
    ['decide', { outcome: 'upheld', reason: '' }, 400, 'VALIDATION'],
    ['decide', { outcome: 'upheld', reason: 'x', extra: 1 }, 400, 'VALIDATION'],
  ];
  for (const [action, body, status, code] of bad) {
    const res = await s.call('POST', `/api/appeals/${row.id}/${action}`, { as: 'supervisor', body });
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code);
    assert.ok(res.body.message);
  }
  for (const [url, status] of [
    ['/api/appeals/999999', 404],
    ['/api/appeals/abc', 400],
    ['/api/appeals?state=closed', 400],
  ] as const)
    assert.equal((await s.call('GET', url, { as: 'supervisor' })).status, status, url);
  assert.equal((await s.call('GET', '/api/appeals')).status, 401);

  // Whitespace passes the schema; the domain wants a reason with words in it.
  await call('supervisor', 'POST', `/api/appeals/${row.id}/start-review`);
  const blank = await s.call('POST', `/api/appeals/${row.id}/decide`, {
    as: 'supervisor',
    body: { outcome: 'overturned', reason: '   ' },
  });
  assert.deepEqual([blank.status, blank.body.code, blank.body.field], [400, 'MISSING_FIELD', 'reason']);

  // A capability's bad submission.
  const refused: [Partial<SubmitAppeal>, number, string, string][] = [
    [{ subjectType: 'unknown_ruling' }, 400, 'INVALID_FIELD', 'subjectType'],
    [{ reason: ' ' }, 400, 'MISSING_FIELD', 'reason'],
    [{ reviewUnitIds: [] }, 400, 'INVALID_FIELD', 'reviewUnitIds'],
    [{ reviewUnitIds: [999999] }, 422, 'UNKNOWN_UNIT', 'reviewUnitIds'],
    [{ subjectId: '' }, 400, 'INVALID_FIELD', 'subjectId'],
    [{ subjectDecidedBy: 999999 }, 422, 'UNKNOWN_USER', 'subjectDecidedBy'],
    [{ caseId: 999999 }, 422, 'UNKNOWN_CASE', 'caseId'],
  ];
  for (const [over, status, code, field] of refused)
    await assert.rejects(submit(over), (e: AppError) => {
      assert.deepEqual([e.status, e.code, e.field], [status, code, field], JSON.stringify(over));
      return true;
    });
  assert.deepEqual(
    [await s.count('appeals'), (await s.count('appeal_events')) - 1, await s.count('timed_items')],
    before,
    'only the start of the review was written',
  );
});

test('the subject’s handler runs in the deciding transaction: its refusal undoes the decision', async () => {
  const row = await submit({ subjectId: 'veto' });
  await call('supervisor', 'POST', `/api/appeals/${row.id}/start-review`);
  const res = await s.call('POST', `/api/appeals/${row.id}/decide`, {
    as: 'supervisor',
    body: { outcome: 'overturned', reason: '撤销' },
  });
  assert.equal(res.status, 409);
  const after = await call('supervisor', 'GET', `/api/appeals/${row.id}`);
  assert.equal(after.state, 'under_review');
  assert.equal(after.review.status, 'open', 'the deadline is still running');
  assert.deepEqual(
    after.events.map((e: { action: string }) => e.action),
    ['submit', 'start_review'],
  );
  await assert.rejects(
    s.db.updateTable('appeal_events').set({ reason: 'x' }).where('appeal_id', '=', row.id).execute(),
    /appeal_events is append-only/,
  );
});
