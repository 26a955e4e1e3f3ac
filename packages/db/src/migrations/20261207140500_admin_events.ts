// Admin history: one row per change an admin (or the CLI) makes to reference data — units, users,
// API keys, routing rules, the catalogue, the calendar, settings, devices, areas… — written in the
// same transaction as the change, with the entity as it was before and after. Append-only. Later
// work reads it to invalidate caches on other instances. Never holds a secret (no password hash,
// no API key or key hash).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_events (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      -- null: a system change (CLI import, demo seed)
      actor_user_id int references users (id),
      entity text not null check (entity ~ '^[a-z][a-z0-9_]{1,39}$'),
      entity_key text not null check (length(entity_key) between 1 and 200),
      action text not null check (action ~ '^[a-z][a-z_]{1,29}$'),
      before jsonb,
      after jsonb,
      check (before is not null or after is not null)
    );
    create index admin_events_entity on admin_events (entity, entity_key, at desc);

    create function admin_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'admin_events is append-only';
    end $$;
    create trigger admin_events_append_only before update or delete on admin_events
      for each row execute function admin_events_append_only();
  `.execute(db);
}
