// The hotline (12345/962000): the gazetteer the operator searches addresses in, the record of every
// call (a call is not always a case), and transfers with 110 in both directions — inbound ones
// are kept for idempotency by 110's incident number, outbound ones are an outbox retried until
// 110 confirms.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table places (
      id int generated always as identity primary key,
      kind text not null check (kind in ('road', 'landmark', 'compound', 'other')),
      -- what kind of landmark: school, hospital, metro_exit, park … (free text, for display)
      category text check (length(category) <= 40),
      name text not null check (length(name) between 1 and 100),
      aliases text[] not null default '{}',
      -- lower-case pinyin initials and full pinyin of the name and aliases, space-separated
      search_keys text not null default '',
      -- a representative WGS84 point (on the road, inside the landmark)
      lon double precision not null,
      lat double precision not null,
      -- the community (or, outside any cell, the street) the point falls in
      area_code text not null references areas (code),
      source text not null default 'manual' check (length(source) between 1 and 100),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (kind, name, area_code)
    );
    create index places_area on places (area_code);

    create table hotline_calls (
      id bigint generated always as identity primary key,
      -- digits, optionally with a leading +; null when the number was withheld
      caller_phone text check (caller_phone ~ '^[+]?[0-9]{3,20}$'),
      -- the telephony system's call id, when the call came through it
      call_ref text check (length(call_ref) between 1 and 100),
      line text not null default '12345' check (line in ('12345', '962000', 'other')),
      operator_id int not null references users (id),
      operator_unit_id int not null references units (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      outcome text check (outcome in
        ('case_created', 'duplicate', 'consultation', 'transferred_110', 'invalid', 'dropped')),
      case_id bigint references cases (id),
      first_reply text check (length(first_reply) <= 1000),
      first_reply_at timestamptz,
      note text check (length(note) <= 1000),
      check (outcome is null or ended_at is not null),
      check (outcome not in ('case_created', 'duplicate') or case_id is not null),
      check ((first_reply is null) = (first_reply_at is null))
    );
    create unique index hotline_calls_ref on hotline_calls (call_ref) where call_ref is not null;
    create index hotline_calls_phone on hotline_calls (caller_phone, started_at desc)
      where caller_phone is not null;
    create index hotline_calls_case on hotline_calls (case_id) where case_id is not null;
    create index hotline_calls_started on hotline_calls (started_at desc);

    create table police_transfers (
      id bigint generated always as identity primary key,
      direction text not null check (direction in ('inbound', 'outbound')),
      -- inbound: 110's incident number; outbound: ours, sent as the Idempotency-Key
      reference text not null check (length(reference) between 1 and 100),
      call_id bigint unique references hotline_calls (id),
      case_id bigint references cases (id),
      category text,
      -- inbound: the request as received; outbound: the message sent to 110
      payload jsonb not null,
      status text not null check (status in ('received', 'pending', 'delivered', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      delivered_at timestamptz,
      -- outbound: 110's incident number from its answer
      external_ref text,
      created_by int references users (id),
      created_at timestamptz not null,
      unique (direction, reference),
      check (status <> 'pending' or next_attempt_at is not null)
    );
    create index police_transfers_due on police_transfers (next_attempt_at) where status = 'pending';
    create index police_transfers_case on police_transfers (case_id) where case_id is not null;

    -- The callback queue: closed cases with a number to call and no rating yet, oldest first.
    create index cases_callback_queue on cases (closed_at)
      where state = 'closed' and reporter_phone is not null and satisfaction is null;
  `.execute(db);
}
