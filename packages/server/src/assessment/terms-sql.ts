// The indicator terms of @xiuhua/domain/assessment as SQL over assessment_facts: one predicate per
// term, the subject column per level, and the per-day contributions kept in assessment_rollup.
// Generated from the term definitions, so a term is never written twice (the literals come from
// code, never from input).

import { type SubjectLevel, TERMS, type Term, termLevels } from '@xiuhua/domain/assessment';
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** The levels counted per day in assessment_rollup; the finer ones are counted from the facts. */
export const ROLLUP_LEVELS: readonly SubjectLevel[] = ['unit', 'street'];
/** done_day of a fact not done yet. */
export const NOT_DONE_DAY = 2_147_483_647;
export const ALL_TERMS: readonly Term[] = Object.values(TERMS);

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
const textArray = (values: readonly string[]) => sql`array[${list(values)}]::text[]`;

/** The CST day number (days since 1970-01-01 in UTC+8) of a timestamptz expression. */
export const cstDay = (expr: RawBuilder<unknown>) =>
  sql<number>`floor((extract(epoch from ${expr}) + 28800) / 86400)::int`;

/** Whether the fact row `alias` counts for the term (the period aside). */
export function termPredicate(term: Term, alias = 'f'): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts = [
    term.kinds.length === 1
      ? sql`${col('kind')} = ${sql.lit(term.kinds[0]!)}`
      : sql`${col('kind')} in (${list(term.kinds)})`,
    sql`${col('outcome')} in (${list(term.outcomes)})`,
  ];
  if (term.tags?.length) parts.push(sql`${col('tags')} @> ${textArray(term.tags)}`);
  if (term.notTags?.length) parts.push(sql`not (${col('tags')} && ${textArray(term.notTags)})`);
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** The subject id a fact counts for at a level (null: none). */
export function subjectColumn(level: SubjectLevel, alias = 'f'): RawBuilder<string | null> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  switch (level) {
    case 'unit':
      return sql`${col('unit_id')}::text`;
    case 'street':
      return sql`${col('street_code')}`;
    case 'community':
      return sql`${col('community_code')}`;
    case 'grid':
      return sql`${col('grid_code')}`;
    case 'person':
      return sql`${col('user_id')}::text`;
  }
}

/** The terms some indicator of the level uses. */
export function termsAt(level: SubjectLevel): Term[] {
  const levels = termLevels();
  return ALL_TERMS.filter((t) => levels.get(t.id)?.has(level));
}

/**
 * The terms counted in the rollup as rows of data, one per (level, term, kind, outcome), so that
 * each fact is joined by (kind, outcome) to the few terms it can count for.
 */
function rollupTermRows(): RawBuilder<unknown> {
  const rows = ROLLUP_LEVELS.flatMap((level) =>
    termsAt(level).flatMap((term) =>
      term.kinds.flatMap((kind) =>
        term.outcomes.map(
          (outcome) =>
            sql`(${sql.lit(level)}, ${sql.lit(term.id)}, ${sql.lit(kind)}, ${sql.lit(outcome)}, ${textArray(
              term.tags ?? [],
            )}, ${textArray(term.notTags ?? [])}, ${sql.lit(term.at === 'placed')}, ${sql.lit(term.atEnd !== undefined)})`,
        ),
      ),
    ),
  );
  return sql`(values ${sql.join(rows)}) as tm(level, term, kind, outcome, tags, not_tags, by_placed, by_end)`;
}

/**
 * The rollup rows (level, day, term, subject, done_day, n) contributed by the fact rows of
 * `source` (a relation with assessment_facts' columns and an int column `s`, +1 or -1), summed,
 * zero sums left out, ordered by key so that concurrent writers lock rows in the same order.
 * The same terms as termPredicate(), as data.
 */
export function rollupContributions(source: RawBuilder<unknown>): RawBuilder<unknown> {
  const subject = sql`case tm.level ${sql.join(
    ROLLUP_LEVELS.map((level) => sql`when ${sql.lit(level)} then ${subjectColumn(level, 'x')}`),
    sql` `,
  )} end`;
  return sql`
    select tm.level, c.day, tm.term, c.subject, c.done_day, sum(x.s)::int as n
    from (
      select src.*, ${cstDay(sql.ref('src.placed_at'))} as pd, ${cstDay(sql.ref('src.done_at'))} as dd
      from ${source} as src
    ) as x
    join ${rollupTermRows()} on tm.kind = x.kind and tm.outcome = x.outcome
    cross join lateral (select
      ${subject} as subject,
      case when tm.by_placed then x.pd else x.dd end as day,
      case when tm.by_end then coalesce(x.dd, ${sql.lit(NOT_DONE_DAY)}) else 0 end as done_day
    ) as c
    where x.tags @> tm.tags and not (x.tags && tm.not_tags) and c.subject is not null and c.day is not null
    group by 1, 2, 3, 4, 5
    having sum(x.s) <> 0
    order by 1, 2, 3, 4, 5`;
}

/** Add contributions to the rollup (an upsert adding to the counts). */
export function upsertRollup(source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into assessment_rollup (level, day, term, subject, done_day, n)
    ${rollupContributions(source)}
    on conflict (level, day, term, subject, done_day) do update set n = assessment_rollup.n + excluded.n`;
}
