// The closed loop (七步闭环) through the HTTP API: every step taken by the role that owns it, and at
// each step the state, the event log, the counters, the assignee and the step deadline checked.
// Deadlines are worked out by hand from the working hours (08:30–12:00, 13:30–17:30) and the demo
// catalogue: 暴露垃圾 (event 06010) in a B-class street (古美街道) has 4 working hours to handle;
// intake steps have 30 working minutes, sign-for 1 working hour, check 2, close 1.
// 2026-09-28..30 are working days (Mon–Wed); 10-01..07 is the National Day holiday.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer();

const call = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
) => s.call(method, url, options);

const S2 = '310112006'; // 古美街道, area class B
const S2_NAME = '古美街道';
const GARBAGE = '06010'; // 暴露垃圾: handle 4 workHour in area class B

/** 'YYYY-MM-DD HH:MM' China Standard Time → ISO instant as the API returns it. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const at = (local: string) => s.clock.set(cst(local));

const unitsRes = await call('GET', '/api/units', { as: 'admin' });
const unitByCode = new Map<string, { id: number; name: string }>(
  unitsRes.body.map((u: { code: string; id: number; name: string }) => [u.code, { id: u.id, name: u.name }]),
);
const unit = (code: string) => {
  const u = unitByCode.get(code);
  assert.ok(u, `unit ${code}`);
  return u;
};
const userIds = new Map(
  (await s.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
);
const userId = (username: string) => userIds.get(username)!;

/** The unit each demo user acts for. */
const UNIT_OF: Record<string, string> = {
  admin: 'city-centre',
  intake: 'supervision',
  shift: 'supervision',
  supervisor: 'supervision',
  inspector1: 'supervision',
  inspector2: 'supervision',
  dispatch: 'command',
  sanitation: 'sanitation',
  greening: 'greening-bureau',
  leader: 'city-centre',
  's2-handler': 's2-sanitation',
  's2-dispatch': 's2-office',
};

interface Report {
  as?: string;
  classCode?: string;
  photos?: { url: string; caption?: string }[];
  headers?: Record<string, string>;
}

