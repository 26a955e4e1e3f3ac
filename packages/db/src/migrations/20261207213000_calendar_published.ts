// A calendar that never guesses (issue 15): a row of calendar_years is no longer "this year is a
// plain week" but the year's published arrangement as an admin imported it, in the shipped data's
// source shape (`days`: [{ name, date, isOffDay }], `papers`: the notice URLs). An empty `days`
// means unpublished, so the years declared before this migration become provisional: computed
// from the holiday rule (docs/calendar.md) instead of plain weeks.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table calendar_years
      add column days jsonb not null default '[]',
      add column papers jsonb not null default '[]',
      add column updated_at timestamptz not null default now();
  `.execute(db);
}
