// Patrol duties and compliance (巡查履职). Each post level must patrol at a frequency — 总路长
// monthly, 一级路长 half-monthly, 辖区总路长 weekly, 二级路长 and 路段长 daily, duty staff every
// shift (configurable) — and a patrol counts by segment-pass.ts. What "done" means:
//   - an area post (总路长, 一级, 辖区总路长): in each period window, at least one segment of its area
//     patrolled on one day;
//   - a segment post (二级路长, 路段长): in each window, every one of its segments patrolled on a day;
//   - duty staff: on every roster shift the person works, every segment of the post patrolled
//     during the shift; and never away from the segments (脱岗) for `offPostMinutes` or more.
// A window is required when it has ended by the day asked about and the post held on its first
// and last days. Pure: the server gathers the track, segments, posts and shifts.

import { cstDayNumber, isoDateOfDay } from '../calendar/cst.ts';
import { type Post, type PostLevel, POST_SCOPE } from './posts.ts';
import {
  cleanTrack,
  judgeSegment,
  type PassRules,
  type PreparedLine,
  projectOnLine,
  type TrackPoint,
} from './segment-pass.ts';

export type PatrolPeriod = 'month' | 'half_month' | 'week' | 'day' | 'shift';

export interface PatrolDuty {
  readonly period: PatrolPeriod;
  /** The slowest credible pace (m/s): a segment's patrol takes at least length ÷ pace. */
  readonly paceMps: number;
  /** The fastest credible patrol (m/s): a car for the city's chiefs, on foot or by bicycle below. */
  readonly maxSpeedMps: number;
}

/** Defaults by level; null: the level has no patrol duty of its own (coordinators, posted officers). */
export const DEFAULT_PATROL_DUTIES: Readonly<Record<PostLevel, PatrolDuty | null>> = {
  general: { period: 'month', paceMps: 8, maxSpeedMps: 15 },
  deputy_general: { period: 'month', paceMps: 8, maxSpeedMps: 15 },
  first: { period: 'half_month', paceMps: 8, maxSpeedMps: 15 },
  street_general: { period: 'week', paceMps: 1.5, maxSpeedMps: 8 },
  second: { period: 'day', paceMps: 1.5, maxSpeedMps: 4 },
  segment_head: { period: 'day', paceMps: 1.5, maxSpeedMps: 4 },
  duty: { period: 'shift', paceMps: 1.5, maxSpeedMps: 4 },
  coordinator: null,
  posted: null,
};

/** Duty staff farther than this from every segment of their post are away from it. */
export const DEFAULT_OFF_POST = { distanceM: 200, minutes: 30 };

/** One stretch of time a duty is counted over: dates inclusive (CST), or a shift's instants. */
export interface DutyWindow {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  /** A shift's start and end (ms); absent for calendar windows. */
  readonly start?: number;
  readonly end?: number;
}

const dayMs = 86_400_000;
const dateAt = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The calendar windows of a period that end within [from, to] (dates, inclusive). */
export function calendarWindows(
  period: Exclude<PatrolPeriod, 'shift'>,
  from: string,
  to: string,
): DutyWindow[] {
  const out: DutyWindow[] = [];
  for (let ms = dateAt(from); ms <= dateAt(to); ms += dayMs) {
    const d = new Date(ms);
    const day = isoOf(ms);
    const next = new Date(ms + dayMs);
    const lastOfMonth = next.getUTCDate() === 1;
    if (period === 'day') out.push({ key: day, from: day, to: day });
    else if (period === 'week' && d.getUTCDay() === 0) {
      const monday = isoOf(ms - 6 * dayMs);
      out.push({ key: `week of ${monday}`, from: monday, to: day });
    } else if (period === 'half_month' && (d.getUTCDate() === 15 || lastOfMonth)) {
      const first = d.getUTCDate() === 15 ? `${day.slice(0, 8)}01` : `${day.slice(0, 8)}16`;
      out.push({ key: `${day.slice(0, 7)} ${d.getUTCDate() === 15 ? 'H1' : 'H2'}`, from: first, to: day });
    } else if (period === 'month' && lastOfMonth)
      out.push({ key: day.slice(0, 7), from: `${day.slice(0, 8)}01`, to: day });
  }
  return out;
}

/** The calendar window of a period that holds a day (the one running today). */
export function windowOf(period: Exclude<PatrolPeriod, 'shift'>, date: string): DutyWindow {
  const ms = dateAt(date);
  const d = new Date(ms);
  if (period === 'day') return { key: date, from: date, to: date };
  if (period === 'week') {
    const monday = isoOf(ms - ((d.getUTCDay() + 6) % 7) * dayMs);
    return { key: `week of ${monday}`, from: monday, to: isoOf(dateAt(monday) + 6 * dayMs) };
  }
  const month = date.slice(0, 7);
  const lastDay = isoOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  if (period === 'month') return { key: month, from: `${month}-01`, to: lastDay };
  return d.getUTCDate() <= 15
    ? { key: `${month} H1`, from: `${month}-01`, to: `${month}-15` }
    : { key: `${month} H2`, from: `${month}-16`, to: lastDay };
}

