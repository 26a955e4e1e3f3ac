// Assessment schemes and what they publish: the configurable schemes, the
// supervision office's findings for 100-point deduction, correction points filed into a later
// month, the frozen publications (results per subject, figures per indicator with the case ids
// behind them), and the accountability items publishing raises. Publications, results and figures
// are append-only (trigger): a published period never changes.
// See docs/domain.md, "Assessment".

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- config: @xiuhua/domain/assessment SchemeConfig, validated by parseScheme before it is stored.
    create table assessment_schemes (
      id int generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
      name text not null check (length(name) between 1 and 60),
      name_en text check (length(name_en) <= 120),
      kind text not null check (kind in ('composite', 'deduction')),
      level text not null check (level in ('unit', 'street', 'community', 'grid', 'person')),
      config jsonb not null check (jsonb_typeof(config) = 'object'),
      active boolean not null default true,
      created_by int references users (id),
      created_at timestamptz not null default now(),
      updated_by int references users (id),
      updated_at timestamptz not null default now()
    );

    -- Findings of the supervision office (督查发现) against a deduction scheme's table. The points
    -- are copied from the table when recorded, so a later edit of the table does not rewrite them.
    create table supervision_findings (
      id bigint generated always as identity primary key,
      scheme_id int not null references assessment_schemes (id),
      subject_id text not null,
      found_on date not null,
      finding_code text not null,
      points numeric(7, 2) not null check (points > 0),
      count int not null default 1 check (count between 1 and 100),
      note text check (length(note) <= 500),
      case_id bigint references cases (id),
      recorded_by int not null references users (id),
      recorded_at timestamptz not null,
      voided_by int references users (id),
      voided_at timestamptz,
      void_reason text,
      check ((voided_at is null) = (voided_by is null) and (voided_at is null) = (void_reason is null))
    );
    create index supervision_findings_period on supervision_findings (scheme_id, found_on);

    -- A correction of a published month (更正): points added to (or taken from) a subject's score in
    -- a later, unpublished month, with the note saying what it corrects.
    create table assessment_corrections (
      id bigint generated always as identity primary key,
      scheme_id int not null references assessment_schemes (id),
      subject_id text not null,
      period_key text not null check (period_key ~ '^[0-9]{4}-[0-9]{2}$'),
      corrects_period text not null check (corrects_period ~ '^[0-9]{4}-[0-9]{2}$' and corrects_period < period_key),
      points numeric(7, 2) not null check (points <> 0 and points between -100 and 100),
      note text not null check (length(note) between 1 and 500),
      created_by int not null references users (id),
      created_at timestamptz not null
    );
    create index assessment_corrections_period on assessment_corrections (scheme_id, period_key);

    create table assessment_publications (
      id int generated always as identity primary key,
      scheme_id int not null references assessment_schemes (id),
      period_key text not null,
      period_kind text not null check (period_kind in ('month', 'quarter')),
      period_start timestamptz not null,
      period_end timestamptz not null,
      -- The scheme as it was when published (name, kind, level, config).
      scheme jsonb not null,
      note text check (length(note) <= 500),
      published_by int not null references users (id),
      published_at timestamptz not null,
      unique (scheme_id, period_key)
    );

    create table assessment_results (
      publication_id int not null references assessment_publications (id),
      subject_id text not null,
      subject jsonb not null,
      tier text not null,
      tier_name text not null,
      score numeric(7, 2),
      grade text,
      rank int,
      rank_from_bottom int,
      flag text check (flag in ('red', 'black')),
      previous_score numeric(7, 2),
      previous_rank int,
      fund_group text,
      fund numeric(14, 2),
      -- deductions (deduction schemes), monthly scores (quarters), corrections applied
      details jsonb not null default '{}',
      primary key (publication_id, subject_id)
    );

    create table assessment_figures (
      publication_id int not null references assessment_publications (id),
      subject_id text not null,
      indicator text not null,
      numerator int not null,
      denominator int not null,
      value numeric(7, 2),
      numerator_cases bigint[] not null,
      denominator_cases bigint[] not null,
      primary key (publication_id, subject_id, indicator)
    );

    create function assessment_published_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'published assessment data never changes (%)', tg_table_name;
    end $$;
    create trigger assessment_publications_frozen before update or delete on assessment_publications
      for each row execute function assessment_published_immutable();
    create trigger assessment_results_frozen before update or delete on assessment_results
      for each row execute function assessment_published_immutable();
    create trigger assessment_figures_frozen before update or delete on assessment_figures
      for each row execute function assessment_published_immutable();

    -- Accountability items (问责事项) raised when a month or quarter is published; tracked to handled.
    create table accountability_items (
      id bigint generated always as identity primary key,
      scheme_id int not null references assessment_schemes (id),
      publication_id int not null references assessment_publications (id),
      subject_id text not null,
      subject_name text not null,
      kind text not null check (kind in ('black_consecutive', 'black_cumulative', 'quarter_last', 'quarter_last_2', 'quarter_last_3')),
      period_key text not null,
      detail text not null,
      status text not null default 'open' check (status in ('open', 'handled')),
      note text check (length(note) <= 1000),
      handled_by int references users (id),
      handled_at timestamptz,
      created_at timestamptz not null,
      unique (scheme_id, subject_id, kind, period_key),
      check ((status = 'handled') = (handled_at is not null) and (handled_at is null) = (handled_by is null))
    );
    create index accountability_items_open on accountability_items (status, created_at);
  `.execute(db);
}