async function report(options: Report = {}) {
  const res = await call('POST', '/api/cases', {
    as: options.as ?? 'inspector2',
    headers: options.headers,
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: options.classCode ?? GARBAGE,
      description: '路边暴露垃圾',
      location: await s.pointIn(S2),
      ...(options.photos ? { photos: options.photos } : {}),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function act(id: number, action: string, as: string, body: Record<string, unknown> = {}, status = 200) {
  const res = await call('POST', `/api/cases/${id}/${action.replaceAll('_', '-')}`, { as, body });
  assert.equal(res.status, status, `${action} by ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function getCase(id: number, as = 'admin') {
  const res = await call('GET', `/api/cases/${id}`, { as });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** The event log; its seq numbers must run 1..n without gaps. */
async function events(id: number) {
  const res = await call('GET', `/api/cases/${id}/events`, { as: 'admin' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(
    res.body.map((e: { seq: number }) => e.seq),
    res.body.map((_: unknown, i: number) => i + 1),
  );
  return res.body;
}

interface Expected {
  state: string;
  step: string | null;
  dueAt: string | null;
  unit?: string | null;
  counts?: Partial<Record<'rework' | 'reopen' | 'postpone' | 'return', number>>;
}

function expectCase(c: any, e: Expected) {
  assert.equal(c.state, e.state, 'state');
  assert.equal(c.step, e.step, 'step');
  assert.equal(c.dueAt, e.dueAt, 'dueAt');
  if (e.unit !== undefined)
    assert.equal(c.assigneeUnit?.id ?? null, e.unit === null ? null : unit(e.unit).id);
  assert.deepEqual(c.counts, { rework: 0, reopen: 0, postpone: 0, return: 0, ...e.counts }, 'counts');
  if (e.step === null) assert.equal(c.colour, null, 'no step, no colour');
}

interface ExpectedEvent {
  action: string;
  from: string | null;
  to: string;
  as: string;
  role: string;
  reason?: string | null;
  data?: Record<string, unknown>;
}

function expectEvent(ev: any, e: ExpectedEvent) {
  assert.equal(ev.action, e.action);
  assert.equal(ev.fromState, e.from, `${e.action} from`);
  assert.equal(ev.toState, e.to, `${e.action} to`);
  assert.equal(ev.actor.userId, userId(e.as), `${e.action} actor`);
  assert.equal(ev.actor.role, e.role, `${e.action} role`);
  assert.equal(ev.actor.unitId, unit(UNIT_OF[e.as]!).id, `${e.action} actor unit`);
  assert.equal(ev.at, s.clock.now().toISOString(), `${e.action} at`);
  if (e.reason !== undefined) assert.equal(ev.reason, e.reason, `${e.action} reason`);
  for (const [k, v] of Object.entries(e.data ?? {})) assert.deepEqual(ev.data[k], v, `${e.action} data.${k}`);
}

async function lastEvent(id: number, e: ExpectedEvent) {
  const log = await events(id);
  expectEvent(log.at(-1), e);
  return log;
}

/** Report at 09:00, accept 09:10, file 09:20 and dispatch 09:30 on Monday 2026-09-28. */
async function dispatched(unitCode = 's2-sanitation') {
  at('2026-09-28 09:00');
  const c = await report();
  at('2026-09-28 09:10');
  await act(c.id, 'accept', 'intake');
  at('2026-09-28 09:20');
  await act(c.id, 'file', 'shift');
  at('2026-09-28 09:30');
  const d = await act(c.id, 'dispatch', 'dispatch', { unitId: unit(unitCode).id });
  // 4 working hours on the unit's duty schedule: an office (2.5 h before lunch, 1.5 h from 13:30)
  // by 15:00; the district sanitation station works two shifts straight through, by 13:30.
  const due = unitCode === 'sanitation' ? '2026-09-28 13:30' : '2026-09-28 15:00';
  expectCase(d, { state: 'dispatched', step: 'handle', dueAt: cst(due), unit: unitCode });
  return d;
}

/** ... then signed by the street's handler at 09:40. */
async function handling() {
  const c = await dispatched();
  at('2026-09-28 09:40');
  await act(c.id, 'sign', 's2-handler');
  return c;
}

/** ... reported back at 10:00. */
async function checking() {
  const c = await handling();
  at('2026-09-28 10:00');
  await act(c.id, 'report_back', 's2-handler', { reason: '已清理', photos: AFTER_PHOTOS });
  return c;
}

/** ... checked 10:30 and closed 10:45. */
async function closed() {
  const c = await checking();
  at('2026-09-28 10:30');
  await act(c.id, 'check_pass', 'inspector2');
  at('2026-09-28 10:45');
  const done = await act(c.id, 'close', 'shift');
  expectCase(done, { state: 'closed', step: null, dueAt: null, unit: 's2-sanitation' });
  return c;
}

test('the whole loop, step by step, with the event log and deadlines at each step', async () => {
  const before = [{ url: '/photos/before-1.jpg', caption: '现场' }];
  const after = [{ url: '/photos/after-1.jpg', caption: '处置后' }, { url: '/photos/after-2.jpg' }];

  at('2026-09-28 09:00');
  const c = await report({ photos: before });
  const id = c.id as number;
  expectCase(c, { state: 'reported', step: 'accept', dueAt: cst('2026-09-28 09:30'), unit: null });
  assert.equal(c.area.streetCode, S2);
  assert.equal(c.area.areaClass, 'B');
  assert.equal(c.colour, 'blue');
  assert.deepEqual(c.photos, before);
  let log = await lastEvent(id, {
    action: 'intake',
    from: null,
    to: 'reported',
    as: 'inspector2',
    role: 'inspector',
    data: { classCode: GARBAGE, source: 'inspector', cellCode: c.cellCode, dueAt: cst('2026-09-28 09:30') },
  });
  assert.equal(log.length, 1);
  assert.deepEqual(log[0].attachments, before);

  at('2026-09-28 09:10');
  let r = await act(id, 'accept', 'intake');
  expectCase(r, { state: 'accepted', step: 'file', dueAt: cst('2026-09-28 09:40'), unit: null });
  await lastEvent(id, {
    action: 'accept',
    from: 'reported',
    to: 'accepted',
    as: 'intake',
    role: 'intake_operator',
  });

  at('2026-09-28 09:20');
  r = await act(id, 'file', 'shift', { level: 'street' });
  expectCase(r, { state: 'filed', step: 'dispatch', dueAt: cst('2026-09-28 09:50'), unit: null });
  assert.equal(r.filedAt, cst('2026-09-28 09:20'));
  await lastEvent(id, { action: 'file', from: 'accepted', to: 'filed', as: 'shift', role: 'shift_leader' });

  // The routing rules say where it goes, and why.
  const suggestion = await call('GET', `/api/cases/${id}/routing-suggestion`, { as: 'dispatch' });
  assert.equal(suggestion.status, 200, JSON.stringify(suggestion.body));
  assert.equal(suggestion.body.unitId, unit('s2-sanitation').id);
  const rules = await call('GET', '/api/routing-rules', { as: 'dispatch' });
  const rule = rules.body.find((x: { ruleId: string }) => x.ruleId === suggestion.body.ruleId);
  assert.ok(rule, `rule ${suggestion.body.ruleId} exists`);
  assert.equal(rule.label, `${S2_NAME}暴露垃圾 → 街道环卫所`);
  assert.equal(rule.classCode, GARBAGE);
  assert.match(suggestion.body.explanation, new RegExp(`匹配规则 ${suggestion.body.ruleId}`));
  assert.ok(suggestion.body.explanation.includes(S2_NAME), suggestion.body.explanation);
  assert.ok(suggestion.body.explanation.includes(unit('s2-sanitation').name), suggestion.body.explanation);

  at('2026-09-28 09:30');
  r = await act(id, 'dispatch', 'dispatch', { unitId: suggestion.body.unitId });
  // 4 working hours from 09:30: 2.5 h before lunch, 1.5 h after 13:30.
  expectCase(r, {
    state: 'dispatched',
    step: 'handle',
    dueAt: cst('2026-09-28 15:00'),
    unit: 's2-sanitation',
  });
  assert.equal(r.signDueAt, cst('2026-09-28 10:30'));
  assert.equal(r.dispatchedAt, cst('2026-09-28 09:30'));
  await lastEvent(id, {
    action: 'dispatch',
    from: 'filed',
    to: 'dispatched',
    as: 'dispatch',
    role: 'dispatcher',
    data: {
      unitId: unit('s2-sanitation').id,
      unitName: unit('s2-sanitation').name,
      dueAt: cst('2026-09-28 15:00'),
    },
  });

  at('2026-09-28 09:40');
  r = await act(id, 'sign', 's2-handler');
  expectCase(r, { state: 'handling', step: 'handle', dueAt: cst('2026-09-28 15:00'), unit: 's2-sanitation' });
  await lastEvent(id, {
    action: 'sign',
    from: 'dispatched',
    to: 'handling',
    as: 's2-handler',
    role: 'handler',
  });

  at('2026-09-28 10:00');
  r = await act(id, 'report_back', 's2-handler', { reason: '已清理完毕', photos: after });
  expectCase(r, { state: 'checking', step: 'check', dueAt: cst('2026-09-28 12:00'), unit: 's2-sanitation' });
  assert.equal(r.assigneeUserId, userId('inspector2'), 'the grid inspector checks');
  log = await lastEvent(id, {
    action: 'report_back',
    from: 'handling',
    to: 'checking',
    as: 's2-handler',
    role: 'handler',
    reason: '已清理完毕',
    data: { inspectorId: userId('inspector2') },
  });
  assert.deepEqual(log.at(-1).attachments, after);

  at('2026-09-28 10:30');
  r = await act(id, 'check_pass', 'inspector2');
  expectCase(r, { state: 'to_close', step: 'close', dueAt: cst('2026-09-28 11:30'), unit: 's2-sanitation' });
  assert.equal(r.assigneeUserId, null);
  await lastEvent(id, {
    action: 'check_pass',
    from: 'checking',
    to: 'to_close',
    as: 'inspector2',
    role: 'inspector',
  });

  at('2026-09-28 10:45');
  r = await act(id, 'close', 'shift');
  expectCase(r, { state: 'closed', step: null, dueAt: null, unit: 's2-sanitation' });
  assert.equal(r.closedAt, cst('2026-09-28 10:45'));
  await lastEvent(id, { action: 'close', from: 'to_close', to: 'closed', as: 'shift', role: 'shift_leader' });

  at('2026-09-28 14:00');
  r = await act(id, 'callback', 'intake', { satisfaction: 'satisfied' });
  expectCase(r, { state: 'closed', step: null, dueAt: null });
  assert.equal(r.satisfaction, 'satisfied');
  log = await lastEvent(id, {
    action: 'callback',
    from: 'closed',
    to: 'closed',
    as: 'intake',
    role: 'intake_operator',
    data: { satisfaction: 'satisfied' },
  });

  assert.deepEqual(
    log.map((e: { action: string }) => e.action),
    ['intake', 'accept', 'file', 'dispatch', 'sign', 'report_back', 'check_pass', 'close', 'callback'],
  );
  assert.equal(r.version, log.length, 'one version per event');

  // The log is append-only, even for someone with database access.
  await assert.rejects(
    s.db.updateTable('case_events').set({ reason: 'rewritten' }).where('case_id', '=', id).execute(),
    /append-only/,
  );
  await assert.rejects(s.db.deleteFrom('case_events').where('case_id', '=', id).execute(), /append-only/);
  assert.deepEqual(await events(id), log);
});

test('verification: the grid inspector is assigned; confirm accepts, deny rejects', async () => {
  at('2026-09-28 09:00');
  const a = await report({ as: 'intake' });
  at('2026-09-28 09:05');
  let r = await act(a.id, 'request_verification', 'intake');
  expectCase(r, { state: 'verifying', step: 'verify', dueAt: cst('2026-09-28 10:05'), unit: null });
  assert.equal(r.assigneeUserId, userId('inspector2'), "the grid's inspector, not the reporter");
  await lastEvent(a.id, {
    action: 'request_verification',
    from: 'reported',
    to: 'verifying',
    as: 'intake',
    role: 'intake_operator',
    data: { inspectorId: userId('inspector2') },
  });
  at('2026-09-28 09:35');
  r = await act(a.id, 'verify_confirm', 'inspector2');
  expectCase(r, { state: 'accepted', step: 'file', dueAt: cst('2026-09-28 10:05'), unit: null });
  assert.equal(r.assigneeUserId, null);
  await lastEvent(a.id, {
    action: 'verify_confirm',
    from: 'verifying',
    to: 'accepted',
    as: 'inspector2',
    role: 'inspector',
  });

  at('2026-09-28 10:00');
  const b = await report({ as: 'intake' });
  await act(b.id, 'request_verification', 'intake');
  at('2026-09-28 10:20');
  const missing = await act(b.id, 'verify_deny', 'inspector2', {}, 400);
  assert.equal(missing.field, 'reason');
  r = await act(b.id, 'verify_deny', 'inspector2', { reason: '现场未发现垃圾' });
  expectCase(r, { state: 'rejected', step: null, dueAt: null, unit: null });
  assert.equal(r.assigneeUserId, null);
  await lastEvent(b.id, {
    action: 'verify_deny',
    from: 'verifying',
    to: 'rejected',
    as: 'inspector2',
    role: 'inspector',
    reason: '现场未发现垃圾',
  });
  // Only from verifying: a second deny or a confirm is a conflict.
  const again = await act(b.id, 'verify_confirm', 'inspector2', {}, 409);
  assert.equal(again.state, 'rejected');
});

test('reject with a reason; merge into an open case, never into a rejected or merged one or itself', async () => {
  at('2026-09-28 09:00');
  const open = await report();
  const rejected = await report();
  const dup = await report();
  const dup2 = await report();

  at('2026-09-28 09:10');
  const noReason = await act(rejected.id, 'reject', 'intake', {}, 400);
  assert.equal(noReason.field, 'reason');
  let r = await act(rejected.id, 'reject', 'intake', { reason: '不属于城管受理范围' });
  expectCase(r, { state: 'rejected', step: null, dueAt: null, unit: null });
  await lastEvent(rejected.id, {
    action: 'reject',
    from: 'reported',
    to: 'rejected',
    as: 'intake',
    role: 'intake_operator',
    reason: '不属于城管受理范围',
  });

  r = await act(dup.id, 'merge', 'intake', { targetCaseId: open.id });
  expectCase(r, { state: 'merged', step: null, dueAt: null, unit: null });
  assert.equal(r.mergedIntoId, open.id);
  await lastEvent(dup.id, {
    action: 'merge',
    from: 'reported',
    to: 'merged',
    as: 'intake',
    role: 'intake_operator',
    data: { targetCaseId: open.id, targetNumber: open.number },
  });

  const eventsBefore = (await events(dup2.id)).length;
  for (const target of [rejected.id, dup.id]) {
    const refused = await act(dup2.id, 'merge', 'intake', { targetCaseId: target }, 422);
    assert.equal(refused.field, 'targetCaseId');
  }
  const self = await act(dup2.id, 'merge', 'intake', { targetCaseId: dup2.id }, 400);
  assert.equal(self.field, 'targetCaseId');
  const unknown = await act(dup2.id, 'merge', 'intake', { targetCaseId: 99_999_999 }, 422);
  assert.equal(unknown.field, 'targetCaseId');
  const stillOpen = await getCase(dup2.id);
  expectCase(stillOpen, { state: 'reported', step: 'accept', dueAt: cst('2026-09-28 09:30'), unit: null });
  assert.equal(stillOpen.mergedIntoId, null);
  assert.equal((await events(dup2.id)).length, eventsBefore, 'a refused merge writes nothing');
  // The target itself is untouched and still open.
  assert.equal((await getCase(open.id)).state, 'reported');
});

test('return and re-dispatch: the first unit loses the case, the second signs for it', async () => {
  const c = await dispatched('s2-sanitation');
  at('2026-09-28 09:45');
  const noReason = await act(c.id, 'return', 's2-handler', {}, 400);
  assert.equal(noReason.field, 'reason');
  let r = await act(c.id, 'return', 's2-handler', { reason: '不属于本单位职责' });
  expectCase(r, {
    state: 'returned',
    step: 'dispatch',
    dueAt: cst('2026-09-28 10:15'),
    unit: null,
    counts: { return: 1 },
  });
  await lastEvent(c.id, {
    action: 'return',
    from: 'dispatched',
    to: 'returned',
    as: 's2-handler',
    role: 'handler',
    reason: '不属于本单位职责',
    data: { unitId: unit('s2-sanitation').id },
  });

  at('2026-09-28 10:00');
  r = await act(c.id, 'redispatch', 'dispatch', { unitId: unit('sanitation').id });
  // 4 working hours from 10:00 on the station's two shifts (05:00–13:00, 13:00–21:00): 14:00.
  expectCase(r, {
    state: 'dispatched',
    step: 'handle',
    dueAt: cst('2026-09-28 14:00'),
    unit: 'sanitation',
    counts: { return: 1 },
  });
  await lastEvent(c.id, {
    action: 'redispatch',
    from: 'returned',
    to: 'dispatched',
    as: 'dispatch',
    role: 'dispatcher',
    data: { unitId: unit('sanitation').id },
  });
  const row = await s.db
    .selectFrom('cases')
    .select('involved_unit_ids')
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row.involved_unit_ids, [unit('s2-sanitation').id, unit('sanitation').id]);

  // The first unit still sees the case (it was involved) but can no longer act on it.
  at('2026-09-28 10:10');
  const refused = await act(c.id, 'sign', 's2-handler', {}, 403);
  assert.equal(refused.code, 'NOT_IN_SCOPE');
  await act(c.id, 'return', 's2-handler', { reason: 'x' }, 403);
  assert.equal((await getCase(c.id, 's2-handler')).assigneeUnit.id, unit('sanitation').id);

  r = await act(c.id, 'sign', 'sanitation');
  expectCase(r, {
    state: 'handling',
    step: 'handle',
    dueAt: cst('2026-09-28 14:00'),
    unit: 'sanitation',
    counts: { return: 1 },
  });
  await lastEvent(c.id, {
    action: 'sign',
    from: 'dispatched',
    to: 'handling',
    as: 'sanitation',
    role: 'handler',
  });

  // A dispatcher may also correct a dispatch before it is signed for: the event names the unit it left.
  const d = await dispatched('s2-sanitation');
  at('2026-09-28 09:35');
  r = await act(d.id, 'redispatch', 'dispatch', { unitId: unit('sanitation').id });
  // The station's two shifts run straight through: 09:35 + 4 h.
  expectCase(r, { state: 'dispatched', step: 'handle', dueAt: cst('2026-09-28 13:35'), unit: 'sanitation' });
  await lastEvent(d.id, {
    action: 'redispatch',
    from: 'dispatched',
    to: 'dispatched',
    as: 'dispatch',
    role: 'dispatcher',
    data: { unitId: unit('sanitation').id, previousUnitId: unit('s2-sanitation').id },
  });
});

test('postponement: approval extends the deadline by exactly the working time asked for; refusal keeps it', async () => {
  const c = await handling();
  const extension = { amount: 2, unit: 'workDay' };
  at('2026-09-28 10:00');
  const noExtension = await act(c.id, 'request_postponement', 's2-handler', { reason: '需调配车辆' }, 400);
  assert.equal(noExtension.field, 'extension');
  // The handling limit is in working time: a natural day is refused when asked, not at approval.
  const naturalDay = await act(
    c.id,
    'request_postponement',
    's2-handler',
    { reason: '需调配车辆', extension: { amount: 1, unit: 'day' } },
    400,
  );
  assert.equal(naturalDay.field, 'extension');
  assert.match(naturalDay.detail, /working time/);
  let r = await act(c.id, 'request_postponement', 's2-handler', { reason: '需调配车辆', extension });
  expectCase(r, {
    state: 'postponement_requested',
    step: 'handle',
    dueAt: cst('2026-09-28 15:00'),
    unit: 's2-sanitation',
  });
  await lastEvent(c.id, {
    action: 'request_postponement',
    from: 'handling',
    to: 'postponement_requested',
    as: 's2-handler',
    role: 'handler',
    reason: '需调配车辆',
    data: { extension },
  });

  at('2026-09-28 10:30');
  r = await act(c.id, 'approve_postponement', 'dispatch');
  // Two whole working days later (Tue, Wed), same wall-clock time.
  expectCase(r, {
    state: 'handling',
    step: 'handle',
    dueAt: cst('2026-09-30 15:00'),
    unit: 's2-sanitation',
    counts: { postpone: 1 },
  });
  await lastEvent(c.id, {
    action: 'approve_postponement',
    from: 'postponement_requested',
    to: 'handling',
    as: 'dispatch',
    role: 'dispatcher',
    data: { extension, dueAt: cst('2026-09-30 15:00') },
  });

  at('2026-09-28 11:00');
  await act(c.id, 'request_postponement', 's2-handler', {
    reason: '再延一天',
    extension: { amount: 1, unit: 'workDay' },
  });
  at('2026-09-28 11:10');
  await act(c.id, 'refuse_postponement', 'dispatch', {}, 400);
  r = await act(c.id, 'refuse_postponement', 'dispatch', { reason: '已延期一次' });
  expectCase(r, {
    state: 'handling',
    step: 'handle',
    dueAt: cst('2026-09-30 15:00'),
    unit: 's2-sanitation',
    counts: { postpone: 1 },
  });
  await lastEvent(c.id, {
    action: 'refuse_postponement',
    from: 'postponement_requested',
    to: 'handling',
    as: 'dispatch',
    role: 'dispatcher',
    reason: '已延期一次',
  });
  // Only the command centre decides on its own postponements, not the unit asking.
  await act(c.id, 'request_postponement', 's2-handler', { reason: 'x', extension });
  const self = await act(c.id, 'approve_postponement', 's2-handler', {}, 403);
  assert.equal(self.code, 'ROLE_NOT_ALLOWED');
});

test('suspend and resume: back to the state it left, the remaining time kept', async () => {
  const c = await handling();
  at('2026-09-28 10:30'); // 60 of the 240 working minutes used
  let r = await act(c.id, 'suspend', 'dispatch', { reason: '需协调产权单位' });
  expectCase(r, { state: 'suspended', step: 'handle', dueAt: null, unit: 's2-sanitation' });
  assert.equal(r.suspendedFrom, 'handling');
  await lastEvent(c.id, {
    action: 'suspend',
    from: 'handling',
    to: 'suspended',
    as: 'dispatch',
    role: 'dispatcher',
    reason: '需协调产权单位',
  });
  // The unit cannot work a suspended case.
  const blocked = await act(c.id, 'report_back', 's2-handler', { reason: 'x' }, 409);
  assert.equal(blocked.state, 'suspended');

  // Resumed one working day (450 working minutes) later: the 180 minutes left run from there.
  at('2026-09-29 10:30');
  r = await act(c.id, 'resume', 'dispatch');
  expectCase(r, { state: 'handling', step: 'handle', dueAt: cst('2026-09-29 15:00'), unit: 's2-sanitation' });
  assert.equal(r.suspendedFrom, null);
  assert.equal(r.colour, 'blue');
  await lastEvent(c.id, {
    action: 'resume',
    from: 'suspended',
    to: 'handling',
    as: 'dispatch',
    role: 'dispatcher',
    data: { dueAt: cst('2026-09-29 15:00') },
  });

  // Suspended before signing: it goes back to waiting for the signature.
  const d = await dispatched();
  at('2026-09-28 09:45');
  r = await act(d.id, 'suspend', 'dispatch', { reason: '待定' });
  assert.equal(r.suspendedFrom, 'dispatched');
  at('2026-09-28 14:00'); // 09:45–12:00 and 13:30–14:00: 165 working minutes suspended
  r = await act(d.id, 'resume', 'dispatch');
  expectCase(r, {
    state: 'dispatched',
    step: 'handle',
    dueAt: cst('2026-09-29 08:45'),
    unit: 's2-sanitation',
  });
});

test('check fails: rework with a new handling deadline, then pass and close', async () => {
  const c = await checking();
  at('2026-09-28 10:30');
  await act(c.id, 'check_fail', 'inspector2', {}, 400);
  let r = await act(c.id, 'check_fail', 'inspector2', { reason: '仍有残余垃圾' });
  // A fresh 4 working hours from 10:30: 1.5 h before lunch, 2.5 h from 13:30.
  expectCase(r, {
    state: 'handling',
    step: 'handle',
    dueAt: cst('2026-09-28 16:00'),
    unit: 's2-sanitation',
    counts: { rework: 1 },
  });
  assert.equal(r.assigneeUserId, null, "the inspector's task is done; the unit works again");
  await lastEvent(c.id, {
    action: 'check_fail',
    from: 'checking',
    to: 'handling',
    as: 'inspector2',
    role: 'inspector',
    reason: '仍有残余垃圾',
  });

  at('2026-09-28 11:00');
  r = await act(c.id, 'report_back', 's2-handler', { reason: '已返工', photos: AFTER_PHOTOS });
  // Checking is the centre's step: 2 working hours on its round-the-clock schedule.
  expectCase(r, {
    state: 'checking',
    step: 'check',
    dueAt: cst('2026-09-28 13:00'),
    unit: 's2-sanitation',
    counts: { rework: 1 },
  });
  at('2026-09-28 11:30');
  r = await act(c.id, 'check_pass', 'inspector2');
  // Closing is the centre's step too: 1 working hour round the clock.
  expectCase(r, {
    state: 'to_close',
    step: 'close',
    dueAt: cst('2026-09-28 12:30'),
    unit: 's2-sanitation',
    counts: { rework: 1 },
  });
  at('2026-09-28 13:40');
  r = await act(c.id, 'close', 'shift');
  expectCase(r, { state: 'closed', step: null, dueAt: null, unit: 's2-sanitation', counts: { rework: 1 } });
  assert.deepEqual(
    (await events(c.id)).map((e: { action: string }) => e.action),
    [
      'intake',
      'accept',
      'file',
      'dispatch',
      'sign',
      'report_back',
      'check_fail',
      'report_back',
      'check_pass',
      'close',
    ],
  );
});

test('a closed result is rated once: a second callback is 409 and writes nothing', async () => {
  const c = await closed();
  at('2026-09-28 14:00');
  await act(c.id, 'callback', 'intake', { satisfaction: 'basically_satisfied' });
  const before = (await events(c.id)).length;
  const again = await act(
    c.id,
    'callback',
    'shift',
    { satisfaction: 'unsatisfied', reason: '再打一次' },
    409,
  );
  assert.equal(again.code, 'ALREADY_RATED');
  assert.equal(again.field, 'satisfaction');
  const now = await getCase(c.id);
  assert.equal(now.state, 'closed');
  assert.equal(now.satisfaction, 'basically_satisfied');
  assert.equal((await events(c.id)).length, before);
});

test('an unsatisfied callback reopens the case (two events) and it can be dispatched again', async () => {
  const c = await closed();
  at('2026-09-28 14:00');
  const before = (await events(c.id)).length;
  let r = await act(c.id, 'callback', 'intake', { satisfaction: 'unsatisfied', reason: '垃圾又堆起来了' });
  expectCase(r, {
    state: 'filed',
    step: 'dispatch',
    dueAt: cst('2026-09-28 14:30'),
    unit: null,
    counts: { reopen: 1 },
  });
  assert.equal(r.closedAt, null);
  const log = await events(c.id);
  assert.equal(log.length, before + 2);
  expectEvent(log.at(-2), {
    action: 'callback',
    from: 'closed',
    to: 'closed',
    as: 'intake',
    role: 'intake_operator',
    reason: '垃圾又堆起来了',
    data: { satisfaction: 'unsatisfied' },
  });
  expectEvent(log.at(-1), {
    action: 'reopen',
    from: 'closed',
    to: 'filed',
    as: 'intake',
    role: 'intake_operator',
    reason: '垃圾又堆起来了',
    data: { dueAt: cst('2026-09-28 14:30') },
  });

  at('2026-09-28 14:10');
  r = await act(c.id, 'dispatch', 'dispatch', { unitId: unit('s2-sanitation').id });
  expectCase(r, {
    state: 'dispatched',
    step: 'handle',
    dueAt: cst('2026-09-29 09:10'),
    unit: 's2-sanitation',
    counts: { reopen: 1 },
  });
  r = await act(c.id, 'sign', 's2-handler');
  assert.equal(r.state, 'handling');
});

test('supervision actions append events and keep the state; handlers may not take them', async () => {
  const c = await handling();
  const base = await getCase(c.id);
  let version = base.version;
  for (const [i, action] of (['remind', 'urge', 'supervise', 'hold_accountable'] as const).entries()) {
    at(`2026-09-28 1${i}:15`);
    const r = await act(c.id, action, 'supervisor', { reason: `${action} 请尽快处置` });
    expectCase(r, { state: 'handling', step: 'handle', dueAt: base.dueAt, unit: 's2-sanitation' });
    assert.equal(r.version, ++version);
    await lastEvent(c.id, {
      action,
      from: 'handling',
      to: 'handling',
      as: 'supervisor',
      role: 'supervisor',
      reason: `${action} 请尽快处置`,
    });
    const refused = await act(c.id, action, 's2-handler', { reason: 'x' }, 403);
    assert.equal(refused.code, 'ROLE_NOT_ALLOWED');
  }
  const noReason = await act(c.id, 'urge', 'supervisor', {}, 400);
  assert.equal(noReason.field, 'reason');
  // Leaders may urge too; nobody urges a finished case.
  at('2026-09-28 14:30');
  await act(c.id, 'urge', 'leader', { reason: '领导批示：限期解决' });
  await lastEvent(c.id, { action: 'urge', from: 'handling', to: 'handling', as: 'leader', role: 'leader' });
  const done = await closed();
  const late = await act(done.id, 'remind', 'supervisor', { reason: 'x' }, 409);
  assert.equal(late.state, 'closed');
});

test('refusals: 409 with the current state, 403 for the wrong role, 400 naming the missing field', async () => {
  const c = await dispatched();
  const id = c.id as number;
  const before = (await events(id)).length;

  // Illegal transitions by a role that could take the action in another state.
  for (const [action, as, body] of [
    ['file', 'shift', {}],
    ['close', 'shift', {}],
    ['check_pass', 'inspector2', {}],
    ['accept', 'intake', {}],
    ['resume', 'dispatch', {}],
    ['callback', 'intake', { satisfaction: 'satisfied' }],
  ] as const) {
    const r = await act(id, action, as, body, 409);
    assert.equal(r.code, 'CONFLICT');
    assert.equal(r.state, 'dispatched', action);
    assert.equal(r.version, c.version, action);
  }

  // Roles that may never take the action.
  for (const [action, as, body] of [
    ['dispatch', 'intake', { unitId: unit('s2-sanitation').id }],
    ['file', 'dispatch', {}],
    ['sign', 'dispatch', {}],
    ['check_pass', 's2-handler', {}],
    ['accept', 'inspector2', {}],
  ] as const) {
    const r = await act(id, action, as, body, 403);
    assert.equal(r.code, 'ROLE_NOT_ALLOWED', action);
  }

  // Missing inputs, named.
  const f = await dispatched();
  at('2026-09-28 09:40');
  const filedCase = await report();
  await act(filedCase.id, 'file', 'shift');
  let r = await act(filedCase.id, 'dispatch', 'dispatch', {}, 400);
  assert.equal(r.field, 'unitId');
  r = await act(filedCase.id, 'dispatch', 'dispatch', { unitId: 99_999 }, 422);
  assert.equal(r.field, 'unitId');
  r = await act(f.id, 'return', 's2-handler', { reason: '   ' }, 400);
  assert.equal(r.code, 'MISSING_FIELD');
  assert.equal(r.field, 'reason');
  r = await act(f.id, 'redispatch', 'dispatch', {}, 400);
  assert.equal(r.field, 'unitId');
  await act(f.id, 'sign', 's2-handler');
  r = await act(f.id, 'report_back', 's2-handler', {}, 400);
  assert.equal(r.field, 'reason');
  r = await act(
    f.id,
    'request_postponement',
    's2-handler',
    { extension: { amount: 1, unit: 'workDay' } },
    400,
  );
  assert.equal(r.field, 'reason');

  // A unit never closes its own case, not even once the check has passed.
  await act(f.id, 'report_back', 's2-handler', { reason: '已处置', photos: AFTER_PHOTOS });
  await act(f.id, 'check_pass', 'inspector2');
  r = await act(f.id, 'close', 's2-handler', {}, 403);
  assert.equal(r.code, 'ROLE_NOT_ALLOWED');
  assert.equal((await getCase(f.id)).state, 'to_close');

  // None of the refused requests wrote anything.
  assert.equal((await events(id)).length, before);
  assert.equal((await getCase(id)).version, c.version);
});

test('concurrency: of two simultaneous sign-fors exactly one wins; a stale version is refused', async () => {
  // Two handlers who may both act for the district sanitation unit (its own and its parent bureau's).
  const a = await dispatched('sanitation');
  at('2026-09-28 09:40');
  const results = await Promise.all([
    call('POST', `/api/cases/${a.id}/sign`, { as: 'sanitation', body: {} }),
    call('POST', `/api/cases/${a.id}/sign`, { as: 'greening', body: {} }),
  ]);
  assert.deepEqual(
    results.map((x) => x.status).sort(),
    [200, 409],
    JSON.stringify(results.map((x) => x.body)),
  );
  const loser = results.find((x) => x.status === 409)!;
  assert.equal(loser.body.state, 'handling');
  let signs = (await events(a.id)).filter((e: { action: string }) => e.action === 'sign');
  assert.equal(signs.length, 1);

  // The same action twice at once by the same person.
  const b = await dispatched();
  const twice = await Promise.all(
    [1, 2].map(() => call('POST', `/api/cases/${b.id}/sign`, { as: 's2-handler', body: {} })),
  );
  assert.deepEqual(twice.map((x) => x.status).sort(), [200, 409]);
  signs = (await events(b.id)).filter((e: { action: string }) => e.action === 'sign');
  assert.equal(signs.length, 1);

  // Optimistic check: the client says which version it saw.
  const current = await getCase(b.id);
  const stale = await act(
    b.id,
    'report_back',
    's2-handler',
    { reason: '已处置', expectedVersion: current.version - 1 },
    409,
  );
  assert.equal(stale.version, current.version);
  assert.equal(stale.state, 'handling');
  const ok = await act(b.id, 'report_back', 's2-handler', {
    reason: '已处置',
    photos: AFTER_PHOTOS,
    expectedVersion: current.version,
  });
  assert.equal(ok.version, current.version + 1);
});

test('idempotent intake: the same Idempotency-Key gives the same case, once', async () => {
  at('2026-09-28 11:00');
  const countCases = async () =>
    (
      await s.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const casesBefore = await countCases();
  const body = {
    source: 'inspector',
    kind: 'event',
    classCode: GARBAGE,
    description: '重复提交的上报',
    location: await s.pointIn(S2),
  };
  const headers = { 'idempotency-key': 'retry-key-0001' };
  const first = await call('POST', '/api/cases', { as: 'inspector2', body, headers });
  const second = await call('POST', '/api/cases', { as: 'inspector2', body, headers });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.equal(second.body.id, first.body.id);
  assert.equal(second.body.number, first.body.number);
  assert.equal(await countCases(), casesBefore + 1);
  const intakeEvents = await s.db
    .selectFrom('case_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', first.body.id)
    .executeTakeFirstOrThrow();
  assert.equal(intakeEvents.n, 1);

  // Retried at the same time: still one case.
  const racing = await Promise.all(
    [1, 2].map(() =>
      call('POST', '/api/cases', {
        as: 'inspector2',
        body,
        headers: { 'idempotency-key': 'retry-key-0002' },
      }),
    ),
  );
  assert.deepEqual(racing.map((x) => x.status).sort(), [200, 201]);
  assert.equal(racing[0]!.body.id, racing[1]!.body.id);

  const other = await call('POST', '/api/cases', {
    as: 'inspector2',
    body,
    headers: { 'idempotency-key': 'retry-key-0003' },
  });
  assert.equal(other.status, 201);
  assert.notEqual(other.body.id, first.body.id);
  assert.equal(await countCases(), casesBefore + 3);
  // The same key with another report: 422 naming the key, not the first case again.
  const reused = await call('POST', '/api/cases', {
    as: 'inspector2',
    body: { ...body, description: '另一处暴露垃圾' },
    headers,
  });
  assert.equal(reused.status, 422, JSON.stringify(reused.body));
  assert.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal(reused.body.field, 'Idempotency-Key');
  assert.match(reused.body.detail, /retry-key-0001/);
  assert.equal(await countCases(), casesBefore + 3);
  // fields in another order are the same report
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  const retry = await call('POST', '/api/cases', { as: 'inspector2', body: reordered, headers });
  assert.deepEqual([retry.status, retry.body.id], [200, first.body.id]);
});