/** Segments patrolled per CST day: the track of each day judged against each line. */
export function patrolledByDay(
  track: readonly TrackPoint[],
  lines: readonly PreparedLine[],
  rules: PassRules,
): Map<string, Set<number>> {
  // Group by CST day number (arithmetic, not a Date per point: months of tracks are millions).
  const byDay = new Map<number, TrackPoint[]>();
  for (const p of track) {
    const day = cstDayNumber(p.t);
    const list = byDay.get(day);
    if (list) list.push(p);
    else byDay.set(day, [p]);
  }
  const out = new Map<string, Set<number>>();
  for (const [dayNumber, points] of byDay) {
    const day = isoDateOfDay(dayNumber);
    const clean = cleanTrack(points, rules.maxAccuracyM, rules.maxSpeedMps);
    const done = new Set<number>();
    for (const line of lines) if (judgeSegment(line, clean, rules).patrolled) done.add(line.id);
    if (done.size > 0) out.set(day, done);
  }
  return out;
}

export interface DutyGap {
  window: DutyWindow;
  /** The segments not patrolled in the window; empty for an area post (no segment at all was). */
  segmentIds: number[];
}

export interface OffPost {
  window: DutyWindow;
  /** Away from every segment of the post (or no fix at all) from … to (ms). */
  from: number;
  to: number;
}

export interface PostCompliance {
  postId: number;
  level: PostLevel;
  period: PatrolPeriod;
  required: number;
  done: number;
  gaps: DutyGap[];
  offPost: OffPost[];
}

const heldThrough = (post: Post, w: DutyWindow) =>
  post.validFrom <= w.from && (post.validTo === null || w.to <= post.validTo);

/**
 * Compliance of a post with calendar windows (every level but duty staff). `patrolled` comes from
 * patrolledByDay with this level's rules; `segmentIds` are the post's segments, or for an area post
 * every segment in its area.
 */
export function calendarCompliance(input: {
  post: Post;
  duty: PatrolDuty;
  windows: readonly DutyWindow[];
  patrolled: ReadonlyMap<string, ReadonlySet<number>>;
  segmentIds: readonly number[];
}): PostCompliance {
  const { post, duty, patrolled, segmentIds } = input;
  const windows = input.windows.filter((w) => heldThrough(post, w));
  const area = POST_SCOPE[post.level] !== 'segments';
  const doneIn = (w: DutyWindow): Set<number> => {
    const seen = new Set<number>();
    for (let ms = dateAt(w.from); ms <= dateAt(w.to); ms += dayMs)
      for (const id of patrolled.get(isoOf(ms)) ?? []) if (segmentIds.includes(id)) seen.add(id);
    return seen;
  };
  let required = 0;
  let done = 0;
  const gaps: DutyGap[] = [];
  for (const w of windows) {
    const seen = doneIn(w);
    if (area) {
      required += 1;
      if (seen.size > 0) done += 1;
      else gaps.push({ window: w, segmentIds: [] });
    } else {
      required += segmentIds.length;
      done += seen.size;
      const missing = segmentIds.filter((id) => !seen.has(id));
      if (missing.length > 0) gaps.push({ window: w, segmentIds: missing });
    }
  }
  return { postId: post.id, level: post.level, period: duty.period, required, done, gaps, offPost: [] };
}

/** Stretches of a shift at least `minutes` long with no fix within `distanceM` of any line. */
export function offPostStretches(
  track: readonly TrackPoint[],
  lines: readonly PreparedLine[],
  start: number,
  end: number,
  limits = DEFAULT_OFF_POST,
): { from: number; to: number }[] {
  const near = track
    .filter(
      (p) =>
        p.t >= start &&
        p.t <= end &&
        lines.some((l) => projectOnLine(l, p.lon, p.lat).distanceM <= limits.distanceM),
    )
    .map((p) => p.t)
    .sort((a, b) => a - b);
  const marks = [start, ...near, end];
  const out: { from: number; to: number }[] = [];
  for (let i = 1; i < marks.length; i++)
    if (marks[i]! - marks[i - 1]! >= limits.minutes * 60_000)
      out.push({ from: marks[i - 1]!, to: marks[i]! });
  return out;
}

/**
 * Compliance of a duty-staff post for one person: `shifts` are the roster shifts the person worked
 * (windows with start and end); each must patrol every segment of the post, with no stretch off post.
 */
export function shiftCompliance(input: {
  post: Post;
  duty: PatrolDuty;
  rules: PassRules;
  shifts: readonly DutyWindow[];
  track: readonly TrackPoint[];
  lines: readonly PreparedLine[];
  offPost?: typeof DEFAULT_OFF_POST;
}): PostCompliance {
  const { post, duty, rules, lines, track } = input;
  let required = 0;
  let done = 0;
  const gaps: DutyGap[] = [];
  const offPost: OffPost[] = [];
  for (const w of input.shifts.filter((s) => heldThrough(post, s))) {
    const during = track.filter((p) => p.t >= w.start! && p.t <= w.end!);
    const clean = cleanTrack(during, rules.maxAccuracyM, rules.maxSpeedMps);
    const missing = lines.filter((l) => !judgeSegment(l, clean, rules).patrolled).map((l) => l.id);
    required += lines.length;
    done += lines.length - missing.length;
    if (missing.length > 0) gaps.push({ window: w, segmentIds: missing });
    for (const s of offPostStretches(clean, lines, w.start!, w.end!, input.offPost ?? DEFAULT_OFF_POST))
      offPost.push({ window: w, ...s });
  }
  return { postId: post.id, level: post.level, period: duty.period, required, done, gaps, offPost };
}
