// 《全国年节及纪念日放假办法》 as revised in November 2024, in force from 2025-01-01: 元旦 1 Jan;
// 春节 除夕 and 正月初一–初三; 清明 the solar-term day; 劳动节 1–2 May; 端午 五月初五; 中秋 八月十五;
// 国庆 1–3 Oct; a holiday falling on a Saturday or Sunday is made up (补假) on the next weekday
// not already off. The yearly notice usually also swaps weekend days
// (调休) to make longer breaks; the rule cannot know those, so a provisional year has none: it
// may give fewer days off than the notice will, never a weekend working day nobody announced.
// Lunar dates and solar terms come from lunar-javascript (6tail, MIT).
/// <reference path="./lunar-javascript.d.ts" />
import lunar from 'lunar-javascript';
import type { CalendarYearData } from '../calendar/calendar.ts';
import { dayOfIsoDate, isoDateOfDay, weekdayOfDay } from '../calendar/cst.ts';
import { HOLIDAYS_CN } from '../calendar/holidays-cn.data.ts';

/** The last year the provisional rule answers for (a horizon, not a limit of the library). */
export const PROVISIONAL_LAST_YEAR = 2100;

/**
 * The first year that is provisional by default: the year after the last one shipped. Earlier
 * years without data stay uncovered — the rule in force from 2025 does not describe them.
 */
export function provisionalFirstYear(shipped: Readonly<Record<number, unknown>> = HOLIDAYS_CN): number {
  return Math.max(2025, ...Object.keys(shipped).map(Number)) + 1;
}

/** A day off by the rule: the holiday it belongs to, and whether it is a made-up day (补假). */
export interface RuleDay {
  readonly date: string; // YYYY-MM-DD
  readonly holiday: string; // 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节
  readonly makeUp: boolean;
}

const iso = (s: { toYmd(): string }) => s.toYmd();

/** Every day off the rule gives in a year (holidays and 补假), ascending. */
export function ruleDays(year: number): RuleDay[] {
  const { Lunar, Solar } = lunar;
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  const holidays: [string, string[]][] = [
    ['元旦', [`${year}-01-01`]],
    ['春节', [newYear.next(-1), newYear, newYear.next(1), newYear.next(2)].map(iso)],
    // The lunar year that holds mid-April holds that spring's 清明.
    ['清明节', [iso(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable().清明!)]],
    ['劳动节', [`${year}-05-01`, `${year}-05-02`]],
    ['端午节', [iso(Lunar.fromYmd(year, 5, 5).getSolar())]],
    ['中秋节', [iso(Lunar.fromYmd(year, 8, 15).getSolar())]],
    ['国庆节', [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]],
  ];
  const days: RuleDay[] = holidays.flatMap(([holiday, dates]) =>
    dates.map((date) => ({ date, holiday, makeUp: false })),
  );
  const off = new Set(days.map((d) => d.date));
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    let n = dayOfIsoDate(d.date);
    if (weekdayOfDay(n) % 6 !== 0) continue; // not a Saturday or Sunday
    do n++;
    while (weekdayOfDay(n) % 6 === 0 || off.has(isoDateOfDay(n)));
    const date = isoDateOfDay(n);
    off.add(date);
    days.push({ date, holiday: d.holiday, makeUp: true });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The provisional calendar data of a year: its rule days off (those falling in the year itself),
 * no weekend working days; null outside provisionalFirstYear()…PROVISIONAL_LAST_YEAR.
 */
export function provisionalYear(year: number, firstYear = provisionalFirstYear()): CalendarYearData | null {
  if (!Number.isInteger(year) || year < firstYear || year > PROVISIONAL_LAST_YEAR) return null;
  return {
    off: ruleDays(year)
      .filter((d) => d.date.startsWith(`${year}-`))
      .map((d) => d.date.slice(5)),
    work: [],
  };
}
