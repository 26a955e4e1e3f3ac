// Indexes for the web console: duplicate search near a point among open cases, and the
// closed-in-period counts of the overview (trend, on-time handling by unit).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Only open cases are offered as duplicates; the predicate matches the query's, so the
    -- planner can use this small partial index for the lat/lon box.
    create index cases_open_location on cases (lat, lon)
      where state not in ('closed', 'rejected', 'merged');
    create index cases_closed on cases (closed_at) where closed_at is not null;
  `.execute(db);
}
