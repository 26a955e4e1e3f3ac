// The running step's clock on a case: which limit a step starts with, the derived columns
// (due_at, colour, next_colour_at) it is stored with, and the extension a postponement request
// asked for.

import {
  type StepClock,
  type TimeLimit,
  colourOf,
  nextChangeOf,
  scheduleOf,
  startStep,
} from '@xiuhua/domain/calendar';
import type { StepName } from '@xiuhua/domain/catalogue';
import type { Step } from '@xiuhua/domain/workflow';
import type { TimeRules } from '../calendar/service.ts';
import type { Trx } from './deps.ts';

const STEP_LIMIT_NAME: Record<Exclude<Step, 'handle'>, StepName> = {
  accept: 'file',
  verify: 'verify',
  file: 'file',
  dispatch: 'dispatch',
  check: 'check',
  close: 'close',
};

/** A step's limit: the class's own if it has one, else the global setting for its kind of time. */
export function stepLimit(step: StepName, clock: string, rules: TimeRules, own?: TimeLimit): TimeLimit {
  return own ?? (clock === 'natural' ? rules.stepLimits.natural : rules.stepLimits.working)[step];
}

export function startClock(
  step: Step,
  clock: string,
  limits: unknown,
  areaClass: string,
  now: Date,
  rules: TimeRules,
): StepClock {
  const limit =
    step === 'handle'
      ? (limits as Record<string, { handle: TimeLimit }>)[areaClass]!.handle
      : stepLimit(STEP_LIMIT_NAME[step], clock, rules);
  return startStep(now, limit, rules.hours, rules.thresholds);
}

export function clockColumns(clock: StepClock | null, now: Date, rules: TimeRules) {
  if (!clock) return { step_clock: null, due_at: null, colour: null, next_colour_at: null };
  const schedule = scheduleOf(clock, rules.calendar, rules.hours);
  return {
    step_clock: JSON.stringify(clock),
    due_at: schedule?.dueAt ?? null,
    colour: colourOf(clock, now, rules.calendar, rules.hours),
    next_colour_at: nextChangeOf(clock, now, rules.calendar, rules.hours),
  };
}

/** The extension the latest postponement request asked for (an approval may grant it as asked). */
export async function requestedExtension(trx: Trx, caseId: number): Promise<TimeLimit | null> {
  const ev = await trx
    .selectFrom('case_events')
    .select('data')
    .where('case_id', '=', caseId)
    .where('action', '=', 'request_postponement')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return (ev?.data.extension as TimeLimit | undefined) ?? null;
}
