// Time limits and deadlines. Natural time (minute/hour/day) is plain elapsed time; working time
// (workMinute/workHour/workDay) runs only inside the working periods of working days, in UTC+8.
// 1 workDay = the working minutes of one full working day under the configured hours, so a limit of
// N workDays started inside a working period ends at the same wall-clock time N working days later.
// Internally everything is in milliseconds, so starts with seconds are exact; minute results may be
// fractional in that case. Spans are walked day by day (whole working days at once), never minute
// by minute.
import { CalendarConfigError, type WorkingDayCalendar } from './calendar.ts';
import { cstDayNumber, cstDayStart, isoDateOfDay, MS_PER_DAY, MS_PER_MINUTE } from './cst.ts';
import { type DutySchedule, scheduleDay, scheduleMinutesPerDay } from './schedule.ts';
import {
  type CompiledWorkingHours,
  compileWorkingHours,
  type WorkingHours,
  workingMinutesPerDay,
} from './working-hours.ts';

/**
 * Whose hours working time runs on: legacy working hours (the same periods on every working day of
 * the calendar) or a duty schedule (weekly periods and a holiday rule, see schedule.ts).
 */
export type WorkingTime = WorkingHours | DutySchedule;

function isHours(time: WorkingTime): time is WorkingHours {
  return Array.isArray(time);
}

/** The periods of a day at or after `offset` (ms since midnight), or null; looks the day up only if needed. */
function dayPeriods(
  day: number,
  cal: WorkingDayCalendar,
  time: WorkingTime,
  offset: number,
): CompiledWorkingHours | null {
  if (!isHours(time)) return scheduleDay(time, day, cal, offset);
  const compiled = compileWorkingHours(time);
  if (offset >= compiled.periods.at(-1)!.end) return null;
  return cal.isWorkingDay(isoDateOfDay(day)) ? compiled : null;
}

/** Working minutes in one full working day (the length of a workDay). */
export function minutesPerWorkDay(time: WorkingTime): number {
  return isHours(time) ? workingMinutesPerDay(time) : scheduleMinutesPerDay(time);
}

export type TimeUnit = 'minute' | 'hour' | 'day' | 'workMinute' | 'workHour' | 'workDay';

export interface TimeLimit {
  readonly amount: number;
  readonly unit: TimeUnit;
}

/** A limit as minutes of one kind of time: working minutes when `working`, else natural minutes. */
export interface LimitMinutes {
  readonly minutes: number;
  readonly working: boolean;
}

export function limitToMinutes(limit: TimeLimit, hours: WorkingTime): LimitMinutes {
  if (!Number.isFinite(limit.amount) || limit.amount < 0) {
    throw new CalendarConfigError(
      `A time limit needs a finite amount >= 0, got ${limit.amount} ${limit.unit}`,
    );
  }
  switch (limit.unit) {
    case 'minute':
      return { minutes: limit.amount, working: false };
    case 'hour':
      return { minutes: limit.amount * 60, working: false };
    case 'day':
      return { minutes: limit.amount * 24 * 60, working: false };
    case 'workMinute':
      return { minutes: limit.amount, working: true };
    case 'workHour':
      return { minutes: limit.amount * 60, working: true };
    case 'workDay':
      return { minutes: limit.amount * minutesPerWorkDay(hours), working: true };
    default:
      throw new CalendarConfigError(
        `Unknown time unit: ${JSON.stringify((limit as { unit: unknown }).unit)}`,
      );
  }
}

const MAX_DAYS_OFF_IN_A_ROW = 2 * 366;

function toMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`Minutes must be finite and >= 0: ${minutes}`);
  return Math.round(minutes * MS_PER_MINUTE);
}

/**
 * The instant at which `minutes` of working time starting at `start` are used up. A start outside
 * working time begins counting at the next working period; a limit that exactly fills a period
 * ends at that period's end. Throws CalendarNotCoveredError if the span reaches an uncovered year.
 */
export function addWorkingMinutes(
  start: Date,
  minutes: number,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): Date {
  let remaining = toMs(minutes);
  if (remaining === 0) return new Date(start.getTime());
  let day = cstDayNumber(start.getTime());
  let offset = start.getTime() - cstDayStart(day); // ms since the day's midnight
  let daysOff = 0;
  for (;;) {
    // Null when nothing of the day is left to use (a day off, or after its last period).
    const today = dayPeriods(day, cal, hours, offset);
    if (!today) {
      // Covered years are finite, so this only guards a custom calendar that never works.
      if (++daysOff > MAX_DAYS_OFF_IN_A_ROW)
        throw new Error(`No working day in ${MAX_DAYS_OFF_IN_A_ROW} days`);
    } else {
      daysOff = 0;
      if (offset === 0 && remaining > today.msPerDay) {
        remaining -= today.msPerDay; // a whole working day, and more to go
      } else {
        for (const period of today.periods) {
          if (offset >= period.end) continue;
          const from = Math.max(offset, period.start);
          const available = period.end - from;
          if (remaining <= available) return new Date(cstDayStart(day) + from + remaining);
          remaining -= available;
        }
      }
    }
    day += 1;
    offset = 0;
  }
}

/**
 * Working minutes in [from, to); 0 if to <= from. Days whose part of the span holds no working
 * period are not looked up, so only a span that needs an uncovered day throws.
 */
export function workingMinutesBetween(
  from: Date,
  to: Date,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  let total = 0;
  const lastDay = cstDayNumber(toMs - 1);
  for (let day = cstDayNumber(fromMs); day <= lastDay; day++) {
    const dayStart = cstDayStart(day);
    const lo = Math.max(fromMs - dayStart, 0);
    const hi = Math.min(toMs - dayStart, MS_PER_DAY);
    // Days whose part of the span holds no period of any pattern are not looked up.
    const today = spanMayWork(hours, lo, hi) ? dayPeriods(day, cal, hours, lo) : null;
    if (!today) continue;
    if (lo === 0 && hi === MS_PER_DAY) total += today.msPerDay;
    else {
      for (const period of today.periods)
        total += Math.max(0, Math.min(hi, period.end) - Math.max(lo, period.start));
    }
  }
  return total / MS_PER_MINUTE;
}

/** Whether [lo, hi) of a day overlaps a period of the legacy hours (schedules: always maybe). */
function spanMayWork(time: WorkingTime, lo: number, hi: number): boolean {
  if (!isHours(time)) return true;
  return compileWorkingHours(time).periods.some((p) => Math.min(hi, p.end) > Math.max(lo, p.start));
}

/** Adds minutes of either kind: working minutes on the calendar, or natural minutes. */
export function addMinutes(
  start: Date,
  minutes: number,
  working: boolean,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): Date {
  return working ? addWorkingMinutes(start, minutes, cal, hours) : new Date(start.getTime() + toMs(minutes));
}

/** Minutes of either kind in [from, to); 0 if to <= from. */
export function minutesBetween(
  from: Date,
  to: Date,
  working: boolean,
  cal: WorkingDayCalendar,
  hours: WorkingTime,
): number {
  if (working) return workingMinutesBetween(from, to, cal, hours);
  return Math.max(0, to.getTime() - from.getTime()) / MS_PER_MINUTE;
}

/** The deadline of `limit` started at `start`, in natural or working time as the unit says. */
export function addTime(start: Date, limit: TimeLimit, cal: WorkingDayCalendar, hours: WorkingTime): Date {
  const { minutes, working } = limitToMinutes(limit, hours);
  return addMinutes(start, minutes, working, cal, hours);
}
