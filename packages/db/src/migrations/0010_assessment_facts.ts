// Assessment facts: what each case's events mean for assessment (@xiuhua/domain/assessment
// caseFacts), rewritten in the same transaction as every event, plus per-day counts of the
// indicator terms for the coarse subject levels (units, streets) so that a month's report over
// millions of events reads a few hundred thousand small rows. Both are derived data: `xiuhua
// rebuild-facts` recomputes them from case_events. docs/assessment.md explains the rules.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_facts (
      case_id bigint not null references cases (id),
      ord smallint not null,
      kind text not null,
      outcome text not null,
      tags text[] not null default '{}',
      started_at timestamptz not null,
      due_at timestamptz,
      done_at timestamptz,
      -- the instant that places the fact in a period (null: cannot be judged yet)
      placed_at timestamptz,
      -- the subjects it counts for: the unit, the person (and the role they acted in), the place
      unit_id int,
      user_id int,
      role text,
      street_code text not null,
      community_code text not null,
      cell_code text not null,
      grid_code text,
      primary key (case_id, ord)
    );
    create index assessment_facts_placed on assessment_facts (kind, placed_at);
    create index assessment_facts_done on assessment_facts (kind, done_at);
    -- open facts placed in the future (a deadline not yet reached): the current period leaves them out
    create index assessment_facts_open on assessment_facts (placed_at) where done_at is null;

    -- Counts of each indicator term per subject and CST day (day number since 1970-01-01, UTC+8)
    -- of the instant the term places a fact at. Terms judged at the period's end keep the day the
    -- fact was done (2147483647: not done yet); other terms keep 0 there.
    create table assessment_rollup (
      level text not null,
      day int not null,
      term text not null,
      subject text not null,
      done_day int not null,
      n int not null,
      primary key (level, day, term, subject, done_day)
    );
  `.execute(db);
}
