// Working hours (作息时间): the periods of a working day in which working time runs, as wall-clock
// times in China Standard Time. The same hours apply to every working day.
import { CalendarConfigError } from './calendar.ts';
import { MS_PER_MINUTE } from './cst.ts';

export interface WorkingPeriod {
  readonly start: string; // 'HH:MM', 00:00–23:59
  readonly end: string; // 'HH:MM', after start; '24:00' allowed for midnight
}

/** Ordered, non-overlapping periods of one working day. */
export type WorkingHours = readonly WorkingPeriod[];

/** 08:30–12:00 and 13:30–17:30: 7.5 working hours (450 minutes) a day. */
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze([
  Object.freeze({ start: '08:30', end: '12:00' }),
  Object.freeze({ start: '13:30', end: '17:30' }),
]);

/** Periods as milliseconds since the start of the day, for the clock. */
export interface CompiledWorkingHours {
  readonly periods: readonly { readonly start: number; readonly end: number }[];
  readonly msPerDay: number; // working milliseconds in one working day
}

const HH_MM = /^(\d{2}):(\d{2})$/;

function minuteOfDay(value: unknown, where: string, isEnd: boolean): number {
  const match = typeof value === 'string' ? HH_MM.exec(value) : null;
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const total = hours * 60 + minutes;
  if (!match || minutes > 59 || total > (isEnd ? 24 * 60 : 24 * 60 - 1)) {
    const range = isEnd ? '00:01–24:00' : '00:00–23:59';
    throw new CalendarConfigError(
      `${where} must be a time 'HH:MM' in ${range}, got ${JSON.stringify(value)}`,
    );
  }
  return total;
}

/**
 * Checks a working-hours configuration (e.g. from the settings table or an admin form) and returns
 * a frozen copy. Throws CalendarConfigError naming the first problem.
 */
export function parseWorkingHours(input: unknown): WorkingHours {
  compile(input);
  const periods = input as WorkingHours;
  return Object.freeze(periods.map((p) => Object.freeze({ start: p.start, end: p.end })));
}

function compile(input: unknown): CompiledWorkingHours {
  if (!Array.isArray(input) || input.length === 0) {
    throw new CalendarConfigError('Working hours must be a non-empty list of { start, end } periods');
  }
  const periods: { start: number; end: number }[] = [];
  input.forEach((period: unknown, index) => {
    const where = `Working period ${index + 1}`;
    if (typeof period !== 'object' || period === null) {
      throw new CalendarConfigError(`${where} must be an object { start: 'HH:MM', end: 'HH:MM' }`);
    }
    const { start, end } = period as Record<string, unknown>;
    const startMinute = minuteOfDay(start, `${where} start`, false);
    const endMinute = minuteOfDay(end, `${where} end`, true);
    if (endMinute <= startMinute)
      throw new CalendarConfigError(`${where} ends (${end}) before it starts (${start})`);
    const previous = periods.at(-1);
    if (previous && startMinute * MS_PER_MINUTE < previous.end) {
      throw new CalendarConfigError(
        `${where} (${start}–${end}) starts before period ${index} ends; keep them in order`,
      );
    }
    periods.push({ start: startMinute * MS_PER_MINUTE, end: endMinute * MS_PER_MINUTE });
  });
  return { periods, msPerDay: periods.reduce((sum, p) => sum + p.end - p.start, 0) };
}

const compiledCache = new WeakMap<WorkingHours, CompiledWorkingHours>();

/** Validated millisecond form, cached per hours object (configs are read far more often than changed). */
export function compileWorkingHours(hours: WorkingHours): CompiledWorkingHours {
  let compiled = compiledCache.get(hours);
  if (!compiled) {
    compiled = compile(hours);
    compiledCache.set(hours, compiled);
  }
  return compiled;
}

/** Working minutes in one working day, i.e. the length of one workDay. */
export function workingMinutesPerDay(hours: WorkingHours): number {
  return compileWorkingHours(hours).msPerDay / MS_PER_MINUTE;
}
