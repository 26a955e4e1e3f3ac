import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DisputeEvent, disputeMoveRefusal, judgeReturns, returnsOpeningDispute } from './disputes.ts';

const ev = (seq: number, action: string, actorUnitId: number | null = null, data = {}): DisputeEvent => ({
  seq,
  action,
  actorUnitId,
  data,
});
const notOurs = (seq: number, unit: number, suggested?: number) =>
  ev(seq, 'return', unit, {
    returnKind: 'not_our_duty',
    ...(suggested ? { suggestedUnitId: suggested } : {}),
  });

test('the second "not our duty" return since the filing opens a dispute, by any units', () => {
  const base = [ev(1, 'intake'), ev(2, 'file'), ev(3, 'dispatch', 9)];
  assert.equal(returnsOpeningDispute([...base, notOurs(4, 5)]), null, 'one return is not a dispute');
  assert.deepEqual(
    returnsOpeningDispute([...base, notOurs(4, 5, 6), ev(5, 'redispatch', 9), notOurs(6, 6)]),
    [
      { seq: 4, unitId: 5, suggestedUnitId: 6 },
      { seq: 6, unitId: 6, suggestedUnitId: null },
    ],
  );
  // the same unit twice is a dispute too
  assert.equal(
    returnsOpeningDispute([...base, notOurs(4, 5), ev(5, 'redispatch', 9), notOurs(6, 5)])?.length,
    2,
  );
});

test('other reasons, returns before the last filing, and an open dispute do not count', () => {
  const other = ev(4, 'return', 5, { returnKind: 'wrong_location' });
  assert.equal(returnsOpeningDispute([ev(1, 'file'), other, ev(5, 'redispatch'), notOurs(6, 6)]), null);
  assert.equal(
    returnsOpeningDispute([ev(1, 'file'), notOurs(2, 5), ev(3, 'close'), ev(4, 'reopen'), notOurs(5, 6)]),
    null,
    'the reopening starts a new cycle',
  );
  const opened = [ev(1, 'file'), notOurs(2, 5), notOurs(3, 6), ev(4, 'dispute_opened'), notOurs(5, 7)];
  assert.equal(returnsOpeningDispute(opened), null, 'one dispute per filing');
  assert.equal(returnsOpeningDispute([ev(1, 'file'), notOurs(2, 5), notOurs(3, 6), ev(4, 'remind')]), null);
});

test('a ruling judges each return by the unit ruled responsible', () => {
  const returns = [
    { seq: 4, unitId: 5, suggestedUnitId: 6 },
    { seq: 6, unitId: 6, suggestedUnitId: null },
  ];
  assert.deepEqual(
    judgeReturns(returns, 6).map((r) => r.justified),
    [true, false],
  );
  assert.deepEqual(
    judgeReturns(returns, 7).map((r) => r.justified),
    [true, true],
  );
});

test('rule, appeal, final ruling: each from its own state', () => {
  assert.equal(disputeMoveRefusal('open', 'rule'), null);
  assert.equal(disputeMoveRefusal('ruled', 'appeal'), null);
  assert.equal(disputeMoveRefusal('appealed', 'final'), null);
  assert.match(disputeMoveRefusal('ruled', 'rule')!, /ruled cannot be ruled/);
  assert.match(disputeMoveRefusal('final', 'appeal')!, /final/);
});
