// Night checks (夜查): team patrols scheduled over segments for a stretch of an evening, with the
// people who go. Compliance judges each member's track over the check's time (road-chiefs.md).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table night_checks (
      id serial primary key,
      name text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      segment_ids int[] not null check (cardinality(segment_ids) > 0),
      member_ids int[] not null check (cardinality(member_ids) > 0),
      lead_user_id int not null references users (id),
      note text,
      created_by int references users (id),
      created_at timestamptz not null default now(),
      cancelled_at timestamptz,
      cancelled_by int references users (id)
    );
    create index night_checks_time on night_checks (starts_at);
    create index night_checks_members on night_checks using gin (member_ids);
  `.execute(db);
}
