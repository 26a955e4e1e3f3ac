// The indicator engine: every indicator of @xiuhua/domain/assessment for any period and subject
// level, counted from assessment_facts — through the per-day rollup for units and streets, from
// the facts themselves for communities, grids and persons — and every figure's cases. The scores,
// publication and bulletins build on figures(); docs/assessment.md states the counting rules.

import type { Db } from '@xiuhua/db';
import {
  ASSESSED_ROLES,
  INDICATORS,
  type IndicatorDef,
  type Period,
  rate,
  type SubjectLevel,
  type Term,
  indicatorsFor,
} from '@xiuhua/domain/assessment';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { Figure, Subject } from './schemas.ts';
import { ROLLUP_LEVELS, subjectColumn, termPredicate } from './terms-sql.ts';

export type { IndicatorDef, SubjectLevel } from '@xiuhua/domain/assessment';
export type { Figure, Subject };

export interface FigureOptions {
  subjectIds?: string[];
  indicators?: string[];
  /** Also list the case behind every counted fact (a case appears once per fact it has in the count). */
  withCases?: boolean;
  /** Count from the facts even where a rollup exists (checks, benchmarks). */
  fromFacts?: boolean;
}

/** One fact behind a figure, with its case. */
export interface DrilldownRow {
  caseId: number;
  number: string;
  kind: string;
  classCode: string;
  state: string;
  reportedAt: Date;
  fact: string;
  outcome: string;
  startedAt: Date;
  dueAt: Date | null;
  doneAt: Date | null;
  unitId: number | null;
  userId: number | null;
}

/** Unit kinds that are not assessed as handling units (they find, file and send cases). */
const CENTRE_KINDS = new Set(['supervision_centre', 'command_centre']);

type Counts = Map<string, Map<string, number>>;

/** The CST day (days since 1970-01-01 in UTC+8) a period boundary starts; periods are whole CST days. */
const dayOf = (d: Date) => Math.round((d.getTime() + 8 * 3_600_000) / 86_400_000);

interface Window {
  start: Date;
  end: Date;
  /** Placed facts count only before this instant: a deadline still ahead has not passed. */
  placedEnd: Date;
}

export class AssessmentEngine {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;

  constructor(db: Db, clock: Clock, directory: DirectoryService) {
    this.#db = db;
    this.#clock = clock;
    this.#directory = directory;
  }

  indicators(): IndicatorDef[] {
    return [...INDICATORS];
  }

  /** Every subject of a level, in a stable order. */
  async subjects(level: SubjectLevel): Promise<Subject[]> {
    const dir = await this.#directory.get();
    switch (level) {
      case 'unit':
        return [...dir.units.values()]
          .filter((u) => u.active && !CENTRE_KINDS.has(u.kind))
          .map((u) => ({
            level,
            id: String(u.id),
            name: u.name,
            ...(u.parent_id === null ? {} : { parentId: String(u.parent_id) }),
            unitType: u.unit_type ?? u.kind,
          }));
      case 'street':
      case 'community':
        return [...dir.areas.values()]
          .filter((a) => a.level === level)
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((a) => ({
            level,
            id: a.code,
            name: a.name,
            ...(a.parent_code === null ? {} : { parentId: a.parent_code }),
          }));
      case 'grid': {
        const grids = await this.#db
          .selectFrom('responsibility_grids')
          .select(['code', 'name', 'street_code'])
          .orderBy('code')
          .execute();
        return grids.map((g) => ({ level, id: g.code, name: g.name, parentId: g.street_code }));
      }
      case 'person': {
        const users = await this.#db
          .selectFrom('users')
          .select(['id', 'display_name', 'unit_id', 'roles'])
          .where('active', '=', true)
          .where('roles', '&&', sql<string[]>`${[...ASSESSED_ROLES]}::text[]`)
          .orderBy('id')
          .execute();
        return users.map((u) => ({
          level,
          id: String(u.id),
          name: u.display_name,
          parentId: String(u.unit_id),
          role: u.roles.find((r) => (ASSESSED_ROLES as readonly string[]).includes(r)),
          unitType: dir.units.get(u.unit_id)?.unit_type ?? undefined,
        }));
      }
    }
  }

