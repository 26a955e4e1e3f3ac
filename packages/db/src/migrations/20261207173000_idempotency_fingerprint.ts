// A case taken with an Idempotency-Key keeps a fingerprint of the report it was taken from, so
// that the same key with another report is told apart from a retry (422 IDEMPOTENCY_KEY_REUSED)
// instead of answering with the first case and dropping the second report. Null for cases taken
// before (and without a key): those replay as before.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column idempotency_fingerprint text
        check (idempotency_fingerprint is null or length(idempotency_fingerprint) between 1 and 100)
  `.execute(db);
}
