import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refusalCode } from '../testing.ts';
import { decide, followUpOfCallback } from './decide.ts';
import type { ActorRole } from './roles.ts';
import { CASE_STATES, type CaseState, OPEN_STATES } from './states.ts';
import { availableActions, type CaseAction, TRANSITIONS } from './transitions.ts';

function run(path: [CaseAction, ActorRole, Record<string, unknown>?][], start: CaseState = 'reported') {
  let state: CaseState = start;
  let suspendedFrom: CaseState | null = null;
  const visited: CaseState[] = [state];
  for (const [action, role, input] of path) {
    const d = decide({ state, suspendedFrom }, action, role, input ?? {});
    state = d.to;
    suspendedFrom = d.suspendedFrom;
    visited.push(state);
  }
  return visited;
}

describe('the closed loop', () => {
  test('report to closure', () => {
    assert.deepEqual(
      run([
        ['accept', 'intake_operator'],
        ['file', 'shift_leader'],
        ['dispatch', 'dispatcher', { unitId: 'u1' }],
        ['sign', 'handler'],
        ['report_back', 'handler', { reason: '已清理' }],
        ['check_pass', 'inspector'],
        ['close', 'shift_leader'],
        ['callback', 'intake_operator', { satisfaction: 'satisfied' }],
      ]),
      ['reported', 'accepted', 'filed', 'dispatched', 'handling', 'checking', 'to_close', 'closed', 'closed'],
    );
  });

  test('verification, return and re-dispatch, postponement, rework, reopen', () => {
    const states = run([
      ['request_verification', 'intake_operator'],
      ['verify_confirm', 'inspector'],
      ['file', 'shift_leader'],
      ['dispatch', 'dispatcher', { unitId: 'u1' }],
      ['return', 'handler', { reason: '非本单位职责' }],
      ['redispatch', 'dispatcher', { unitId: 'u2' }],
      ['sign', 'handler'],
      [
        'request_postponement',
        'handler',
        { reason: '需采购配件', extension: { amount: 2, unit: 'workDay' } },
      ],
      ['approve_postponement', 'dispatcher'],
      ['report_back', 'handler', { reason: 'done' }],
      ['check_fail', 'inspector', { reason: '仍有垃圾' }],
      ['report_back', 'handler', { reason: 'done again' }],
      ['check_pass', 'inspector'],
      ['close', 'shift_leader'],
      ['reopen', 'system', { reason: '市民不满意' }],
    ]);
    assert.equal(states.at(-1), 'filed');
    assert.equal(states[5], 'returned');
    assert.equal(states[11], 'handling');
  });

  test('suspend returns to the state it was suspended from', () => {
    assert.deepEqual(
      run(
        [
          ['suspend', 'dispatcher', { reason: '需市级协调' }],
          ['resume', 'dispatcher'],
        ],
        'handling',
      ),
      ['handling', 'suspended', 'handling'],
    );
    assert.deepEqual(
      run(
        [
          ['suspend', 'shift_leader', { reason: '待拆迁' }],
          ['resume', 'shift_leader'],
        ],
        'returned',
      ).at(-1),
      'returned',
    );
  });

  test('rejection and merge end the case', () => {
    assert.equal(run([['reject', 'intake_operator', { reason: '不属于城管范围' }]]).at(-1), 'rejected');
    assert.equal(run([['merge', 'intake_operator', { targetCaseId: '7' }]]).at(-1), 'merged');
    assert.equal(
      run([
        ['request_verification', 'intake_operator'],
        ['verify_deny', 'inspector', { reason: '现场无此问题' }],
      ]).at(-1),
      'rejected',
    );
  });

  test('wrong role, wrong state and missing input are refused with their codes', () => {
    assert.equal(
      refusalCode(() =>
        decide({ state: 'filed', suspendedFrom: null }, 'dispatch', 'handler', { unitId: 'u' }),
      ),
      'ROLE_NOT_ALLOWED',
    );
    assert.equal(
      refusalCode(() =>
        decide({ state: 'reported', suspendedFrom: null }, 'dispatch', 'dispatcher', { unitId: 'u' }),
      ),
      'INVALID_TRANSITION',
    );
    assert.equal(
      refusalCode(() => decide({ state: 'filed', suspendedFrom: null }, 'dispatch', 'dispatcher', {})),
      'MISSING_FIELD',
    );
    assert.equal(
      refusalCode(() =>
        decide({ state: 'handling', suspendedFrom: null }, 'return', 'handler', { reason: '  ' }),
      ),
      'MISSING_FIELD',
    );
    assert.equal(
      refusalCode(() => decide({ state: 'closed', suspendedFrom: null }, 'close', 'shift_leader', {})),
      'INVALID_TRANSITION',
    );
    // A unit never closes its own case.
    assert.equal(
      refusalCode(() => decide({ state: 'to_close', suspendedFrom: null }, 'close', 'handler', {})),
      'ROLE_NOT_ALLOWED',
    );
  });

  test('supervision actions keep the state and work on every open case only', () => {
    for (const state of OPEN_STATES) {
      assert.equal(
        decide({ state, suspendedFrom: null }, 'urge', 'supervisor', { reason: '请尽快' }).to,
        state,
      );
    }
    assert.equal(
      refusalCode(() =>
        decide({ state: 'closed', suspendedFrom: null }, 'urge', 'supervisor', { reason: 'x' }),
      ),
      'INVALID_TRANSITION',
    );
  });

  test('an unsatisfied callback reopens', () => {
    assert.equal(followUpOfCallback('unsatisfied'), 'reopen');
    assert.equal(followUpOfCallback('basically_satisfied'), null);
  });

  test('every state is reachable and every non-final state has a way out', () => {
    const reachable = new Set<CaseState>(['reported']);
    for (const t of TRANSITIONS)
      if (typeof t.to === 'string' && t.to !== 'same' && t.to !== 'previous') reachable.add(t.to);
    assert.deepEqual([...reachable].sort(), [...CASE_STATES].sort());
    for (const state of OPEN_STATES) {
      const exits = TRANSITIONS.filter((t) => t.from.includes(state) && t.to !== 'same');
      assert.ok(exits.length > 0, `${state} has no exit`);
    }
  });

  test('available actions follow roles', () => {
    assert.deepEqual(availableActions('dispatched', ['handler']), ['sign', 'return']);
    assert.ok(availableActions('handling', ['dispatcher']).includes('suspend'));
  });
});