  /**
   * Every subject of the level × every indicator that applies to it (persons: by their roles),
   * zero denominators included (value null), subjects in subjects() order, indicators in
   * definition order.
   */
  async figures(period: Period, level: SubjectLevel, options: FigureOptions = {}): Promise<Figure[]> {
    let subjects = await this.subjects(level);
    if (options.subjectIds) {
      const wanted = new Set(options.subjectIds);
      subjects = subjects.filter((s) => wanted.has(s.id));
    }
    const defs = indicatorsFor(level).filter((d) => !options.indicators || options.indicators.includes(d.id));
    if (subjects.length === 0 || defs.length === 0) return [];
    const terms = uniqueTerms(defs);
    const window = this.#window(period);
    const ids = options.subjectIds ? subjects.map((s) => s.id) : undefined;
    const counts =
      ROLLUP_LEVELS.includes(level) && !options.fromFacts
        ? await this.#countRollup(level, terms, window, ids)
        : await this.#countFacts(level, terms, window, ids);
    const cases = options.withCases ? await this.#caseLists(level, terms, window, ids) : undefined;
    const roles = await this.#personRoles(level);
    const out: Figure[] = [];
    for (const subject of subjects) {
      const own = roles?.get(subject.id);
      for (const def of defs) {
        if (own && !(def.roles ?? []).some((r) => own.includes(r))) continue;
        const numerator = counts.get(subject.id)?.get(def.numerator.id) ?? 0;
        const denominator = counts.get(subject.id)?.get(def.denominator.id) ?? 0;
        const figure: Figure = {
          subject,
          indicator: def.id,
          numerator,
          denominator,
          value: rate(numerator, denominator),
        };
        if (cases) {
          figure.numeratorCases = cases.get(subject.id)?.get(def.numerator.id) ?? [];
          figure.denominatorCases = cases.get(subject.id)?.get(def.denominator.id) ?? [];
        }
        out.push(figure);
      }
    }
    return out;
  }

  /** The case ids behind one side of a figure, once per counted fact, in case order. */
  async cases(
    period: Period,
    level: SubjectLevel,
    subjectId: string,
    indicator: string,
    side: 'numerator' | 'denominator',
  ): Promise<number[]> {
    return (await this.drilldown(period, level, subjectId, indicator, side)).map((r) => r.caseId);
  }

  /** The facts (with their cases) behind one side of a figure. */
  async drilldown(
    period: Period,
    level: SubjectLevel,
    subjectId: string,
    indicator: string,
    side: 'numerator' | 'denominator',
  ): Promise<DrilldownRow[]> {
    const def = INDICATORS.find((d) => d.id === indicator);
    if (!def) throw new Error(`no indicator ${indicator}`);
    const term = side === 'numerator' ? def.numerator : def.denominator;
    const window = this.#window(period);
    const rows = await this.#db
      .selectFrom('assessment_facts as f')
      .innerJoin('cases as c', 'c.id', 'f.case_id')
      .select([
        'f.case_id as caseId',
        'c.number',
        'c.kind',
        'c.class_code as classCode',
        'c.state',
        'c.reported_at as reportedAt',
        'f.kind as fact',
        'f.outcome',
        'f.started_at as startedAt',
        'f.due_at as dueAt',
        'f.done_at as doneAt',
        'f.unit_id as unitId',
        'f.user_id as userId',
      ])
      .where(termPredicate(term))
      .where(inWindow(term, window))
      .where(sql<SqlBool>`${subjectColumn(level)} = ${subjectId}`)
      .orderBy('f.case_id')
      .orderBy('f.ord')
      .execute();
    return rows;
  }

