// A year's holiday arrangement (放假安排) as an admin imports it: the JSON shape of the shipped
// data's source (NateScarlet/holiday-cn, one file per year), so the State Council's notice can be
// imported the day it is out: { year, papers?, days: [{ name, date, isOffDay }] }. `isOffDay:
// false` marks an adjusted weekend working day (调休); an empty `days` list means the notice is
// not published yet, so the year stays provisional.
import { CalendarConfigError, type CalendarYearData } from './calendar.ts';
import { dayOfIsoDate, weekdayOfDay } from './cst.ts';

export interface ArrangementDay {
  readonly name: string;
  readonly date: string; // YYYY-MM-DD
  readonly isOffDay: boolean;
}

export interface Arrangement {
  readonly year: number;
  readonly papers: readonly string[];
  readonly days: readonly ArrangementDay[];
}

/** Check an imported arrangement; throws CalendarConfigError naming the field at fault. */
export function parseArrangement(input: unknown): Arrangement {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new CalendarConfigError('An arrangement is an object { year, papers, days }', 'year');
  const raw = input as Record<string, unknown>;
  const year = raw.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2200)
    throw new CalendarConfigError('year must be a whole number from 1990 to 2200', 'year');
  const papers = raw.papers ?? [];
  if (!Array.isArray(papers) || papers.some((p) => typeof p !== 'string' || p.length > 500))
    throw new CalendarConfigError('papers must be a list of texts (the notice URLs)', 'papers');
  if (!Array.isArray(raw.days)) throw new CalendarConfigError('days must be a list', 'days');
  if (raw.days.length > 366) throw new CalendarConfigError('days lists more days than a year has', 'days');
  const seen = new Set<string>();
  const days = raw.days.map((d: unknown, i): ArrangementDay => {
    const at = `days.${i}`;
    if (!d || typeof d !== 'object')
      throw new CalendarConfigError(`${at} must be { name, date, isOffDay }`, at);
    const { name, date, isOffDay } = d as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 50)
      throw new CalendarConfigError(`${at}.name must be the holiday's name (1–50 characters)`, `${at}.name`);
    let day: number;
    try {
      day = dayOfIsoDate(String(date));
    } catch {
      throw new CalendarConfigError(`${at}.date must be a date in YYYY-MM-DD form`, `${at}.date`);
    }
    const text = date as string;
    if (Number(text.slice(0, 4)) !== year)
      throw new CalendarConfigError(
        `${at}.date ${text} is not in ${year}: import a day of another year with that year's arrangement`,
        `${at}.date`,
      );
    if (seen.has(text)) throw new CalendarConfigError(`${at}.date ${text} is listed twice`, `${at}.date`);
    seen.add(text);
    if (typeof isOffDay !== 'boolean')
      throw new CalendarConfigError(`${at}.isOffDay must be true or false`, `${at}.isOffDay`);
    const weekday = weekdayOfDay(day);
    if (!isOffDay && weekday !== 0 && weekday !== 6)
      throw new CalendarConfigError(
        `${at}: ${text} is a weekday; only a Saturday or Sunday can be an adjusted working day (调休)`,
        `${at}.isOffDay`,
      );
    return { name: name.trim(), date: text, isOffDay };
  });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { year, papers: papers as string[], days };
}

/** The calendar data of an arrangement, or null for an empty one (not published yet). */
export function arrangementData(arrangement: Arrangement): CalendarYearData | null {
  if (arrangement.days.length === 0) return null;
  return {
    off: arrangement.days.filter((d) => d.isOffDay).map((d) => d.date.slice(5)),
    work: arrangement.days.filter((d) => !d.isOffDay).map((d) => d.date.slice(5)),
  };
}
