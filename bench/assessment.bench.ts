// A month's full assessment report for every unit over ~10 million case events (a year of ~1.1
// million generated cases), from the per-day rollup the engine keeps, against the baseline: the
// same figures computed straight from the raw case_events by one naive query (window functions
// and GROUP BY over every event), in the same run. Both must give the same numbers.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- assessment
//     (creates and drops its own database xh_bench_assessment on that server)
//   BENCH_QUICK=1 …   ~1 million events        BENCH_EVENTS=N …   about N events
//   BENCH_KEEP=1 …    keep the database (re-runs skip generation)
//
// The generator writes, per case, the events CaseService would (intake → accept → file →
// dispatch → sign → report back → check → close → callback) with the deadlines each records,
// and mixes in the hard parts: late steps, rejected reports, returns and re-dispatch,
// postponements, suspensions, reworks, unsatisfied callbacks that reopen, open cases at the end.

import { type Db, migrateToLatest, openDb } from '@xiuhua/db';
import { INDICATORS, parsePeriod } from '@xiuhua/domain/assessment';
import { TRANSITIONS } from '@xiuhua/domain/workflow';
import { buildServices, ManualClock, seedDemo } from '@xiuhua/server';
import { sql } from 'kysely';
import pg from 'pg';
import { rebuildFacts } from '../packages/server/src/assessment/facts-store.ts';
import { openBenchDatabase } from './database.ts';
import { median, writeResult } from './lib.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? (QUICK ? 1_000_000 : 10_000_000));
/** Events per generated case on average (measured on the generator below). */
const EVENTS_PER_CASE = 9.1;
const CASES = Math.round(TARGET_EVENTS / EVENTS_PER_CASE);
const YEAR = 2025;
const MONTH = parsePeriod(`${YEAR}-06`);
const NOW = new Date(`${YEAR + 1}-01-01T00:00:00+08:00`);
const STREETS = 40;
const COMMUNITIES_PER_STREET = 10;
const CELLS_PER_COMMUNITY = 10;
const UNITS_PER_STREET = 5;
const REPORT_RUNS = 7;
const NAIVE_RUNS = Number(process.env.BENCH_NAIVE_RUNS ?? 3);
const log = (m: string) => console.log(`[assessment] ${m}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------ the database
async function openDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const bench = await openBenchDatabase({ max: 4 });
    return { db: bench.db, close: bench.close };
  }
  const name = 'xh_bench_assessment';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (exists && process.env.BENCH_KEEP !== '1') await admin.query(`drop database ${name}`);
  if (!exists || process.env.BENCH_KEEP !== '1') await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = openDb(target.toString(), { max: 4 });
  await migrateToLatest(db);
  const seeded = await db.selectFrom('areas').select('code').limit(1).executeTakeFirst();
  if (!seeded) await seedDemo(db, { cases: 0 });
  return {
    db,
    close: async () => {
      await db.destroy();
      if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database ${name}`);
      await admin.end();
    },
  };
}

