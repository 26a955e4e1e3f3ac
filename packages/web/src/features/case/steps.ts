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
    const dueAt = typeof e.data.dueAt === 'string' ? e.data.dueAt : null;
    if (previous && !previous.endedAt && (step !== previous.step || e.fromState !== e.toState)) {
      // the same step can run on (a note, a reminder) without ending
      if (step === previous.step && !dueAt) continue;
      previous.endedAt = e.at;
    }
    if (!step || (previous && previous.step === step && !previous.endedAt)) {
      if (previous && dueAt && previous.step === step) previous.dueAt = dueAt; // extended
      continue;
    }
    rows.push({ key: e.seq, step, startedAt: e.at, dueAt, endedAt: null, outcome: 'running' });
  }
  for (const r of rows) {
    if (!r.dueAt) r.outcome = 'untimed';
    else if (r.endedAt) r.outcome = new Date(r.endedAt) <= new Date(r.dueAt) ? 'on_time' : 'late';
    else r.outcome = new Date(r.dueAt) < now ? 'late' : 'running';
  }
  return rows;
}
