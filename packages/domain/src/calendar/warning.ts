// Warning colours (预警) for a step's time limit, and the step clock that survives suspension and
// postponement.
//
// Colours by share of the limit used: blue (正常, normal) below `yellow`; yellow (黄灯) from
// `yellow`; orange (橙灯) from `orange`; red (红灯, overdue) from `red` = 1.0, i.e. from the due
// instant on. Supervisors act by colour: remind → urge → supervise → hold to account.
//
// A WarningSchedule is the three instants at which the colour changes. The server stores the next
// of them (nextChangeAt) in an indexed column; its sweeper picks the rows whose instant has passed,
// recolours them and stores their next instant (null once red). So each sweep costs in proportion
// to the cases that change colour, not to all open cases.
//
// StepClock — one step's clock as a plain, storable value:
//   startedAt     when the step's clock first started (for records)
//   limitMinutes  the allowance, including every extension (延期), in minutes of its kind
//   working       true: working minutes on the calendar; false: natural minutes (urgent classes)
//   usedMinutes   minutes used by runs that have ended, i.e. before the last suspension (挂账)
//   suspended     whether the clock is stopped
//   since         when the current state began: the start of the current run, or of the suspension
//   thresholds    the colour shares
// Used time at `now` = usedMinutes + (running ? minutes from `since` to `now` : 0). The schedule of a
// running step is rebuilt from `since`: the colour whose share is s comes after (s × limit −
// usedMinutes) more minutes, so a step that used 30% before its suspension turns yellow (50%)
// after 20% more of its limit once resumed. A suspended step has no schedule; its colour is frozen
// at the share it had used. An extension adds to the limit and the shares apply to the new limit
// (a granted postponement can turn a step back from red). A workDay limit is turned into minutes
// when the step starts or is extended, so a later change of working hours does not move it.
import { CalendarConfigError, type WorkingDayCalendar } from './calendar.ts';
import { addMinutes, limitToMinutes, minutesBetween, type TimeLimit, type WorkingTime } from './clock.ts';

export type WarningColour = 'blue' | 'yellow' | 'orange' | 'red';

/** Shares of the limit used at which each colour begins: 0 < yellow < orange < red = 1. */
export interface WarningThresholds {
  readonly yellow: number;
  readonly orange: number;
  readonly red: number;
}

export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = Object.freeze({
  yellow: 0.5,
  orange: 0.8,
  red: 1,
});

/** Checks thresholds from configuration; returns a frozen copy or throws CalendarConfigError. */
export function parseWarningThresholds(input: unknown): WarningThresholds {
  const { yellow, orange, red } = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  if (typeof yellow !== 'number' || typeof orange !== 'number' || typeof red !== 'number') {
    throw new CalendarConfigError('Warning thresholds need numbers { yellow, orange, red }');
  }
  if (red !== 1) {
    throw new CalendarConfigError(
      `The red threshold is the deadline itself and must be 1 (100%), got ${red}`,
    );
  }
  if (!(yellow > 0 && yellow < orange && orange < red)) {
    throw new CalendarConfigError(
      `Warning thresholds must satisfy 0 < yellow < orange < 1, got yellow ${yellow}, orange ${orange}`,
    );
  }
  return Object.freeze({ yellow, orange, red });
}

/** The instants at which the colour turns yellow, orange and red (due). */
export interface WarningSchedule {
  readonly yellowAt: Date;
  readonly orangeAt: Date;
  readonly dueAt: Date;
}

/** Colour for a share of the limit used (1 = all of it). */
export function colourForShare(
  share: number,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): WarningColour {
  if (share >= thresholds.red) return 'red';
  if (share >= thresholds.orange) return 'orange';
  if (share >= thresholds.yellow) return 'yellow';
  return 'blue';
}

/** The schedule of a limit started at `start` and never suspended. */
export function warningSchedule(
  start: Date,
  limit: TimeLimit,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): WarningSchedule {
  return scheduleOf(startStep(start, limit, hours, thresholds), cal, hours)!;
}

/** The colour at `now`: each colour holds from its instant on (red from dueAt on). */
export function colourAt(schedule: WarningSchedule, now: Date): WarningColour {
  const t = now.getTime();
  if (t >= schedule.dueAt.getTime()) return 'red';
  if (t >= schedule.orangeAt.getTime()) return 'orange';
  if (t >= schedule.yellowAt.getTime()) return 'yellow';
  return 'blue';
}

