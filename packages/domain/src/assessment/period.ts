// Assessment periods in China Standard Time: a day, an ISO week (Monday first), a month, a quarter,
// a year, or a custom range of days. A period is half-open [start, end) so consecutive periods
// never share an instant; an event exactly at midnight belongs to the day that starts then.

import { cstDayStart, dayOfIsoDate, isoDateOfDay, weekdayOfDay } from '../calendar/cst.ts';

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** Stable key: 2026-10-05, 2026-W41, 2026-10, 2026-Q4, 2026, 2026-10-01~2026-10-15. */
  key: string;
  start: Date;
  end: Date;
  /** First and last calendar day, inclusive (ISO dates, CST). */
  firstDay: string;
  lastDay: string;
}

function fromDays(kind: PeriodKind, key: string, first: number, lastInclusive: number): Period {
  return {
    kind,
    key,
    start: new Date(cstDayStart(first)),
    end: new Date(cstDayStart(lastInclusive + 1)),
    firstDay: isoDateOfDay(first),
    lastDay: isoDateOfDay(lastInclusive),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthDays(year: number, month: number): [number, number] {
  const first = dayOfIsoDate(`${year}-${pad(month)}-01`);
  const next =
    month === 12 ? dayOfIsoDate(`${year + 1}-01-01`) : dayOfIsoDate(`${year}-${pad(month + 1)}-01`);
  return [first, next - 1];
}

/** ISO week 1 is the week holding the year's first Thursday. */
function isoWeekMonday(year: number, week: number): number {
  const jan4 = dayOfIsoDate(`${year}-01-04`);
  const mondayOfWeek1 = jan4 - ((weekdayOfDay(jan4) + 6) % 7);
  return mondayOfWeek1 + (week - 1) * 7;
}

export class PeriodError extends Error {}

/** Parse a period key; the kind follows from its form. Throws PeriodError naming what is wrong. */
export function parsePeriod(key: string): Period {
  try {
    return parse(key);
  } catch (e) {
    if (e instanceof RangeError) throw new PeriodError(`period "${key}": ${e.message}`);
    throw e;
  }
}

function parse(key: string): Period {
  let m = /^(\d{4})-(\d{2})-(\d{2})~(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) {
    const [from, to] = key.split('~') as [string, string];
    const a = dayOfIsoDate(from);
    const b = dayOfIsoDate(to);
    if (b < a) throw new PeriodError(`custom period ${key} ends before it starts`);
    if (b - a > 366 * 3) throw new PeriodError(`custom period ${key} is longer than three years`);
    return fromDays('custom', key, a, b);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) {
    const day = dayOfIsoDate(key);
    return fromDays('day', key, day, day);
  }
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const monday = isoWeekMonday(year, week);
    if (week < 1 || isoWeekMonday(year + 1, 1) <= monday) throw new PeriodError(`${key}: no such ISO week`);
    return fromDays('week', key, monday, monday + 6);
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`${key}: month must be 01–12`);
    const [a, b] = monthDays(Number(m[1]), month);
    return fromDays('month', key, a, b);
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    return fromDays('quarter', key, monthDays(year, q * 3 - 2)[0], monthDays(year, q * 3)[1]);
  }
  m = /^(\d{4})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    return fromDays('year', key, monthDays(year, 1)[0], monthDays(year, 12)[1]);
  }
  throw new PeriodError(
    `period "${key}" must look like 2026-10-05, 2026-W41, 2026-10, 2026-Q4, 2026 or 2026-10-01~2026-10-15`,
  );
}

/** The period of the same kind just before this one (for trends); custom: the same length before. */
export function previousPeriod(period: Period): Period {
  const first = dayOfIsoDate(period.firstDay);
  const last = dayOfIsoDate(period.lastDay);
  switch (period.kind) {
    case 'day':
      return parsePeriod(isoDateOfDay(first - 1));
    case 'week':
      return weekOf(first - 7);
    case 'month': {
      const [y, mo] = period.key.split('-').map(Number) as [number, number];
      return parsePeriod(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`);
    }
    case 'quarter': {
      const [y, q] = period.key.split('-Q').map(Number) as [number, number];
      return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`);
    }
    case 'year':
      return parsePeriod(String(Number(period.key) - 1));
    case 'custom': {
      const length = last - first + 1;
      return parsePeriod(`${isoDateOfDay(first - length)}~${isoDateOfDay(first - 1)}`);
    }
  }
}

/** The ISO week holding a day. */
function weekOf(day: number): Period {
  const monday = day - ((weekdayOfDay(day) + 6) % 7);
  const thursday = monday + 3;
  const year = Number(isoDateOfDay(thursday).slice(0, 4));
  const week = Math.floor((monday - isoWeekMonday(year, 1)) / 7) + 1;
  return fromDays('week', `${year}-W${pad(week)}`, monday, monday + 6);
}

/** The months of a quarter or a year, in order (their scores are built from monthly results). */
export function monthsOf(period: Period): string[] {
  if (period.kind === 'quarter') return monthsOfQuarter(period.key);
  if (period.kind === 'year') return Array.from({ length: 12 }, (_, i) => `${period.key}-${pad(i + 1)}`);
  throw new PeriodError(`${period.key} is not a quarter or a year`);
}

/** The months of a quarter, in order (for quarterly flags and funds built from monthly results). */
export function monthsOfQuarter(quarterKey: string): string[] {
  const [y, q] = parsePeriod(quarterKey).key.split('-Q').map(Number) as [number, number];
  return [0, 1, 2].map((i) => `${y}-${pad(q * 3 - 2 + i)}`);
}
