// The case part of the synthetic city: a year of cases with a realistic curve (weekdays within a
// few tenths of each other, weekends about half a weekday, a gentle seasonal swell, a working-day
// shape within the day), classes from the seed catalogue, positions inside cells, and each case's
// whole loop as the events CaseService would write (intake → accept → file → dispatch → sign →
// report back → check → close → callback) with the deadlines each records. A planned outcome
// mixes in the hard parts: late handling, returns and re-dispatch, postponements, rework,
// rejections; what had not happened by `until` is cut off, so the last days' cases stay open.
// Deadlines are natural time: a limit in working hours or days is stretched by a fixed factor
// (the facts read the deadlines the events record, whatever clock made them).

import { readFileSync } from 'node:fs';
import type { GridCell } from '@xiuhua/domain/geo';
import { TRANSITIONS } from '@xiuhua/domain/workflow';
import type { ResolvedPlace } from '../../packages/server/src/geo/grid.ts';
import type { SyntheticDistrict } from './areas.ts';
import { STREET_SQUADS } from './organisation.ts';

export const CATALOGUE_FILE = new URL('../../packages/db/seed/catalogue.json', import.meta.url);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China Standard Time: days and weekdays are counted in it. */
const CST = 8 * HOUR;

interface Limit {
  amount: number;
  unit: 'minute' | 'hour' | 'workHour' | 'workDay';
}
interface CatalogueMinor {
  kind: 'component' | 'event';
  code: string;
  name: string;
  clock: 'working' | 'natural';
  defaultUnitType: string;
  limits: Record<'A' | 'B' | 'C', { handle: Limit; sign?: Limit }>;
}

export type PlannedOutcome = 'on_time' | 'overdue' | 'returned' | 'postponed' | 'reworked' | 'rejected';
/** Shares of the planned outcomes (the rest is on time). */
export const OUTCOME_SHARES: Readonly<Record<Exclude<PlannedOutcome, 'on_time'>, number>> = {
  overdue: 0.12,
  returned: 0.06,
  postponed: 0.05,
  reworked: 0.04,
  rejected: 0.03,
};

export interface SyntheticEvent {
  action: string;
  fromState: string | null;
  toState: string;
  at: number;
  /** The acting person's username. */
  actor: string;
  role: string;
  /** dispatch, redispatch, return: the unit's code. */
  unit?: string;
  dueAt?: number | null;
  signDueAt?: number;
  handleDueAt?: number;
  /** report_back: the inspector who checks (username). */
  inspector?: string;
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  reason?: string;
}

/** Where a case is, as the product resolves a position (less the path and names). */
export interface SyntheticCase extends Omit<ResolvedPlace, 'areaPath' | 'names'> {
  /** Report time, ms since the epoch. */
  reportedAt: number;
  source: 'inspector' | 'hotline';
  kind: 'component' | 'event';
  classCode: string;
  className: string;
  description: string;
  /** The unit meant to handle it (code). */
  unit: string;
  outcome: PlannedOutcome;
  reporter: { name: string; phone: string } | null;
  /** Events before `until`, in order; the last one's toState is the case's state. */
  events: SyntheticEvent[];
}

export interface CaseOptions {
  count: number;
  /** The end of the year of cases (exclusive), ms; the year is the 365 days before it. */
  until: number;
  random: () => number;
}

/** Weekday factors, Monday first: weekdays near 1, Saturday and Sunday about half. */
const WEEKDAY_FACTOR = [1.05, 1.0, 1.0, 0.98, 0.96, 0.58, 0.5];
/** Reports per hour of the day (CST): the working day, a lunch dip, a quiet night. */
const HOUR_WEIGHT = [1, 0.5, 0.3, 0.3, 0.5, 1, 3, 6, 9, 10, 10, 8, 5, 7, 9, 9, 8, 7, 5, 4, 3, 2, 2, 1];

/** Midnight CST starting the day `t` (ms) falls in. */
export const cstDayStart = (t: number): number => Math.floor((t + CST) / DAY) * DAY - CST;
/** 0 = Monday … 6 = Sunday, in CST. */
export const cstWeekday = (t: number): number => (new Date(t + CST).getUTCDay() + 6) % 7;

