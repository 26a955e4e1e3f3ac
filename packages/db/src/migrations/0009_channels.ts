// Intake channels: each case's source details (a leader's instruction, a petition number, a media
// report, a survey finding, a sensor alarm — validated per source by @xiuhua/domain/channels);
// the component (部件) registry; sensor devices mapped to components and catalogue classes; and
// every alarm received, with the case it opened or was attached to.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column source_details jsonb
      check (source_details is null or jsonb_typeof(source_details) = 'object');
    -- A repeated alarm looks for the open case of its device and alarm type.
    create index cases_sensor_open on cases ((source_details ->> 'deviceId'), (source_details ->> 'alarmType'))
      where source = 'sensor' and state not in ('closed', 'rejected', 'merged');

    -- Components: fixed public objects. Code = 6-digit county + 5-digit class + serial.
    create table components (
      id int generated always as identity primary key,
      code text not null unique check (code ~ '^[0-9]{6}[0-9]{5}[0-9]{4,8}$'),
      class_code text not null check (class_code ~ '^[0-9]{5}$' and substr(code, 7, 5) = class_code),
      name text not null check (length(name) between 1 and 100),
      lon double precision not null,
      lat double precision not null,
      cell_code text not null references grid_cells (code),
      area_path text not null,
      address text check (length(address) <= 200),
      owner_unit_id int references units (id),
      maintainer_unit_id int references units (id),
      status text not null default 'normal' check (status in ('normal', 'damaged', 'missing', 'retired')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index components_location on components (lat, lon);
    create index components_area on components (area_path text_pattern_ops);
    create index components_owner on components (owner_unit_id);
    create index components_maintainer on components (maintainer_unit_id);

    -- Devices: sensors and cameras that raise alarms. alarm_classes maps an alarm type to the
    -- catalogue class of the case it opens: { "<alarmType>": { "kind": "...", "classCode": "....." } }.
    create table devices (
      id int generated always as identity primary key,
      device_id text not null unique check (device_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
      device_type text not null,
      name text not null check (length(name) between 1 and 100),
      component_id int references components (id),
      lon double precision,
      lat double precision,
      active boolean not null default true,
      alarm_classes jsonb not null default '{}' check (jsonb_typeof(alarm_classes) = 'object'),
      last_alarm_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((lon is null) = (lat is null))
    );
    create index devices_component on devices (component_id);

    -- Every alarm received. The same alarm sent twice (same device and alarm id, or alarm time
    -- when the device sends no id) is one row: the second request gets the first answer.
    create table sensor_alarms (
      id bigint generated always as identity primary key,
      device_id int not null references devices (id),
      alarm_type text not null,
      dedup_key text not null,
      alarm_id text,
      alarm_at timestamptz not null,
      reading double precision,
      unit text,
      lon double precision not null,
      lat double precision not null,
      case_id bigint not null references cases (id),
      outcome text not null check (outcome in ('created', 'attached')),
      received_at timestamptz not null,
      received_by int references users (id),
      unique (device_id, dedup_key)
    );
    create index sensor_alarms_case on sensor_alarms (case_id, alarm_at);
  `.execute(db);
}
