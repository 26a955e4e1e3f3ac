// Duty rosters (排班/值班表): who is on duty in a unit at an instant or on a day. A roster is a weekly
// pattern of shifts, each with its people, plus dated exceptions:
//   - a shift runs on its weekdays from `start` to `end` (CST); an end at or before the start runs
//     past midnight (20:00–08:00 ends the next morning);
//   - `holidays: 'off'`: on a public holiday no pattern shift runs; on an adjusted weekend working
//     day (调休) the Monday shifts run; `'on'`: the pattern runs every day;
//   - an exception for a date and a shift replaces that shift's people that day (换班, sick leave),
//     or adds the shift on a day it would not run (holiday duty 节假日值班); no people cancels it.
// Pure: the calendar is passed in; the server keeps rosters in the database and asks these.
import { CalendarConfigError, type WorkingDayCalendar } from '../calendar/calendar.ts';
import { cstDayNumber, cstDayStart, dayOfIsoDate, isoDateOfDay, MS_PER_MINUTE } from '../calendar/cst.ts';
import { type HolidayRule, patternOfDay, type Weekday } from '../calendar/schedule.ts';

export interface RosterShift {
  readonly code: string;
  readonly name: string;
  readonly weekdays: readonly Weekday[];
  readonly start: string; // 'HH:MM'
  readonly end: string; // 'HH:MM'; at or before start: ends the next day
  readonly people: readonly string[]; // user ids
}

export interface RosterException {
  readonly date: string; // YYYY-MM-DD, the day the shift starts
  readonly shift: string; // a shift code
  readonly people: readonly string[];
  readonly note?: string;
}

export interface Roster {
  readonly holidays: HolidayRule;
  readonly shifts: readonly RosterShift[];
  readonly exceptions: readonly RosterException[];
}

export interface ShiftOnDuty {
  readonly shift: string;
  readonly name: string;
  readonly date: string;
  readonly start: Date;
  readonly end: Date;
  readonly people: readonly string[];
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minuteOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** Checks a roster from a form or the database; throws CalendarConfigError naming the problem. */
export function parseRoster(input: unknown): Roster {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { holidays, shifts, exceptions = [] } = raw;
  if (holidays !== 'off' && holidays !== 'on') {
    throw new CalendarConfigError(
      `holidays must be "off" or "on", got ${JSON.stringify(holidays)}`,
      'holidays',
    );
  }
  if (!Array.isArray(shifts)) throw new CalendarConfigError('shifts must be a list', 'shifts');
  if (!Array.isArray(exceptions)) throw new CalendarConfigError('exceptions must be a list', 'exceptions');
  const codes = new Set<string>();
  for (const [i, s] of (shifts as RosterShift[]).entries()) {
    const where = `Shift ${i + 1}`;
    const at = (field: string) => `shifts.${i}.${field}`;
    if (typeof s?.code !== 'string' || !/^[a-z0-9-]{1,30}$/.test(s.code))
      throw new CalendarConfigError(`${where}: code must be 1–30 of a–z, 0–9 and -`, at('code'));
    if (codes.has(s.code))
      throw new CalendarConfigError(`${where}: code "${s.code}" is used twice`, at('code'));
    codes.add(s.code);
    if (typeof s.name !== 'string' || s.name.trim() === '')
      throw new CalendarConfigError(`${where}: name is required`, at('name'));
    for (const end of ['start', 'end'] as const)
      if (!HH_MM.test(String(s[end])))
        throw new CalendarConfigError(`${where}: start and end must be times 'HH:MM'`, at(end));
    if (!Array.isArray(s.weekdays) || s.weekdays.some((w) => !Number.isInteger(w) || w < 1 || w > 7))
      throw new CalendarConfigError(`${where}: weekdays must be 1 (Monday) … 7 (Sunday)`, at('weekdays'));
    if (!Array.isArray(s.people) || s.people.some((p) => typeof p !== 'string'))
      throw new CalendarConfigError(`${where}: people must be a list of user ids`, at('people'));
  }
  for (const [i, e] of (exceptions as RosterException[]).entries()) {
    const where = `Exception ${i + 1}`;
    const at = (field: string) => `exceptions.${i}.${field}`;
    try {
      dayOfIsoDate(String(e?.date));
    } catch {
      throw new CalendarConfigError(`${where}: date must be YYYY-MM-DD`, at('date'));
    }
    if (!codes.has(e.shift)) throw new CalendarConfigError(`${where}: no shift "${e.shift}"`, at('shift'));
    if (!Array.isArray(e.people) || e.people.some((p) => typeof p !== 'string'))
      throw new CalendarConfigError(`${where}: people must be a list of user ids`, at('people'));
  }
  return {
    holidays,
    shifts: (shifts as RosterShift[]).map((s) => ({
      ...s,
      weekdays: [...s.weekdays],
      people: [...s.people],
    })),
    exceptions: (exceptions as RosterException[]).map((e) => ({ ...e, people: [...e.people] })),
  };
}

/** The shifts that start on `date` (YYYY-MM-DD), with their people after exceptions. */
export function onDutyOn(roster: Roster, date: string, cal: WorkingDayCalendar): ShiftOnDuty[] {
  const day = dayOfIsoDate(date);
  const pattern = patternOfDay(day, cal, roster.holidays);
  const weekday = pattern === 0 ? 1 : pattern;
  const out: ShiftOnDuty[] = [];
  for (const shift of roster.shifts) {
    const exception = roster.exceptions.find((e) => e.date === date && e.shift === shift.code);
    const runs = weekday !== null && shift.weekdays.includes(weekday);
    const people = exception ? exception.people : runs ? shift.people : [];
    if (people.length === 0) continue;
    const startMinute = minuteOf(shift.start);
    let endMinute = minuteOf(shift.end);
    if (endMinute <= startMinute) endMinute += 24 * 60;
    out.push({
      shift: shift.code,
      name: shift.name,
      date,
      start: new Date(cstDayStart(day) + startMinute * MS_PER_MINUTE),
      end: new Date(cstDayStart(day) + endMinute * MS_PER_MINUTE),
      people,
    });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The shifts on duty at an instant: those of its day and overnight ones from the day before. */
export function onDutyAt(roster: Roster, at: Date, cal: WorkingDayCalendar): ShiftOnDuty[] {
  const day = cstDayNumber(at.getTime());
  const t = at.getTime();
  return [isoDateOfDay(day - 1), isoDateOfDay(day)]
    .flatMap((date) => onDutyOn(roster, date, cal))
    .filter((s) => s.start.getTime() <= t && t < s.end.getTime());
}
