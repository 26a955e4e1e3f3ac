// 环节时限 read from a case's event log (the events as the API gives them).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseEvent } from '../../api/types.ts';
import { stepsOf } from './steps.ts';

let seq = 0;
const ev = (action: string, fromState: string | null, toState: string, at: string, data: object = {}) =>
  ({ seq: ++seq, action, fromState, toState, at: `2026-09-28T${at}:00.000Z`, data }) as unknown as CaseEvent;

test('signing does not start a second 处置: one row from dispatch to report-back', () => {
  seq = 0;
  const rows = stepsOf([
    ev('intake', null, 'reported', '01:00', { dueAt: '2026-09-28T01:30:00.000Z' }),
    ev('accept', 'reported', 'accepted', '01:05', { dueAt: '2026-09-28T01:30:00.000Z' }),
    ev('file', 'accepted', 'filed', '01:10', { dueAt: '2026-09-28T01:40:00.000Z' }),
    ev('dispatch', 'filed', 'dispatched', '01:15', { dueAt: '2026-09-28T06:30:00.000Z' }),
    ev('sign', 'dispatched', 'handling', '01:20', { dueAt: '2026-09-28T06:30:00.000Z' }),
    ev('report_back', 'handling', 'checking', '03:00', { dueAt: '2026-09-28T04:00:00.000Z' }),
  ]);
  assert.deepEqual(
    rows.map((r) => r.step),
    ['accept', 'file', 'dispatch', 'handle', 'check'],
  );
  const handle = rows[3]!;
  assert.equal(handle.startedAt, '2026-09-28T01:15:00.000Z');
  assert.equal(handle.endedAt, '2026-09-28T03:00:00.000Z');
  assert.equal(handle.outcome, 'on_time');
});

test('a suspension and a postponement keep the step; a redispatch or a failed check is a new 处置', () => {
  seq = 0;
  const rows = stepsOf([
    ev('dispatch', 'filed', 'dispatched', '01:00', { dueAt: '2026-09-28T05:00:00.000Z' }),
    ev('sign', 'dispatched', 'handling', '01:10'),
    ev('suspend', 'handling', 'suspended', '01:20'),
    ev('resume', 'suspended', 'handling', '02:20', { dueAt: '2026-09-28T06:00:00.000Z' }),
    ev('request_postponement', 'handling', 'postponement_requested', '02:30'),
    ev('approve_postponement', 'postponement_requested', 'handling', '02:40', {
      dueAt: '2026-09-28T09:00:00.000Z',
    }),
    ev('redispatch', 'handling', 'dispatched', '03:00', { dueAt: '2026-09-28T08:00:00.000Z' }),
    ev('sign', 'dispatched', 'handling', '03:10'),
    ev('report_back', 'handling', 'checking', '04:00', { dueAt: '2026-09-28T05:00:00.000Z' }),
    ev('check_fail', 'checking', 'handling', '04:30', { dueAt: '2026-09-28T07:00:00.000Z' }),
  ]);
  assert.deepEqual(
    rows.map((r) => [
      r.step,
      r.startedAt.slice(11, 16),
      r.endedAt?.slice(11, 16) ?? null,
      r.dueAt?.slice(11, 16),
    ]),
    [
      ['handle', '01:00', '03:00', '09:00'],
      ['handle', '03:00', '04:00', '08:00'],
      ['check', '04:00', '04:30', '05:00'],
      ['handle', '04:30', null, '07:00'],
    ],
  );
});
