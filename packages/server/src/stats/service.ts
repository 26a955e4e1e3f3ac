// The console's overview: what is open now (by state, colour, major class) and what flowed through
// the period (reported by street, reported and closed per day, on-time handling by unit). Every
// count is made by PostgreSQL over the cases the caller may see (whereVisible), never by loading rows.

import type { Db } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import { OPEN_STATES, STATE_NAMES } from '@xiuhua/domain/workflow';
import { type SqlBool, sql } from 'kysely';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import { areaPathOf } from '../cases/queries.ts';
import { whereVisible } from '../cases/visibility.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 400;
const COLOURS = ['blue', 'yellow', 'orange', 'red', 'none'] as const;
/** A day in China Standard Time (UTC+8, no daylight saving), as SQL on a timestamptz column. */
const cstDay = (column: string) =>
  sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

export interface OverviewQuery {
  from?: Date;
  to?: Date;
  areaCode?: string;
}

interface StatsDeps {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  catalogue: CatalogueService;
}

export class StatsService {
  #s: StatsDeps;

  constructor(services: StatsDeps) {
    this.#s = services;
  }

  async overview(actor: Actor, query: OverviewQuery) {
    const { db, directory, catalogue } = this.#s;
    const to = query.to ?? this.#s.clock.now();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime())
      throw new AppError(400, 'INVALID_FIELD', 'from must be before to', 'from');
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
      throw new AppError(400, 'INVALID_FIELD', `the period may span at most ${MAX_PERIOD_DAYS} days`, 'to');
    const areaPath = query.areaCode ? await areaPathOf(directory, query.areaCode) : null;

    // The cases the caller may see, within the area asked for.
    const scoped = () => {
      const q = whereVisible(db.selectFrom('cases'), actor);
      return areaPath === null ? q : q.where(inArea(areaPath));
    };
    const open = () => scoped().where('state', 'in', OPEN_STATES);
    const count = sql<number>`count(*)::int`.as('count');

    const [byState, byColour, byClass, byStreet, reportedByDay, closedByDay, onTime] = await Promise.all([
      open().select(['state', count]).groupBy('state').execute(),
      open().select(['colour', count]).groupBy('colour').execute(),
      open()
        .select(['kind', sql<string>`left(class_code, 2)`.as('major'), count])
        .groupBy(['kind', sql`left(class_code, 2)`])
        .execute(),
      scoped()
        .where('reported_at', '>=', from)
        .where('reported_at', '<', to)
        .select(['street_code', count])
        .groupBy('street_code')
        .execute(),
      scoped()
        .where('reported_at', '>=', from)
        .where('reported_at', '<', to)
        .select([cstDay('reported_at').as('day'), count])
        .groupBy(sql`1`)
        .execute(),
      scoped()
        .where('closed_at', '>=', from)
        .where('closed_at', '<', to)
        .select([cstDay('closed_at').as('day'), count])
        .groupBy(sql`1`)
        .execute(),
      this.#onTime(actor, areaPath, from, to),
    ]);

    const dir = await directory.get();
    const { catalogue: cat } = await catalogue.current();
    const majorName = new Map(cat.majors.map((m) => [`${m.kind}:${m.code}`, m.name]));

    const stateCounts = new Map(byState.map((r) => [r.state, r.count]));
    const colourCounts = new Map(byColour.map((r) => [r.colour ?? 'none', r.count]));

    // Streets under the area asked for (or the caller's), zeros included; and any other street
    // a visible case lies in (a department's cases are wherever it was sent).
    const bases = areaPath !== null ? [areaPath] : actor.scope.cityWide ? [''] : actor.scope.areaPaths;
    const streetCounts = new Map(byStreet.map((r) => [r.street_code, r.count]));
    for (const area of dir.areas.values()) {
      if (area.level !== 'street' || streetCounts.has(area.code)) continue;
      const related = bases.some(
        (b) => b === '' || area.path === b || area.path.startsWith(`${b}/`) || b.startsWith(`${area.path}/`),
      );
      if (related) streetCounts.set(area.code, 0);
    }

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      byState: OPEN_STATES.map((state) => ({
        state,
        name: STATE_NAMES[state].zh,
        count: stateCounts.get(state) ?? 0,
      })),
      byColour: COLOURS.map((colour) => ({ colour, count: colourCounts.get(colour) ?? 0 })),
      byClass: byClass
        .map((r) => ({
          kind: r.kind,
          code: r.major,
          name: majorName.get(`${r.kind}:${r.major}`) ?? r.major,
          count: r.count,
        }))
        .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code)),
      byArea: [...streetCounts]
        .map(([code, n]) => ({ code, name: dir.areas.get(code)?.name ?? code, count: n }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      trend: trendDays(from, to, reportedByDay, closedByDay),
      onTimeByUnit: onTime
        .map((r) => ({
          unitId: r.unit_id,
          name: dir.units.get(r.unit_id)?.name ?? String(r.unit_id),
          closed: r.closed,
          onTime: r.on_time,
          rate: Math.round((r.on_time / r.closed) * 1000) / 1000,
        }))
        .sort((a, b) => b.closed - a.closed || a.unitId - b.unitId),
    };
  }

  /**
   * Cases closed in the period, by the unit that handled them (the assignee when closed), and how
   * many of them had their handle step finished on time: the LAST report-back (the handling that
   * passed the check) at or before the handle deadline then in force. That deadline is recorded on
   * the report-back event (`handleDueAt`); events written before it was recorded fall back to the
   * running deadline recorded by the event just before (`dueAt`), which misses only a later
   * calendar change.
   */
  async #onTime(actor: Actor, areaPath: string | null, from: Date, to: Date) {
    let q = whereVisible(this.#s.db.selectFrom('cases as c'), actor, 'c');
    if (areaPath !== null) q = q.where(inArea(areaPath, 'c'));
    return await q
      .where('c.closed_at', '>=', from)
      .where('c.closed_at', '<', to)
      .where('c.assignee_unit_id', 'is not', null)
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('case_events as e')
            .select([
              'e.at',
              sql<Date | null>`coalesce(
                (e.data->>'handleDueAt')::timestamptz,
                (select (p.data->>'dueAt')::timestamptz from case_events p
                  where p.case_id = e.case_id and p.seq = e.seq - 1)
              )`.as('due_at'),
            ])
            .whereRef('e.case_id', '=', 'c.id')
            .where('e.action', '=', 'report_back')
            .orderBy('e.seq', 'desc')
            .limit(1)
            .as('rb'),
        (join) => join.onTrue(),
      )
      .select([
        sql<number>`c.assignee_unit_id`.as('unit_id'),
        sql<number>`count(*)::int`.as('closed'),
        sql<number>`(count(*) filter (where rb.at <= rb.due_at))::int`.as('on_time'),
      ])
      .groupBy('c.assignee_unit_id')
      .execute();
  }
}

/** Cases in an area or below it (area_path is materialised: a prefix match on an indexed column). */
function inArea(path: string, table = 'cases') {
  const col = sql.ref(`${table}.area_path`);
  return sql<SqlBool>`(${col} = ${path} or ${col} like ${`${path}/%`})`;
}

/** Every China-time day of [from, to), with the counts found (zeros where none). */
function trendDays(
  from: Date,
  to: Date,
  reported: { day: string; count: number }[],
  closed: { day: string; count: number }[],
) {
  const r = new Map(reported.map((x) => [x.day, x.count]));
  const c = new Map(closed.map((x) => [x.day, x.count]));
  const last = cstDateOf(new Date(to.getTime() - 1));
  const days: { day: string; reported: number; closed: number }[] = [];
  // China time has no daylight saving: a step of 24 h always lands on the next day.
  for (let t = from.getTime(); ; t += DAY_MS) {
    const day = cstDateOf(new Date(t));
    days.push({ day, reported: r.get(day) ?? 0, closed: c.get(day) ?? 0 });
    if (day >= last) break;
  }
  return days;
}
