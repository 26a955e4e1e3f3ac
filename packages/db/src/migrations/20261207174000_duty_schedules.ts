// Duty schedules: whose working hours a working-time limit runs on. A schedule is weekly periods
// plus a holiday rule; every change makes a new version, and a step clock names the version it was
// started on, so a running step is never re-timed by a schedule change. Every unit has a schedule:
// existing units get the office schedule (08:30–12:00, 13:30–17:30, Monday–Friday, holidays off),
// which is exactly the working hours every working-time limit ran on until now. A new unit gets it
// too unless it names another. cases.limit_note keeps the line explaining the handling limit in
// force ("江川路街道·A 类区域：处置时限 4 工作小时").

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table duty_schedules (
      id int generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      name text not null check (length(name) between 1 and 100),
      name_en text,
      version int not null default 1 check (version >= 1),
      periods jsonb not null,
      holidays text not null check (holidays in ('off', 'on')),
      updated_at timestamptz not null default now()
    );
    -- Every version ever in force, immutable: step clocks refer to (schedule_id, version).
    create table duty_schedule_versions (
      schedule_id int not null references duty_schedules (id),
      version int not null,
      periods jsonb not null,
      holidays text not null check (holidays in ('off', 'on')),
      created_at timestamptz not null default now(),
      primary key (schedule_id, version)
    );

    insert into duty_schedules (code, name, name_en, periods, holidays)
    select 'office', '机关作息', 'Office hours', jsonb_agg(p order by (p->>'weekday')::int, p->>'start'), 'off'
    from (
      select jsonb_build_object('weekday', d, 'start', s, 'end', e) as p
      from generate_series(1, 5) d, (values ('08:30', '12:00'), ('13:30', '17:30')) h (s, e)
    ) periods;
    insert into duty_schedule_versions (schedule_id, version, periods, holidays)
    select id, version, periods, holidays from duty_schedules;

    create function office_duty_schedule() returns int language sql stable as $$
      select id from duty_schedules where code = 'office'
    $$;
    alter table units add column schedule_id int references duty_schedules (id)
      default office_duty_schedule();
    update units set schedule_id = office_duty_schedule();
    alter table units alter column schedule_id set not null;

    alter table cases add column limit_note jsonb;
  `.execute(db);
}
