// Publishing a period (docs/domain.md, "Assessment": a published period is frozen): a month or a
// quarter of a scheme is computed once more — figures with the case ids behind each, scores,
// grades, ranks, flags, funds — and stored in append-only tables, with the accountability items it
// raises. It is never published again: a published period is refused (409), and a correction goes
// into a later, unpublished month as points with a note (assessment_corrections), so what was
// announced stays exactly what was announced.

import type { Db } from '@xiuhua/db';
import {
  blackFlagTriggers,
  type Flag,
  lastPlaceTrigger,
  monthsOf,
  type Period,
  previousPeriod,
  type TriggerKind,
} from '@xiuhua/domain/assessment';
import { type CaseState, STATE_NAMES } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import { whereVisible } from '../cases/visibility.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { AssessmentEngine, Subject } from './engine.ts';
import {
  type AssessmentScores,
  PUBLISHABLE,
  type PeriodResults,
  periodOf,
  resultDetails,
  type Scheme,
  schemeSnapshot,
} from './scores.ts';

/** Namespace of the advisory lock that serialises publishing per scheme. */
const PUBLISH_LOCK = 5011;
const BATCH = 500;

export interface PublicationDeps {
  db: Db;
  clock: Clock;
  scores: AssessmentScores;
  engine: AssessmentEngine;
  catalogue: CatalogueService;
  directory: DirectoryService;
}

export const TRIGGER_NAMES: Record<TriggerKind, { zh: string; en: string }> = {
  black_consecutive: {
    zh: '连续黑旗，启动问责程序',
    en: 'Consecutive black flags: accountability procedure',
  },
  black_cumulative: { zh: '累计黑旗，启动问责程序', en: 'Cumulative black flags: accountability procedure' },
  quarter_last: { zh: '季度末位，书面说明', en: 'Last in the quarter: written explanation' },
  quarter_last_2: { zh: '连续两个季度末位，约谈', en: 'Last two quarters running: admonition talk' },
  quarter_last_3: { zh: '连续三个季度末位，问责', en: 'Last three quarters running: accountability' },
};

export class AssessmentPublication {
  readonly #d: PublicationDeps;

  constructor(deps: PublicationDeps) {
    this.#d = deps;
  }

