// 监管分离 through the API: cases go to handling units only; nobody checks, closes or calls back on
// a case he or his unit (or a unit above his) signed for or reported back on — the parent street
// office may; a unit marked dualRole may, and the event says the rule was waived.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道
const GARBAGE = '06010';

const units = new Map(
  (await s.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
);
const unitId = (code: string) => units.get(code)!;

async function filed() {
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: GARBAGE,
      description: '垃圾',
      location: await s.pointIn(S1),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await s.act('intake', res.body.id, 'accept');
  return await s.act('shift', res.body.id, 'file');
}

/** Dispatched to 江川路环卫所, handled by `handler`, checked: waiting to be closed. */
async function toClose(handler: string) {
  const c = await filed();
  await s.act('dispatch', c.id, 'dispatch', { unitId: unitId('s1-sanitation') });
  await s.act(handler, c.id, 'sign');
  await s.act(handler, c.id, 'report-back', { reason: '已清理', photos: AFTER_PHOTOS });
  return await s.act('inspector1', c.id, 'check-pass');
}

const close = (as: string, id: number) => s.call('POST', `/api/cases/${id}/close`, { as, body: {} });

test('cases are dispatched to handling units only; the picker offers no other', async () => {
  const c = await filed();
  for (const code of ['command', 'supervision', 's1-office']) {
    const res = await s.call('POST', `/api/cases/${c.id}/dispatch`, {
      as: 'dispatch',
      body: { unitId: unitId(code) },
    });
    assert.equal(res.status, 422, `${code}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, 'UNIT_NOT_ELIGIBLE');
    assert.equal(res.body.field, 'unitId');
  }
  const picker = await s.call('GET', `/api/lookups/dispatch-units?caseId=${c.id}`, { as: 'dispatch' });
  assert.equal(picker.status, 200, JSON.stringify(picker.body));
  const offered = new Set(picker.body.map((u: any) => u.id));
  assert.ok(offered.has(unitId('s1-sanitation')));
  for (const code of ['command', 'supervision', 's1-office', 'city-centre'])
    assert.ok(!offered.has(unitId(code)), code);
});

test('a handler who is also a shift leader cannot close what he handled; the street office can', async () => {
  const c = await toClose('s1-duty');
  const events = await s.count('case_events');
  const refused = await close('s1-duty', c.id);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'SEPARATION_OF_DUTIES');
  assert.match(refused.body.message, /监管分离/);
  assert.equal(refused.body.earlierEvent.action, 'sign', 'names the earlier event');
  assert.equal(typeof refused.body.earlierEvent.seq, 'number');
  assert.equal(await s.count('case_events'), events, 'a refusal writes nothing');

  const closed = await close('s1-shift', c.id);
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.equal(closed.body.state, 'closed');
  const log = (await s.call('GET', `/api/cases/${c.id}/events`, { as: 'shift' })).body;
  assert.equal(log.at(-1).action, 'close');
  assert.equal(log.at(-1).data.separationWaived, undefined);
});

test('the unit binds its members: a colleague of the squad cannot check its work', async () => {
  // A squad member who is also an inspector, given the check by name at the report-back.
  const res = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username: 's1-squad-checker',
      displayName: '环卫所兼职监督员',
      password: 'xiuhua-demo',
      unitId: unitId('s1-sanitation'),
      roles: ['inspector'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const c = await filed();
  await s.act('dispatch', c.id, 'dispatch', { unitId: unitId('s1-sanitation') });
  await s.act('s1-handler', c.id, 'sign');
  await s.act('s1-handler', c.id, 'report-back', {
    reason: '已清理',
    photos: AFTER_PHOTOS,
    inspectorId: res.body.id,
  });
  const refused = await s.call('POST', `/api/cases/${c.id}/check-pass`, { as: 's1-squad-checker', body: {} });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'SEPARATION_OF_DUTIES');
  assert.equal(refused.body.earlierEvent.action, 'sign');
});

test('a dualRole unit may judge its own work, and the event records the waiver', async () => {
  const c = await toClose('s1-duty');
  const marked = await s.call('PATCH', `/api/units/${unitId('s1-office')}`, {
    as: 'admin',
    body: { dualRole: true },
  });
  assert.equal(marked.status, 200, JSON.stringify(marked.body));
  assert.equal(marked.body.dualRole, true);
  assert.equal(marked.body.side, 'command');
  try {
    const closed = await close('s1-duty', c.id);
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const log = (await s.call('GET', `/api/cases/${c.id}/events`, { as: 'shift' })).body;
    assert.equal(log.at(-1).action, 'close');
    assert.equal(log.at(-1).data.separationWaived, true);
  } finally {
    await s.call('PATCH', `/api/units/${unitId('s1-sanitation')}`, {
      as: 'admin',
      body: { dualRole: false },
    });
  }
});

test('a unit takes the side of its kind unless the admin names one', async () => {
  const list = (await s.call('GET', '/api/units', { as: 'admin' })).body as any[];
  const side = (code: string) => list.find((u) => u.code === code)?.side;
  assert.equal(side('supervision'), 'supervision');
  assert.equal(side('command'), 'command');
  assert.equal(side('s1-office'), 'command');
  assert.equal(side('s1-sanitation'), 'handling');
  const created = await s.call('POST', '/api/units', {
    as: 'admin',
    body: {
      code: 's1-grid-station',
      name: '江川路网格工作站',
      kind: 'community_office',
      areaCode: S1,
      side: 'supervision',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.side, 'supervision');
  assert.equal(created.body.dualRole, false);
});