// ------------------------------------------------------------------ generation (plain SQL)
/** Streets, communities, cells, responsibility grids, units and people for a large city. */
async function generateCity(db: Db): Promise<void> {
  await sql`
    with d as (select code, path from areas where code = '310112')
    insert into areas (code, level, parent_code, path, name, area_class)
    select '310112' || (100 + s), 'street', d.code, d.path || '/310112' || (100 + s), '基准街道' || s, 'B'
    from d, generate_series(1, ${sql.lit(STREETS)}) s`.execute(db);
  await sql`
    insert into areas (code, level, parent_code, path, name, area_class)
    select a.code || lpad(c::text, 3, '0'), 'community', a.code, a.path || '/' || a.code || lpad(c::text, 3, '0'),
      a.name || '社区' || c, 'B'
    from areas a, generate_series(1, ${sql.lit(COMMUNITIES_PER_STREET)}) c
    where a.code like '310112___' and a.name like '基准街道%'`.execute(db);
  await sql`
    insert into grid_cells (code, community_code, geometry)
    select a.code || lpad(k::text, 3, '0'), a.code, '{"type":"Polygon","coordinates":[]}'
    from areas a, generate_series(1, ${sql.lit(CELLS_PER_COMMUNITY)}) k
    where a.level = 'community' and a.name like '基准街道%'`.execute(db);
  await sql`
    insert into units (code, name, kind, unit_type, area_code)
    select 'bu-' || a.code || '-' || k, a.name || '处置单位' || k, 'squad', 'sanitation', a.code
    from areas a, generate_series(1, ${sql.lit(UNITS_PER_STREET)}) k
    where a.level = 'street' and a.name like '基准街道%'`.execute(db);
  // two handlers per unit, one inspector per community (its grid), desk staff at the centres
  await sql`
    insert into users (username, display_name, password_hash, unit_id, roles)
    select 'bh-' || u.id || '-' || k, u.name || '处置员' || k, 'x', u.id, '{handler}'
    from units u, generate_series(1, 2) k where u.code like 'bu-%'`.execute(db);
  await sql`
    insert into users (username, display_name, password_hash, unit_id, roles)
    select 'bi-' || a.code, a.name || '监督员', 'x', (select id from units where code = 'supervision'), '{inspector}'
    from areas a where a.level = 'community' and a.name like '基准街道%'`.execute(db);
  await sql`
    insert into users (username, display_name, password_hash, unit_id, roles)
    select 'b' || r.tag || '-' || k, r.tag || k, 'x', (select id from units where code = r.unit), array[r.role]
    from (values ('in', 'supervision', 'intake_operator'), ('sl', 'supervision', 'shift_leader'),
                 ('dp', 'command', 'dispatcher')) r(tag, unit, role),
         generate_series(1, 20) k`.execute(db);
  await sql`
    insert into responsibility_grids (code, name, grid_type, street_code)
    select 'BG' || a.code, a.name || '网格', 'residential', a.parent_code
    from areas a where a.level = 'community' and a.name like '基准街道%'`.execute(db);
  await sql`
    insert into responsibility_grid_cells (grid_id, cell_code)
    select g.id, c.code from responsibility_grids g join grid_cells c on 'BG' || c.community_code = g.code`.execute(
    db,
  );
  await sql`
    insert into responsibility_grid_inspectors (grid_id, user_id)
    select g.id, u.id from responsibility_grids g join users u on u.username = 'bi-' || substr(g.code, 3)`.execute(
    db,
  );
}

/**
 * The cases and their events. Per case: one row of random draws (gen), then its events as a
 * fixed list of possible steps, each kept or not by the draws; deadlines are natural time (the
 * facts read the deadlines the events record, whatever clock made them).
 */
