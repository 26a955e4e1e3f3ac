// The hotline's two notes on a case: the first reply (先行回复) and an unanswered callback
// (回访未接通). Neither changes the state or the step clock; only the centre records them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refusalCode } from '../testing.ts';
import { decide } from './decide.ts';
import { CASE_STATES, type CaseState } from './states.ts';
import { availableActions, transitionOf } from './transitions.ts';

describe('first reply', () => {
  test('recorded in every state, keeping it and the clock', () => {
    for (const state of CASE_STATES) {
      const d = decide(
        { state, suspendedFrom: state === 'suspended' ? 'handling' : null },
        'first_reply',
        'intake_operator',
        {
          reason: '已登记，将尽快处理',
        },
      );
      assert.equal(d.to, state);
      assert.deepEqual(d.clock, { kind: 'keep' });
    }
    assert.equal(transitionOf('first_reply').counter, undefined);
  });

  test('needs the text, and the centre’s roles', () => {
    assert.equal(
      refusalCode(() =>
        decide({ state: 'reported', suspendedFrom: null }, 'first_reply', 'intake_operator', {}),
      ),
      'MISSING_FIELD',
    );
    for (const role of ['handler', 'dispatcher', 'inspector', 'citizen', 'system'] as const) {
      assert.equal(
        refusalCode(() =>
          decide({ state: 'reported', suspendedFrom: null }, 'first_reply', role, { reason: 'x' }),
        ),
        'ROLE_NOT_ALLOWED',
        role,
      );
    }
    assert.ok(availableActions('handling', ['shift_leader']).includes('first_reply'));
  });
});

describe('callback not reached', () => {
  test('only on a closed case, which stays closed', () => {
    const d = decide({ state: 'closed', suspendedFrom: null }, 'callback_failed', 'intake_operator', {
      reason: '无人接听',
    });
    assert.equal(d.to, 'closed');
    const open: CaseState[] = CASE_STATES.filter((s) => s !== 'closed');
    for (const state of open) {
      assert.equal(
        refusalCode(() =>
          decide({ state, suspendedFrom: null }, 'callback_failed', 'shift_leader', { reason: 'x' }),
        ),
        'INVALID_TRANSITION',
        state,
      );
    }
    assert.equal(
      refusalCode(() =>
        decide({ state: 'closed', suspendedFrom: null }, 'callback_failed', 'citizen', { reason: 'x' }),
      ),
      'ROLE_NOT_ALLOWED',
    );
    assert.equal(
      refusalCode(() =>
        decide({ state: 'closed', suspendedFrom: null }, 'callback_failed', 'intake_operator', {}),
      ),
      'MISSING_FIELD',
    );
  });
});