  #window(period: Period): Window {
    const now = this.#clock.now();
    return {
      start: period.start,
      end: period.end,
      placedEnd: now.getTime() < period.end.getTime() ? now : period.end,
    };
  }

  /** For persons: each one's roles (an indicator applies to those holding one of its roles). */
  async #personRoles(level: SubjectLevel): Promise<Map<string, string[]> | null> {
    if (level !== 'person') return null;
    const users = await this.#db.selectFrom('users').select(['id', 'roles']).execute();
    return new Map(users.map((u) => [String(u.id), u.roles]));
  }

  /** Sum the per-day rollup over the period's days; then take out deadlines not yet reached. */
  async #countRollup(level: SubjectLevel, terms: Term[], w: Window, ids?: string[]): Promise<Counts> {
    const startDay = dayOf(w.start);
    const endDay = dayOf(w.end);
    let q = this.#db
      .selectFrom('assessment_rollup')
      .select([
        'subject',
        'term',
        sql<number>`sum(n)::int`.as('total'),
        sql<number>`coalesce(sum(n) filter (where done_day < ${endDay}), 0)::int`.as('done_by_end'),
      ])
      .where('level', '=', level)
      .where('day', '>=', startDay)
      .where('day', '<', endDay)
      .where(
        'term',
        'in',
        terms.map((t) => t.id),
      )
      .groupBy(['subject', 'term']);
    if (ids) q = q.where('subject', 'in', ids.length > 0 ? ids : ['']);
    const rows = await q.execute();
    const counts: Counts = new Map();
    const byId = new Map(terms.map((t) => [t.id, t]));
    for (const r of rows) {
      const term = byId.get(r.term)!;
      const n =
        term.atEnd === 'done' ? r.done_by_end : term.atEnd === 'open' ? r.total - r.done_by_end : r.total;
      add(counts, r.subject, r.term, n);
    }
    // A running period: open facts whose deadline is still ahead are in the rollup under that
    // day but have not been decided yet.
    if (w.placedEnd.getTime() < w.end.getTime()) {
      const ahead = await this.#countFacts(
        level,
        terms.filter((t) => t.at === 'placed'),
        { start: w.placedEnd < w.start ? w.start : w.placedEnd, end: w.end, placedEnd: w.end },
        ids,
        true,
      );
      for (const [subject, byTerm] of ahead) for (const [term, n] of byTerm) add(counts, subject, term, -n);
    }
    return counts;
  }

  /** Count the terms straight from the facts (one indexed scan of the period's facts). */
  async #countFacts(
    level: SubjectLevel,
    terms: Term[],
    w: Window,
    ids?: string[],
    openOnly = false,
  ): Promise<Counts> {
    if (terms.length === 0) return new Map();
    const subject = subjectColumn(level);
    const columns = terms.map(
      (t) => sql`count(*) filter (where ${termPredicate(t)} and ${inWindow(t, w)})::int as ${sql.ref(t.id)}`,
    );
    const rows = (
      await sql<Record<string, number> & { subject: string }>`
        select ${subject} as subject, ${sql.join(columns)}
        from assessment_facts f
        where ${anyInWindow(terms, w)}
          and ${subject} is not null
          ${ids ? sql`and ${subject} in (${sql.join(ids.length > 0 ? ids : [''])})` : sql``}
          ${openOnly ? sql`and f.done_at is null` : sql``}
        group by 1`.execute(this.#db)
    ).rows;
    const counts: Counts = new Map();
    for (const r of rows) for (const t of terms) add(counts, r.subject, t.id, r[t.id] ?? 0);
    return counts;
  }

  /** Case ids per subject and term (once per counted fact). */
  async #caseLists(
    level: SubjectLevel,
    terms: Term[],
    w: Window,
    ids?: string[],
  ): Promise<Map<string, Map<string, number[]>>> {
    const subject = subjectColumn(level);
    const flags = terms.map((t) => sql`case when ${termPredicate(t)} and ${inWindow(t, w)} then ${t.id} end`);
    const rows = (
      await sql<{ subject: string; case_id: number; terms: string[] }>`
        select * from (
          select ${subject} as subject, f.case_id, array_remove(array[${sql.join(flags)}]::text[], null) as terms
          from assessment_facts f
          where ${anyInWindow(terms, w)}
            and ${subject} is not null
            ${ids ? sql`and ${subject} in (${sql.join(ids.length > 0 ? ids : [''])})` : sql``}
        ) x
        where cardinality(x.terms) > 0
        order by x.case_id`.execute(this.#db)
    ).rows;
    const out = new Map<string, Map<string, number[]>>();
    for (const r of rows) {
      const bySubject = inner(out, r.subject);
      for (const t of r.terms) {
        const list = bySubject.get(t);
        if (list) list.push(r.case_id);
        else bySubject.set(t, [r.case_id]);
      }
    }
    return out;
  }
}

/** The inner map of `outer` under `key`, made when missing. */
function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  const found = outer.get(key);
  if (found) return found;
  const made = new Map<string, V>();
  outer.set(key, made);
  return made;
}

function add(counts: Counts, subject: string, term: string, n: number): void {
  const bySubject = inner(counts, subject);
  bySubject.set(term, (bySubject.get(term) ?? 0) + n);
}

function uniqueTerms(defs: readonly IndicatorDef[]): Term[] {
  const byId = new Map<string, Term>();
  for (const d of defs) {
    byId.set(d.numerator.id, d.numerator);
    byId.set(d.denominator.id, d.denominator);
  }
  return [...byId.values()];
}

/** The period condition of a term: the instant it places a fact at, and the period-end test. */
function inWindow(term: Term, w: Window, alias = 'f'): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const at =
    term.at === 'placed'
      ? sql`${col('placed_at')} >= ${w.start} and ${col('placed_at')} < ${w.placedEnd}`
      : sql`${col('done_at')} >= ${w.start} and ${col('done_at')} < ${w.end}`;
  const atEnd =
    term.atEnd === 'done'
      ? sql` and ${col('done_at')} < ${w.end}`
      : term.atEnd === 'open'
        ? sql` and (${col('done_at')} is null or ${col('done_at')} >= ${w.end})`
        : sql``;
  return sql<SqlBool>`(${at}${atEnd})`;
}

/** Facts any of the terms could count (kinds listed so the (kind, instant) indexes apply). */
function anyInWindow(terms: readonly Term[], w: Window): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  for (const at of ['placed', 'done'] as const) {
    const kinds = [...new Set(terms.filter((t) => t.at === at).flatMap((t) => t.kinds))];
    if (kinds.length === 0) continue;
    const col = at === 'placed' ? sql.ref('f.placed_at') : sql.ref('f.done_at');
    const end = at === 'placed' ? w.placedEnd : w.end;
    parts.push(
      sql`(f.kind in (${sql.join(kinds.map((k) => sql.lit(k)))}) and ${col} >= ${w.start} and ${col} < ${end})`,
    );
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