/** The next instant after `now` at which the colour changes, or null once red. */
export function nextChangeAt(schedule: WarningSchedule, now: Date): Date | null {
  const t = now.getTime();
  for (const instant of [schedule.yellowAt, schedule.orangeAt, schedule.dueAt]) {
    if (instant.getTime() > t) return instant;
  }
  return null;
}

export interface StepClock {
  readonly startedAt: Date;
  readonly limitMinutes: number;
  readonly working: boolean;
  readonly usedMinutes: number;
  readonly suspended: boolean;
  readonly since: Date;
  readonly thresholds: WarningThresholds;
}

export function startStep(
  start: Date,
  limit: TimeLimit,
  hours: WorkingTime,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): StepClock {
  const { minutes, working } = limitToMinutes(limit, hours);
  return {
    startedAt: start,
    limitMinutes: minutes,
    working,
    usedMinutes: 0,
    suspended: false,
    since: start,
    thresholds: parseWarningThresholds(thresholds),
  };
}

/** Minutes of the limit used by `at` (may exceed the limit once overdue). */
export function usedMinutesAt(
  step: StepClock,
  at: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): number {
  if (step.suspended) return step.usedMinutes;
  return step.usedMinutes + minutesBetween(step.since, at, step.working, cal, hours);
}

/** Minutes of the limit left at `at`; negative once overdue. */
export function remainingMinutesAt(
  step: StepClock,
  at: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): number {
  return step.limitMinutes - usedMinutesAt(step, at, cal, hours);
}

/** Stops the clock at `at` (挂账/缓办), keeping the minutes used so far. */
export function suspendStep(
  step: StepClock,
  at: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): StepClock {
  if (step.suspended) throw new Error('The step clock is already suspended');
  checkNotBefore(at, step.since, 'suspend');
  return { ...step, usedMinutes: usedMinutesAt(step, at, cal, hours), suspended: true, since: at };
}

/** Restarts a suspended clock at `at`; the remaining minutes run from there. */
export function resumeStep(step: StepClock, at: Date): StepClock {
  if (!step.suspended) throw new Error('The step clock is not suspended');
  checkNotBefore(at, step.since, 'resume');
  return { ...step, suspended: false, since: at };
}

/** Adds an approved postponement (延期) to the limit. It must be of the step's kind of time. */
export function extendStep(step: StepClock, extra: TimeLimit, hours: WorkingTime): StepClock {
  const { minutes, working } = limitToMinutes(extra, hours);
  if (working !== step.working) {
    const kinds = (w: boolean) => (w ? 'working time' : 'natural time');
    throw new CalendarConfigError(
      `Cannot extend a limit in ${kinds(step.working)} by ${extra.amount} ${extra.unit} (${kinds(working)})`,
    );
  }
  return { ...step, limitMinutes: step.limitMinutes + minutes };
}

/** The colour-change instants of a running step; null while it is suspended. */
export function scheduleOf(
  step: StepClock,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): WarningSchedule | null {
  if (step.suspended) return null;
  const at = (share: number) =>
    addMinutes(
      step.since,
      Math.max(0, share * step.limitMinutes - step.usedMinutes),
      step.working,
      cal,
      hours,
    );
  return {
    yellowAt: at(step.thresholds.yellow),
    orangeAt: at(step.thresholds.orange),
    dueAt: at(step.thresholds.red),
  };
}

export function colourOf(
  step: StepClock,
  now: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): WarningColour {
  if (step.suspended) return colourForShare(shareUsed(step.usedMinutes, step.limitMinutes), step.thresholds);
  return colourAt(scheduleOf(step, cal, hours)!, now);
}

/** When the step's colour next changes after `now`; null while suspended or once red. */
export function nextChangeOf(
  step: StepClock,
  now: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): Date | null {
  const schedule = scheduleOf(step, cal, hours);
  return schedule ? nextChangeAt(schedule, now) : null;
}

function shareUsed(used: number, limit: number): number {
  return limit > 0 ? used / limit : 1;
}

function checkNotBefore(at: Date, since: Date, action: string): void {
  if (at.getTime() < since.getTime()) {
    throw new RangeError(`Cannot ${action} at ${at.toISOString()}, before ${since.toISOString()}`);
  }
}
