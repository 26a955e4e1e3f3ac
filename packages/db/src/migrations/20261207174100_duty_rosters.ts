// Duty rosters: who is on duty in a unit — weekly shifts with their people, plus dated exceptions
// (@xiuhua/domain/schedules, roster.ts), one roster per unit. A unit may name its head, who keeps
// the roster (policy verb roster.edit); the admin may too.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table units add column head_user_id int references users (id);
    create table duty_rosters (
      unit_id int primary key references units (id),
      holidays text not null check (holidays in ('off', 'on')),
      shifts jsonb not null,
      exceptions jsonb not null default '[]',
      updated_at timestamptz not null default now(),
      updated_by int references users (id)
    );
  `.execute(db);
}
