// Foundation schema: areas and grids, catalogue, units and users, routing, calendar, cases and
// their append-only events.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table areas (
      code text primary key check (code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
      level text not null check (level in ('city', 'district', 'street', 'community')),
      parent_code text references areas (code),
      path text not null unique,
      name text not null check (length(name) between 1 and 100),
      name_en text,
      area_class text not null default 'B' check (area_class in ('A', 'B', 'C')),
      geometry jsonb,
      created_at timestamptz not null default now()
    );
    create index areas_parent on areas (parent_code);

    create table grid_cells (
      code text primary key check (code ~ '^[0-9]{15}$'),
      community_code text not null references areas (code),
      geometry jsonb not null,
      imported_at timestamptz not null default now()
    );
    create index grid_cells_community on grid_cells (community_code);

    -- Bumped whenever grids change, so every app instance rebuilds its in-memory index.
    create table revisions (
      name text primary key,
      revision bigint not null default 0
    );
    insert into revisions (name, revision) values ('grid', 0);

    create table units (
      id int generated always as identity primary key,
      code text not null unique,
      name text not null check (length(name) between 1 and 100),
      name_en text,
      kind text not null check (kind in ('supervision_centre', 'command_centre', 'department', 'branch',
        'squad', 'street_office', 'community_office', 'enterprise')),
      unit_type text,
      parent_id int references units (id),
      area_code text not null references areas (code),
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create index units_parent on units (parent_id);

    create table users (
      id int generated always as identity primary key,
      username text not null unique check (username ~ '^[a-z0-9_.-]{3,40}$'),
      display_name text not null,
      password_hash text not null,
      unit_id int not null references units (id),
      roles text[] not null check (cardinality(roles) > 0),
      phone text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sessions (
      token_hash text primary key,
      user_id int not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    );
    create index sessions_user on sessions (user_id);

    create table api_keys (
      id int generated always as identity primary key,
      name text not null,
      user_id int not null references users (id),
      prefix text not null,
      key_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table responsibility_grids (
      id int generated always as identity primary key,
      code text not null unique,
      name text not null,
      grid_type text not null check (grid_type in ('residential', 'business', 'institutional')),
      street_code text not null references areas (code)
    );
    create table responsibility_grid_cells (
      grid_id int not null references responsibility_grids (id) on delete cascade,
      cell_code text not null references grid_cells (code),
      primary key (grid_id, cell_code)
    );
    create index responsibility_grid_cells_cell on responsibility_grid_cells (cell_code);
    create table responsibility_grid_inspectors (
      grid_id int not null references responsibility_grids (id) on delete cascade,
      user_id int not null references users (id),
      primary key (grid_id, user_id)
    );

    create table catalogue_majors (
      kind text not null check (kind in ('component', 'event')),
      code text not null check (code ~ '^[0-9]{2}$'),
      name text not null,
      name_en text,
      primary key (kind, code)
    );

    -- Versioned: an edit inserts the next version and supersedes the current one; cases keep the
    -- id of the version they were filed under.
    create table catalogue_classes (
      id int generated always as identity primary key,
      kind text not null check (kind in ('component', 'event')),
      code text not null check (code ~ '^[0-9]{5}$'),
      version int not null,
      major_code text not null,
      name text not null,
      name_en text,
      keywords text[] not null default '{}',
      filing_standard text not null,
      closure_standard text not null,
      urgency text not null check (urgency in ('normal', 'urgent', 'emergency')),
      clock text not null check (clock in ('working', 'natural')),
      default_unit_type text not null,
      limits jsonb not null,
      active boolean not null default true,
      valid_from timestamptz not null default now(),
      superseded_at timestamptz,
      changed_by int references users (id),
      change_note text,
      unique (kind, code, version),
      foreign key (kind, major_code) references catalogue_majors (kind, code)
    );
    create unique index catalogue_classes_current on catalogue_classes (kind, code) where superseded_at is null;

    create table routing_rules (
      id int generated always as identity primary key,
      label text,
      kind text check (kind in ('component', 'event')),
      class_code text check (class_code ~ '^[0-9]{2}([0-9]{3})?$'),
      area_code text references areas (code),
      level text check (level in ('community', 'street', 'district', 'city')),
      unit_id int not null references units (id),
      priority int not null default 0,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table calendar_overrides (
      day date primary key,
      working boolean not null,
      note text,
      created_by int references users (id),
      created_at timestamptz not null default now()
    );
    create table calendar_years (
      year int primary key check (year between 1990 and 2200),
      created_by int references users (id),
      created_at timestamptz not null default now()
    );

    create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by int references users (id)
    );

    create table case_counters (
      year int primary key,
      last_seq int not null
    );

    create table cases (
      id bigint generated always as identity primary key,
      number text not null unique,
      source text not null,
      source_ref text,
      kind text not null check (kind in ('component', 'event')),
      class_id int not null references catalogue_classes (id),
      class_code text not null,
      description text not null,
      address text,
      lon double precision not null,
      lat double precision not null,
      cell_code text not null references grid_cells (code),
      community_code text not null,
      street_code text not null,
      district_code text not null,
      area_path text not null,
      area_class text not null,
      component_ref text,
      reporter_name text,
      reporter_phone text,
      photos jsonb not null default '[]',
      urgency text not null,
      level text not null check (level in ('community', 'street', 'district', 'city')),
      state text not null,
      suspended_from text,
      assignee_unit_id int references units (id),
      assignee_user_id int references users (id),
      involved_unit_ids int[] not null default '{}',
      merged_into_id bigint references cases (id),
      step text,
      step_clock jsonb,
      due_at timestamptz,
      colour text check (colour in ('blue', 'yellow', 'orange', 'red')),
      next_colour_at timestamptz,
      sign_due_at timestamptz,
      rework_count int not null default 0,
      reopen_count int not null default 0,
      postpone_count int not null default 0,
      return_count int not null default 0,
      satisfaction text,
      version int not null default 1,
      created_by int references users (id),
      idempotency_key text unique,
      reported_at timestamptz not null,
      filed_at timestamptz,
      dispatched_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null
    );
    create index cases_state on cases (state, reported_at desc);
    create index cases_area on cases (area_path text_pattern_ops);
    create index cases_assignee on cases (assignee_unit_id, state);
    create index cases_involved on cases using gin (involved_unit_ids);
    create index cases_reported on cases (reported_at desc);
    create index cases_class on cases (class_code);
    create index cases_next_colour on cases (next_colour_at) where next_colour_at is not null;
    create index cases_phone on cases (reporter_phone) where reporter_phone is not null;

    create table case_events (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      seq int not null,
      action text not null,
      from_state text,
      to_state text not null,
      actor_user_id int references users (id),
      actor_role text not null,
      actor_unit_id int references units (id),
      at timestamptz not null,
      reason text,
      data jsonb not null default '{}',
      attachments jsonb not null default '[]',
      unique (case_id, seq)
    );
    create index case_events_at on case_events (at);

    -- Case events are the record assessment is computed from: never changed, never deleted.
    create function case_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'case_events is append-only';
    end $$;
    create trigger case_events_no_update before update or delete on case_events
      for each row execute function case_events_immutable();
  `.execute(db);
}
