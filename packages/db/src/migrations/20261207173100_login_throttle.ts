// Login throttling per account: failed sign-ins counted per user (after 5, attempts from browsers
// and addresses that have not signed into the account in 30 days wait, 1 s doubling up to 15 min),
// and the browsers (a random cookie token, stored hashed) and addresses (hashed) that have signed
// into each account, with when they last did.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_throttles (
      user_id int primary key references users (id) on delete cascade,
      failures int not null check (failures >= 0),
      locked_until timestamptz
    );
    create table login_known (
      user_id int not null references users (id) on delete cascade,
      kind text not null check (kind in ('browser', 'address')),
      key_hash text not null check (length(key_hash) between 1 and 100),
      last_login_at timestamptz not null,
      primary key (user_id, kind, key_hash)
    );
  `.execute(db);
}
