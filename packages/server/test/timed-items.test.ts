// Timed items (docs/timed-items.md) through the service other capabilities call and the API:
// timed exactly like a case step on the owner unit's duty schedule, recoloured by the one
// sweeper, prompted (remind, urge, supervise) by supervisors, seen as their case or owner is seen,
// closed or cancelled once. Expected instants are worked out by hand in the comments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepAll } from '../src/cases/sweeper.ts';
import type { OpenTimedItem } from '../src/timed-items/service.ts';
import { startTestServer } from './fixture.ts';

const S2 = '310112006'; // 古美街道
/** 'YYYY-MM-DD HH:MM' China Standard Time → ISO instant as the API returns it. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const s = await startTestServer(); // Monday 2026-09-28 09:00
const { timedItems, time } = s.app.services;
const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: { code: string; id: number }) => [
    u.code,
    u.id,
  ]),
);
const unitId = (code: string) => units.get(code)!;
const at = (local: string) => s.clock.set(cst(local));
const open = (input: OpenTimedItem) => s.db.transaction().execute((trx) => timedItems.open(trx, input));
const item = async (id: number, as = 'admin') => {
  const res = await s.call('GET', `/api/timed-items/${id}`, { as });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
/**
 * Sweep at the clock's instant; the number of timed items whose colour changed. The sweep also
 * recolours the case's own step (the same sweep), so its count is at least that.
 */
const sweep = async () => {
  const colours = async () =>
    new Map(
      (await s.db.selectFrom('timed_items').select(['id', 'colour']).execute()).map((r) => [r.id, r.colour]),
    );
  const before = await colours();
  const n = await sweepAll(s.db, time, s.clock.now());
  const changed = [...(await colours())].filter(([id, colour]) => before.get(id) !== colour).length;
  assert.ok(n >= changed, `the sweep took ${n} rows, ${changed} timed items changed`);
  return changed;
};

const report = await s.call('POST', '/api/cases', {
  as: 'inspector1',
  body: {
    source: 'inspector',
    kind: 'event',
    classCode: '06010',
    description: '测试上报',
    location: await s.pointIn(S2),
  },
});
assert.equal(report.status, 201);
const caseId: number = report.body.id;
let onCase: number; // the 4 working-hour item on the case, owned by 古美 sanitation (office hours)
let squadItem: number; // an item without a case, owned by 江川 enforcement squad (07:00–22:00)

test('a 4 working-hour item from Monday 09:00 turns yellow at 11:00, orange at 13:42, red at 14:30', async () => {
  at('2026-09-28 09:00');
  const row = await open({
    subjectType: 'dispute',
    subjectId: 'test-1',
    caseId,
    ownerUnitId: unitId('s2-sanitation'),
    title: '权属争议裁定',
    limit: { amount: 4, unit: 'workHour' },
  });
  onCase = row.id;
  // Office hours 08:30–12:00, 13:30–17:30 (the squad keeps the office schedule). 240 working
  // minutes from 09:00: 180 by 12:00, 60 more from 13:30 → due 14:30. Yellow at 50% = 120 min →
  // 11:00; orange at 80% = 192 min: 180 by 12:00 + 12 → 13:42.
  assert.equal(row.clock_kind, 'working');
  assert.equal(row.limit_minutes, 240);
  const first = await item(onCase);
  assert.equal(first.dueAt, cst('2026-09-28 14:30'));
  assert.equal(first.colour, 'blue');
  assert.equal(first.status, 'open');
  assert.equal(first.owner.id, unitId('s2-sanitation'));
  assert.deepEqual(
    first.events.map((e: { action: string }) => e.action),
    ['open'],
  );
  assert.equal(row.next_colour_at?.toISOString(), cst('2026-09-28 11:00'));

  at('2026-09-28 10:59');
  assert.equal(await sweep(), 0, 'nothing is due before 11:00');
  at('2026-09-28 11:00');
  assert.equal(await sweep(), 1);
  assert.equal((await item(onCase)).colour, 'yellow');
  at('2026-09-28 13:41');
  assert.equal(await sweep(), 0, 'the lunch break is not working time');
  at('2026-09-28 13:42');
  assert.equal(await sweep(), 1);
  assert.equal((await item(onCase)).colour, 'orange');
  at('2026-09-28 14:29');
  assert.equal(await sweep(), 0);
  at('2026-09-28 14:30');
  assert.equal(await sweep(), 1);
  assert.equal((await item(onCase)).colour, 'red');
  const stored = await s.db
    .selectFrom('timed_items')
    .selectAll()
    .where('id', '=', onCase)
    .executeTakeFirstOrThrow();
  assert.equal(stored.next_colour_at, null, 'red is the last colour');

  // The case page lists it with the case's other open items.
  const list = await s.call('GET', `/api/timed-items?caseId=${caseId}`, { as: 'supervisor' });
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.map((i: { id: number; colour: string }) => [i.id, i.colour]),
    [[onCase, 'red']],
  );
});

