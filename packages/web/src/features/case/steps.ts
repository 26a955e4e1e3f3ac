// The deadlines of a case step by step, read from its event log: every event that starts a step
// records the step's due time; the step ends at the next event that moves the case on.

import { STEP_OF_STATE, type CaseState } from '@xiuhua/domain/workflow';
import type { CaseEvent } from '../../api/types.ts';

export interface StepRow {
  key: number;
  step: string;
  startedAt: string;
  dueAt: string | null;
  endedAt: string | null;
  /** How the step ended against its deadline: on time, late, or still running. */
  outcome: 'on_time' | 'late' | 'running' | 'untimed';
}

export function stepsOf(events: readonly CaseEvent[], now: Date = new Date()): StepRow[] {
  const rows: StepRow[] = [];
  for (const e of events) {
    const step = STEP_OF_STATE[e.toState as CaseState];
    const previous = rows[rows.length - 1];
    const running = previous && !previous.endedAt ? previous : undefined;
    const dueAt = typeof e.data.dueAt === 'string' ? e.data.dueAt : null;
    // suspended: the step keeps running with its clock stopped, and resumes as the same step
    if (e.toState === 'suspended') continue;
    // the same step runs on (signing, a note, a reminder, a postponement: a later due time), unless
    // the case goes to another unit, whose handling is a step of its own
    if (running && step === running.step && e.action !== 'redispatch') {
      if (dueAt) running.dueAt = dueAt;
      continue;
    }
    if (running) running.endedAt = e.at;
    if (!step) continue;
    rows.push({ key: e.seq, step, startedAt: e.at, dueAt, endedAt: null, outcome: 'running' });
  }
  for (const r of rows) {
    if (!r.dueAt) r.outcome = 'untimed';
    else if (r.endedAt) r.outcome = new Date(r.endedAt) <= new Date(r.dueAt) ? 'on_time' : 'late';
    else r.outcome = new Date(r.dueAt) < now ? 'late' : 'running';
  }
  return rows;
}
