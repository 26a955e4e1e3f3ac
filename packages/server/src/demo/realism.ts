// What keeps the demo city believable (docs/domain.md, "The demo city"): a steady daily volume of
// reports in the daytime, actions taken in the acting unit's working hours, and descriptions that
// name the problem and the place.

import type { Db } from '@xiuhua/db';
import {
  addWorkingMinutes,
  cstDayNumber,
  cstDayStart,
  isoDateOfDay,
  type WorkingTime,
} from '@xiuhua/domain/calendar';
import type { MinorClass } from '@xiuhua/domain/catalogue';
import { currentScheduleRef, scheduleVersion, type TimeRules } from '../calendar/service.ts';
import type { Services } from '../composition.ts';
import { minhangRoads } from './minhang.ts';

interface Random {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
}

const MINUTE = 60_000;
/** Reports come in between 07:30 and 20:30 China time. */
const DAY_FROM = (7 * 60 + 30) * MINUTE;
const DAY_TO = (20 * 60 + 30) * MINUTE;
/** A day off (weekend, holiday) sees about this share of a working day's reports. */
const DAY_OFF_SHARE = 0.55;

/**
 * When the demo's `count` reports are made: the 59 days before today and today so far, a working
 * day within ±10 % of the others, a day off about 55 % of one, each day's reports in the daytime.
 * `others` are the instants of reports made elsewhere in the seed (hotline, channels, urgent
 * cases): their days get as many fewer, so the volume stays steady. Sorted.
 */
export function demoReportTimes(
  count: number,
  now: Date,
  rules: TimeRules,
  rnd: Random,
  others: readonly number[] = [],
): number[] {
  if (count <= 0) return [];
  const today = cstDayNumber(now.getTime());
  const days = Array.from({ length: 60 }, (_, i) => today - 59 + i);
  const todayShare = Math.max(
    0,
    Math.min(1, (now.getTime() - 30 * MINUTE - cstDayStart(today) - DAY_FROM) / (DAY_TO - DAY_FROM)),
  );
  const weights = days.map((day) => {
    const working = rules.calendar.isWorkingDay(isoDateOfDay(day));
    const w = working ? 0.9 + 0.2 * rnd.next() : DAY_OFF_SHARE * (0.95 + 0.1 * rnd.next());
    return day === today ? w * todayShare : w;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const times: number[] = [];
  let cumulative = 0;
  for (const [i, day] of days.entries()) {
    const before = Math.round((count * cumulative) / total);
    cumulative += weights[i]!;
    const elsewhere = others.filter((t) => cstDayNumber(t) === day).length;
    const n = Math.max(0, Math.round((count * cumulative) / total) - before - elsewhere);
    const to = day === today ? DAY_FROM + todayShare * (DAY_TO - DAY_FROM) : DAY_TO;
    for (let k = 0; k < n; k++)
      times.push(cstDayStart(day) + DAY_FROM + Math.floor(rnd.next() * (to - DAY_FROM)));
  }
  return times.sort((a, b) => a - b);
}

/**
 * The demo users' working time: `after(user, from, minutes)` is the instant `minutes` of the
 * user's unit's working time after `from` (natural minutes for the 7×24 centres; an office's
 * evening or weekend is skipped).
 */
export async function demoTiming(db: Db, services: Services, userIds: Map<string, number>) {
  const rules = await services.time.rules();
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'n.schedule_id'])
    .execute();
  const hours = new Map<number, WorkingTime>();
  for (const r of rows) {
    const ref = currentScheduleRef(rules, r.schedule_id);
    hours.set(r.id, ref ? scheduleVersion(rules, ref) : rules.hours);
  }
  return {
    rules,
    after(username: string, from: Date, minutes: number): Date {
      return addWorkingMinutes(from, minutes, rules.calendar, hours.get(userIds.get(username)!)!);
    },
  };
}

/** A real road of the street and a house number: "江川路 128 号". */
export function demoPlace(streetCode: string, rnd: Random): { address: string; spot: string } {
  const roads = minhangRoads(streetCode);
  const road = roads.length > 0 ? rnd.pick(roads) : '莘庄路';
  return {
    address: `${road} ${rnd.int(1, 120) * 2 + (rnd.next() < 0.5 ? 1 : 0)} 号`,
    spot: rnd.pick(['门前', '东侧人行道上', '西侧路口', '旁公交站', '前沿街商铺处', '小区出入口旁']),
  };
}

/** What is wrong, for the everyday classes in the words a report uses; else the class name. */
function problem(cls: MinorClass, rnd: Random): string {
  if (cls.kind === 'component') return `${cls.name}${rnd.pick(['破损', '缺失', '松动', '倾斜', '污损'])}`;
  const n = rnd.int(2, 6);
  const words: Record<string, string> = {
    '06010': `暴露垃圾约 ${n} 袋`,
    '06011': `积存垃圾渣土约 ${n} 立方米`,
    '06012': '道路不洁，路面有大片油污',
    '06042': '垃圾箱满溢，周边散落垃圾',
    '09005': '店外经营，货架摆放至人行道',
    '09006': `占道经营，约 ${n} 个摊位`,
  };
  return words[cls.code] ?? cls.name;
}

/** "江川路 128 号门前暴露垃圾约 3 袋。" (a hotline report says who called). */
export function demoDescription(
  cls: MinorClass,
  place: { address: string; spot: string },
  fromHotline: boolean,
  rnd: Random,
): string {
  const what = `${place.address}${place.spot}${problem(cls, rnd)}`;
  return fromHotline ? `市民来电反映：${what}，请核实处置。` : `${what}。`;
}
