// Writes a synthetic city (city.ts) into a migrated, empty database: the catalogue, unit cells and
// roads through the product's own services (the paths an admin's imports take), areas, units,
// people and responsibility grids as the demo seed writes them, and the year of cases in bulk
// (multi-row inserts from arrays: the per-case service path would take hours for 50,000 cases),
// then the product's own road back-fill and assessment rebuild derive everything else from the
// events, so the figures are the ones the product computes. Each phase is timed.

import { readFileSync } from 'node:fs';
import type { Db } from '@xiuhua/db';
import { sql } from 'kysely';
import { rebuildFacts } from '../../packages/server/src/assessment/facts-store.ts';
import { hashPassword } from '../../packages/server/src/auth/passwords.ts';
import { buildServices } from '../../packages/server/src/composition.ts';
import { DEMO_PASSWORD } from '../../packages/server/src/demo/seed.ts';
import { segmentFeatures } from '../../packages/server/src/demo/roads.ts';
import { startStep } from '@xiuhua/domain/calendar';
import { defaultSideOf, TRANSITIONS } from '@xiuhua/domain/workflow';
import type { TimeRules } from '../../packages/server/src/calendar/service.ts';
import { clockColumns } from '../../packages/server/src/cases/step-clock.ts';
import { CATALOGUE_FILE, type SyntheticCase } from './cases.ts';
import type { Polygon } from '@xiuhua/domain/geo';
import type { SyntheticArea } from './areas.ts';
import type { SyntheticCity, SyntheticCityDistrict } from './city.ts';
import type { SyntheticUnit } from './organisation.ts';

export interface LoadPhase {
  phase: string;
  ms: number;
  rows: number;
}

