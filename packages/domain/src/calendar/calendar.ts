// The official working-day calendar (工作日历). Which days are working days:
//   1. an admin override for that date (e.g. a local day off) wins;
//   2. otherwise the official notice of the year (HOLIDAYS_CN): public holidays off, adjusted
//      weekend working days (调休) on;
//   3. otherwise the plain week: Monday–Friday on, Saturday and Sunday off.
// Rules 2–3 apply only to covered years: years in the official data, and years an admin has
// entered (declared) by hand. Asking about any other year throws CalendarNotCoveredError — an
// unknown year is never silently treated as a plain week, because a wrong deadline is worse
// than an explicit "enter the calendar for this year".
import { dayOfIsoDate, weekdayOfDay } from './cst.ts';
import { HOLIDAYS_CN } from './holidays-cn.data.ts';

/** One year of official data: 'MM-DD' days off (public holidays) and weekend working days (调休). */
export interface CalendarYearData {
  readonly off: readonly string[];
  readonly work: readonly string[];
}

/** An admin's correction for one date. */
export interface CalendarOverride {
  readonly date: string; // YYYY-MM-DD
  readonly working: boolean;
  readonly note?: string;
}

export interface WorkingCalendarOptions {
  /** Official data by year; defaults to HOLIDAYS_CN. */
  readonly base?: Readonly<Record<number, CalendarYearData>>;
  /** Admin corrections; at most one per date. */
  readonly overrides?: readonly CalendarOverride[];
  /** Years an admin has declared: plain weeks plus overrides (official data, where present, still applies). */
  readonly adminYears?: readonly number[];
}

/** What the clock needs from a calendar. */
export interface WorkingDayCalendar {
  /** Throws CalendarNotCoveredError for a year with no calendar. */
  isWorkingDay(date: string): boolean;
  /**
   * Whether a date is a public holiday (a day off by the notice or an override), not just a plain
   * weekend; duty schedules that work weekends but not holidays need the difference.
   */
  isHoliday?(date: string): boolean;
}

/** Thrown when a computation needs a day of a year that has no calendar. */
export class CalendarNotCoveredError extends Error {
  readonly code = 'CALENDAR_NOT_COVERED';
  readonly year: number;

  constructor(year: number) {
    super(
      `No working-time calendar for ${year}: the official holiday schedule for ${year} is not in the ` +
        `built-in data and no administrator has entered ${year}. Enter the year in the calendar settings ` +
        `(with its holidays and adjusted working days as overrides) before working-time limits can reach it.`,
    );
    this.name = 'CalendarNotCoveredError';
    this.year = year;
  }
}

/** Thrown for an invalid calendar, working-hours, threshold or time-limit configuration. */
export class CalendarConfigError extends Error {
  readonly code = 'CALENDAR_CONFIG_INVALID';

  /** The path of the value at fault (`shifts.1.start`), so a form can mark it. */
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
    this.name = 'CalendarConfigError';
  }
}

interface YearRules {
  readonly off: ReadonlySet<string>; // 'MM-DD'
  readonly work: ReadonlySet<string>;
}

const MONTH_DAY = /^\d{2}-\d{2}$/;
const NO_RULES: YearRules = { off: new Set(), work: new Set() };

export class WorkingCalendar implements WorkingDayCalendar {
  readonly #years = new Map<number, YearRules>();
  readonly #overrides = new Map<string, CalendarOverride>();
  readonly #cache = new Map<string, boolean>();

  constructor(options: WorkingCalendarOptions = {}) {
    const base = options.base ?? HOLIDAYS_CN;
    for (const [key, data] of Object.entries(base)) {
      const year = Number(key);
      checkYear(year, 'base data');
      for (const monthDay of [...data.off, ...data.work]) {
        if (!MONTH_DAY.test(monthDay))
          throw new CalendarConfigError(`${year}: expected 'MM-DD', got '${monthDay}'`);
        dateOrConfigError(`${year}-${monthDay}`);
      }
      const off = new Set(data.off);
      const both = data.work.filter((d) => off.has(d));
      if (both.length > 0) throw new CalendarConfigError(`${year}: ${both.join(', ')} both off and working`);
      this.#years.set(year, { off, work: new Set(data.work) });
    }
    for (const year of options.adminYears ?? []) {
      checkYear(year, 'admin year');
      if (!this.#years.has(year)) this.#years.set(year, NO_RULES);
    }
    for (const override of options.overrides ?? []) {
      dateOrConfigError(override.date);
      if (typeof override.working !== 'boolean') {
        throw new CalendarConfigError(`Override for ${override.date}: 'working' must be true or false`);
      }
      if (this.#overrides.has(override.date)) {
        throw new CalendarConfigError(`Two overrides for ${override.date}; keep one`);
      }
      this.#overrides.set(override.date, override);
    }
  }

  /** Years this calendar can answer for, ascending. */
  coveredYears(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.#years.has(year);
  }

  /** The admin override for a date, if any (for showing why a day is on or off). */
  overrideFor(date: string): CalendarOverride | undefined {
    return this.#overrides.get(date);
  }

  /** Whether 'YYYY-MM-DD' is a working day; throws CalendarNotCoveredError for an uncovered year. */
  isWorkingDay(date: string): boolean {
    const cached = this.#cache.get(date);
    if (cached !== undefined) return cached;
    const day = dayOfIsoDate(date);
    const year = Number(date.slice(0, 4));
    const rules = this.#years.get(year);
    if (!rules) throw new CalendarNotCoveredError(year);
    const override = this.#overrides.get(date);
    const monthDay = date.slice(5);
    let working: boolean;
    if (override) working = override.working;
    else if (rules.off.has(monthDay)) working = false;
    else if (rules.work.has(monthDay)) working = true;
    else {
      const weekday = weekdayOfDay(day);
      working = weekday !== 0 && weekday !== 6;
    }
    this.#cache.set(date, working);
    return working;
  }

  /** A day off by an override or the official notice (weekends are not holidays unless listed). */
  isHoliday(date: string): boolean {
    if (this.isWorkingDay(date)) return false;
    const override = this.#overrides.get(date);
    if (override) return !override.working;
    if (this.#years.get(Number(date.slice(0, 4)))!.off.has(date.slice(5))) return true;
    return weekdayOfDay(dayOfIsoDate(date)) % 6 !== 0; // a weekday that is off
  }
}

function checkYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new CalendarConfigError(`Invalid ${what} year: ${year}`);
  }
}

function dateOrConfigError(date: string): void {
  try {
    dayOfIsoDate(date);
  } catch {
    throw new CalendarConfigError(`Not a calendar date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  }
}