test('an item runs on its owner’s duty schedule: 4 working hours from 20:00 on the squad’s 07:00–22:00', async () => {
  at('2026-09-28 20:00');
  const row = await open({
    subjectType: 'appeal',
    subjectId: 'test-2',
    ownerUnitId: unitId('s1-enforcement'),
    title: '申诉复核',
    limit: { amount: 4, unit: 'workHour' },
  });
  squadItem = row.id;
  // 120 working minutes by 22:00 (yellow, 50%); 72 more from Tuesday 07:00 → orange at 08:12;
  // 120 more → due Tuesday 09:00.
  assert.equal(row.due_at?.toISOString(), cst('2026-09-29 09:00'));
  at('2026-09-28 22:00');
  assert.equal(await sweep(), 1);
  assert.equal((await item(squadItem)).colour, 'yellow');
  at('2026-09-29 08:11');
  assert.equal(await sweep(), 0);
  at('2026-09-29 08:12');
  assert.equal(await sweep(), 1);
  assert.equal((await item(squadItem)).colour, 'orange');
});

test('a natural-time item counts every minute', async () => {
  at('2026-10-03 10:00'); // Saturday, in the National Day holiday
  const row = await open({
    subjectType: 'notice',
    subjectId: 'test-3',
    ownerUnitId: unitId('s2-sanitation'),
    title: '整改通知',
    limit: { amount: 2, unit: 'hour' },
  });
  assert.equal(row.clock_kind, 'natural');
  assert.equal(row.due_at?.toISOString(), cst('2026-10-03 12:00'));
  assert.equal(row.next_colour_at?.toISOString(), cst('2026-10-03 11:00'));
  await s.db.transaction().execute((trx) => timedItems.cancel(trx, row.id, { reason: '测试' }));
});