export interface LoadOptions {
  log?: (message: string) => void;
  /** Cases per insert statement (default 5,000). */
  batch?: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Year in China Standard Time of an instant. */
const cstYear = (t: number) => new Date(t + 8 * 3_600_000).getUTCFullYear();

/** Loads `city` into `db` (migrated, empty); returns the phases with their times and row counts. */
export async function loadCity(db: Db, city: SyntheticCity, options: LoadOptions = {}): Promise<LoadPhase[]> {
  const log = options.log ?? (() => {});
  const batch = options.batch ?? 5_000;
  const phases: LoadPhase[] = [];
  const phase = async (name: string, fn: () => Promise<number>) => {
    const start = performance.now();
    const rows = await fn();
    const ms = performance.now() - start;
    phases.push({ phase: name, ms, rows });
    log(`${name.padEnd(22)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${rows.toLocaleString('en-US')} rows`);
  };
  const existing = await db.selectFrom('areas').select('code').limit(1).executeTakeFirst();
  if (existing) throw new Error('the database is not empty: load a synthetic city into a fresh one');
  // The import services stamp their records with the clock: the day before the year of cases.
  const services = buildServices(db, { now: () => new Date(city.from.getTime() - 86_400_000) });

  await phase('areas', () => insertAreas(db, city));
  await phase('catalogue (service)', async () => {
    const report = await services.catalogue.importCatalogue(
      JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')),
      null,
      'synthetic city',
    );
    return report.created;
  });
  await phase('cells (service)', async () => {
    const features = city.districts.flatMap((d) =>
      d.cells.map((c) => ({ type: 'Feature', properties: { code: c.code }, geometry: c.geometry })),
    );
    const report = await services.grid.importCells({ type: 'FeatureCollection', features });
    if (report.rejected.length > 0) throw new Error(`cells rejected: ${JSON.stringify(report.rejected[0])}`);
    return report.imported;
  });
  await phase('roads (service)', async () => {
    const report = await services.roads.importGeoJson({
      type: 'FeatureCollection',
      features: city.districts.flatMap(roadFeatures),
    });
    if (report.rejected.length > 0) throw new Error(`roads rejected: ${JSON.stringify(report.rejected[0])}`);
    return report.imported;
  });
  let unitIds = new Map<string, number>();
  await phase('units', async () => {
    unitIds = await insertUnits(db, [...city.units, ...city.districts.flatMap((d) => d.units)]);
    return unitIds.size;
  });
  let userIds = new Map<string, { id: number; unit: number }>();
  await phase('people', async () => {
    userIds = await insertPeople(db, city, unitIds);
    return userIds.size;
  });
  await phase('responsibility grids', () => insertGrids(db, city, userIds));
  let events = 0;
  await phase('cases (bulk)', async () => {
    const r = await insertCases(db, city, unitIds, userIds, batch);
    events = r.events;
    return r.cases;
  });
  phases.push({ phase: 'events (with cases)', ms: 0, rows: events });
  await phase("open cases' clocks", async () => {
    const rules = await services.time.rules();
    return await startOpenClocks(db, city, rules);
  });
  await phase('roads back-fill', () => services.roads.backfill());
  await phase('rebuild facts', async () => (await rebuildFacts(db)).facts);
  await phase('analyze', async () => {
    await sql`analyze`.execute(db);
    return 0;
  });
  return phases;
}

type Level = 'city' | 'district' | 'street' | 'community';

/** An areas row: `parentPath` is the parent's path (null for the city). */
function areaRow(
  area: Pick<SyntheticArea, 'code' | 'name' | 'nameEn' | 'areaClass'> & { geometry: Polygon | null },
  level: Level,
  parent: string | null,
  parentPath: string | null,
) {
  return {
    code: area.code,
    level,
    parent_code: parent,
    path: parentPath === null ? area.code : `${parentPath}/${area.code}`,
    name: area.name,
    name_en: area.nameEn,
    area_class: area.areaClass,
    geometry: area.geometry ? JSON.stringify(area.geometry) : null,
  };
}

async function insertAreas(db: Db, city: SyntheticCity): Promise<number> {
  const rows = [areaRow({ ...city.city, areaClass: 'B', geometry: null }, 'city', null, null)];
  for (const d of city.districts) {
    const districtPath = `${city.city.code}/${d.code}`;
    rows.push(areaRow(d, 'district', city.city.code, city.city.code));
    for (const s of d.streets) rows.push(areaRow(s, 'street', d.code, districtPath));
    for (const c of d.communities)
      rows.push(areaRow(c, 'community', c.streetCode, `${districtPath}/${c.streetCode}`));
  }
  // parents come first in `rows`, so chunks respect the foreign key
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('areas')
      .values(rows.slice(i, i + 1000))
      .execute();
  return rows.length;
}

/** A district's road segments as the roads import takes them, one road code per road. */
function roadFeatures(d: SyntheticCityDistrict) {
  const byRoad = new Map<number, number[][][]>();
  for (const s of d.segments) {
    const list = byRoad.get(s.roadIndex) ?? [];
    list.push(s.coordinates);
    byRoad.set(s.roadIndex, list);
  }
  return [...byRoad].flatMap(([r, segments]) => {
    const eastWest = r % 2 === 0;
    return segmentFeatures(
      `${d.code}R${pad(r + 1, 3)}`,
      `${d.name.slice(2, -1)}${eastWest ? '东西' : '南北'}${r + 1}路`,
      r < 20 ? '1' : r < 80 ? '2' : '3',
      segments,
      eastWest ? ['西端', '东端'] : ['南端', '北端'],
    );
  });
}

async function insertUnits(db: Db, units: readonly SyntheticUnit[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // Parents are listed before their children: insert in chunks, in order.
  for (let i = 0; i < units.length; i += 1000) {
    const chunk = units.slice(i, i + 1000);
    const rows = await db
      .insertInto('units')
      .values(
        chunk.map((u) => ({
          code: u.code,
          name: u.name,
          name_en: null,
          kind: u.kind,
          side: defaultSideOf(u.kind),
          unit_type: u.unitType,
          parent_id: u.parent ? ids.get(u.parent)! : null,
          area_code: u.areaCode,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  return ids;
}

async function insertPeople(
  db: Db,
  city: SyntheticCity,
  unitIds: ReadonlyMap<string, number>,
): Promise<Map<string, { id: number; unit: number }>> {
  const people = [...city.people, ...city.districts.flatMap((d) => d.people)];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, { id: number; unit: number }>();
  for (let i = 0; i < people.length; i += 1000) {
    const rows = await db
      .insertInto('users')
      .values(
        people.slice(i, i + 1000).map((p) => ({
          username: p.username,
          display_name: p.name,
          password_hash: passwordHash,
          unit_id: unitIds.get(p.unit)!,
          roles: p.roles,
        })),
      )
      .returning(['id', 'username', 'unit_id'])
      .execute();
    for (const r of rows) ids.set(r.username, { id: r.id, unit: r.unit_id! });
  }
  return ids;
}

/** One responsibility grid per community: its cells, its inspector. */
async function insertGrids(
  db: Db,
  city: SyntheticCity,
  userIds: ReadonlyMap<string, { id: number }>,
): Promise<number> {
  const communities = city.districts.flatMap((d) => d.communities);
  const types = ['residential', 'business', 'institutional'] as const;
  const grids = await db
    .insertInto('responsibility_grids')
    .values(
      communities.map((c, i) => ({
        code: `RG${c.code.slice(4)}`,
        name: `${c.name}责任网格`,
        grid_type: types[i % 3]!,
        street_code: c.streetCode,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const gridOf = new Map(grids.map((g) => [g.code, g.id]));
  await sql`
    insert into responsibility_grid_cells (grid_id, cell_code)
    select g.id, c.code from grid_cells c join responsibility_grids g on g.code = 'RG' || substr(c.community_code, 5)`.execute(
    db,
  );
  await db
    .insertInto('responsibility_grid_inspectors')
    .values(
      communities.map((c) => ({
        grid_id: gridOf.get(`RG${c.code.slice(4)}`)!,
        user_id: userIds.get(`${c.code}-inspector`)!.id,
      })),
    )
    .execute();
  return grids.length;
}

/** The case row's columns that follow from its events (the state after the last one). */
function caseState(c: SyntheticCase, unitIds: ReadonlyMap<string, number>) {
  const last = c.events.at(-1)!;
  const at = (action: string) => c.events.find((e) => e.action === action)?.at ?? null;
  const lastAt = (action: string) => c.events.findLast((e) => e.action === action)?.at ?? null;
  const dispatched = c.events.findLast((e) => e.action === 'dispatch' || e.action === 'redispatch');
  const open = last.toState !== 'closed' && last.toState !== 'rejected';
  const due = open ? (c.events.findLast((e) => e.dueAt !== undefined)?.dueAt ?? null) : null;
  const satisfaction = c.events.find((e) => e.action === 'callback')?.satisfaction ?? null;
  const count = (action: string) => c.events.filter((e) => e.action === action).length;
  return {
    state: last.toState,
    assignee: dispatched && last.toState !== 'returned' ? unitIds.get(dispatched.unit!)! : null,
    filedAt: at('file'),
    dispatchedAt: dispatched?.at ?? null,
    closedAt: lastAt('close') ?? (last.toState === 'rejected' ? last.at : null),
    dueAt: due,
    signDueAt: open && last.toState === 'dispatched' ? (dispatched?.signDueAt ?? null) : null,
    satisfaction,
    returns: count('return'),
    postponements: count('approve_postponement'),
    reworks: count('check_fail'),
    updatedAt: last.at,
    version: c.events.length,
  };
}

/** Every case of the city in report order: case id n is the n-th (1-based). */
function casesInReportOrder(city: SyntheticCity): SyntheticCase[] {
  return city.districts.flatMap((d) => d.cases).sort((a, b) => a.reportedAt - b.reportedAt);
}

async function insertCases(
  db: Db,
  city: SyntheticCity,
  unitIds: ReadonlyMap<string, number>,
  userIds: ReadonlyMap<string, { id: number; unit: number }>,
  batch: number,
): Promise<{ cases: number; events: number }> {
  const classes = await db
    .selectFrom('catalogue_classes')
    .select(['id', 'kind', 'code', 'urgency'])
    .where('superseded_at', 'is', null)
    .execute();
  const classOf = new Map(classes.map((c) => [`${c.kind}:${c.code}`, c]));
  const paths = new Map(
    (await db.selectFrom('areas').select(['code', 'path']).where('level', '=', 'community').execute()).map(
      (a) => [a.code, a.path],
    ),
  );
  // Numbered in report order across the whole city, per year as CaseService numbers them.
  const all = casesInReportOrder(city);
  const lastSeq = new Map<number, number>();
  const iso = (t: number | null | undefined) =>
    t === null || t === undefined ? null : new Date(t).toISOString();
  let events = 0;
  for (let start = 0; start < all.length; start += batch) {
    const chunk = all.slice(start, start + batch);
    const c: Record<string, unknown[]> = {};
    const e: Record<string, unknown[]> = {};
    const push = (into: Record<string, unknown[]>, key: string, value: unknown) => {
      const column = into[key] ?? [];
      column.push(value);
      into[key] = column;
    };
    chunk.forEach((k, i) => {
      const id = start + i + 1;
      const year = cstYear(k.reportedAt);
      const seq = (lastSeq.get(year) ?? 0) + 1;
      lastSeq.set(year, seq);
      const cls = classOf.get(`${k.kind}:${k.classCode}`);
      if (!cls) throw new Error(`class ${k.kind} ${k.classCode} is not in the catalogue`);
      const s = caseState(k, unitIds);
      const row: Record<string, unknown> = {
        id,
        number: `${year}${pad(seq, 6)}`,
        source: k.source,
        kind: k.kind,
        class_id: cls.id,
        class_code: k.classCode,
        description: k.description,
        address: null,
        lon: k.lon,
        lat: k.lat,
        cell_code: k.cellCode,
        community_code: k.communityCode,
        street_code: k.streetCode,
        district_code: k.districtCode,
        area_path: paths.get(k.communityCode)!,
        area_class: k.areaClass,
        reporter_name: k.reporter?.name ?? null,
        reporter_phone: k.reporter?.phone ?? null,
        urgency: cls.urgency,
        level: cls.urgency === 'normal' ? 'street' : 'district',
        state: s.state,
        assignee_unit_id: s.assignee,
        due_at: iso(s.dueAt),
        sign_due_at: iso(s.signDueAt),
        rework_count: s.reworks,
        postpone_count: s.postponements,
        return_count: s.returns,
        satisfaction: s.satisfaction,
        version: s.version,
        created_by: userIds.get(k.events[0]!.actor)!.id,
        reported_at: iso(k.reportedAt),
        filed_at: iso(s.filedAt),
        dispatched_at: iso(s.dispatchedAt),
        closed_at: iso(s.closedAt),
        updated_at: iso(s.updatedAt),
      };
      for (const [key, value] of Object.entries(row)) push(c, key, value);
      k.events.forEach((ev, j) => {
        const actor = userIds.get(ev.actor);
        if (!actor) throw new Error(`no person ${ev.actor}`);
        const data: Record<string, unknown> = {};
        if (j === 0) Object.assign(data, { source: k.source, classCode: k.classCode, cellCode: k.cellCode });
        if (ev.unit !== undefined) data.unitId = unitIds.get(ev.unit)!;
        if (ev.signDueAt !== undefined) data.signDueAt = iso(ev.signDueAt);
        if (ev.handleDueAt !== undefined) data.handleDueAt = iso(ev.handleDueAt);
        if (ev.inspector !== undefined) data.inspectorId = userIds.get(ev.inspector)!.id;
        if (ev.satisfaction !== undefined) data.satisfaction = ev.satisfaction;
        if (ev.dueAt !== undefined) data.dueAt = iso(ev.dueAt);
        push(e, 'case_id', id);
        push(e, 'seq', j + 1);
        push(e, 'action', ev.action);
        push(e, 'from_state', ev.fromState);
        push(e, 'to_state', ev.toState);
        push(e, 'actor_user_id', actor.id);
        push(e, 'actor_role', ev.role);
        push(e, 'actor_unit_id', actor.unit);
        push(e, 'at', iso(ev.at));
        push(e, 'reason', ev.reason ?? null);
        push(e, 'data', JSON.stringify(data));
      });
    });
    events += e.case_id?.length ?? 0;
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into cases (id, number, source, kind, class_id, class_code, description, address, lon, lat,
          cell_code, community_code, street_code, district_code, area_path, area_class, reporter_name,
          reporter_phone, urgency, level, state, assignee_unit_id, due_at, sign_due_at, rework_count,
          postpone_count, return_count, satisfaction, version, created_by, reported_at, filed_at,
          dispatched_at, closed_at, updated_at)
        overriding system value
        select * from unnest(${c.id}::bigint[], ${c.number}::text[], ${c.source}::text[], ${c.kind}::text[],
          ${c.class_id}::int[], ${c.class_code}::text[], ${c.description}::text[], ${c.address}::text[],
          ${c.lon}::float8[], ${c.lat}::float8[], ${c.cell_code}::text[], ${c.community_code}::text[],
          ${c.street_code}::text[], ${c.district_code}::text[], ${c.area_path}::text[], ${c.area_class}::text[],
          ${c.reporter_name}::text[], ${c.reporter_phone}::text[], ${c.urgency}::text[], ${c.level}::text[],
          ${c.state}::text[], ${c.assignee_unit_id}::int[], ${c.due_at}::timestamptz[],
          ${c.sign_due_at}::timestamptz[], ${c.rework_count}::int[], ${c.postpone_count}::int[],
          ${c.return_count}::int[], ${c.satisfaction}::text[], ${c.version}::int[], ${c.created_by}::int[],
          ${c.reported_at}::timestamptz[], ${c.filed_at}::timestamptz[], ${c.dispatched_at}::timestamptz[],
          ${c.closed_at}::timestamptz[], ${c.updated_at}::timestamptz[])`.execute(trx);
      await sql`
        insert into case_events (case_id, seq, action, from_state, to_state, actor_user_id, actor_role,
          actor_unit_id, at, reason, data)
        select * from unnest(${e.case_id}::bigint[], ${e.seq}::int[], ${e.action}::text[],
          ${e.from_state}::text[], ${e.to_state}::text[], ${e.actor_user_id}::int[], ${e.actor_role}::text[],
          ${e.actor_unit_id}::int[], ${e.at}::timestamptz[], ${e.reason}::text[], ${e.data}::jsonb[])`.execute(
        trx,
      );
    });
  }
  // The sequences the product numbers and identifies the next case with.
  if (all.length > 0)
    await sql`select setval(pg_get_serial_sequence('cases', 'id'), (select max(id) from cases))`.execute(db);
  for (const [year, last] of lastSeq)
    await db
      .insertInto('case_counters')
      .values({ year, last_seq: last })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last_seq: last }))
      .execute();
  return { cases: all.length, events };
}

const CLOCK_OF = new Map(TRANSITIONS.map((t) => [t.action, t.clock]));

/** The step an open case's clock runs for, and since when (the transition that started it). */
function runningStep(events: SyntheticCase['events']): { step: string; since: number } | null {
  let running: { step: string; since: number } | null = { step: 'accept', since: events[0]!.at };
  for (const e of events.slice(1)) {
    const clock = CLOCK_OF.get(e.action as never);
    if (clock?.kind === 'start') running = { step: clock.step, since: e.at };
    else if (clock?.kind === 'stop') running = null;
  }
  return running;
}

/**
 * The running step clock of every case still open at the city's `until`: a natural-time clock from
 * the step's start to the deadline its events record, stored with the columns the product derives
 * from it (due_at, colour, next_colour_at: clockColumns), so boards colour them and the sweeper
 * keeps them current.
 */
async function startOpenClocks(db: Db, city: SyntheticCity, rules: TimeRules): Promise<number> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'number', 'due_at'])
    .where('state', 'not in', ['closed', 'rejected'])
    .execute();
  const all = casesInReportOrder(city);
  for (const row of rows) {
    const c = all[Number(row.id) - 1]!;
    const running = runningStep(c.events);
    if (!running || !row.due_at) continue;
    const minutes = Math.max(1, Math.round((row.due_at.getTime() - running.since) / 60_000));
    const clock = startStep(new Date(running.since), { amount: minutes, unit: 'minute' }, rules.hours);
    await db
      .updateTable('cases')
      .set({ step: running.step, ...clockColumns(clock, city.until, rules) })
      .where('id', '=', row.id)
      .execute();
  }
  return rows.length;
}
