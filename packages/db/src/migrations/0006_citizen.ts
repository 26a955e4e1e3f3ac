// The citizen portal (随手拍): a report made without an account is a case with source
// citizen_app; this table links it to the tracking code the citizen follows it by, and holds
// the citizen's own rating of the result. The reporter's phone stays on the case (staff only).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table citizen_reports (
      case_id bigint primary key references cases (id),
      -- 10 characters of 23456789ABCDEFGHJKLMNPQRSTUVWXYZ (no 0/O/1/I): 50 random bits
      tracking_code text not null unique check (tracking_code ~ '^[2-9A-HJ-NP-Z]{10}$'),
      -- the client's Idempotency-Key: a retried submit answers with the same code
      idempotency_key text unique,
      -- HMAC of the sender's IP address (per-IP quota); the address itself is never stored
      ip_hash text not null,
      created_at timestamptz not null,
      -- the citizen's latest rating of a closed result (the callback event is the record)
      satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
      rating_comment text,
      rated_at timestamptz
    );
    create index citizen_reports_ip on citizen_reports (ip_hash, created_at);

    -- One random key per installation: signs form tokens and hashes IP addresses.
    create table citizen_portal_key (
      id int primary key check (id = 1),
      secret bytea not null check (length(secret) >= 32)
    );
  `.execute(db);
}
