// The running step's clock on a case: which limit a step starts with, what a transition's clock
// effect (start, stop, suspend, resume, extend) makes of it, the derived columns (due_at, colour,
// next_colour_at) it is stored with, and the extension a postponement request asked for.

import type { CaseRow } from '@xiuhua/db';
import {
  type StepClock,
  type TimeLimit,
  colourOf,
  extendStep,
  nextChangeOf,
  resumeStep,
  scheduleOf,
  startStep,
  suspendStep,
} from '@xiuhua/domain/calendar';
import type { StepName } from '@xiuhua/domain/catalogue';
import type { ActionInput, ClockEffect, Step } from '@xiuhua/domain/workflow';
import { parseStepClock, type TimeRules } from '../calendar/service.ts';
import { AppError } from '../platform/errors.ts';
import type { Trx } from './deps.ts';

/** What the clock reads of the class version a case runs under. */
export interface ClassClock {
  clock: string;
  limits: unknown;
}

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

/** The running step and its clock after a transition's clock effect. */
export function clockAfter(
  effect: ClockEffect,
  row: Pick<CaseRow, 'step_clock' | 'step' | 'area_class'>,
  cls: ClassClock,
  extension: ActionInput['extension'],
  now: Date,
  rules: TimeRules,
): { clock: StepClock | null; step: string | null } {
  const previous = parseStepClock(row.step_clock);
  if (effect.kind === 'start') {
    return {
      clock: startClock(effect.step, cls.clock, cls.limits, row.area_class, now, rules),
      step: effect.step,
    };
  }
  if (effect.kind === 'stop') return { clock: null, step: null };
  let clock = previous;
  if (effect.kind === 'suspend' && previous) {
    clock = suspendStep(previous, now, rules.calendar, rules.hours);
  } else if (effect.kind === 'resume' && previous) {
    clock = resumeStep(previous, now);
  } else if (effect.kind === 'extend' && previous && extension) {
    try {
      clock = extendStep(previous, extension as TimeLimit, rules.hours);
    } catch (e) {
      throw new AppError(400, 'INVALID_FIELD', (e as Error).message, 'extension');
    }
  }
  return { clock, step: row.step };
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