test('supervisors remind, urge and supervise an open item; each is an event with who and when', async () => {
  at('2026-09-29 09:30');
  for (const prompt of ['remind', 'urge', 'supervise']) {
    const res = await s.call('POST', `/api/timed-items/${onCase}/${prompt}`, {
      as: 'supervisor',
      body: { reason: `请尽快裁定（${prompt}）` },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.lastPrompt.action, prompt);
  }
  const detail = await item(onCase);
  const prompts = detail.events.filter((e: { action: string }) => e.action !== 'open');
  assert.deepEqual(
    prompts.map(
      (e: { seq: number; action: string; actor: { name: string }; unit: { id: number }; at: string }) => [
        e.seq,
        e.action,
        e.actor.name,
        e.unit.id,
        e.at,
      ],
    ),
    [
      [2, 'remind', '赵督办', unitId('supervision'), cst('2026-09-29 09:30')],
      [3, 'urge', '赵督办', unitId('supervision'), cst('2026-09-29 09:30')],
      [4, 'supervise', '赵督办', unitId('supervision'), cst('2026-09-29 09:30')],
    ],
  );
  const leader = await s.call('POST', `/api/timed-items/${squadItem}/urge`, {
    as: 'leader',
    body: { reason: '催办' },
  });
  assert.equal(leader.status, 200, 'the leader is city-wide');
});

test('refused prompts write nothing: wrong role, out of scope, no reason, no such item', async () => {
  const before = await s.count('timed_item_events');
  const cases: [string, string, unknown, number, string][] = [
    ['sanitation', `/api/timed-items/${onCase}/urge`, { reason: '催' }, 404, 'NOT_FOUND'], // not his case
    ['s2-dispatch', `/api/timed-items/${onCase}/urge`, { reason: '催' }, 403, 'ROLE_NOT_ALLOWED'],
    ['supervisor', `/api/timed-items/${onCase}/urge`, {}, 400, 'VALIDATION'],
    ['supervisor', `/api/timed-items/${onCase}/urge`, { reason: '' }, 400, 'VALIDATION'],
    ['supervisor', `/api/timed-items/${onCase}/escalate`, { reason: 'x' }, 404, 'NOT_FOUND'],
    ['supervisor', '/api/timed-items/999999/remind', { reason: '催' }, 404, 'NOT_FOUND'],
    ['supervisor', '/api/timed-items/abc', undefined, 400, 'VALIDATION'],
  ];
  for (const [as, url, body, status, code] of cases) {
    const res = await s.call(body === undefined ? 'GET' : 'POST', url, { as, body });
    assert.equal(res.status, status, `${as} ${url}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code);
    assert.ok(res.body.message);
  }
  const anonymous = await s.call('GET', '/api/timed-items');
  assert.equal(anonymous.status, 401);
  assert.equal(await s.count('timed_item_events'), before);
});

test('an item is seen as its case is seen; one without a case by its owner and the offices over it', async () => {
  const ids = async (as: string, query = '') =>
    (await s.call('GET', `/api/timed-items${query}`, { as })).body.map((i: { id: number }) => i.id).sort();
  assert.deepEqual(await ids('s2-dispatch'), [onCase], '古美 office sees the case in its street');
  assert.deepEqual(await ids('s1-dispatch'), [squadItem], '江川 office: the squad in its street');
  assert.deepEqual(await ids('enforcement'), [squadItem], 'the squad’s parent unit');
  assert.deepEqual(await ids('sanitation'), [], 'a department the case was never sent to');
  assert.deepEqual(await ids('admin'), [onCase, squadItem].sort());
  assert.deepEqual(await ids('admin', `?ownerUnitId=${unitId('s1-enforcement')}`), [squadItem]);
  assert.equal((await s.call('GET', `/api/timed-items/${squadItem}`, { as: 's2-dispatch' })).status, 404);
});

test('close and cancel once; a closed item keeps its colour, takes no prompt and leaves the sweep', async () => {
  at('2026-09-29 10:00');
  const done = await s.db.transaction().execute((trx) => timedItems.close(trx, onCase));
  assert.equal(done.status, 'done');
  assert.equal(done.colour, 'red', 'done late');
  assert.equal(done.next_colour_at, null);
  await assert.rejects(
    s.db.transaction().execute((trx) => timedItems.close(trx, onCase)),
    (e: { status: number; code: string }) => e.status === 409 && e.code === 'CONFLICT',
  );
  const prompt = await s.call('POST', `/api/timed-items/${onCase}/remind`, {
    as: 'supervisor',
    body: { reason: 'x' },
  });
  assert.equal(prompt.status, 409);
  assert.equal(prompt.body.code, 'CONFLICT');
  const cancelled = await s.db
    .transaction()
    .execute((trx) => timedItems.cancel(trx, squadItem, { by: { userId: 1, unitId: null }, reason: '撤回' }));
  assert.equal(cancelled.status, 'cancelled');
  assert.deepEqual(await s.call('GET', '/api/timed-items', { as: 'admin' }).then((r) => r.body), []);
  const all = await s.call('GET', `/api/timed-items?caseId=${caseId}&status=all`, { as: 'admin' });
  assert.equal(all.body[0].status, 'done');
  assert.equal(all.body[0].doneAt, cst('2026-09-29 10:00'));
  assert.deepEqual(
    (await item(squadItem)).events.map((e: { action: string }) => e.action),
    ['open', 'urge', 'cancelled'],
  );
  await assert.rejects(
    s.db
      .updateTable('timed_item_events')
      .set({ reason: '改写' })
      .where('timed_item_id', '=', onCase)
      .execute(),
    /timed_item_events is append-only/,
  );
  at('2026-12-31 10:00');
  assert.equal(await sweep(), 0, 'closed items are not swept');
});

test('a capability’s bad input is a 4xx error and opens nothing', async () => {
  const before = await s.count('timed_items');
  const base: OpenTimedItem = {
    subjectType: 'dispute',
    subjectId: 'x',
    ownerUnitId: unitId('s2-sanitation'),
    title: 't',
    limit: { amount: 1, unit: 'workHour' },
  };
  const bad: [Partial<OpenTimedItem>, number, string, string][] = [
    [{ subjectType: 'Dispute Ruling' }, 400, 'INVALID_FIELD', 'subjectType'],
    [{ subjectId: '' }, 400, 'INVALID_FIELD', 'subjectId'],
    [{ title: '  ' }, 400, 'INVALID_FIELD', 'title'],
    [{ ownerUnitId: 999999 }, 422, 'UNKNOWN_UNIT', 'ownerUnitId'],
    [{ limit: { amount: -1, unit: 'workHour' } }, 400, 'INVALID_FIELD', 'limit'],
    [{ limit: { amount: 0, unit: 'hour' } }, 400, 'INVALID_FIELD', 'limit'],
    [{ caseId: 999999 }, 422, 'UNKNOWN_CASE', 'caseId'],
    [{ limit: { amount: 1, unit: 'fortnight' as never } }, 400, 'INVALID_FIELD', 'limit'],
  ];
  for (const [over, status, code, field] of bad)
    await assert.rejects(open({ ...base, ...over }), (e: { status: number; code: string; field: string }) => {
      assert.deepEqual([e.status, e.code, e.field], [status, code, field], JSON.stringify(over));
      return true;
    });
  assert.equal(await s.count('timed_items'), before);
});

test('a calendar change re-times open items as it re-times case steps', async () => {
  at('2026-10-13 16:00'); // Tuesday
  const row = await open({
    subjectType: 'notice',
    subjectId: 'test-4',
    ownerUnitId: unitId('s2-sanitation'),
    title: '整改通知',
    limit: { amount: 4, unit: 'workHour' },
  });
  // 1.5 h by 17:30, 2.5 h more from Wednesday 08:30 → 11:00.
  assert.equal(row.due_at?.toISOString(), cst('2026-10-14 11:00'));
  const put = await s.call('PUT', '/api/calendar/overrides/2026-10-14', {
    as: 'admin',
    body: { working: false, note: '测试' },
  });
  assert.equal(put.status, 204);
  // Wednesday off: the 2.5 h run on Thursday.
  assert.equal((await item(row.id)).dueAt, cst('2026-10-15 11:00'));
  const removed = await s.call('DELETE', '/api/calendar/overrides/2026-10-14', { as: 'admin' });
  assert.equal(removed.status, 204);
  assert.equal((await item(row.id)).dueAt, cst('2026-10-14 11:00'));
});

test('an item due in a provisional year says 暂定; importing the arrangement re-times it', async () => {
  at('2026-12-31 16:00'); // Thursday; 2027-01-01 is 元旦 by the provisional rule
  const row = await open({
    subjectType: 'notice',
    subjectId: 'test-provisional',
    ownerUnitId: unitId('s2-sanitation'),
    title: '整改通知',
    limit: { amount: 4, unit: 'workHour' },
  });
  assert.equal(row.due_at?.toISOString(), cst('2027-01-04 11:00'));
  assert.equal((await item(row.id)).provisional, true);
  const notice = {
    year: 2027,
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2027-01-04', isOffDay: true },
    ],
  };
  const imported = await s.call('POST', '/api/calendar/years', { as: 'admin', body: notice });
  assert.equal(imported.status, 204);
  const moved = await item(row.id);
  assert.equal(moved.dueAt, cst('2027-01-05 11:00'));
  assert.equal(moved.provisional, undefined);
  const withdrawn = await s.call('POST', '/api/calendar/years', {
    as: 'admin',
    body: { year: 2027, days: [] },
  });
  assert.equal(withdrawn.status, 204);
  assert.equal((await item(row.id)).dueAt, cst('2027-01-04 11:00'));
});
