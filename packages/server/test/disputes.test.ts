// Jurisdiction disputes (权属争议) through the API, with figures worked out by hand: two units return
// a case as not theirs; the second return opens a dispute with a ruling deadline for the district
// command centre; the centre rules 江川路环卫所 responsible; the squad appeals to the city centre,
// which overturns and rules the district enforcement bureau responsible, finally; the case is
// re-dispatched there. The returns are then judged: the squad's justified (it counts against the
// dispatcher's 准确派遣率), the bureau's unjustified (退回不当率 100 % for the bureau).
// Monday 2026-09-28, China Standard Time; the district centre keeps 7×24 hours.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePeriod } from '@xiuhua/domain/assessment';
import { sweepAll } from '../src/cases/sweeper.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道

const units = new Map(
  (await s.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
);
const unitId = (code: string) => units.get(code)!;
const userId = async (username: string) =>
  (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const cst = (day: number, hhmm: string) => new Date(`2026-09-${day}T${hhmm}:00+08:00`);
const at = (hhmm: string, day = 28) => s.clock.set(cst(day, hhmm).toISOString());

const notOurs = (suggested: string) => ({
  reason: '非本单位职责',
  returnKind: 'not_our_duty',
  suggestedUnitId: unitId(suggested),
});

let caseId = 0;
let disputeId = 0;

test('the second "not our duty" return opens a dispute with a ruling deadline', async () => {
  at('09:00');
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: '06010',
      description: '江川路 128 号门前暴露垃圾约 3 袋',
      location: await s.pointIn(S1),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  caseId = res.body.id;
  await s.act('intake', caseId, 'accept');
  await s.act('shift', caseId, 'file');
  at('09:10');
  await s.act('dispatch', caseId, 'dispatch', { unitId: unitId('s1-sanitation') });
  at('09:20');
  await s.act('s1-handler', caseId, 'return', notOurs('enforcement'));
  assert.deepEqual((await s.call('GET', `/api/disputes?caseId=${caseId}`, { as: 'dispatch' })).body, []);
  // another reason never opens one
  at('09:30');
  await s.act('dispatch', caseId, 'redispatch', { unitId: unitId('enforcement') });
  at('09:40');
  await s.act('enforcement', caseId, 'return', notOurs('s1-sanitation'));

  const list = await s.call('GET', `/api/disputes?caseId=${caseId}`, { as: 'dispatch' });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.length, 1);
  const d = list.body[0];
  disputeId = d.id;
  assert.equal(d.state, 'open');
  assert.equal(d.centreUnit.id, unitId('command'));
  assert.deepEqual(
    d.returns.map((r: { unitId: number; suggestedUnitId: number }) => [r.unitId, r.suggestedUnitId]),
    [
      [unitId('s1-sanitation'), unitId('enforcement')],
      [unitId('enforcement'), unitId('s1-sanitation')],
    ],
  );
  // 1 working day on the centre's round-the-clock hours: due Tuesday 09:40; yellow from 21:40.
  assert.equal(d.rulingDueAt, cst(29, '09:40').toISOString());
  assert.equal(d.rulingColour, 'blue');
  at('21:41');
  await sweepAll(s.db, s.app.services.time, s.clock.now());
  assert.equal(
    (await s.call('GET', `/api/disputes/${disputeId}`, { as: 'dispatch' })).body.rulingColour,
    'yellow',
  );
  const events = (await s.call('GET', `/api/cases/${caseId}/events`, { as: 'dispatch' })).body;
  assert.equal(events.at(-1).action, 'dispute_opened');
  assert.equal(events.at(-1).actionName, '权属争议');
});

test('ruling, appeal, overturned, final ruling, re-dispatch; the indicators judge the returns', async () => {
  at('22:00');
  const refused: [string, string, unknown, number, string][] = [
    [
      's1-handler',
      'rule',
      { responsibleUnitId: unitId('s1-sanitation'), reason: '属环卫' },
      403,
      'ROLE_NOT_ALLOWED',
    ],
    [
      's1-dispatch',
      'rule',
      { responsibleUnitId: unitId('s1-sanitation'), reason: '属环卫' },
      403,
      'NOT_IN_SCOPE',
    ],
    [
      'dispatch',
      'rule',
      { responsibleUnitId: unitId('command'), reason: '指挥中心' },
      422,
      'UNIT_NOT_ELIGIBLE',
    ],
    [
      'dispatch',
      'rule',
      { responsibleUnitId: unitId('s2-sanitation'), reason: '古美' },
      422,
      'UNIT_NOT_ELIGIBLE',
    ],
    ['dispatch', 'rule', { responsibleUnitId: unitId('s1-sanitation') }, 400, 'VALIDATION'],
    ['s1-handler', 'appeal', { reason: '不服' }, 403, 'NOT_IN_SCOPE'], // nobody is ruled responsible yet
  ];
  const before = await s.count('case_events');
  for (const [who, move, body, status, code] of refused) {
    const res = await s.call('POST', `/api/disputes/${disputeId}/${move}`, { as: who, body });
    assert.equal(res.status, status, `${who} ${move}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code, `${who} ${move}`);
  }
  assert.equal(await s.count('case_events'), before, 'refusals write nothing');

  const ruled = await s.call('POST', `/api/disputes/${disputeId}/rule`, {
    as: 'dispatch',
    body: { responsibleUnitId: unitId('s1-sanitation'), reason: '路面垃圾属环卫所清运' },
  });
  assert.equal(ruled.status, 200, JSON.stringify(ruled.body));
  assert.equal(ruled.body.state, 'ruled');
  assert.deepEqual(
    ruled.body.returns.map((r: { justified: boolean }) => r.justified),
    [false, true],
  );

  at('22:10');
  const appealed = await s.call('POST', `/api/disputes/${disputeId}/appeal`, {
    as: 's1-handler',
    body: { reason: '该处为执法中队管辖的占道堆物' },
  });
  assert.equal(appealed.status, 200, JSON.stringify(appealed.body));
  assert.equal(appealed.body.state, 'appealed');
  assert.deepEqual(
    appealed.body.appeal.reviewUnitIds,
    [unitId('city-centre')],
    'one level up: the city centre',
  );
  const appealId = appealed.body.appeal.id;
  assert.equal(
    (await s.call('POST', `/api/appeals/${appealId}/start-review`, { as: 'dispatch', body: {} })).status,
    403,
    'the ruling centre does not review its own ruling',
  );
  at('09:00', 29);
  assert.equal(
    (await s.call('POST', `/api/appeals/${appealId}/start-review`, { as: 'leader', body: {} })).status,
    200,
  );
  const decided = await s.call('POST', `/api/appeals/${appealId}/decide`, {
    as: 'leader',
    body: { outcome: 'overturned', reason: '现场为商户占道堆放，属执法' },
  });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  const waiting = (await s.call('GET', `/api/disputes/${disputeId}`, { as: 'dispatch' })).body;
  assert.equal(waiting.state, 'appealed');
  assert.equal(waiting.appeal.state, 'overturned');
  assert.equal(
    (
      await s.call('POST', `/api/disputes/${disputeId}/final`, {
        as: 'dispatch',
        body: { responsibleUnitId: unitId('enforcement'), reason: '终裁' },
      })
    ).status,
    403,
    'only the reviewing level rules finally',
  );
  at('09:10', 29);
  const final = await s.call('POST', `/api/disputes/${disputeId}/final`, {
    as: 'leader',
    body: {
      responsibleUnitId: unitId('enforcement'),
      reason: '商户占道堆物由区城管执法局处理',
      correctRouting: true,
    },
  });
  assert.equal(final.status, 200, JSON.stringify(final.body));
  assert.equal(final.body.state, 'final');
  assert.deepEqual(
    final.body.returns.map((r: { justified: boolean }) => r.justified),
    [true, false],
  );
  // the routing at fault is corrected with the ruling: 暴露垃圾 in 江川路 now goes to the bureau
  const rule = await s.db
    .selectFrom('routing_rules')
    .selectAll()
    .where('label', '=', `权属争议裁定 #${disputeId}`)
    .executeTakeFirstOrThrow();
  assert.deepEqual([rule.class_code, rule.area_code, rule.unit_id], ['06010', S1, unitId('enforcement')]);
  const suggestion = await s.call('GET', `/api/cases/${caseId}/routing-suggestion`, { as: 'dispatch' });
  assert.equal(suggestion.body.unitId, unitId('enforcement'), JSON.stringify(suggestion.body));
  at('09:20', 29);
  await s.act('dispatch', caseId, 'redispatch', { unitId: unitId('enforcement') });

  const events = (await s.call('GET', `/api/cases/${caseId}/events`, { as: 'dispatch' })).body;
  assert.deepEqual(
    events
      .filter((e: { action: string }) => e.action.startsWith('dispute_'))
      .map((e: { action: string; actor: { userId: number } }) => [e.action, e.actor.userId]),
    [
      ['dispute_opened', await userId('enforcement')],
      ['dispute_ruled', await userId('dispatch')],
      ['dispute_appealed', await userId('s1-handler')],
      ['dispute_final', await userId('leader')],
    ],
  );

  // The figures, by hand. Returns: the squad's (justified), the bureau's (unjustified).
  at('10:00', 29); // the figures count what happened before now
  const engine = s.app.services.engine;
  const SEPT = parsePeriod('2026-09');
  const figure = async (level: 'unit' | 'person', id: number, indicator: string) => {
    const f = (await engine.figures(SEPT, level, { subjectIds: [String(id)] })).find(
      (x) => x.indicator === indicator,
    );
    return f && [f.numerator, f.denominator, f.value];
  };
  assert.deepEqual(await figure('unit', unitId('enforcement'), 'unjustified_return_rate'), [1, 1, 100]);
  assert.deepEqual(await figure('unit', unitId('s1-sanitation'), 'unjustified_return_rate'), [0, 1, 0]);
  // Three dispatches by 陈派遣; the one the squad rightly returned counts against him: 2 of 3.
  assert.deepEqual(await figure('person', await userId('dispatch'), 'accurate_dispatch'), [2, 3, 66.67]);
});