/**
 * Cases per day over the 365 days before `until`: weekday × season × a small jitter, rounded by
 * largest remainder so that they add up to `count` exactly.
 */
export function dailyCounts(
  count: number,
  until: number,
  random: () => number,
): { day: number; n: number }[] {
  const first = cstDayStart(until) - 365 * DAY;
  const weights = Array.from({ length: 365 }, (_, i) => {
    const day = first + i * DAY;
    const season = 1 + 0.1 * Math.sin(((i - 120) / 365) * 2 * Math.PI); // a summer swell
    return WEEKDAY_FACTOR[cstWeekday(day)]! * season * (0.95 + 0.1 * random());
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * count);
  const counts = exact.map(Math.floor);
  let left = count - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts.map((n, i) => ({ day: first + i * DAY, n }));
}

let catalogueCache: CatalogueMinor[] | undefined;
/** The seed catalogue's classes (packages/db/seed/catalogue.json), the ones the loader imports. */
export function catalogueMinors(): CatalogueMinor[] {
  catalogueCache ??= (JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as { minors: CatalogueMinor[] })
    .minors;
  return catalogueCache;
}

/** A limit as natural minutes: working hours ×2 (nights), working days ×1.4 (weekends). */
function minutesOf(limit: Limit | undefined, fallback: number): number {
  if (!limit) return fallback;
  if (limit.unit === 'minute') return limit.amount;
  if (limit.unit === 'hour') return limit.amount * 60;
  if (limit.unit === 'workHour') return limit.amount * 120;
  return Math.round(limit.amount * 24 * 60 * 1.4);
}

const toStateOf = new Map<string, string>(TRANSITIONS.map((t) => [t.action, t.to]));

/** Everyday classes a real centre sees most (about half of all reports). */
const COMMON = ['06001', '06002', '06003', '06004', '09001', '09002', '09003', '07001', '06010', '08001'];
const PLACES = ['路口东侧', '小区门口', '沿街商铺前', '公交站旁', '人行道上', '绿化带内', '桥下', '菜场周边'];
const REPORTERS = ['王先生', '刘女士', '张阿姨', '陈先生', '李师傅', '赵女士'];

/** The people and units a district's cases are handled by. */
interface DistrictStaff {
  intake: string[];
  shift: string[];
  dispatch: string[];
}

export function districtCases(district: SyntheticDistrict, options: CaseOptions): SyntheticCase[] {
  const { random, until } = options;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const d = district.code;
  const staff: DistrictStaff = {
    intake: [1, 2, 3, 4].map((k) => `${d}-intake${k}`),
    shift: [1, 2].map((k) => `${d}-shift${k}`),
    dispatch: [1, 2, 3].map((k) => `${d}-dispatch${k}`),
  };
  const minors = catalogueMinors();
  const common = minors.filter((m) => COMMON.includes(m.code) && m.kind === 'event');
  const streets = new Map(district.streets.map((s) => [s.code, s]));
  // Some communities report far more than others: a weight per community, 0.3–3.
  const communityWeight = new Map(district.communities.map((c) => [c.code, 0.3 + 2.7 * random() ** 2]));
  const cumulative: number[] = [];
  let sum = 0;
  for (const cell of district.cells) {
    sum += communityWeight.get(cell.communityCode)!;
    cumulative.push(sum);
  }
  const pickCell = (): GridCell => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return district.cells[lo]!;
  };
  const hourTotal = HOUR_WEIGHT.reduce((a, b) => a + b, 0);
  const pickMinuteOfDay = (): number => {
    let x = random() * hourTotal;
    for (let h = 0; h < 24; h++) {
      x -= HOUR_WEIGHT[h]!;
      if (x < 0) return h * 60 + random() * 60;
    }
    return 23 * 60 + random() * 60;
  };
  /** The unit of the class's type nearest the case: the street's squad, else the district's. */
  const unitFor = (type: string, cell: GridCell): string => {
    if (type === 'housing' && random() < 0.5)
      return `${cell.communityCode}-pm${1 + Math.floor(random() * 3)}`;
    if ((STREET_SQUADS as readonly string[]).includes(type)) return `${cell.streetCode}-${type}`;
    if (type === 'street_office') return `${cell.streetCode}-sanitation`;
    return `${d}-${type}`;
  };
  const cases: SyntheticCase[] = [];
  for (const { day, n } of dailyCounts(options.count, until, random)) {
    const times = Array.from({ length: n }, () => day + Math.floor(pickMinuteOfDay() * MINUTE)).sort(
      (a, b) => a - b,
    );
    for (const t0 of times) {
      const cls = random() < 0.5 ? pick(common) : pick(minors);
      const cell = pickCell();
      const street = streets.get(cell.streetCode)!;
      const ring = (cell.geometry as { coordinates: number[][][] }).coordinates[0]!;
      const lon = ring[0]![0]! + (ring[2]![0]! - ring[0]![0]!) * between(0.1, 0.9);
      const lat = ring[0]![1]! + (ring[2]![1]! - ring[0]![1]!) * between(0.1, 0.9);
      const source = random() < 0.7 ? 'inspector' : 'hotline';
      const unit = unitFor(cls.defaultUnitType, cell);
      const x = random();
      let outcome: PlannedOutcome = 'on_time';
      let acc = 0;
      for (const [name, share] of Object.entries(OUTCOME_SHARES)) {
        acc += share;
        if (x < acc) {
          outcome = name as PlannedOutcome;
          break;
        }
      }
      const limits = cls.limits[street.areaClass];
      const c: SyntheticCase = {
        reportedAt: Math.round(t0 / 1000) * 1000,
        source,
        kind: cls.kind,
        classCode: cls.code,
        className: cls.name,
        description: `${cls.name}：${source === 'hotline' ? '市民来电反映' : '巡查发现'}${pick(PLACES)}，请尽快处理。`,
        lon: Math.round(lon * 1e7) / 1e7,
        lat: Math.round(lat * 1e7) / 1e7,
        cellCode: cell.code,
        communityCode: cell.communityCode,
        streetCode: cell.streetCode,
        districtCode: d,
        areaClass: street.areaClass,
        unit,
        outcome,
        reporter:
          source === 'hotline'
            ? { name: pick(REPORTERS), phone: `139${String(10_000_000 + Math.floor(random() * 89_999_999))}` }
            : null,
        events: [],
      };
      c.events = timeline(c, {
        inspector: `${cell.communityCode}-inspector`,
        staff,
        signMinutes: minutesOf(limits.sign, 60),
        handleMinutes: minutesOf(limits.handle, 24 * 60),
        wrongUnit:
          unit === `${cell.streetCode}-sanitation`
            ? `${cell.streetCode}-greening`
            : `${cell.streetCode}-sanitation`,
        random,
      }).filter((e) => e.at < until);
      cases.push(c);
    }
  }
  return cases;
}

