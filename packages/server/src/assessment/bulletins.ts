// Bulletins (通报): the ranking bulletin (every active scheme's ranking for a period, with grades,
// flags and trend), the red case list (红灯超时案件通报: cases whose handling went overdue in the
// period, by responsible unit), and the public page's city-wide real-time figures.

import type { Db } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import { type Period, parsePeriod, rate, roundScore } from '@xiuhua/domain/assessment';
import { OPEN_STATES, STATE_NAMES, type CaseState } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { Actor } from '../platform/actor.ts';
import { whereVisible } from '../cases/visibility.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { AssessmentEngine } from './engine.ts';
import type { PublicationDeps } from './publication.ts';
import type {
  PublicFigures,
  RankingBulletin,
  RankingRow,
  RankingSection,
  RedCase,
  RedCaseBulletin,
} from './schemas.ts';
import type { AssessmentScores, Scheme } from './scores.ts';

export type { PublicFigures, RankingBulletin, RankingRow, RankingSection, RedCase, RedCaseBulletin };

export function trendOf(score: number | null, previous: number | null): Pick<RankingRow, 'delta' | 'trend'> {
  if (score === null || previous === null) return { delta: null, trend: null };
  const delta = roundScore(score - previous);
  return { delta, trend: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}

/** The public page is read by many: its figures are recomputed at most this often. */
const PUBLIC_CACHE_MS = 30_000;
const HOUR_MS = 3600_000;

export class AssessmentBulletins {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #scores: AssessmentScores;
  readonly #engine: AssessmentEngine;
  readonly #catalogue: CatalogueService;
  readonly #directory: DirectoryService;
  #public: { at: number; figures: Promise<PublicFigures> } | null = null;

  constructor(deps: PublicationDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#scores = deps.scores;
    this.#engine = deps.engine;
    this.#catalogue = deps.catalogue;
    this.#directory = deps.directory;
  }

  /** The rankings of the given schemes (default: every active scheme) for a period, as the actor may see them. */
  async ranking(actor: Actor, period: Period, schemes: Scheme[]): Promise<RankingBulletin> {
    const sections: RankingSection[] = [];
    for (const scheme of schemes) {
      const results = await this.#scores.visibleRows(actor, await this.#scores.results(scheme, period));
      sections.push({
        scheme: {
          id: scheme.id,
          code: results.scheme.code,
          name: results.scheme.name,
          kind: results.scheme.kind,
          level: results.scheme.level,
        },
        status: results.status,
        publishedAt: results.publication?.publishedAt ?? null,
        withFund: results.rows.some((r) => r.fund !== null),
        rows: results.rows.map((r) => ({
          tierCode: r.tier.code,
          tierName: r.tier.name,
          rank: r.rank,
          subjectId: r.subject.id,
          subjectName: r.subject.name,
          score: r.score,
          grade: r.grade,
          flag: r.flag,
          previousScore: r.previous?.score ?? null,
          previousRank: r.previous?.rank ?? null,
          ...trendOf(r.score, r.previous?.score ?? null),
          fund: r.fund?.amount ?? null,
        })),
      });
    }
    return {
      period: { key: period.key, kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay },
      sections,
    };
  }

  /**
   * 红灯超时案件通报: every handling task (处置) that was overdue at some moment of the period — its
   * deadline (postponements included) passed before it was reported back, and the overdue time
   * overlaps the period — with the unit it was sent to. Suspended tasks are not overdue (their
   * clock is stopped). Only cases the actor may see.
   */
  async redCases(actor: Actor, period: Period): Promise<RedCaseBulletin> {
    const now = this.#clock.now();
    const end = now.getTime() < period.end.getTime() ? now : period.end;
    const rows = await whereVisible(this.#db.selectFrom('cases'), actor)
      .innerJoin('assessment_facts as f', 'f.case_id', 'cases.id')
      .select([
        'cases.id',
        'cases.number',
        'cases.kind',
        'cases.class_code',
        'cases.street_code',
        'cases.address',
        'cases.state',
        'f.unit_id',
        'f.due_at',
        'f.done_at',
      ])
      .where('f.kind', '=', 'handle')
      .where('f.outcome', 'in', ['late', 'open'])
      .where('f.due_at', 'is not', null)
      .where('f.due_at', '<', end)
      .where((eb) => eb.or([eb('f.done_at', 'is', null), eb('f.done_at', '>', period.start)]))
      .orderBy('f.unit_id')
      .orderBy('f.due_at')
      .orderBy('cases.id')
      .execute();
    const dir = await this.#directory.get();
    const { rows: classes } = await this.#catalogue.current();
    const byUnit = new Map<number, RedCaseBulletin['units'][number]>();
    const seen = new Set<string>();
    for (const r of rows) {
      const unitId = r.unit_id ?? 0;
      // A case reworked and late twice for the same unit is listed once, at its first deadline.
      const key = `${unitId}:${r.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let unit = byUnit.get(unitId);
      if (!unit) {
        unit = { unitId, unitName: dir.units.get(unitId)?.name ?? '—', count: 0, cases: [] };
        byUnit.set(unitId, unit);
      }
      const dueAt = r.due_at!;
      const endedAt = r.done_at;
      unit.cases.push({
        id: r.id,
        number: r.number,
        classCode: r.class_code,
        className: classes.get(`${r.kind}:${r.class_code}`)?.name ?? r.class_code,
        streetName: dir.areas.get(r.street_code)?.name ?? r.street_code,
        address: r.address,
        dueAt,
        endedAt,
        overdueHours: Math.round((((endedAt ?? now).getTime() - dueAt.getTime()) / HOUR_MS) * 10) / 10,
        state: r.state,
        stateName: STATE_NAMES[r.state as CaseState]?.zh ?? r.state,
      });
      unit.count++;
    }
    const units = [...byUnit.values()].sort(
      (a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName),
    );
    return {
      period: { key: period.key, kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay },
      total: units.reduce((n, u) => n + u.count, 0),
      units,
    };
  }

  /** The city's figures now, for the public page: counts only, nothing about any person. */
  async publicFigures(): Promise<PublicFigures> {
    const now = this.#clock.now().getTime();
    if (this.#public && now - this.#public.at < PUBLIC_CACHE_MS) return await this.#public.figures;
    const figures = this.#computePublic();
    this.#public = { at: now, figures };
    figures.catch(() => {
      this.#public = null;
    });
    return await figures;
  }

  async #computePublic(): Promise<PublicFigures> {
    const db = this.#db;
    const asOf = this.#clock.now();
    const todayKey = cstDateOf(asOf);
    const today = parsePeriod(todayKey);
    const month = parsePeriod(todayKey.slice(0, 7));
    const count = sql<number>`count(*)::int`;
    const [reported, closed, open, timely] = await Promise.all([
      db
        .selectFrom('cases')
        .select([
          'street_code',
          count.as('n'),
          sql<number>`count(*) filter (where reported_at >= ${today.start})::int`.as('today'),
        ])
        .where('reported_at', '>=', month.start)
        .where('reported_at', '<=', asOf)
        .groupBy('street_code')
        .execute(),
      db
        .selectFrom('cases')
        .select([
          'street_code',
          count.as('n'),
          sql<number>`count(*) filter (where closed_at >= ${today.start})::int`.as('today'),
        ])
        .where('state', '=', 'closed')
        .where('closed_at', '>=', month.start)
        .where('closed_at', '<=', asOf)
        .groupBy('street_code')
        .execute(),
      db
        .selectFrom('cases')
        .select([
          'street_code',
          count.as('n'),
          sql<number>`count(*) filter (where colour = 'red')::int`.as('overdue'),
        ])
        .where('state', 'in', OPEN_STATES)
        .groupBy('street_code')
        .execute(),
      this.#engine.figures(month, 'street', { indicators: ['timely_closure'] }),
    ]);
    const dir = await this.#directory.get();
    const streets = [...dir.areas.values()]
      .filter((a) => a.level === 'street')
      .sort((a, b) => a.code.localeCompare(b.code));
    const of = <T extends { street_code: string }>(rows: T[], code: string) =>
      rows.find((r) => r.street_code === code);
    const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
    const numerator = sum(timely, (f) => f.numerator);
    const denominator = sum(timely, (f) => f.denominator);
    return {
      asOf,
      today: { date: todayKey, reported: sum(reported, (r) => r.today), closed: sum(closed, (r) => r.today) },
      month: {
        period: month.key,
        reported: sum(reported, (r) => r.n),
        closed: sum(closed, (r) => r.n),
        timelyClosureRate: rate(numerator, denominator),
      },
      open: { total: sum(open, (r) => r.n), overdue: sum(open, (r) => r.overdue) },
      streets: streets.map((a) => ({
        code: a.code,
        name: a.name,
        reported: of(reported, a.code)?.n ?? 0,
        closed: of(closed, a.code)?.n ?? 0,
        open: of(open, a.code)?.n ?? 0,
        overdue: of(open, a.code)?.overdue ?? 0,
      })),
    };
  }
}
