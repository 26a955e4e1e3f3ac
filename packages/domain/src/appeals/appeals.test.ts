import assert from 'node:assert/strict';
import test from 'node:test';
import { limitToMinutes, OFFICE_SCHEDULE } from '../calendar/index.ts';
import { isErrorCode } from '../errors/index.ts';
import { APPEAL_STATES, appealMove, DEFAULT_APPEAL_REVIEW_LIMIT, oneLevelUp } from './index.ts';

test('submitted → under review → upheld or overturned, nothing else', () => {
  assert.deepEqual(appealMove(null, 'submit', '不是我们的'), { to: 'submitted' });
  assert.deepEqual(appealMove('submitted', 'start_review', null), { to: 'under_review' });
  assert.deepEqual(appealMove('under_review', 'uphold', '理由充分'), { to: 'upheld' });
  assert.deepEqual(appealMove('under_review', 'overturn', '确属他人职责'), { to: 'overturned' });
  const allowed = new Set([
    'null submit',
    'submitted start_review',
    'under_review uphold',
    'under_review overturn',
  ]);
  for (const state of [null, ...APPEAL_STATES])
    for (const action of ['submit', 'start_review', 'uphold', 'overturn'] as const) {
      const move = appealMove(state, action, 'r');
      if (allowed.has(`${state} ${action}`)) assert.ok('to' in move);
      else assert.equal('refusal' in move && move.refusal.code, 'CONFLICT', `${state} ${action}`);
    }
});

test('submitting and deciding need a reason; starting a review does not', () => {
  for (const [state, action] of [
    [null, 'submit'],
    ['under_review', 'uphold'],
    ['under_review', 'overturn'],
  ] as const) {
    const move = appealMove(state, action, '  ');
    assert.ok('refusal' in move);
    assert.equal(move.refusal.code, 'MISSING_FIELD');
    assert.equal(move.refusal.field, 'reason');
    assert.ok(isErrorCode(move.refusal.code));
  }
});

test('the default review limit is 3 working days of the reviewer’s schedule', () => {
  // The office day is 08:30–12:00 and 13:30–17:30: 7.5 hours, so 3 days are 1350 working minutes.
  assert.deepEqual(limitToMinutes(DEFAULT_APPEAL_REVIEW_LIMIT, OFFICE_SCHEDULE), {
    minutes: 1350,
    working: true,
  });
});

test('one level up is the decider’s parent unit', () => {
  assert.deepEqual(oneLevelUp(['12', '3', '1']), ['3']);
  assert.deepEqual(oneLevelUp(['1']), []);
});
