// Scores for a scheme and a period: every subject's indicator values (from the
// engine) or deductions (from supervision findings), score, grade, rank within its difficulty tier,
// flag, trend against the previous period, and — for quarters — the fund. A published period is
// read back frozen (publication.ts wrote it); anything else is computed now and marked provisional.
//
// Periods: a day, week, month or custom range is scored from its own figures. A quarter or a year is
// scored as the mean of its monthly scores (the published ones where published), so the money and
// last places follow what was published month by month, and a 100-point deduction scheme (which
// starts every month at 100) gives a quarter on the same scale as its months.
// See docs/domain.md, "Assessment".

import type { Database, Db } from '@xiuhua/db';
import {
  adjustedScore,
  compositeScore,
  type Deduction,
  deductionScore,
  flagsFor,
  gradeOf,
  indicatorPoints,
  isSubjectLevel,
  meanScore,
  monthsOf,
  type Period,
  PeriodError,
  parsePeriod,
  parseScheme,
  previousPeriod,
  quarterlyFund,
  rankByScore,
  roundScore,
  type SchemeConfig,
  type SchemeContext,
  type SchemeInput,
  tierOf,
} from '@xiuhua/domain/assessment';
import { can, type SubjectPlace } from '@xiuhua/domain/policy';
import { type Selectable, sql } from 'kysely';
import { recordRowChange, rowFields } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { AssessmentEngine, Subject, SubjectLevel } from './engine.ts';
import type {
  CorrectionOut,
  DeductionOut,
  Figure,
  FigureOut,
  PeriodResults,
  Scheme,
  SubjectResult,
} from './schemas.ts';

export type { CorrectionOut, DeductionOut, FigureOut, PeriodResults, Scheme, SubjectResult };

export interface ScoresDeps {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  engine: AssessmentEngine;
}

/** Period kinds that can be published. */
export const PUBLISHABLE = ['month', 'quarter'] as const;