async function generateCases(db: Db): Promise<void> {
  await sql`select setseed(0.42)`.execute(db);
  await sql`
    create unlogged table gen as
    with base as (
      select i as id,
        ${sql.lit(`${YEAR}-01-01T00:00:00+08:00`)}::timestamptz + random() * interval '365 days' as t0,
        1 + floor(random() * ${sql.lit(STREETS)})::int as s,
        1 + floor(random() * ${sql.lit(COMMUNITIES_PER_STREET)})::int as c,
        1 + floor(random() * ${sql.lit(CELLS_PER_COMMUNITY)})::int as k,
        floor(random() * ${sql.lit(UNITS_PER_STREET)})::int as u,
        random() as r_source, random() as r_reject, random() as r_return, random() as r_post,
        random() as r_susp, random() as r_rework, random() as r_callback, random() as r_sat,
        random() as r_handler
      from generate_series(1, ${sql.lit(CASES)}) i
    )
    select b.*,
      '310112' || (100 + b.s) as street,
      '310112' || (100 + b.s) || lpad(b.c::text, 3, '0') as community,
      b.r_source < 0.85 as by_inspector,
      b.r_reject < 0.04 as rejected,
      b.r_return < 0.05 as returned,
      b.r_post < 0.04 as postponed,
      b.r_susp < 0.02 as suspended,
      b.r_rework < 0.06 as reworked,
      b.r_callback < 0.8 as called,
      case when b.r_sat < 0.05 then 'unsatisfied' when b.r_sat < 0.12 then 'basically_satisfied' else 'satisfied' end as sat
    from base b`.execute(db);
  // people and units per case
  await sql`
    create unlogged table gen2 as
    select g.*,
      g.community || lpad(g.k::text, 3, '0') as cell,
      (select id from units where code = 'bu-' || g.street || '-' || (1 + g.u)) as unit,
      (select id from units where code = 'bu-' || g.street || '-' || (1 + (g.u + 1) % ${sql.lit(UNITS_PER_STREET)})) as wrong_unit,
      (select id from users where username = 'bi-' || g.community) as inspector,
      (select id from users where username = 'bin-' || (1 + g.id % 20)) as intake,
      (select id from users where username = 'bsl-' || (1 + g.id % 20)) as shift,
      (select id from users where username = 'bdp-' || (1 + g.id % 20)) as dispatcher
    from gen g`.execute(db);
  await sql`
    create unlogged table gen3 as
    select g.*,
      (select id from users u where u.unit_id = g.unit order by id limit 1 offset (case when g.r_handler < 0.5 then 0 else 1 end)) as handler,
      (select id from users u where u.unit_id = g.wrong_unit order by id limit 1) as wrong_handler,
      -- the loop's instants, each after the one before (minutes drawn so that about a quarter of
      -- the intake steps, a quarter of the sign-fors and a third of the handlings are late)
      g.t0 + interval '1 minute' * (1 + floor(random() * 40)) as t_accept
    from gen2 g`.execute(db);
  await sql`drop table gen, gen2`.execute(db);
  const cls = await db
    .selectFrom('catalogue_classes')
    .select(['id', 'code'])
    .where('code', '=', '06010')
    .where('superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  await sql`
    insert into cases (id, number, source, kind, class_id, class_code, description,
      lon, lat, cell_code, community_code, street_code, district_code, area_path, area_class, urgency, level,
      state, reported_at, updated_at) overriding system value
    select g.id, ${String(YEAR)} || lpad(g.id::text, 7, '0'), case when g.by_inspector then 'inspector' else 'hotline' end,
      'event', ${cls.id}, ${cls.code}, '基准案件', 121.4, 31.1, g.cell, g.community, g.street, '310112',
      a.path || '/' || g.cell, 'B', 'normal', 'street', 'closed', g.t0, g.t0
    from gen3 g join areas a on a.code = g.community`.execute(db);
  await sql`select setval(pg_get_serial_sequence('cases', 'id'), (select max(id) from cases))`.execute(db);

  // Every instant of the loop per case, then the events that happened before NOW.
  await sql`
    create unlogged table gen4 as
    with t as (
      select g.*,
        g.t_accept + interval '1 minute' * (1 + floor(random() * 40)) as t_file,
        random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
        random() as r7, random() as r8, random() as r9, random() as r10
      from gen3 g
    ), t2 as (
      select t.*,
        t.t_file + interval '1 minute' * (1 + floor(t.r1 * 40)) as t_dispatch
      from t
    ), t3 as (
      select t2.*,
        -- a wrong first dispatch is returned, then re-dispatched
        case when t2.returned then t2.t_dispatch + interval '1 minute' * (1 + floor(t2.r2 * 50)) end as t_return,
        case when t2.returned then t2.t_dispatch + interval '1 minute' * (52 + floor(t2.r3 * 40)) else t2.t_dispatch end as t_sent
      from t2
    ), t4 as (
      select t3.*,
        t3.t_sent + interval '1 minute' * (1 + floor(t3.r4 * 80)) as t_sign,
        t3.t_sent + interval '4 hours' as due0
      from t3
    ), t5 as (
      select t4.*,
        case when t4.postponed then t4.due0 + interval '24 hours' else t4.due0 end as due1,
        case when t4.suspended then t4.t_sign + interval '30 minutes' end as t_suspend,
        case when t4.suspended then t4.t_sign + interval '30 minutes' + interval '1 hour' * (24 + floor(t4.r5 * 96)) end as t_resume
      from t4
    ), t6 as (
      select t5.*,
        -- after a resume the deadline moves by the time the clock stood still
        case when t5.suspended then t5.due1 + (t5.t_resume - t5.t_suspend) else t5.due1 end as h_due,
        coalesce(t5.t_resume, t5.t_sign) + interval '1 minute' * (11 + floor(t5.r6 * 300)) as t_back
      from t5
    ), t7 as (
      select t6.*,
        case when t6.reworked then t6.t_back + interval '1 minute' * (1 + floor(t6.r7 * 150)) end as t_fail,
        case when t6.reworked then t6.t_back + interval '1 minute' * (152 + floor(t6.r8 * 300)) else t6.t_back end as t_back2
      from t6
    ), t8 as (
      select t7.*,
        t7.t_back2 + interval '1 minute' * (1 + floor(t7.r9 * 150)) as t_pass
      from t7
    ), t9 as (
      select t8.*,
        t8.t_pass + interval '1 minute' * (1 + floor(t8.r10 * 80)) as t_close
      from t8
    )
    select t9.*,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) as t_callback,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) + interval '1 minute' * (1 + floor(t9.r2 * 40)) as t_redo,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) + interval '1 minute' * (42 + floor(t9.r3 * 60)) as t_resign,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) + interval '1 minute' * (103 + floor(t9.r4 * 300)) as t_reback,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) + interval '1 minute' * (404 + floor(t9.r5 * 100)) as t_repass,
      t9.t_close + interval '1 hour' * (1 + floor(t9.r1 * 48)) + interval '1 minute' * (505 + floor(t9.r6 * 60)) as t_reclose
    from t9`.execute(db);
  await sql`drop table gen3`.execute(db);

  const iso = (col: string) => sql`to_jsonb(${sql.ref(col)})`;
  const due = (col: string, plus: string) => sql`to_jsonb(${sql.ref(col)} + interval ${sql.lit(plus)})`;
  await sql`set work_mem = '1GB'`.execute(db);
  await sql`
    insert into case_events (case_id, seq, action, from_state, to_state, actor_user_id, actor_role,
      actor_unit_id, at, data)
    select g.id, row_number() over (partition by g.id order by e.k), e.action, null, 'x', e.actor,
      e.role, u.unit_id, e.at, e.data
    from gen4 g
    cross join lateral (values
      (1, true, 'intake', g.t0, case when g.by_inspector then g.inspector else g.intake end,
        case when g.by_inspector then 'inspector' else 'intake_operator' end,
        jsonb_build_object('source', case when g.by_inspector then 'inspector' else 'hotline' end, 'dueAt', ${due('g.t0', '30 minutes')})),
      (2, g.rejected, 'reject', g.t_accept, g.intake, 'intake_operator', '{}'::jsonb),
      (3, not g.rejected, 'accept', g.t_accept, g.intake, 'intake_operator', jsonb_build_object('dueAt', ${due('g.t_accept', '30 minutes')})),
      (4, not g.rejected, 'file', g.t_file, g.shift, 'shift_leader', jsonb_build_object('dueAt', ${due('g.t_file', '30 minutes')})),
      (5, not g.rejected, 'dispatch', g.t_dispatch, g.dispatcher, 'dispatcher', jsonb_build_object(
        'unitId', case when g.returned then g.wrong_unit else g.unit end,
        'signDueAt', ${due('g.t_dispatch', '1 hour')}, 'dueAt', ${due('g.t_dispatch', '4 hours')})),
      (6, not g.rejected and g.returned, 'return', g.t_return, g.wrong_handler, 'handler',
        jsonb_build_object('unitId', g.wrong_unit, 'dueAt', ${due('g.t_return', '30 minutes')})),
      (7, not g.rejected and g.returned, 'redispatch', g.t_sent, g.dispatcher, 'dispatcher', jsonb_build_object(
        'unitId', g.unit, 'signDueAt', ${due('g.t_sent', '1 hour')}, 'dueAt', ${due('g.t_sent', '4 hours')})),
      (8, not g.rejected, 'sign', g.t_sign, g.handler, 'handler', jsonb_build_object('dueAt', ${iso('g.due0')})),
      (9, not g.rejected and g.postponed, 'request_postponement', g.t_sign + interval '5 minutes', g.handler, 'handler',
        jsonb_build_object('dueAt', ${iso('g.due0')})),
      (10, not g.rejected and g.postponed, 'approve_postponement', g.t_sign + interval '10 minutes', g.dispatcher, 'dispatcher',
        jsonb_build_object('dueAt', ${iso('g.due1')})),
      (11, not g.rejected and g.suspended, 'suspend', g.t_suspend, g.dispatcher, 'dispatcher', jsonb_build_object('dueAt', null)),
      (12, not g.rejected and g.suspended, 'resume', g.t_resume, g.dispatcher, 'dispatcher', jsonb_build_object('dueAt', ${iso('g.h_due')})),
      (13, not g.rejected, 'report_back', g.t_back, g.handler, 'handler', jsonb_build_object(
        'handleDueAt', ${iso('g.h_due')}, 'inspectorId', g.inspector, 'dueAt', ${due('g.t_back', '2 hours')})),
      (14, not g.rejected and g.reworked, 'check_fail', g.t_fail, g.inspector, 'inspector',
        jsonb_build_object('dueAt', ${due('g.t_fail', '4 hours')})),
      (15, not g.rejected and g.reworked, 'report_back', g.t_back2, g.handler, 'handler', jsonb_build_object(
        'handleDueAt', ${due('g.t_fail', '4 hours')}, 'inspectorId', g.inspector, 'dueAt', ${due('g.t_back2', '2 hours')})),
      (16, not g.rejected, 'check_pass', g.t_pass, g.inspector, 'inspector', jsonb_build_object('dueAt', ${due('g.t_pass', '1 hour')})),
      (17, not g.rejected, 'close', g.t_close, g.shift, 'shift_leader', '{}'::jsonb),
      (18, not g.rejected and g.called, 'callback', g.t_callback, g.intake, 'intake_operator', jsonb_build_object('satisfaction', g.sat)),
      (19, not g.rejected and g.called and g.sat = 'unsatisfied', 'reopen', g.t_callback, g.intake, 'intake_operator',
        jsonb_build_object('dueAt', ${due('g.t_callback', '30 minutes')})),
      (20, not g.rejected and g.called and g.sat = 'unsatisfied', 'dispatch', g.t_redo, g.dispatcher, 'dispatcher', jsonb_build_object(
        'unitId', g.unit, 'signDueAt', ${due('g.t_redo', '1 hour')}, 'dueAt', ${due('g.t_redo', '4 hours')})),
      (21, not g.rejected and g.called and g.sat = 'unsatisfied', 'sign', g.t_resign, g.handler, 'handler',
        jsonb_build_object('dueAt', ${due('g.t_redo', '4 hours')})),
      (22, not g.rejected and g.called and g.sat = 'unsatisfied', 'report_back', g.t_reback, g.handler, 'handler', jsonb_build_object(
        'handleDueAt', ${due('g.t_redo', '4 hours')}, 'inspectorId', g.inspector, 'dueAt', ${due('g.t_reback', '2 hours')})),
      (23, not g.rejected and g.called and g.sat = 'unsatisfied', 'check_pass', g.t_repass, g.inspector, 'inspector',
        jsonb_build_object('dueAt', ${due('g.t_repass', '1 hour')})),
      (24, not g.rejected and g.called and g.sat = 'unsatisfied', 'close', g.t_reclose, g.shift, 'shift_leader', '{}'::jsonb)
    ) as e(k, keep, action, at, actor, role, data)
    join users u on u.id = e.actor
    where e.keep and e.at < ${NOW}`.execute(db);
  await sql`reset work_mem`.execute(db);
  await sql`drop table gen4`.execute(db);
  await sql`analyze cases`.execute(db);
  await sql`analyze case_events`.execute(db);
}

// ------------------------------------------------------------------ the naive baseline
/**
 * The unit-level figures of MONTH straight from case_events: steps cut out of each case's event
 * stream by window functions, then grouped. The same rules as @xiuhua/domain/assessment
 * caseFacts(), written once more in SQL: an independent check of the facts as well as a baseline.
 */
function naiveQuery() {
  const boundary = [
    'intake',
    ...TRANSITIONS.filter((t) => t.clock.kind === 'start' || t.clock.kind === 'stop').map((t) => t.action),
  ];
  const list = (xs: string[]) => sql.join(xs.map((x) => sql.lit(x)));
  const S = MONTH.start;
  const E = MONTH.end;
  return sql<{ unit: number; term: string; n: number }>`
    with w as (
      select e.case_id, e.seq, e.action, e.at, e.data,
        sum((e.action in (${list(boundary)}))::int) over c as grp,
        sum((e.action in ('dispatch', 'redispatch'))::int) over c as dgrp,
        sum((e.action in ('file', 'reopen'))::int) over c as cyc
      from case_events e
      window c as (partition by e.case_id order by e.seq)
    ),
    dispatch_units as (
      select case_id, dgrp, action, at, (data ->> 'unitId')::int as unit,
        (data ->> 'signDueAt')::timestamptz as sign_due,
        lead(action) over (partition by case_id order by dgrp) as next_action,
        lead(at) over (partition by case_id order by dgrp) as next_at
      from w where action in ('dispatch', 'redispatch')
    ),
    groups as (
      select case_id, grp,
        (array_agg(action order by seq))[1] as start_action,
        min(at) as started_at,
        (array_agg(data ->> 'dueAt' order by seq desc) filter (where data ? 'dueAt'))[1]::timestamptz as due,
        bool_or(action = 'approve_postponement') as postponed,
        min(cyc) as cyc,
        min(dgrp) as dgrp
      from w where grp > 0
      group by case_id, grp
    ),
    handle as (
      select g.case_id, g.cyc, g.grp, g.due, g.postponed, d.unit,
        lead(g.start_action) over s as end_action,
        lead(g.started_at) over s as end_at,
        g.start_action
      from groups g
      left join dispatch_units d on d.case_id = g.case_id and d.dgrp = g.dgrp
      window s as (partition by g.case_id order by g.grp)
    ),
    handle_steps as (
      select h.*,
        case
          when h.end_at is null then 'open'
          when h.due is not null and h.end_at > h.due then 'late'
          when h.end_action = 'report_back' then 'on_time'
          else 'withdrawn'
        end as outcome
      from handle h
      where h.start_action in ('dispatch', 'redispatch', 'check_fail')
    ),
    handle_facts as (
      select hs.*,
        case when hs.outcome in ('late', 'open') then hs.due else hs.end_at end as placed
      from handle_steps hs
    ),
    -- a sign-for task ends at the first sign or return after its dispatch, else at the next
    -- re-dispatch; a suspension before that cancels its deadline
    sign_groups as (
      select case_id, dgrp,
        min(seq) filter (where action in ('sign', 'return')) as end_seq,
        min(seq) filter (where action = 'suspend') as suspend_seq
      from w where dgrp > 0
      group by case_id, dgrp
    ),
    signs as (
      select d.unit, d.sign_due,
        case when sg.end_seq is null then d.next_action else se.action end as end_action,
        case when sg.end_seq is null then d.next_at else se.at end as end_at,
        sg.suspend_seq is not null and (sg.end_seq is null or sg.suspend_seq < sg.end_seq) as interrupted
      from dispatch_units d
      join sign_groups sg on sg.case_id = d.case_id and sg.dgrp = d.dgrp
      left join w se on se.case_id = d.case_id and se.seq = sg.end_seq
    ),
    sign_facts as (
      select s.unit, s.end_at,
        case
          when s.interrupted then 'withdrawn'
          when s.end_at is null then 'open'
          when s.sign_due is not null and s.end_at > s.sign_due then 'late'
          when s.end_action in ('sign', 'return') then 'on_time'
          else 'withdrawn'
        end as outcome
      from signs s
    ),
    cycles as (
      select case_id, cyc,
        min(at) filter (where action = 'close') as closed_at,
        bool_or(action = 'check_fail') as reworked,
        lead(cyc) over (partition by case_id order by cyc) is not null as followed
      from w where cyc > 0
      group by case_id, cyc
    ),
    live_handle as (
      select distinct on (case_id, cyc) case_id, cyc, due, unit, outcome
      from handle_facts where outcome <> 'withdrawn'
      order by case_id, cyc, grp desc
    ),
    cycle_facts as (
      select c.case_id, c.cyc, c.closed_at, c.reworked, h.unit,
        coalesce(h.outcome = 'on_time', false) as handled_on_time,
        c.closed_at is not null and c.followed as reopened,
        least(c.closed_at, h.due) as placed
      from cycles c
      left join live_handle h on h.case_id = c.case_id and h.cyc = c.cyc
    ),
    counts as (
      select unit, 'sign_done' as term, count(*) filter (where outcome in ('on_time', 'late') and end_at >= ${S} and end_at < ${E}) as n from sign_facts group by unit
      union all
      select unit, 'sign_on_time', count(*) filter (where outcome = 'on_time' and end_at >= ${S} and end_at < ${E}) from sign_facts group by unit
      union all
      select unit, t.term, count(*) filter (where t.ok) from handle_facts h
      cross join lateral (values
        ('handle_done', h.outcome in ('on_time', 'late') and h.end_at >= ${S} and h.end_at < ${E}),
        ('handle_on_time', h.outcome = 'on_time' and h.placed >= ${S} and h.placed < ${E}),
        ('handle_due', h.outcome <> 'withdrawn' and h.placed >= ${S} and h.placed < ${E}),
        ('handle_done_by_end', h.outcome in ('on_time', 'late') and h.placed >= ${S} and h.placed < ${E} and h.end_at < ${E}),
        ('handle_open_at_end', h.outcome in ('late', 'open') and h.placed >= ${S} and h.placed < ${E} and (h.end_at is null or h.end_at >= ${E})),
        ('handle_postponed', h.outcome <> 'withdrawn' and h.postponed and h.placed >= ${S} and h.placed < ${E})
      ) t(term, ok)
      group by unit, t.term
      union all
      select unit, t.term, count(*) filter (where t.ok) from cycle_facts c
      cross join lateral (values
        ('cycle_due', c.placed >= ${S} and c.placed < ${E}),
        ('cycle_closed_by_end', c.closed_at is not null and c.placed >= ${S} and c.placed < ${E} and c.closed_at < ${E}),
        ('cycle_closed_on_time_by_end', c.closed_at is not null and c.handled_on_time and c.placed >= ${S} and c.placed < ${E} and c.closed_at < ${E}),
        ('cycle_reworked', c.reworked and c.placed >= ${S} and c.placed < ${E}),
        ('cycle_closed', c.closed_at >= ${S} and c.closed_at < ${E}),
        ('cycle_closed_timely', c.handled_on_time and c.closed_at >= ${S} and c.closed_at < ${E}),
        ('cycle_resolved', not c.reopened and c.closed_at >= ${S} and c.closed_at < ${E})
      ) t(term, ok)
      group by unit, t.term
      union all
      select cf.unit, t.term, count(*) filter (where t.ok)
      from w cb
      join cycle_facts cf on cf.case_id = cb.case_id and cf.cyc = cb.cyc
      cross join lateral (values
        ('callback_rated', true),
        ('callback_satisfied', cb.data ->> 'satisfaction' in ('satisfied', 'basically_satisfied'))
      ) t(term, ok)
      where cb.action = 'callback' and cb.at >= ${S} and cb.at < ${E}
      group by cf.unit, t.term
    )
    select unit, term, n::int as n from counts where unit is not null and n > 0`;
}

// ------------------------------------------------------------------ the run
const { db, close } = await openDatabase();
const clock = new ManualClock(NOW);
const { engine } = buildServices(db, clock);
const metrics: Record<string, number> = {};
const baseline: Record<string, number> = {};

const have = Number((await sql<{ n: string }>`select count(*) as n from case_events`.execute(db)).rows[0]!.n);
if (have === 0) {
  log(`generating ${CASES.toLocaleString()} cases (~${TARGET_EVENTS.toLocaleString()} events) …`);
  let t = performance.now();
  await generateCity(db);
  await generateCases(db);
  metrics.generateSeconds = (performance.now() - t) / 1000;
  log(`generated in ${seconds(performance.now() - t)}`);
  t = performance.now();
  const built = await rebuildFacts(db, {
    batchSize: 10_000,
    log: (m) => (Number(m.match(/^facts: (\d+)/)?.[1] ?? 0) % 200_000 === 0 ? log(m) : undefined),
  });
  metrics.buildFactsSeconds = (performance.now() - t) / 1000;
  metrics.facts = built.facts;
  metrics.rollupRows = built.rollupRows;
  log(
    `facts and rollup built in ${seconds(built.ms)}: ${built.facts.toLocaleString()} facts, ${built.rollupRows.toLocaleString()} rollup rows`,
  );
  await sql`analyze assessment_facts`.execute(db);
  await sql`analyze assessment_rollup`.execute(db);
}
const size = async (rel: string) =>
  Number(
    (await sql<{ b: string }>`select pg_total_relation_size(${rel}::regclass) as b`.execute(db)).rows[0]!.b,
  ) /
  2 ** 20;
metrics.events = Number(
  (await sql<{ n: string }>`select count(*) as n from case_events`.execute(db)).rows[0]!.n,
);
metrics.cases = Number((await sql<{ n: string }>`select count(*) as n from cases`.execute(db)).rows[0]!.n);
metrics.eventsMiB = await size('case_events');
metrics.casesMiB = await size('cases');
metrics.factsMiB = await size('assessment_facts');
metrics.rollupMiB = await size('assessment_rollup');
log(`${metrics.events.toLocaleString()} events, ${metrics.cases.toLocaleString()} cases`);

// The month's full report for all units: every unit × its 12 indicators.
const report = () => engine.figures(MONTH, 'unit');
const figures = await report(); // warm-up
const reportMs: number[] = [];
for (let i = 0; i < REPORT_RUNS; i++) {
  const t = performance.now();
  await report();
  reportMs.push(performance.now() - t);
}
metrics.monthReportMs = median(reportMs);
log(
  `month report (${figures.length} figures): median ${metrics.monthReportMs.toFixed(1)} ms of ${REPORT_RUNS}`,
);

const naiveMs: number[] = [];
let naive: { unit: number; term: string; n: number }[] = [];
for (let i = 0; i < NAIVE_RUNS; i++) {
  const t = performance.now();
  await sql`set work_mem = '256MB'`.execute(db);
  naive = (await naiveQuery().execute(db)).rows;
  naiveMs.push(performance.now() - t);
  log(`naive run ${i + 1}: ${seconds(naiveMs.at(-1)!)}`);
}
baseline.monthReportMs = median(naiveMs);

// The check: both give the same numbers for every unit and indicator.
const naiveCount = new Map(naive.map((r) => [`${r.unit}:${r.term}`, r.n]));
let compared = 0;
const mismatches: string[] = [];
for (const f of figures) {
  const def = INDICATORS.find((d) => d.id === f.indicator)!;
  const want = [
    naiveCount.get(`${f.subject.id}:${def.numerator.id}`) ?? 0,
    naiveCount.get(`${f.subject.id}:${def.denominator.id}`) ?? 0,
  ];
  compared++;
  if (want[0] !== f.numerator || want[1] !== f.denominator)
    mismatches.push(
      `${f.subject.name} ${f.indicator}: engine ${f.numerator}/${f.denominator}, naive ${want.join('/')}`,
    );
}
const counted = figures.reduce((sum, f) => sum + f.denominator, 0);
if (mismatches.length > 0 || counted === 0) {
  console.error(mismatches.slice(0, 20).join('\n'));
  throw new Error(`the engine and the naive query disagree on ${mismatches.length} of ${compared} figures`);
}
log(
  `engine and naive query agree on all ${compared} figures (denominators sum to ${counted.toLocaleString()})`,
);
metrics.figuresCompared = compared;

writeResult(QUICK ? 'assessment-quick' : 'assessment', metrics, baseline);
await close();
