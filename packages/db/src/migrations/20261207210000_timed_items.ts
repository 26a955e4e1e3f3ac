// Timed items (时限事项): deadlines beyond a case's own step — a dispute ruling, an appeal's review,
// later co-unit parts, meeting decisions, notices, ledger items. Each runs a step clock like a
// case step (clock: the domain's StepClock with its duty schedule version) with the same derived,
// indexed columns (due_at, colour, next_colour_at) the warning sweeper reads. Its events (opened,
// reminded, urged, supervised, done, cancelled) are append-only. See docs/timed-items.md.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table timed_items (
      id bigint generated always as identity primary key,
      subject_type text not null check (subject_type ~ '^[a-z][a-z0-9_]{1,39}$'),
      subject_id text not null check (length(subject_id) between 1 and 100),
      case_id bigint references cases (id),
      owner_unit_id int not null references units (id),
      -- the owner unit's area path when opened: who sees an item without a case
      owner_area_path text not null,
      title text not null check (length(title) between 1 and 200),
      started_at timestamptz not null,
      limit_minutes double precision not null check (limit_minutes >= 0),
      clock_kind text not null check (clock_kind in ('natural', 'working')),
      clock jsonb not null,
      due_at timestamptz,
      colour text check (colour in ('blue', 'yellow', 'orange', 'red')),
      next_colour_at timestamptz,
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      done_at timestamptz,
      check ((status = 'open') = (done_at is null))
    );
    create index timed_items_next_colour on timed_items (next_colour_at) where next_colour_at is not null;
    create index timed_items_case on timed_items (case_id) where case_id is not null;
    create index timed_items_owner on timed_items (owner_unit_id, status);
    create index timed_items_subject on timed_items (subject_type, subject_id);

    create table timed_item_events (
      id bigint generated always as identity primary key,
      timed_item_id bigint not null references timed_items (id),
      seq int not null,
      action text not null check (action in ('open', 'remind', 'urge', 'supervise', 'done', 'cancelled')),
      -- null: the system (a capability closing its item as part of another change, the seed)
      actor_user_id int references users (id),
      actor_unit_id int references units (id),
      at timestamptz not null,
      reason text,
      unique (timed_item_id, seq)
    );

    -- One trigger function for every append-only table from here on (appeal_events too).
    create function append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name;
    end $$;
    create trigger timed_item_events_append_only before update or delete on timed_item_events
      for each row execute function append_only();
  `.execute(db);
}
