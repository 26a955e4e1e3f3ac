// Duty schedules (作息/值守时间): whose working hours a working-time limit runs on. A schedule is a
// set of weekly periods (weekday, start, end; several a day, e.g. 08:30–12:00 and 13:30–17:30) plus
// `holidays: 'off' | 'on'`. Combined with the official working calendar it gives, for each day,
// the periods in which working time runs:
//   - holidays 'on' (enforcement squads, centres): the weekday's own periods, every day; the
//     calendar is never consulted.
//   - holidays 'off' (offices): on a working day Monday–Friday, the weekday's periods; on an
//     adjusted weekend working day (调休), the schedule's standard day (its first weekday with
//     periods, Monday for an office); on a public holiday, nothing; on a plain weekend day, the
//     weekday's own periods (none for an office, a Saturday shift for a six-day station).
// An office schedule Monday–Friday with the default hours and holidays off gives exactly the
// legacy "working hours on working days" arithmetic. A period ends by 24:00; a night shift past
// midnight is two periods (22:00–24:00 on one day, 00:00–06:00 on the next).
import { CalendarConfigError, type WorkingDayCalendar } from './calendar.ts';
import { dayOfIsoDate, isoDateOfDay, MS_PER_MINUTE, weekdayOfDay } from './cst.ts';
import { type CompiledWorkingHours, compileWorkingHours, parseWorkingHours } from './working-hours.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface SchedulePeriod {
  readonly weekday: Weekday;
  readonly start: string; // 'HH:MM'
  readonly end: string; // 'HH:MM', after start; '24:00' allowed
}

export type HolidayRule = 'off' | 'on';

export interface DutySchedule {
  readonly periods: readonly SchedulePeriod[];
  readonly holidays: HolidayRule;
}

const week = (days: readonly number[], hours: readonly [string, string][]): SchedulePeriod[] =>
  days.flatMap((weekday) => hours.map(([start, end]) => ({ weekday: weekday as Weekday, start, end })));

/** Offices: 08:30–12:00 and 13:30–17:30, Monday–Friday, holidays off (the legacy default). */
export const OFFICE_SCHEDULE: DutySchedule = parseDutySchedule({
  periods: week(
    [1, 2, 3, 4, 5],
    [
      ['08:30', '12:00'],
      ['13:30', '17:30'],
    ],
  ),
  holidays: 'off',
});

/** Centres: round the clock, every day. */
export const ROUND_THE_CLOCK_SCHEDULE: DutySchedule = parseDutySchedule({
  periods: week([1, 2, 3, 4, 5, 6, 7], [['00:00', '24:00']]),
  holidays: 'on',
});

/** Checks a schedule (from an admin form or the database) and returns a frozen, sorted copy. */
export function parseDutySchedule(input: unknown): DutySchedule {
  if (typeof input !== 'object' || input === null) {
    throw new CalendarConfigError('A duty schedule must be an object { periods, holidays }');
  }
  const { periods, holidays } = input as Record<string, unknown>;
  if (holidays !== 'off' && holidays !== 'on') {
    throw new CalendarConfigError(`holidays must be "off" or "on", got ${JSON.stringify(holidays)}`);
  }
  if (!Array.isArray(periods) || periods.length === 0) {
    throw new CalendarConfigError('A duty schedule needs at least one weekly period');
  }
  const out: SchedulePeriod[] = [];
  for (const [index, p] of periods.entries()) {
    const weekday = (p as { weekday?: unknown } | null)?.weekday;
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new CalendarConfigError(
        `Period ${index + 1}: weekday must be 1 (Monday) … 7 (Sunday), got ${JSON.stringify(weekday)}`,
      );
    }
    const { start, end } = p as { start: unknown; end: unknown };
    out.push({ weekday: weekday as Weekday, start: start as string, end: end as string });
  }
  out.sort((a, b) => a.weekday - b.weekday || String(a.start).localeCompare(String(b.start)));
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = out.filter((p) => p.weekday === weekday);
    if (day.length === 0) continue;
    try {
      parseWorkingHours(day.map(({ start, end }) => ({ start, end })));
    } catch (e) {
      throw new CalendarConfigError(`${WEEKDAY_EN[weekday]}: ${(e as Error).message}`);
    }
  }
  return Object.freeze({ periods: Object.freeze(out.map((p) => Object.freeze(p))), holidays });
}

