// Road-chief posts (路长制, @xiuhua/domain/road-chiefs): who holds which level over which area or
// segments, from which day to which. Never deleted — a post ends (valid_to) and history stays.
// Duty-staff posts name a unit and its roster shift instead of a person.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table road_posts (
      id serial primary key,
      level text not null check (level in ('general', 'deputy_general', 'first', 'street_general',
        'second', 'segment_head', 'duty', 'coordinator', 'posted')),
      user_id int references users (id),
      unit_id int references units (id),
      area_code text references areas (code),
      road_id int references roads (id),
      segment_ids int[] not null default '{}',
      agency text check (agency in ('enforcement', 'traffic_police', 'market', 'housing', 'grid')),
      shift_code text,
      valid_from date not null,
      valid_to date check (valid_to >= valid_from),
      note text,
      created_at timestamptz not null default now(),
      created_by int references users (id),
      ended_by int references users (id),
      check ((level = 'duty') = (user_id is null))
    );
    create index road_posts_user on road_posts (user_id) where user_id is not null;
    create index road_posts_segments on road_posts using gin (segment_ids);
  `.execute(db);
}