/** The whole loop of one case, before cutting at `until`. */
function timeline(
  c: SyntheticCase,
  p: {
    inspector: string;
    staff: DistrictStaff;
    signMinutes: number;
    handleMinutes: number;
    wrongUnit: string;
    random: () => number;
  },
): SyntheticEvent[] {
  const { random, staff } = p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const minutes = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo)) * MINUTE;
  const events: SyntheticEvent[] = [];
  let state: string | null = null;
  let t = c.reportedAt;
  const add = (e: Omit<SyntheticEvent, 'fromState' | 'toState'>, toState?: string) => {
    const to = toState ?? toStateOf.get(e.action) ?? state!;
    events.push({ ...e, fromState: state, toState: to });
    state = to;
  };
  const intake = pick(staff.intake);
  const shift = pick(staff.shift);
  const dispatcher = pick(staff.dispatch);
  const handler = `${c.unit}-h`;
  add(
    {
      action: 'intake',
      at: t,
      actor: c.source === 'hotline' ? intake : p.inspector,
      role: c.source === 'hotline' ? 'intake_operator' : 'inspector',
      dueAt: t + 30 * MINUTE,
    },
    'reported',
  );
  t += minutes(1, 40);
  if (c.outcome === 'rejected') {
    add({ action: 'reject', at: t, actor: intake, role: 'intake_operator', reason: '不属于城市管理范围' });
    return events;
  }
  add({ action: 'accept', at: t, actor: intake, role: 'intake_operator', dueAt: t + 30 * MINUTE });
  t += minutes(1, 40);
  add({ action: 'file', at: t, actor: shift, role: 'shift_leader', dueAt: t + 30 * MINUTE });
  t += minutes(1, 40);
  const dispatch = (action: 'dispatch' | 'redispatch', unit: string) => {
    add({
      action,
      at: t,
      actor: dispatcher,
      role: 'dispatcher',
      unit,
      signDueAt: t + p.signMinutes * MINUTE,
      dueAt: t + p.handleMinutes * MINUTE,
    });
  };
  if (c.outcome === 'returned') {
    dispatch('dispatch', p.wrongUnit);
    t += minutes(5, 60);
    add({
      action: 'return',
      at: t,
      actor: `${p.wrongUnit}-h`,
      role: 'handler',
      unit: p.wrongUnit,
      dueAt: t + 30 * MINUTE,
      reason: '非本单位职责范围，请重新派遣',
    });
    t += minutes(5, 60);
    dispatch('redispatch', c.unit);
  } else dispatch('dispatch', c.unit);
  const dispatchedAt = t;
  // One sign-for in eight is late.
  t += random() < 0.125 ? minutes(p.signMinutes * 1.05, p.signMinutes * 2) : minutes(1, p.signMinutes * 0.95);
  let due = dispatchedAt + p.handleMinutes * MINUTE;
  add({ action: 'sign', at: t, actor: handler, role: 'handler', dueAt: due });
  if (c.outcome === 'postponed') {
    t += minutes(10, 120);
    add({
      action: 'request_postponement',
      at: t,
      actor: handler,
      role: 'handler',
      dueAt: due,
      reason: '需协调产权单位',
    });
    t += minutes(10, 120);
    due += p.handleMinutes * MINUTE;
    add({ action: 'approve_postponement', at: t, actor: dispatcher, role: 'dispatcher', dueAt: due });
  }
  const left = due - t;
  t =
    c.outcome === 'overdue'
      ? due + Math.round(p.handleMinutes * (0.05 + 0.95 * random())) * MINUTE
      : t + Math.max(MINUTE, Math.round(left * (0.1 + 0.85 * random())));
  const reportBack = (handleDueAt: number) =>
    add({
      action: 'report_back',
      at: t,
      actor: handler,
      role: 'handler',
      handleDueAt,
      inspector: p.inspector,
      dueAt: t + 2 * HOUR,
      reason: '已处置完毕，现场已恢复',
    });
  reportBack(due);
  if (c.outcome === 'reworked') {
    t += minutes(10, 110);
    add({
      action: 'check_fail',
      at: t,
      actor: p.inspector,
      role: 'inspector',
      dueAt: t + 4 * HOUR,
      reason: '现场仍有残留，返工',
    });
    const reworkDue = t + 4 * HOUR;
    t += minutes(30, 230);
    reportBack(reworkDue);
  }
  t += minutes(10, 110);
  add({ action: 'check_pass', at: t, actor: p.inspector, role: 'inspector', dueAt: t + HOUR });
  t += minutes(5, 55);
  add({ action: 'close', at: t, actor: shift, role: 'shift_leader' });
  if (c.source === 'hotline' && random() < 0.8) {
    t += minutes(60, 48 * 60);
    const x = random();
    const satisfaction = x < 0.85 ? 'satisfied' : x < 0.95 ? 'basically_satisfied' : 'unsatisfied';
    add({ action: 'callback', at: t, actor: intake, role: 'intake_operator', satisfaction }, 'closed');
  }
  return events;
}