export function periodOf(key: unknown, field = 'period'): Period {
  if (typeof key !== 'string' || key === '')
    throw new AppError(400, 'MISSING_FIELD', `${field} is required`, field);
  try {
    return parsePeriod(key);
  } catch (e) {
    if (e instanceof PeriodError) throw new AppError(400, 'INVALID_FIELD', e.message, field);
    throw e;
  }
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export class AssessmentScores {
  readonly #d: ScoresDeps;

  constructor(deps: ScoresDeps) {
    this.#d = deps;
  }

  // ------------------------------------------------------------------ schemes

  async listSchemes(includeInactive = false): Promise<Scheme[]> {
    let q = this.#d.db.selectFrom('assessment_schemes').selectAll().orderBy('id');
    if (!includeInactive) q = q.where('active', '=', true);
    return (await q.execute()).map(toScheme);
  }

  async scheme(id: number | string): Promise<Scheme> {
    const n = Number(id);
    const row = Number.isSafeInteger(n)
      ? await this.#d.db.selectFrom('assessment_schemes').selectAll().where('id', '=', n).executeTakeFirst()
      : await this.#d.db
          .selectFrom('assessment_schemes')
          .selectAll()
          .where('code', '=', String(id))
          .executeTakeFirst();
    if (!row) throw notFound(`scheme ${id}`);
    return toScheme(row);
  }

  /** What a scheme is checked against: the engine's indicators and the level's subjects. */
  async context(level: unknown): Promise<SchemeContext> {
    const indicators = this.#d.engine
      .indicators()
      .map((d) => ({ id: d.id, levels: d.levels, roles: d.roles }));
    const subjects =
      typeof level === 'string' && isSubjectLevel(level)
        ? new Set((await this.#d.engine.subjects(level)).map((s) => s.id))
        : undefined;
    return { indicators, subjects };
  }

  async createScheme(actor: Actor, body: unknown): Promise<Scheme> {
    const input = parseScheme(body, await this.context(levelOf(body)));
    const taken = await this.#d.db
      .selectFrom('assessment_schemes')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken) throw duplicateCode(input.code);
    const now = this.#d.clock.now();
    try {
      return await this.#d.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('assessment_schemes')
          .values({
            ...columns(input),
            created_by: actor.user.id,
            created_at: now,
            updated_by: actor.user.id,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.#recordScheme(trx, actor, null, row);
        return toScheme(row);
      });
    } catch (e) {
      // Two admins creating the same code at once: the unique key decides.
      if ((e as { code?: string }).code === '23505') throw duplicateCode(input.code);
      throw e;
    }
  }

  /** Replace a scheme's definition. Published periods keep the scheme they were published with. */
  async updateScheme(actor: Actor, id: number, body: unknown, active?: boolean): Promise<Scheme> {
    const current = await this.scheme(id);
    const input = parseScheme(body, await this.context(levelOf(body)));
    if (input.code !== current.code) {
      const taken = await this.#d.db
        .selectFrom('assessment_schemes')
        .select('id')
        .where('code', '=', input.code)
        .where('id', '<>', id)
        .executeTakeFirst();
      if (taken) throw duplicateCode(input.code);
    }
    const published = await this.#d.db
      .selectFrom('assessment_publications')
      .select('id')
      .where('scheme_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    // Once published, a scheme's kind and level are history: changing them would make its trends,
    // quarters and accountability runs compare different things.
    if (published && (input.config.level !== current.level || input.config.kind !== current.kind))
      throw new AppError(
        409,
        'CONFLICT',
        'the scheme has published periods: its kind and level cannot change (make a new scheme)',
        input.config.level !== current.level ? 'config.level' : 'config.kind',
      );
    return await this.#d.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('assessment_schemes')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const row = await trx
        .updateTable('assessment_schemes')
        .set({
          ...columns(input),
          ...(active === undefined ? {} : { active }),
          updated_by: actor.user.id,
          updated_at: this.#d.clock.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#recordScheme(trx, actor, before, row);
      return toScheme(row);
    });
  }

  async #recordScheme(trx: Db, actor: Actor, before: SchemeRow | null, after: SchemeRow): Promise<void> {
    const fields = (r: SchemeRow) => rowFields(r, ['created_by', 'updated_by']);
    const change = {
      actorUserId: actor.user.id,
      entity: 'assessment_scheme',
      at: this.#d.clock.now(),
      fields,
    } as const;
    await recordRowChange(trx, change, before, after);
  }

  // ------------------------------------------------------------------ results

  /** Published results if the period is published for the scheme, else computed now (provisional). */
  async results(scheme: Scheme, period: Period): Promise<PeriodResults> {
    const published = await this.published(scheme, period.key);
    if (published) return published;
    // A period still ahead has nothing to score (a deduction scheme would show everyone at 100).
    if (period.start.getTime() > this.#d.clock.now().getTime())
      throw new AppError(400, 'INVALID_FIELD', `${period.key} has not begun yet`, 'period');
    return await this.compute(scheme, period, { trend: true, withCases: false });
  }

  /** A published period exactly as it was stored, or null. */
  async published(scheme: Scheme, periodKey: string): Promise<PeriodResults | null> {
    const { db } = this.#d;
    const pub = await db
      .selectFrom('assessment_publications as p')
      .innerJoin('users as u', 'u.id', 'p.published_by')
      .select(['p.id', 'p.period_key', 'p.scheme', 'p.note', 'p.published_at', 'u.display_name'])
      .where('p.scheme_id', '=', scheme.id)
      .where('p.period_key', '=', periodKey)
      .executeTakeFirst();
    if (!pub) return null;
    const snapshot = pub.scheme as StoredScheme;
    // The case ids frozen with each figure are read by the drill-down only.
    const [rows, figures] = await Promise.all([
      db.selectFrom('assessment_results').selectAll().where('publication_id', '=', pub.id).execute(),
      db
        .selectFrom('assessment_figures')
        .select(['subject_id', 'indicator', 'numerator', 'denominator', 'value'])
        .where('publication_id', '=', pub.id)
        .execute(),
    ]);
    const bySubject = new Map<string, FigureOut[]>();
    for (const f of figures) {
      const list = bySubject.get(f.subject_id) ?? [];
      bySubject.set(f.subject_id, list);
      list.push({
        indicator: f.indicator,
        numerator: f.numerator,
        denominator: f.denominator,
        value: num(f.value),
      });
    }
    const order = new Map(snapshot.config.weights.map((w, i) => [w.indicator, i]));
    const period = parsePeriod(periodKey);
    return {
      scheme: { ...snapshotHead(scheme, snapshot), role: snapshot.config.role },
      period: { key: period.key, kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay },
      status: 'published',
      publication: {
        id: pub.id,
        publishedAt: pub.published_at,
        publishedBy: pub.display_name,
        note: pub.note,
      },
      weights: snapshot.config.weights,
      rows: sortRows(
        rows.map((r) => {
          const details = r.details as StoredDetails;
          return {
            subject: r.subject as Subject,
            tier: { code: r.tier, name: r.tier_name },
            baseScore: details.baseScore ?? num(r.score),
            score: num(r.score),
            grade: r.grade,
            rank: r.rank,
            rankFromBottom: r.rank_from_bottom,
            flag: r.flag,
            last: details.last ?? false,
            previous:
              details.hasPrevious === false ? null : { score: num(r.previous_score), rank: r.previous_rank },
            figures: (bySubject.get(r.subject_id) ?? []).sort(
              (a, b) => (order.get(a.indicator) ?? 99) - (order.get(b.indicator) ?? 99),
            ),
            deductions: details.deductions ?? [],
            months: details.months ?? [],
            corrections: details.corrections ?? [],
            fund: r.fund_group === null ? null : { group: r.fund_group, amount: num(r.fund) },
          };
        }),
        snapshot.config,
      ),
    };
  }

  /** Compute a period's results now from the scheme's current definition. */
  async compute(
    scheme: Scheme,
    period: Period,
    options: { trend: boolean; withCases: boolean },
  ): Promise<PeriodResults> {
    const config = scheme.config;
    const subjects = await this.subjectsOf(scheme);
    const monthly = period.kind === 'quarter' || period.kind === 'year';
    const rows: SubjectResult[] = subjects.map((subject) => {
      const { code, name } = tierOf(config, subject.id);
      return {
        subject,
        tier: { code, name },
        baseScore: null,
        score: null,
        grade: null,
        rank: null,
        rankFromBottom: null,
        flag: null,
        last: false,
        previous: null,
        figures: [],
        deductions: [],
        months: [],
        corrections: [],
        fund: null,
      };
    });
    const byId = new Map(rows.map((r) => [r.subject.id, r]));

    if (monthly) {
      const now = this.#d.clock.now();
      for (const key of monthsOf(period)) {
        const month = parsePeriod(key);
        if (month.start.getTime() >= now.getTime()) continue; // not begun: nothing to score
        const results =
          (await this.published(scheme, key)) ??
          (await this.compute(scheme, month, { trend: false, withCases: false }));
        const scores = new Map(results.rows.map((r) => [r.subject.id, r.score]));
        for (const r of rows)
          r.months.push({
            period: key,
            score: scores.get(r.subject.id) ?? null,
            published: results.status === 'published',
          });
      }
      for (const r of rows) r.baseScore = meanScore(r.months.map((m) => m.score));
    } else if (config.kind === 'composite') {
      const figures = await this.#d.engine.figures(period, scheme.level, {
        subjectIds: subjects.map((s) => s.id),
        indicators: config.weights.map((w) => w.indicator),
        withCases: options.withCases,
      });
      for (const f of figures) byId.get(f.subject.id)?.figures.push(figureOut(f, options.withCases));
      const order = new Map(config.weights.map((w, i) => [w.indicator, i]));
      const better = new Map(this.#d.engine.indicators().map((d) => [d.id, d.better]));
      for (const r of rows) {
        r.figures.sort((a, b) => (order.get(a.indicator) ?? 99) - (order.get(b.indicator) ?? 99));
        const points = Object.fromEntries(
          r.figures.map((f) => [f.indicator, indicatorPoints(f.value, better.get(f.indicator) ?? 'higher')]),
        );
        r.baseScore = compositeScore(points, config.weights);
      }
    } else {
      const findings = await this.findingCounts(scheme, period);
      const names = new Map(config.deductions.map((d) => [d.code, d.name]));
      for (const r of rows) {
        const mine = findings.filter((f) => f.subjectId === r.subject.id);
        r.deductions = mine.map((f) => ({
          code: f.code,
          name: names.get(f.code) ?? f.code,
          points: f.points,
          count: f.count,
          total: roundScore(f.points * f.count),
        }));
        r.baseScore = deductionScore(
          mine.map((f): Deduction => ({ code: f.code, points: f.points, count: f.count })),
          config.fullScore,
        );
      }
    }

    // Corrections of published months land in the month they were filed into.
    if (period.kind === 'month') {
      const corrections = await this.#d.db
        .selectFrom('assessment_corrections')
        .select(['id', 'subject_id', 'points', 'corrects_period', 'note'])
        .where('scheme_id', '=', scheme.id)
        .where('period_key', '=', period.key)
        .orderBy('id')
        .execute();
      for (const c of corrections) {
        byId.get(c.subject_id)?.corrections.push({
          id: c.id,
          points: Number(c.points),
          correctsPeriod: c.corrects_period,
          note: c.note,
        });
      }
    }
    const full = config.kind === 'deduction' ? config.fullScore : 100;
    for (const r of rows) {
      const points = r.corrections.reduce((sum, c) => sum + c.points, 0);
      r.score = points === 0 ? r.baseScore : adjustedScore(r.baseScore, points, full);
      r.grade = gradeOf(r.score, config.grades);
    }

    rankWithinTiers(rows, config, period.kind === 'month');

    if (period.kind === 'quarter' && config.fund) {
      for (const r of rows) {
        const group = config.fund.groups[r.subject.id];
        if (group === undefined) continue;
        r.fund = { group, amount: r.score === null ? null : quarterlyFund(r.score, group, config.fund.rule) };
      }
    }

    if (options.trend) {
      const before = previousPeriod(period);
      const previous =
        (await this.published(scheme, before.key)) ??
        (await this.compute(scheme, before, { trend: false, withCases: false }));
      const prev = new Map(previous.rows.map((r) => [r.subject.id, r]));
      for (const r of rows) {
        const p = prev.get(r.subject.id);
        r.previous = p ? { score: p.score, rank: p.rank } : { score: null, rank: null };
      }
    }

    return {
      scheme: {
        id: scheme.id,
        code: scheme.code,
        name: scheme.name,
        nameEn: scheme.nameEn,
        kind: scheme.kind,
        level: scheme.level,
        role: config.role,
      },
      period: { key: period.key, kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay },
      status: 'provisional',
      publication: null,
      weights: config.weights,
      rows: sortRows(rows, config),
    };
  }

  /** The subjects a scheme scores now: the level's subjects, of its role, limited to its list. */
  async subjectsOf(scheme: Scheme): Promise<Subject[]> {
    const all = await this.#d.engine.subjects(scheme.level);
    const only = scheme.config.subjects ? new Set(scheme.config.subjects) : null;
    return all.filter(
      (s) =>
        (scheme.config.role === null || s.role === scheme.config.role) && (only === null || only.has(s.id)),
    );
  }

  /** Findings in force in the period (voided ones left out), counted per subject, type and points. */
  async findingCounts(scheme: Scheme, period: Period) {
    const rows = await this.#d.db
      .selectFrom('supervision_findings')
      .select(['subject_id', 'finding_code', 'points', sql<number>`sum(count)::int`.as('count')])
      .where('scheme_id', '=', scheme.id)
      .where('voided_at', 'is', null)
      .where('found_on', '>=', period.firstDay)
      .where('found_on', '<=', period.lastDay)
      .groupBy(['subject_id', 'finding_code', 'points'])
      .orderBy('subject_id')
      .orderBy('finding_code')
      .execute();
    return rows.map((r) => ({
      subjectId: r.subject_id,
      code: r.finding_code,
      points: Number(r.points),
      count: r.count,
    }));
  }

  // ------------------------------------------------------------------ who sees which subject

  /** Whether the actor may see this subject's results (policy 'assessment.seeSubject'). */
  async canSee(actor: Actor, subject: Subject): Promise<boolean> {
    if (actor.scope.cityWide) return true;
    return can(actor, 'assessment.seeSubject', await this.#placeOf(subject));
  }

  /** Where a subject lies: its unit (unit, person) and the path of its area. */
  async #placeOf(subject: Subject): Promise<SubjectPlace> {
    const dir = await this.#d.directory.get();
    const unitPlace = (unitId: string | undefined): SubjectPlace => {
      const unit = unitId === undefined ? undefined : dir.units.get(Number(unitId));
      const area = unit ? dir.areas.get(unit.area_code) : undefined;
      return { ...(unitId !== undefined ? { unitId } : {}), ...(area ? { areaPath: area.path } : {}) };
    };
    switch (subject.level) {
      case 'unit':
        return unitPlace(subject.id);
      case 'person':
        return unitPlace(subject.parentId);
      case 'grid': {
        const street = subject.parentId === undefined ? undefined : dir.areas.get(subject.parentId);
        return street ? { areaPath: street.path } : {};
      }
      default: {
        const area = dir.areas.get(subject.id);
        return area ? { areaPath: area.path } : {};
      }
    }
  }

  /** Only the rows the actor may see; ranks stay those among all subjects. */
  async visibleRows(actor: Actor, results: PeriodResults): Promise<PeriodResults> {
    const rows: SubjectResult[] = [];
    for (const r of results.rows) if (await this.canSee(actor, r.subject)) rows.push(r);
    return { ...results, rows };
  }
}

// -------------------------------------------------------------------- helpers

interface StoredScheme {
  code: string;
  name: string;
  nameEn: string | null;
  config: SchemeConfig;
}

interface StoredDetails {
  baseScore?: number | null;
  last?: boolean;
  hasPrevious?: boolean;
  deductions?: DeductionOut[];
  months?: SubjectResult['months'];
  corrections?: CorrectionOut[];
}

function snapshotHead(scheme: Scheme, stored: StoredScheme) {
  return {
    id: scheme.id,
    code: stored.code,
    name: stored.name,
    nameEn: stored.nameEn,
    kind: stored.config.kind,
    level: stored.config.level as SubjectLevel,
  };
}

/** What publication stores of the scheme it published with. */
export function schemeSnapshot(scheme: Scheme): StoredScheme {
  return { code: scheme.code, name: scheme.name, nameEn: scheme.nameEn, config: scheme.config };
}

/** What publication stores beside the result columns. */
export function resultDetails(r: SubjectResult): StoredDetails {
  return {
    baseScore: r.baseScore,
    last: r.last,
    hasPrevious: r.previous !== null,
    deductions: r.deductions,
    months: r.months,
    corrections: r.corrections,
  };
}

const duplicateCode = (code: string) =>
  new AppError(409, 'DUPLICATE', `a scheme with the code ${code} exists`, 'code');

function levelOf(body: unknown): unknown {
  const config = (body as { config?: { level?: unknown } } | null)?.config;
  return typeof config === 'object' && config !== null ? config.level : undefined;
}

function columns(input: SchemeInput) {
  return {
    code: input.code,
    name: input.name,
    name_en: input.nameEn,
    kind: input.config.kind,
    level: input.config.level,
    config: JSON.stringify(input.config),
  };
}

type SchemeRow = Selectable<Database['assessment_schemes']>;

function toScheme(row: {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  kind: SchemeConfig['kind'];
  level: SubjectLevel;
  config: unknown;
  active: boolean;
  updated_at: Date;
}): Scheme {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind,
    level: row.level,
    config: row.config as SchemeConfig,
    active: row.active,
    updatedAt: row.updated_at,
  };
}

function figureOut(f: Figure, withCases: boolean): FigureOut {
  const out: FigureOut = {
    indicator: f.indicator,
    numerator: f.numerator,
    denominator: f.denominator,
    value: f.value,
  };
  if (withCases) {
    out.numeratorCases = f.numeratorCases ?? [];
    out.denominatorCases = f.denominatorCases ?? [];
  }
  return out;
}

/**
 * Rank each tier's scored subjects (competition ranking: ties share, the next skips), flag the
 * month's best and worst by the tier's rule, and mark each tier's last (none in a tier of one, or of equals).
 */
function rankWithinTiers(rows: SubjectResult[], config: SchemeConfig, withFlags: boolean): void {
  const tiers = new Map<string, SubjectResult[]>();
  for (const r of rows) tiers.set(r.tier.code, [...(tiers.get(r.tier.code) ?? []), r]);
  for (const [code, members] of tiers) {
    const ranked = rankByScore(
      members,
      (r) => r.score,
      (r) => r.subject.id.padStart(20, '0'),
    );
    for (const x of ranked) {
      x.item.rank = x.rank;
      x.item.rankFromBottom = x.rankFromBottom;
      // Last, unless also first: when every subject of the tier scores the same, none is last.
      x.item.last = x.rankFromBottom === 1 && x.rank > 1;
    }
    if (!withFlags) continue;
    const rule = config.tiers.find((t) => t.code === code)?.flags ?? config.flags;
    const flags = flagsFor(ranked, rule);
    for (const [item, flag] of flags) item.flag = flag;
  }
}

/** Tier by tier (tiers in the scheme's order, the default last), best first, unranked at the end. */
function sortRows(rows: SubjectResult[], config: SchemeConfig): SubjectResult[] {
  const order = new Map(config.tiers.map((t, i) => [t.code, i]));
  const tierOrder = (code: string) => order.get(code) ?? config.tiers.length;
  const idOrder = (r: SubjectResult) => r.subject.id.padStart(20, '0');
  return [...rows].sort(
    (a, b) =>
      tierOrder(a.tier.code) - tierOrder(b.tier.code) ||
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      idOrder(a).localeCompare(idOrder(b)),
  );
}
