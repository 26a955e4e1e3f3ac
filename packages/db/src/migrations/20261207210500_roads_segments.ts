// Roads cut into segments (路段), zones (禁止区 / 严管区 / 控制区) and key places (重点区域), imported
// from GeoJSON (server geo/roads.ts, docs/geo.md). A case records the segment, zone and key place
// its position resolves to; roads_resolved_at says when that was decided (null: filed before any
// segments existed, waiting for the back-fill). The 'roads' revision tells every instance to
// reload its in-memory index.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table roads (
      id serial primary key,
      code text not null unique,
      name text not null,
      class_code text not null,
      class_label text not null,
      street_code text references areas (code),
      updated_at timestamptz not null default now()
    );
    create table road_segments (
      id serial primary key,
      code text not null unique,
      road_id int not null references roads (id),
      geometry jsonb not null,
      start_description text,
      end_description text,
      length_m double precision not null check (length_m > 0),
      street_code text not null references areas (code),
      cell_codes text[] not null default '{}',
      updated_at timestamptz not null default now()
    );
    create index road_segments_road on road_segments (road_id);
    create table zones (
      id serial primary key,
      code text not null unique,
      name text not null,
      zone_type text not null check (zone_type in ('prohibited', 'strict', 'controlled')),
      geometry jsonb not null,
      updated_at timestamptz not null default now()
    );
    create table key_places (
      id serial primary key,
      code text not null unique,
      name text not null,
      place_type text not null check (place_type in
        ('market', 'metro_exit', 'school_gate', 'hospital_gate', 'station', 'residential', 'scenic')),
      geometry jsonb not null,
      updated_at timestamptz not null default now()
    );
    alter table cases
      add column segment_id int references road_segments (id),
      add column zone_id int references zones (id),
      add column key_place_id int references key_places (id),
      add column roads_resolved_at timestamptz;
    create index cases_roads_unresolved on cases (id) where roads_resolved_at is null;
    create index cases_segment on cases (segment_id) where segment_id is not null;
    insert into revisions (name, revision) values ('roads', 0);
  `.execute(db);
}
