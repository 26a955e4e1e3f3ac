// The find/handle modes through the API (docs/routing.md): a street's own grid staff report to the
// street centre, which dispatches inside the street at a street's level or escalates (上报) to the
// district centre; the district hands down (下派) to the street centre; every hand-off starts a new
// dispatch step on the receiving centre's hours, and the on-time dispatch rate is charged to the
// centre that held the case when its step ended. Times are China Standard Time on Monday
// 2026-09-28; the street office keeps office hours (08:30–12:00), the district centre 7×24.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepAll } from '../src/cases/sweeper.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道
const GARBAGE = '06010'; // 暴露垃圾: normal, so a street-level case

const units = new Map(
  (await s.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
);
const unitId = (code: string) => units.get(code)!;
const cst = (hhmm: string) => new Date(`2026-09-28T${hhmm}:00+08:00`);
const at = (hhmm: string) => s.clock.set(cst(hhmm).toISOString());
const iso = (hhmm: string) => cst(hhmm).toISOString();

async function reportedBy(username: string, source: string) {
  const res = await s.call('POST', '/api/cases', {
    as: username,
    body: {
      source,
      kind: 'event',
      classCode: GARBAGE,
      description: '江川路暴露垃圾约3袋',
      location: await s.pointIn(S1),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const sweepColour = async (id: number) => {
  await sweepAll(s.db, s.app.services.time, s.clock.now());
  return (await s.call('GET', `/api/cases/${id}`, { as: 'dispatch' })).body.colour;
};

test('street finds → escalate → hand down → street handles → close, with each centre’s dispatch step', async () => {
  at('09:00');
  const c = await reportedBy('s1-grid', 'inspector');
  assert.deepEqual(c.centreUnit, { id: unitId('s1-office'), name: c.centreUnit.name });
  assert.equal(c.level, 'street');
  at('09:05');
  await s.act('s1-shift', c.id, 'accept');
  at('09:10');
  const filed = await s.act('s1-shift', c.id, 'file');
  assert.equal(filed.dueAt, iso('09:40'), 'dispatch: 30 working minutes on the street office’s hours');

  const offered = async (who: string) =>
    (await s.call('GET', `/api/cases/${c.id}`, { as: who })).body.availableActions.filter((a: string) =>
      ['dispatch', 'escalate', 'hand_down'].includes(a),
    );
  assert.deepEqual(await offered('s1-dispatch'), ['dispatch', 'escalate']);
  assert.deepEqual(
    await offered('dispatch'),
    [],
    'the street holds it: the district neither dispatches nor hands down',
  );
  // The street centre may pass it up to the district centre and nowhere else.
  const up = await s.call('GET', `/api/lookups/dispatch-units?caseId=${c.id}&for=escalate`, {
    as: 's1-dispatch',
  });
  assert.equal(up.status, 200, JSON.stringify(up.body));
  assert.deepEqual(
    up.body.map((u: { code: string }) => u.code),
    ['command'],
  );
  at('09:20');
  const escalated = await s.act('s1-dispatch', c.id, 'escalate', { reason: '需区级部门处置' });
  assert.equal(escalated.state, 'filed');
  assert.equal(escalated.level, 'district');
  assert.equal(escalated.centreUnit.id, unitId('command'));
  assert.equal(escalated.step, 'dispatch');
  assert.equal(escalated.dueAt, iso('09:50'), 'a new dispatch step, 30 minutes on the centre’s 7×24 hours');

  // A district-level case: the street no longer dispatches it.
  const refused = await s.call('POST', `/api/cases/${c.id}/dispatch`, {
    as: 's1-dispatch',
    body: { unitId: unitId('s1-sanitation') },
  });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'NOT_IN_SCOPE');

  // Colours of the district centre's step: yellow from 09:35, orange from 09:44, red from 09:50.
  at('09:36');
  assert.equal(await sweepColour(c.id), 'yellow');
  at('09:45');
  assert.equal(await sweepColour(c.id), 'orange');
  at('09:51');
  assert.equal(await sweepColour(c.id), 'red');

  // The district finds it a street matter after all and hands it down, late.
  const down = await s.call('GET', `/api/lookups/dispatch-units?caseId=${c.id}&for=hand_down`, {
    as: 'dispatch',
  });
  assert.deepEqual(
    down.body.map((u: { code: string }) => u.code),
    ['s1-office'],
  );
  at('10:00');
  const handedDown = await s.act('dispatch', c.id, 'hand_down', { unitId: unitId('s1-office') });
  assert.equal(handedDown.level, 'street');
  assert.equal(handedDown.centreUnit.id, unitId('s1-office'));
  assert.equal(handedDown.dueAt, iso('10:30'));
  assert.equal(handedDown.colour, 'blue');
  // The district may not dispatch what the street holds.
  const snatched = await s.call('POST', `/api/cases/${c.id}/dispatch`, {
    as: 'dispatch',
    body: { unitId: unitId('s1-sanitation') },
  });
  assert.equal(snatched.status, 403, JSON.stringify(snatched.body));
  assert.equal(snatched.body.code, 'NOT_IN_SCOPE');

  at('10:10');
  await s.act('s1-dispatch', c.id, 'dispatch', { unitId: unitId('s1-sanitation') });
  await s.act('s1-handler', c.id, 'sign');
  await s.act('s1-handler', c.id, 'report-back', { reason: '已清运', photos: AFTER_PHOTOS });
  await s.act('inspector1', c.id, 'check-pass');
  const closed = await s.act('s1-shift', c.id, 'close');
  assert.equal(closed.state, 'closed');

  const events = (await s.call('GET', `/api/cases/${c.id}/events`, { as: 'dispatch' })).body;
  const passed = events.filter(
    (e: { action: string }) => e.action === 'escalate' || e.action === 'hand_down',
  );
  assert.deepEqual(
    passed.map((e: { action: string; data: { centreUnitId: number; level: string } }) => [
      e.action,
      e.data.centreUnitId,
      e.data.level,
    ]),
    [
      ['escalate', unitId('command'), 'district'],
      ['hand_down', unitId('s1-office'), 'street'],
    ],
  );

  // 派遣按时率: each dispatch step charged to the centre that held the case when it ended.
  const facts = await s.db
    .selectFrom('assessment_facts')
    .select(['outcome', 'unit_id'])
    .where('case_id', '=', c.id)
    .where('kind', '=', 'dispatch')
    .orderBy('ord')
    .execute();
  assert.deepEqual(facts, [
    { outcome: 'on_time', unit_id: unitId('s1-office') }, // escalated at 09:20, due 09:40
    { outcome: 'late', unit_id: unitId('command') }, // handed down at 10:00, due 09:50
    { outcome: 'on_time', unit_id: unitId('s1-office') }, // dispatched at 10:10, due 10:30
  ]);
});

test('city finds: the district centre dispatches to street units or hands down; bad hand-offs are refused', async () => {
  at('11:00');
  const c = await reportedBy('inspector1', 'inspector');
  assert.equal(c.centreUnit, null, 'held by the centre over the whole area');
  await s.act('intake', c.id, 'accept');
  await s.act('shift', c.id, 'file');
  const before = await s.count('case_events');
  const cases = async () =>
    (await s.db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirstOrThrow())
      .version;
  const version = await cases();
  const refusals: [string, string, Record<string, unknown>, number, string][] = [
    ['dispatch', 'hand_down', { unitId: unitId('command') }, 422, 'UNIT_NOT_ELIGIBLE'],
    ['dispatch', 'hand_down', { unitId: unitId('s1-sanitation') }, 422, 'UNIT_NOT_ELIGIBLE'],
    ['dispatch', 'hand_down', { unitId: unitId('s2-office') }, 422, 'UNIT_NOT_ELIGIBLE'],
    ['dispatch', 'hand_down', { unitId: unitId('s1-office'), level: 'district' }, 400, 'INVALID_FIELD'],
    ['dispatch', 'hand_down', {}, 400, 'VALIDATION'],
    ['dispatch', 'escalate', { reason: '上报' }, 403, 'NOT_IN_SCOPE'],
    ['s1-dispatch', 'escalate', { reason: '上报', unitId: unitId('s1-office') }, 422, 'UNIT_NOT_ELIGIBLE'],
    ['s1-dispatch', 'escalate', { reason: '上报', level: 'street' }, 400, 'INVALID_FIELD'],
    ['s1-dispatch', 'escalate', {}, 400, 'VALIDATION'],
    ['intake', 'escalate', { reason: '上报' }, 403, 'ROLE_NOT_ALLOWED'],
  ];
  for (const [who, action, body, status, code] of refusals) {
    const res = await s.call('POST', `/api/cases/${c.id}/${action.replace('_', '-')}`, { as: who, body });
    assert.equal(res.status, status, `${who} ${action} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code, `${who} ${action} ${JSON.stringify(body)}`);
  }
  assert.equal(await s.count('case_events'), before, 'refusals write nothing');
  assert.equal(await cases(), version);
  // City finds, street handles — directly.
  const sent = await s.act('dispatch', c.id, 'dispatch', { unitId: unitId('s1-sanitation') });
  assert.equal(sent.state, 'dispatched');
});
