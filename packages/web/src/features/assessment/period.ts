// Period keys as the API takes them (2026-11, 2026-W47, 2026-Q4, 2026, 2026-11-01~2026-11-15), made
// from what a date picker gives, and read back with the domain's parser so the console and the
// server agree on what a key means. Dates are China time: the city's calendar, whatever the browser's zone.

import { parsePeriod, previousPeriod, type PeriodKind } from '@xiuhua/domain/assessment';
import { cstDateOf } from '@xiuhua/domain/calendar';
import dayjs, { type Dayjs } from 'dayjs';

export type PickerKind = Exclude<PeriodKind, 'day'>;
export const PICKER_KINDS: readonly PickerKind[] = ['month', 'week', 'quarter', 'year', 'custom'];

const pad = (n: number) => String(n).padStart(2, '0');

/** Today in China time, as YYYY-MM-DD. */
export const todayCst = (now = new Date()) => cstDateOf(now);

/** The current month in China time: the ranking's default period. */
export const currentMonth = (now = new Date()) => todayCst(now).slice(0, 7);

/** ISO week key (Monday first; week 1 holds the year's first Thursday) of a calendar day. */
export function isoWeekKey(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** The key of the period of a kind that holds a day (custom: that day alone). */
export function keyOf(kind: PickerKind, day: Dayjs, end?: Dayjs): string {
  const iso = day.format('YYYY-MM-DD');
  switch (kind) {
    case 'month':
      return iso.slice(0, 7);
    case 'week':
      return isoWeekKey(iso);
    case 'quarter':
      return `${day.year()}-Q${Math.floor(day.month() / 3) + 1}`;
    case 'year':
      return String(day.year());
    case 'custom':
      return `${iso}~${(end ?? day).format('YYYY-MM-DD')}`;
  }
}

export interface PeriodInfo {
  key: string;
  kind: PeriodKind;
  firstDay: string;
  lastDay: string;
  /** The period has ended (it can be published if it is a month or a quarter). */
  ended: boolean;
}

/** A key read back; null when it is not a valid period. */
export function periodInfo(key: string, now = new Date()): PeriodInfo | null {
  try {
    const p = parsePeriod(key);
    return {
      key: p.key,
      kind: p.kind,
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      ended: p.end.getTime() <= now.getTime(),
    };
  } catch {
    return null;
  }
}

/** The period's first day as a picker value. */
export const startOf = (key: string) => dayjs(periodInfo(key)?.firstDay ?? todayCst());
export const endOf = (key: string) => dayjs(periodInfo(key)?.lastDay ?? todayCst());

/** The key of the previous period of the same kind. */
export const previousKey = (key: string) => previousPeriod(parsePeriod(key)).key;

/** This period and the n − 1 before it, oldest first (for history charts). */
export function recentKeys(key: string, n: number): string[] {
  const keys = [key];
  let p = parsePeriod(key);
  while (keys.length < n) {
    p = previousPeriod(p);
    keys.unshift(p.key);
  }
  return keys;
}

/** The same kind of period, moved to the one holding today (when the kind changes). */
export function defaultKeyFor(kind: PickerKind, now = new Date()): string {
  const today = dayjs(todayCst(now));
  if (kind === 'custom') return keyOf('custom', today.startOf('month'), today);
  return keyOf(kind, today);
}
