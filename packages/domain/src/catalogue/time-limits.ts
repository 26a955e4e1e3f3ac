import type {
  AreaClass,
  ClockKind,
  MinorClass,
  NaturalTimeUnit,
  TimeLimit,
  TimeUnit,
  WorkingTimeUnit,
} from './types.ts';

const NATURAL_UNIT_MINUTES: Record<NaturalTimeUnit, number> = { minute: 1, hour: 60, day: 1440 };
/** Working units measured in working minutes: 1 workHour = 60, 1 workDay = 8 workHours. */
const WORKING_UNIT_MINUTES: Record<WorkingTimeUnit, number> = { workMinute: 1, workHour: 60, workDay: 480 };

export function isNaturalUnit(unit: TimeUnit): unit is NaturalTimeUnit {
  return unit in NATURAL_UNIT_MINUTES;
}

export function isWorkingUnit(unit: TimeUnit): unit is WorkingTimeUnit {
  return unit in WORKING_UNIT_MINUTES;
}

/** Working units belong to the working clock, natural units to the natural clock. */
export function clockOfUnit(unit: TimeUnit): ClockKind {
  return isWorkingUnit(unit) ? 'working' : 'natural';
}

/**
 * The limit in minutes of its own clock (natural minutes or working minutes, with a working day
 * counted as 8 working hours). Only for comparing limits on the same clock (A ≤ B ≤ C, sign ≤
 * handle); a real deadline must be computed by the working-time calendar.
 */
export function comparableMinutes(limit: TimeLimit): number {
  return isWorkingUnit(limit.unit)
    ? limit.amount * WORKING_UNIT_MINUTES[limit.unit]
    : limit.amount * NATURAL_UNIT_MINUTES[limit.unit];
}

/** Steps of the closed loop whose limits are global, not per class. */
export type StepName = 'verify' | 'file' | 'dispatch' | 'sign' | 'check' | 'close' | 'callback';
export const STEP_NAMES: readonly StepName[] = [
  'verify',
  'file',
  'dispatch',
  'sign',
  'check',
  'close',
  'callback',
];

/**
 * Global step limits for classes on the working clock. The domain guide (docs/domain.md, "Time
 * limits and warnings") asks for filing and dispatch within minutes and checking within hours;
 * the values follow common city practice (an inspector is in his own grid, so verifying or
 * checking a spot takes about an hour).
 *
 * - verify 核实: 1 working hour from the verification request to the inspector's report.
 * - file 立案: 30 working minutes from intake (or verification) to filing or rejection.
 * - dispatch 派遣: 30 working minutes from filing to dispatch.
 * - sign 签收: 1 working hour from dispatch to the unit signing for the task.
 * - check 核查: 2 working hours from the unit's report-back to the inspector's check.
 * - close 结案: 1 working hour from a passed check to closure.
 * - callback 回访: 2 working days from closure to the reporter's callback.
 */
export const DEFAULT_STEP_LIMITS: Readonly<Record<StepName, TimeLimit>> = {
  verify: { amount: 1, unit: 'workHour' },
  file: { amount: 30, unit: 'workMinute' },
  dispatch: { amount: 30, unit: 'workMinute' },
  sign: { amount: 1, unit: 'workHour' },
  check: { amount: 2, unit: 'workHour' },
  close: { amount: 1, unit: 'workHour' },
  callback: { amount: 2, unit: 'workDay' },
};

/**
 * Step limits for classes on the natural clock (urgent and emergency classes): every step of
 * such a case runs on wall time, day and night, and is tighter.
 */
export const NATURAL_STEP_LIMITS: Readonly<Record<StepName, TimeLimit>> = {
  verify: { amount: 30, unit: 'minute' },
  file: { amount: 10, unit: 'minute' },
  dispatch: { amount: 10, unit: 'minute' },
  sign: { amount: 15, unit: 'minute' },
  check: { amount: 1, unit: 'hour' },
  close: { amount: 30, unit: 'minute' },
  callback: { amount: 1, unit: 'day' },
};

export function stepLimitsForClock(clock: ClockKind): Readonly<Record<StepName, TimeLimit>> {
  return clock === 'natural' ? NATURAL_STEP_LIMITS : DEFAULT_STEP_LIMITS;
}

/** The handling limit of a class in an area class. */
export function handleLimitFor(minor: MinorClass, areaClass: AreaClass): TimeLimit {
  return minor.limits[areaClass].handle;
}

/** The sign-for limit of a class in an area class: its own, else the default for its clock. */
export function signLimitFor(minor: MinorClass, areaClass: AreaClass): TimeLimit {
  return minor.limits[areaClass].sign ?? stepLimitsForClock(minor.clock).sign;
}