  /** Is this period of the scheme published? */
  async isPublished(schemeId: number, periodKey: string, db: Db = this.#d.db): Promise<boolean> {
    const row = await db
      .selectFrom('assessment_publications')
      .select('id')
      .where('scheme_id', '=', schemeId)
      .where('period_key', '=', periodKey)
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(schemeId?: number) {
    let q = this.#d.db
      .selectFrom('assessment_publications as p')
      .innerJoin('users as u', 'u.id', 'p.published_by')
      .select([
        'p.id',
        'p.scheme_id',
        'p.period_key',
        'p.period_kind',
        'p.note',
        'p.published_at',
        'u.display_name',
      ])
      .orderBy('p.period_key', 'desc')
      .orderBy('p.id', 'desc');
    if (schemeId !== undefined) q = q.where('p.scheme_id', '=', schemeId);
    return (await q.execute()).map((p) => ({
      id: p.id,
      schemeId: p.scheme_id,
      period: p.period_key,
      periodKind: p.period_kind,
      note: p.note,
      publishedAt: p.published_at,
      publishedBy: p.display_name,
    }));
  }

  /** Publish and freeze a month or a quarter. */
  async publish(
    actor: Actor,
    scheme: Scheme,
    periodKey: unknown,
    note: string | null,
  ): Promise<PeriodResults> {
    const { db, clock, scores } = this.#d;
    const period = periodOf(periodKey);
    if (!(PUBLISHABLE as readonly string[]).includes(period.kind))
      throw new AppError(
        400,
        'INVALID_FIELD',
        `only a month or a quarter is published, not ${period.kind} ${period.key}`,
        'period',
      );
    if (!scheme.active) throw new AppError(409, 'CONFLICT', `the scheme ${scheme.code} is not active`);
    if (clock.now().getTime() < period.end.getTime())
      throw new AppError(
        409,
        'PERIOD_NOT_ENDED',
        `${period.key} has not ended yet (it ends ${period.lastDay})`,
        'period',
      );
    await this.#checkPublishable(db, scheme, period);

    // Computed outside the transaction (the engine reads on its own connection); the checks are
    // repeated under the lock, and the unique key refuses a second publication anyway.
    const results = await scores.compute(scheme, period, { trend: true, withCases: true });
    for (const r of results.rows) {
      if (!(await scores.canSee(actor, r.subject)))
        throw new AppError(
          403,
          'NOT_IN_SCOPE',
          `${r.subject.name} is outside your area: you cannot publish this scheme`,
        );
    }
    const now = clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${PUBLISH_LOCK}, ${scheme.id})`.execute(trx);
        await this.#checkPublishable(trx, scheme, period);
        const pub = await trx
          .insertInto('assessment_publications')
          .values({
            scheme_id: scheme.id,
            period_key: period.key,
            period_kind: period.kind as 'month' | 'quarter',
            period_start: period.start,
            period_end: period.end,
            scheme: JSON.stringify(schemeSnapshot(scheme)),
            note,
            published_by: actor.user.id,
            published_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = results.rows.map((r) => ({
          publication_id: pub.id,
          subject_id: r.subject.id,
          subject: JSON.stringify(r.subject),
          tier: r.tier.code,
          tier_name: r.tier.name,
          score: r.score,
          grade: r.grade,
          rank: r.rank,
          rank_from_bottom: r.rankFromBottom,
          flag: r.flag,
          previous_score: r.previous?.score ?? null,
          previous_rank: r.previous?.rank ?? null,
          fund_group: r.fund?.group ?? null,
          fund: r.fund?.amount ?? null,
          details: JSON.stringify(resultDetails(r)),
        }));
        for (let i = 0; i < rows.length; i += BATCH)
          await trx
            .insertInto('assessment_results')
            .values(rows.slice(i, i + BATCH))
            .execute();
        const figures = results.rows.flatMap((r) =>
          r.figures.map((f) => ({
            publication_id: pub.id,
            subject_id: r.subject.id,
            indicator: f.indicator,
            numerator: f.numerator,
            denominator: f.denominator,
            value: f.value,
            numerator_cases: f.numeratorCases ?? [],
            denominator_cases: f.denominatorCases ?? [],
          })),
        );
        for (let i = 0; i < figures.length; i += BATCH)
          await trx
            .insertInto('assessment_figures')
            .values(figures.slice(i, i + BATCH))
            .execute();

        const items =
          period.kind === 'month'
            ? await this.#blackFlagItems(trx, scheme, period, results)
            : await this.#lastPlaceItems(trx, scheme, period, results);
        if (items.length > 0)
          await trx
            .insertInto('accountability_items')
            .values(
              items.map((item) => ({
                ...item,
                scheme_id: scheme.id,
                publication_id: pub.id,
                created_at: now,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .execute();
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new AppError(
          409,
          'ALREADY_PUBLISHED',
          `${period.key} is already published for ${scheme.name}`,
          'period',
        );
      throw e;
    }
    return (await scores.published(scheme, period.key))!;
  }

  async #checkPublishable(db: Db, scheme: Scheme, period: Period): Promise<void> {
    if (await this.isPublished(scheme.id, period.key, db))
      throw new AppError(
        409,
        'ALREADY_PUBLISHED',
        `${period.key} is already published for ${scheme.name}: published figures never change; file a correction in a later month`,
        'period',
      );
    // Accountability runs and trends read the published history: it is written in order.
    const later = await db
      .selectFrom('assessment_publications')
      .select('period_key')
      .where('scheme_id', '=', scheme.id)
      .where('period_kind', '=', period.kind as 'month' | 'quarter')
      .where('period_key', '>', period.key)
      .orderBy('period_key')
      .executeTakeFirst();
    if (later)
      throw new AppError(
        409,
        'OUT_OF_ORDER',
        `${later.period_key} is already published: ${period.key} can no longer be published`,
        'period',
      );
    if (period.kind === 'quarter') {
      const months = monthsOf(period);
      const published = await db
        .selectFrom('assessment_publications')
        .select('period_key')
        .where('scheme_id', '=', scheme.id)
        .where('period_key', 'in', months)
        .execute();
      const missing = months.filter((m) => !published.some((p) => p.period_key === m));
      if (missing.length > 0)
        throw new AppError(
          409,
          'MONTHS_NOT_PUBLISHED',
          `a quarter is scored from its published months: publish ${missing.join(', ')} first`,
          'period',
        );
    }
  }

  /**
   * 3 consecutive / 4 cumulative black flags in the year (docs/domain.md, "Assessment"), counted
   * over published months.
   */
  async #blackFlagItems(db: Db, scheme: Scheme, period: Period, results: PeriodResults) {
    const black = results.rows.filter((r) => r.flag === 'black');
    if (black.length === 0) return [];
    const year = period.key.slice(0, 4);
    const history = await db
      .selectFrom('assessment_results as r')
      .innerJoin('assessment_publications as p', 'p.id', 'r.publication_id')
      .select(['p.period_key', 'r.subject_id', 'r.flag'])
      .where('p.scheme_id', '=', scheme.id)
      .where('p.period_kind', '=', 'month')
      .where('p.period_key', 'like', `${year}-%`)
      .where('p.period_key', '<', period.key)
      .where(
        'r.subject_id',
        'in',
        black.map((r) => r.subject.id),
      )
      .execute();
    const month = Number(period.key.slice(5, 7));
    const keys = Array.from({ length: month }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const items = [];
    for (const r of black) {
      const flags: (Flag | null)[] = keys.map((k) =>
        k === period.key
          ? 'black'
          : (history.find((h) => h.period_key === k && h.subject_id === r.subject.id)?.flag ?? null),
      );
      const blackMonths = keys.filter((_, i) => flags[i] === 'black');
      let run = 0;
      for (let i = flags.length - 1; i >= 0 && flags[i] === 'black'; i--) run++;
      for (const kind of blackFlagTriggers(flags, scheme.config.triggers)) {
        items.push({
          subject_id: r.subject.id,
          subject_name: r.subject.name,
          kind,
          period_key: period.key,
          detail:
            kind === 'black_consecutive'
              ? `连续${run}个月黑旗：${keys.slice(-run).join('、')}`
              : `${year}年累计${blackMonths.length}次黑旗：${blackMonths.join('、')}`,
        });
      }
    }
    return items;
  }

  /** Last of its tier in the quarter; 2 and 3 quarters running escalate (docs/domain.md, "Assessment"). */
  async #lastPlaceItems(db: Db, scheme: Scheme, period: Period, results: PeriodResults) {
    const last = results.rows.filter((r) => r.last);
    if (last.length === 0) return [];
    const history = await db
      .selectFrom('assessment_results as r')
      .innerJoin('assessment_publications as p', 'p.id', 'r.publication_id')
      .select(['p.period_key', 'r.subject_id', 'r.details'])
      .where('p.scheme_id', '=', scheme.id)
      .where('p.period_kind', '=', 'quarter')
      .where('p.period_key', '<', period.key)
      .where(
        'r.subject_id',
        'in',
        last.map((r) => r.subject.id),
      )
      .execute();
    const wasLast = (key: string, subjectId: string): boolean | null => {
      const row = history.find((h) => h.period_key === key && h.subject_id === subjectId);
      return row ? ((row.details as { last?: boolean }).last ?? false) : null;
    };
    const items = [];
    for (const r of last) {
      const seq = [true];
      let q = previousPeriod(period);
      // Back through the published quarters while the subject stayed last (an unpublished one ends the run).
      for (let i = 0; i < 8; i++) {
        const was = wasLast(q.key, r.subject.id);
        if (was === null) break;
        seq.unshift(was);
        if (!was) break;
        q = previousPeriod(q);
      }
      const kind = lastPlaceTrigger(seq, scheme.config.triggers);
      if (!kind) continue;
      let run = 0;
      for (let i = seq.length - 1; i >= 0 && seq[i]; i--) run++;
      items.push({
        subject_id: r.subject.id,
        subject_name: r.subject.name,
        kind,
        period_key: period.key,
        detail:
          run === 1
            ? `${period.key}季度${r.tier.name}末位，得分${r.score}`
            : `连续${run}个季度${r.tier.name}末位（至${period.key}），得分${r.score}`,
      });
    }
    return items;
  }

  // ------------------------------------------------------------------ drill-down

  /**
   * The cases behind one side of a figure in the scheme's results: the case ids frozen with the
   * publication when the period is published, else the engine's count now. Cases the actor may
   * not see are counted but not listed.
   */
  async drilldown(
    actor: Actor,
    scheme: Scheme,
    period: Period,
    subjectId: string,
    indicator: string,
    side: 'numerator' | 'denominator',
  ) {
    const { db, scores, engine } = this.#d;
    if (scheme.config.kind !== 'composite')
      throw new AppError(
        400,
        'INVALID_FIELD',
        `${scheme.name} is scored from findings, not indicators`,
        'indicator',
      );
    if (!scheme.config.weights.some((w) => w.indicator === indicator))
      throw new AppError(
        400,
        'INVALID_FIELD',
        `indicator must be one of the scheme's: ${scheme.config.weights.map((w) => w.indicator).join(', ')}`,
        'indicator',
      );
    if (period.kind === 'quarter' || period.kind === 'year')
      throw new AppError(
        400,
        'INVALID_FIELD',
        'a quarter or a year is scored from its months: drill into a month',
        'period',
      );
    const subject = (await scores.subjectsOf(scheme)).find((s) => s.id === subjectId);
    if (!subject || !(await scores.canSee(actor, subject))) throw notFound(`subject ${subjectId}`, 'subject');
    const pub = await db
      .selectFrom('assessment_publications')
      .select('id')
      .where('scheme_id', '=', scheme.id)
      .where('period_key', '=', period.key)
      .executeTakeFirst();
    let ids: number[];
    if (pub) {
      const figure = await db
        .selectFrom('assessment_figures')
        .select(['numerator_cases', 'denominator_cases'])
        .where('publication_id', '=', pub.id)
        .where('subject_id', '=', subjectId)
        .where('indicator', '=', indicator)
        .executeTakeFirst();
      ids = (side === 'numerator' ? (figure?.numerator_cases ?? []) : (figure?.denominator_cases ?? [])).map(
        Number,
      );
    } else {
      ids = await engine.cases(period, scheme.level, subjectId, indicator, side);
    }
    const unique = [...new Set(ids)];
    const rows =
      unique.length === 0
        ? []
        : await whereVisible(db.selectFrom('cases'), actor)
            .select([
              'id',
              'number',
              'kind',
              'class_code',
              'state',
              'street_code',
              'address',
              'reported_at',
              'closed_at',
            ])
            .where('id', 'in', unique)
            .orderBy('id')
            .execute();
    return {
      status: pub ? ('published' as const) : ('provisional' as const),
      period: period.key,
      subject,
      indicator,
      side,
      /** Facts counted (a case may count more than once, e.g. two handling tasks). */
      count: ids.length,
      cases: await this.#present(rows),
      hidden: unique.length - rows.length,
    };
  }

  async #present(
    rows: {
      id: number;
      number: string;
      kind: string;
      class_code: string;
      state: string;
      street_code: string;
      address: string | null;
      reported_at: Date;
      closed_at: Date | null;
    }[],
  ) {
    const { rows: classes } = await this.#d.catalogue.current();
    const dir = await this.#d.directory.get();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      classCode: r.class_code,
      className: classes.get(`${r.kind}:${r.class_code}`)?.name ?? r.class_code,
      state: r.state,
      stateName: STATE_NAMES[r.state as CaseState]?.zh ?? r.state,
      streetName: dir.areas.get(r.street_code)?.name ?? r.street_code,
      address: r.address,
      reportedAt: r.reported_at,
      closedAt: r.closed_at,
    }));
  }

  // ------------------------------------------------------------------ corrections

  /** A correction of a published month, filed as points into a later, unpublished month. */
  async correct(
    actor: Actor,
    scheme: Scheme,
    input: { subjectId: string; period: string; correctsPeriod: string; points: number; note: string },
  ) {
    const { db, clock, scores } = this.#d;
    const period = periodOf(input.period);
    const corrected = periodOf(input.correctsPeriod, 'correctsPeriod');
    if (period.kind !== 'month')
      throw new AppError(400, 'INVALID_FIELD', 'period must be a month (2026-11)', 'period');
    if (corrected.kind !== 'month')
      throw new AppError(400, 'INVALID_FIELD', 'correctsPeriod must be a month (2026-10)', 'correctsPeriod');
    if (corrected.key >= period.key)
      throw new AppError(
        400,
        'INVALID_FIELD',
        'a correction goes into a month after the one it corrects',
        'period',
      );
    if (Math.abs(Math.round(input.points * 100) - input.points * 100) > 1e-6)
      throw new AppError(400, 'INVALID_FIELD', 'points may have at most two decimals', 'points');
    const note = input.note.trim();
    if (note === '')
      throw new AppError(400, 'MISSING_FIELD', 'note is required: say what is corrected and why', 'note');
    const subject = (await scores.subjectsOf(scheme)).find((s) => s.id === input.subjectId);
    if (!subject)
      throw new AppError(
        400,
        'INVALID_FIELD',
        `no subject ${input.subjectId} in ${scheme.name}`,
        'subjectId',
      );
    if (!(await scores.canSee(actor, subject))) throw notFound(`subject ${input.subjectId}`, 'subjectId');
    if (!(await this.isPublished(scheme.id, corrected.key)))
      throw new AppError(
        409,
        'NOT_PUBLISHED',
        `${corrected.key} is not published: change the findings or cases of that month instead`,
        'correctsPeriod',
      );
    if (await this.isPublished(scheme.id, period.key))
      throw new AppError(
        409,
        'ALREADY_PUBLISHED',
        `${period.key} is already published: file the correction in a later month`,
        'period',
      );
    const row = await db
      .insertInto('assessment_corrections')
      .values({
        scheme_id: scheme.id,
        subject_id: subject.id,
        period_key: period.key,
        corrects_period: corrected.key,
        points: input.points,
        note,
        created_by: actor.user.id,
        created_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCorrection(row, subject.name);
  }

  async corrections(scheme: Scheme, periodKey?: string) {
    let q = this.#d.db
      .selectFrom('assessment_corrections')
      .selectAll()
      .where('scheme_id', '=', scheme.id)
      .orderBy('id');
    if (periodKey) q = q.where('period_key', '=', periodKey);
    const names = new Map((await this.#d.scores.subjectsOf(scheme)).map((s) => [s.id, s.name]));
    return (await q.execute()).map((c) => toCorrection(c, names.get(c.subject_id) ?? c.subject_id));
  }

  // ------------------------------------------------------------------ accountability items

  async accountability(actor: Actor, filter: { status?: 'open' | 'handled'; schemeId?: number }) {
    const { db, scores } = this.#d;
    let q = db
      .selectFrom('accountability_items as a')
      .innerJoin('assessment_schemes as s', 's.id', 'a.scheme_id')
      .leftJoin('users as u', 'u.id', 'a.handled_by')
      .select([
        'a.id',
        'a.scheme_id',
        's.name as scheme_name',
        's.level',
        'a.subject_id',
        'a.subject_name',
        'a.kind',
        'a.period_key',
        'a.detail',
        'a.status',
        'a.note',
        'a.handled_at',
        'u.display_name as handled_by',
        'a.created_at',
      ])
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc');
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.schemeId !== undefined) q = q.where('a.scheme_id', '=', filter.schemeId);
    const rows = await q.execute();
    const out = [];
    const subjectsByScheme = new Map<number, Map<string, Subject>>();
    for (const r of rows) {
      let subjects = subjectsByScheme.get(r.scheme_id);
      if (!subjects) {
        subjects = new Map((await scores.subjectsOf(await scores.scheme(r.scheme_id))).map((s) => [s.id, s]));
        subjectsByScheme.set(r.scheme_id, subjects);
      }
      const subject = subjects.get(r.subject_id);
      // A subject that no longer exists is shown to city-wide readers only.
      if (subject ? !(await scores.canSee(actor, subject)) : !actor.scope.cityWide) continue;
      out.push({
        id: r.id,
        schemeId: r.scheme_id,
        schemeName: r.scheme_name,
        level: r.level,
        subjectId: r.subject_id,
        subjectName: r.subject_name,
        kind: r.kind,
        kindName: TRIGGER_NAMES[r.kind].zh,
        period: r.period_key,
        detail: r.detail,
        status: r.status,
        note: r.note,
        handledBy: r.handled_by,
        handledAt: r.handled_at,
        createdAt: r.created_at,
      });
    }
    return out;
  }

  /** Mark an item handled (talk held, explanation received…) with a note. */
  async handle(actor: Actor, id: number, note: string) {
    const { db, clock } = this.#d;
    const text = note.trim();
    if (text === '')
      throw new AppError(400, 'MISSING_FIELD', 'note is required: say how it was handled', 'note');
    const visible = await this.accountability(actor, {});
    const item = visible.find((i) => i.id === id);
    if (!item) throw notFound(`accountability item ${id}`);
    const updated = await db
      .updateTable('accountability_items')
      .set({ status: 'handled', note: text, handled_by: actor.user.id, handled_at: clock.now() })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new AppError(409, 'CONFLICT', `item ${id} is already handled`);
    return (await this.accountability(actor, {})).find((i) => i.id === id)!;
  }
}

function toCorrection(
  c: {
    id: number;
    scheme_id: number;
    subject_id: string;
    period_key: string;
    corrects_period: string;
    points: string;
    note: string;
    created_at: Date;
  },
  subjectName: string,
) {
  return {
    id: c.id,
    schemeId: c.scheme_id,
    subjectId: c.subject_id,
    subjectName,
    period: c.period_key,
    correctsPeriod: c.corrects_period,
    points: Number(c.points),
    note: c.note,
    createdAt: c.created_at,
  };
}
