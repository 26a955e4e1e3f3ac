// Patrol (巡查): an inspector's on-duty shifts and the GPS points recorded while on duty.
// Phones queue both offline and send them later, more than once if a response is lost:
// a shift is keyed by the id the phone made for it, a point by (user, time), so a resend
// changes nothing. Points are read per user and time range ("inspector1's track on 9 May"),
// which the primary key answers.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table patrol_shifts (
      -- made by the phone when the inspector goes on duty (it may be offline then)
      id uuid primary key,
      user_id int not null references users (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      received_at timestamptz not null default now(),
      check (ended_at is null or ended_at >= started_at)
    );
    -- at most one open shift per user
    create unique index patrol_shifts_open on patrol_shifts (user_id) where ended_at is null;
    create index patrol_shifts_user_time on patrol_shifts (user_id, started_at);

    create table patrol_points (
      user_id int not null references users (id),
      at timestamptz not null,
      -- WGS84
      lon double precision not null check (lon between -180 and 180),
      lat double precision not null check (lat between -90 and 90),
      -- metres, as the phone reports it
      accuracy real check (accuracy is null or accuracy >= 0),
      received_at timestamptz not null default now(),
      primary key (user_id, at)
    );
  `.execute(db);
}
