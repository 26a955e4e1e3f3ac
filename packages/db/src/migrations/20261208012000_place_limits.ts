// Differentiated standards by place (@xiuhua/domain/schedules, place-limits.ts): handling limits
// for a road class, a zone type or a key place type, for every class or a major or minor class.
// Read with the roads index (its 'roads' revision tells every instance to reload).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table place_limit_rules (
      id serial primary key,
      layer text not null check (layer in ('road', 'zone', 'keyPlace')),
      match text not null,
      class_kind text check (class_kind in ('component', 'event')),
      class_code text check (class_code ~ '^[0-9]{2}([0-9]{3})?$'),
      handle jsonb not null,
      created_at timestamptz not null default now(),
      check ((class_kind is null) = (class_code is null)),
      unique nulls not distinct (layer, match, class_kind, class_code)
    );
  `.execute(db);
}