const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

interface CompiledSchedule {
  /** Index 1–7 (ISO weekday): that weekday's periods; msPerDay 0 when it has none. */
  readonly days: readonly CompiledWorkingHours[];
  /** The standard working day: the first weekday with periods (used on adjusted working days). */
  readonly standard: CompiledWorkingHours;
}

const NO_PERIODS: CompiledWorkingHours = Object.freeze({ periods: [], msPerDay: 0 });
const compiledCache = new WeakMap<DutySchedule, CompiledSchedule>();

function compileSchedule(schedule: DutySchedule): CompiledSchedule {
  let compiled = compiledCache.get(schedule);
  if (!compiled) {
    const days: CompiledWorkingHours[] = [NO_PERIODS];
    for (let weekday = 1; weekday <= 7; weekday++) {
      const own = schedule.periods.filter((p) => p.weekday === weekday);
      days.push(own.length ? compileWorkingHours(own.map(({ start, end }) => ({ start, end }))) : NO_PERIODS);
    }
    compiled = { days, standard: days.find((d) => d.msPerDay > 0) ?? NO_PERIODS };
    compiledCache.set(schedule, compiled);
  }
  return compiled;
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a day number. */
export function isoWeekdayOfDay(day: number): Weekday {
  return (weekdayOfDay(day) || 7) as Weekday;
}

/**
 * Whether a date is a public holiday rather than a plain weekend: the calendar's own answer when
 * it has one, else any weekday Monday–Friday that is not a working day.
 */
export function isHoliday(cal: WorkingDayCalendar, date: string): boolean {
  if (cal.isHoliday) return cal.isHoliday(date);
  return isoWeekdayOfDay(dayOfIsoDate(date)) <= 5 && !cal.isWorkingDay(date);
}

/**
 * Which weekday's pattern applies on a day under a holiday rule: the day's own weekday, the
 * standard day (0) on an adjusted weekend working day, or null on a public holiday.
 */
export function patternOfDay(
  day: number,
  cal: WorkingDayCalendar,
  holidays: HolidayRule,
): Weekday | 0 | null {
  const weekday = isoWeekdayOfDay(day);
  if (holidays === 'on') return weekday;
  const date = isoDateOfDay(day);
  const working = cal.isWorkingDay(date);
  if (weekday <= 5) return working ? weekday : null;
  if (working) return 0;
  return isHoliday(cal, date) ? null : weekday;
}

/**
 * The working periods of one day (ms since the day's midnight, CST) under a schedule, or null when
 * none lies at or after `offset`. The calendar is only consulted when a period could matter.
 */
export function scheduleDay(
  schedule: DutySchedule,
  day: number,
  cal: WorkingDayCalendar,
  offset = 0,
): CompiledWorkingHours | null {
  const { days, standard } = compileSchedule(schedule);
  const own = days[isoWeekdayOfDay(day)]!;
  const lastEnd = (c: CompiledWorkingHours) => c.periods.at(-1)?.end ?? 0;
  if (offset >= Math.max(lastEnd(own), schedule.holidays === 'off' ? lastEnd(standard) : 0)) return null;
  const pattern = patternOfDay(day, cal, schedule.holidays);
  const periods = pattern === null ? null : pattern === 0 ? standard : days[pattern]!;
  return periods && periods.msPerDay > 0 ? periods : null;
}

/** Working minutes of the schedule's standard day: the length of one workDay on it. */
export function scheduleMinutesPerDay(schedule: DutySchedule): number {
  return compileSchedule(schedule).standard.msPerDay / MS_PER_MINUTE;
}
