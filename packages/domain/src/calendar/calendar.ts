// The official working-day calendar (工作日历). Which days are working days:
//   1. an admin override for that date (e.g. a local day off) wins;
//   2. otherwise the year's arrangement: public holidays off, adjusted weekend working days (调休)
//      on. A year is *published* (the shipped notice HOLIDAYS_CN, or an arrangement an admin
//      imported, which replaces it) or *provisional* (computed by the holiday rule the caller
//      passes in: holidays and 补假, no 调休);
//   3. otherwise the plain week: Monday–Friday on, Saturday and Sunday off.
// Any other year throws CalendarNotCoveredError — an unknown year is never silently treated as a
// plain week, because a wrong deadline is worse than an explicit error.
import { cstDateOf, dayOfIsoDate, weekdayOfDay } from './cst.ts';
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
  /** Arrangements an admin imported: each replaces the base data of its year. */
  readonly published?: Readonly<Record<number, CalendarYearData>>;
  /**
   * The provisional arrangement of a year no published data covers, or null if the rule does not
   * reach that year (`provisionalYear` in `@xiuhua/domain/holiday-rule`). Asked lazily, once a year.
   */
  readonly provisional?: (year: number) => CalendarYearData | null;
  /** Admin corrections; at most one per date. */
  readonly overrides?: readonly CalendarOverride[];
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
        `built-in data, no administrator has imported it, and the provisional holiday rule does not reach it. ` +
        `Import the year's arrangement in the calendar settings before working-time limits can reach it.`,
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

export class WorkingCalendar implements WorkingDayCalendar {
  /** Published years (shipped or imported). */
  readonly #years = new Map<number, YearRules>();
  /** Provisional years asked so far; null where the rule does not reach. */
  readonly #provisional = new Map<number, YearRules | null>();
  readonly #rule: ((year: number) => CalendarYearData | null) | undefined;
  readonly #overrides = new Map<string, CalendarOverride>();
  readonly #cache = new Map<string, boolean>();

  constructor(options: WorkingCalendarOptions = {}) {
    for (const [what, source] of [
      ['base data', options.base ?? HOLIDAYS_CN],
      ['published data', options.published ?? {}],
    ] as const) {
      for (const [key, data] of Object.entries(source)) {
        const year = Number(key);
        checkYear(year, what);
        this.#years.set(year, yearRules(year, data));
      }
    }
    this.#rule = options.provisional;
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

  /** Published years (shipped or imported), ascending; provisional years are not listed. */
  coveredYears(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** Whether the calendar can answer for a year, published or provisional. */
  covers(year: number): boolean {
    return this.#rulesOf(year) !== null;
  }

  /** Whether a year's days come from the provisional rule (暂定), not a published arrangement. */
  isProvisional(year: number): boolean {
    return !this.#years.has(year) && this.#rulesOf(year) !== null;
  }

  /**
   * Whether a span (a step's start to its due instant, China Standard Time) touches a provisional
   * year, so its deadline is only as firm as the rule (暂定). Reads one flag per year of the span.
   */
  touchesProvisional(from: Date, to: Date): boolean {
    const first = Number(cstDateOf(from).slice(0, 4));
    const last = Number(cstDateOf(to).slice(0, 4));
    for (let year = Math.min(first, last); year <= Math.max(first, last); year++)
      if (this.isProvisional(year)) return true;
    return false;
  }

  #rulesOf(year: number): YearRules | null {
    const published = this.#years.get(year);
    if (published) return published;
    if (!this.#provisional.has(year)) {
      const data = this.#rule?.(year) ?? null;
      this.#provisional.set(year, data ? yearRules(year, data) : null);
    }
    return this.#provisional.get(year)!;
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
    const rules = this.#rulesOf(year);
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
    if (this.#rulesOf(Number(date.slice(0, 4)))!.off.has(date.slice(5))) return true;
    return weekdayOfDay(dayOfIsoDate(date)) % 6 !== 0; // a weekday that is off
  }
}

function yearRules(year: number, data: CalendarYearData): YearRules {
  for (const monthDay of [...data.off, ...data.work]) {
    if (!MONTH_DAY.test(monthDay))
      throw new CalendarConfigError(`${year}: expected 'MM-DD', got '${monthDay}'`);
    dateOrConfigError(`${year}-${monthDay}`);
  }
  const off = new Set(data.off);
  const both = data.work.filter((d) => off.has(d));
  if (both.length > 0) throw new CalendarConfigError(`${year}: ${both.join(', ')} both off and working`);
  return { off, work: new Set(data.work) };
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
