// The demo city: 闵行区 with its streets, communities and unit cells (generated geometry), the
// seed catalogue, departments and street offices, a user for every role, routing rules,
// responsibility grids, and a few hundred cases over the last 60 days driven through the same
// CaseService the API uses, on a clock that walks through those days.

import { readFileSync } from 'node:fs';
import type { Db, RoutingRulesTable } from '@xiuhua/db';
import { cstDateOf, limitToMinutes } from '@xiuhua/domain/calendar';
import type { MinorClass } from '@xiuhua/domain/catalogue';
import { generateDemoCity } from '@xiuhua/domain/geo';
import { type CaseAction, defaultSideOf, type Role, type UnitKind } from '@xiuhua/domain/workflow';
import { type Insertable, sql } from 'kysely';
import { buildServices } from '../composition.ts';
import { type Clock, ManualClock } from '../platform/clock.ts';
import { sweepAll } from '../cases/sweeper.ts';
import { HANDLING_KINDS, seedAssessment } from './assessment.ts';
import { hotlineCaseTimes, seedHotlineDemo } from './hotline.ts';
import { CHANNEL_REPORTS_HOURS_AGO, seedChannels } from './channels.ts';
import { demoRoadNetwork, seedRoadPosts } from './roads.ts';
import type { Actor } from '../platform/actor.ts';
import { bumpGridRevision } from '../geo/grid.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { PhotoStorageOptions } from '../photos/service.ts';
import { demoPhotos } from './photos.ts';
import { demoDescription, demoPlace, demoReportTimes, demoTiming } from './realism.ts';

export const DEMO_PASSWORD = 'xiuhua-demo';
export const CATALOGUE_FILE = new URL('../../../db/seed/catalogue.json', import.meta.url);

/** How far the cases of the last two days get, in turn (99: closed; see the case loop). */
const RECENT_STAGES = [1, 0, 1, 5, 2, 3, 4, 6, 1, 7, 8, 99, 5, 10];
/** …and those of 2 to 10 days ago: most closed, every later stage in turn. */
const MID_STAGES = [99, 3, 99, 4, 99, 5, 99, 6, 99, 7, 99, 8, 99, 9, 99, 10, 99, 99];

/** Mulberry32: a small seeded PRNG so the demo is the same every time. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

interface DemoUnit {
  code: string;
  name: string;
  kind: string;
  unitType: string | null;
  parent?: string;
  area: string;
}

export interface DemoSummary {
  areas: number;
  cells: number;
  units: number;
  users: number;
  cases: number;
}

export async function isSeeded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('areas').select('code').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function seedDemo(
  db: Db,
  options: {
    now?: Date;
    cases?: number;
    log?: (m: string) => void;
    /** Where the demo photos go: the server's photo directory or store (default ./data/photos). */
    photoStorage?: PhotoStorageOptions;
  } = {},
): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const city = generateDemoCity({ seed: 1 });
  const rnd = prng(20261121);

  // -------------------------------------------------------------- areas and cells
  const streetClass = (i: number) => (i === 0 ? 'A' : i === city.streets.length - 1 ? 'C' : 'B');
  await db.transaction().execute(async (trx) => {
    const cityPath = city.city.code;
    const districtPath = `${cityPath}/${city.district.code}`;
    await trx
      .insertInto('areas')
      .values({
        code: city.city.code,
        level: 'city',
        parent_code: null,
        path: cityPath,
        name: city.city.name,
        name_en: city.city.nameEn,
        area_class: 'B',
        geometry: null,
      })
      .execute();
    await trx
      .insertInto('areas')
      .values({
        code: city.district.code,
        level: 'district',
        parent_code: city.city.code,
        path: districtPath,
        name: city.district.name,
        name_en: city.district.nameEn,
        area_class: 'B',
        geometry: JSON.stringify(city.district.geometry),
      })
      .execute();
    for (const [i, s] of city.streets.entries()) {
      await trx
        .insertInto('areas')
        .values({
          code: s.code,
          level: 'street',
          parent_code: city.district.code,
          path: `${districtPath}/${s.code}`,
          name: s.name,
          name_en: s.nameEn,
          area_class: streetClass(i),
          geometry: JSON.stringify(s.geometry),
        })
        .execute();
    }
    for (const c of city.communities) {
      const i = city.streets.findIndex((s) => s.code === c.streetCode);
      await trx
        .insertInto('areas')
        .values({
          code: c.code,
          level: 'community',
          parent_code: c.streetCode,
          path: `${districtPath}/${c.streetCode}/${c.code}`,
          name: c.name,
          name_en: c.nameEn,
          area_class: streetClass(i),
          geometry: JSON.stringify(c.geometry),
        })
        .execute();
    }
    for (let i = 0; i < city.cells.length; i += 500) {
      await trx
        .insertInto('grid_cells')
        .values(
          city.cells.slice(i, i + 500).map((c) => ({
            code: c.code,
            community_code: c.communityCode,
            geometry: JSON.stringify(c.geometry),
          })),
        )
        .execute();
    }
    await bumpGridRevision(trx);
    // 2027 needs no declaration: until its notice is imported it is provisional (暂定), computed
    // from the holiday rule (docs/calendar.md).
  });
  log(`areas: ${2 + city.streets.length + city.communities.length}, cells: ${city.cells.length}`);

  // -------------------------------------------------------------- catalogue
  const seedClock: Clock = { now: () => new Date(now.getTime() - 61 * 86_400_000) };
  const services0 = buildServices(db, seedClock);
  const catalogueJson = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8'));
  const report = await services0.catalogue.importCatalogue(catalogueJson, null, 'demo seed');
  log(`catalogue: ${report.created} classes`);

  // -------------------------------------------------------------- roads, segments, zones, key places
  const roads = await services0.roads.importGeoJson(demoRoadNetwork(city));
  if (roads.rejected.length > 0) throw new Error(`demo roads rejected: ${JSON.stringify(roads.rejected[0])}`);
  log(`roads: ${roads.imported} segments, zones and key places`);

  // -------------------------------------------------------------- units
  const d = city.district.code;
  const units: DemoUnit[] = [
    {
      code: 'city-centre',
      name: '上海市城市运行管理中心',
      kind: 'supervision_centre',
      unitType: null,
      area: city.city.code,
    },
    {
      code: 'supervision',
      name: '闵行区城市网格化管理监督中心',
      kind: 'supervision_centre',
      unitType: null,
      area: d,
    },
    { code: 'command', name: '闵行区城市管理指挥中心', kind: 'command_centre', unitType: null, area: d },
    {
      code: 'greening-bureau',
      name: '闵行区绿化和市容管理局',
      kind: 'department',
      unitType: 'greening',
      area: d,
    },
    {
      code: 'sanitation',
      name: '闵行区环境卫生管理所',
      kind: 'branch',
      unitType: 'sanitation',
      parent: 'greening-bureau',
      area: d,
    },
    {
      code: 'construction',
      name: '闵行区建设和管理委员会',
      kind: 'department',
      unitType: 'construction',
      area: d,
    },
    {
      code: 'roads',
      name: '闵行区市政道路养护公司',
      kind: 'branch',
      unitType: 'municipal_roads',
      parent: 'construction',
      area: d,
    },
    {
      code: 'street-lighting',
      name: '闵行区路灯管理所',
      kind: 'branch',
      unitType: 'street_lighting',
      parent: 'construction',
      area: d,
    },
    { code: 'water', name: '闵行区水务局', kind: 'department', unitType: 'water_affairs', area: d },
    {
      code: 'drainage',
      name: '闵行区排水管理所',
      kind: 'branch',
      unitType: 'drainage',
      parent: 'water',
      area: d,
    },
    { code: 'water-supply', name: '闵行自来水公司', kind: 'enterprise', unitType: 'water_supply', area: d },
    {
      code: 'enforcement',
      name: '闵行区城管执法局',
      kind: 'department',
      unitType: 'urban_enforcement',
      area: d,
    },
    {
      code: 'traffic-police',
      name: '闵行公安分局交警支队',
      kind: 'department',
      unitType: 'traffic_police',
      area: d,
    },
    {
      code: 'market',
      name: '闵行区市场监督管理局',
      kind: 'department',
      unitType: 'market_regulation',
      area: d,
    },
    {
      code: 'environment',
      name: '闵行区生态环境局',
      kind: 'department',
      unitType: 'ecology_environment',
      area: d,
    },
    { code: 'power', name: '国网上海闵行供电公司', kind: 'enterprise', unitType: 'power', area: d },
    { code: 'gas', name: '上海燃气闵行分公司', kind: 'enterprise', unitType: 'gas', area: d },
    { code: 'telecom', name: '闵行区通信管线联合办', kind: 'enterprise', unitType: 'telecom', area: d },
    { code: 'housing', name: '闵行区房屋管理局', kind: 'department', unitType: 'housing', area: d },
    { code: 'transport', name: '闵行区交通委（公交）', kind: 'department', unitType: 'transport', area: d },
  ];
  for (const [i, s] of city.streets.entries()) {
    const key = `s${i + 1}`;
    // The office is the street's command centre; its own handling is done by its management office.
    units.push({
      code: `${key}-office`,
      name: `${s.name}办事处`,
      kind: 'street_office',
      unitType: null,
      area: s.code,
    });
    units.push({
      code: `${key}-enforcement`,
      name: `${s.name}城管执法中队`,
      kind: 'squad',
      unitType: 'urban_enforcement',
      parent: 'enforcement',
      area: s.code,
    });
    units.push({
      code: `${key}-sanitation`,
      name: `${s.name}环卫所`,
      kind: 'squad',
      unitType: 'sanitation',
      parent: `${key}-office`,
      area: s.code,
    });
  }
  // Owners of a few catalogue unit types (police, fire, civil affairs, heritage): appended last so
  // the ids above stay as they were. Every active class's default unit type has a unit here
  // (docs/catalogue.md, "Demo routing").
  units.push(
    { code: 'police', name: '闵行公安分局', kind: 'department', unitType: 'public_security', area: d },
    { code: 'fire', name: '闵行区消防救援支队', kind: 'department', unitType: 'fire', area: d },
    { code: 'civil-affairs', name: '闵行区民政局', kind: 'department', unitType: 'civil_affairs', area: d },
    { code: 'culture', name: '闵行区文化旅游局', kind: 'department', unitType: 'culture_tourism', area: d },
  );
  // Each street office's management office (社区管理办) handles the classes of the street office type.
  for (const [i, s] of city.streets.entries())
    units.push({
      code: `s${i + 1}-affairs`,
      name: `${s.name}社区管理办公室`,
      kind: 'branch',
      unitType: 'street_office',
      parent: `s${i + 1}-office`,
      area: s.code,
    });
  const unitIds = new Map<string, number>();
  for (const u of units) {
    const row = await db
      .insertInto('units')
      .values({
        code: u.code,
        name: u.name,
        name_en: null,
        kind: u.kind as never,
        side: defaultSideOf(u.kind as UnitKind),
        unit_type: u.unitType,
        parent_id: u.parent ? unitIds.get(u.parent)! : null,
        area_code: u.area,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.set(u.code, row.id);
  }

  // -------------------------------------------------------------- users (one password for the demo)
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: { username: string; name: string; unit: string; roles: Role[] }[] = [
    { username: 'admin', name: '系统管理员', unit: 'city-centre', roles: ['admin'] },
    { username: 'leader', name: '王局长', unit: 'city-centre', roles: ['leader'] },
    { username: 'intake', name: '李受理', unit: 'supervision', roles: ['intake_operator'] },
    { username: 'shift', name: '张值班长', unit: 'supervision', roles: ['shift_leader'] },
    { username: 'supervisor', name: '赵督办', unit: 'supervision', roles: ['supervisor'] },
    { username: 'dispatch', name: '陈派遣', unit: 'command', roles: ['dispatcher'] },
    { username: 'sanitation', name: '周环卫', unit: 'sanitation', roles: ['handler'] },
    { username: 'roads', name: '吴养护', unit: 'roads', roles: ['handler'] },
    { username: 'drainage', name: '郑排水', unit: 'drainage', roles: ['handler'] },
    { username: 'greening', name: '孙绿化', unit: 'greening-bureau', roles: ['handler'] },
    { username: 'enforcement', name: '钱执法', unit: 'enforcement', roles: ['handler'] },
    { username: 'lighting', name: '冯路灯', unit: 'street-lighting', roles: ['handler'] },
  ];
  for (const [i, s] of city.streets.entries()) {
    const key = `s${i + 1}`;
    users.push({
      username: `inspector${i + 1}`,
      name: `${s.name.slice(0, 2)}监督员`,
      unit: 'supervision',
      roles: ['inspector'],
    });
    users.push({
      username: `${key}-dispatch`,
      name: `${s.name.slice(0, 2)}街道派遣员`,
      unit: `${key}-office`,
      roles: ['dispatcher'],
    });
    users.push({
      username: `${key}-handler`,
      name: `${s.name.slice(0, 2)}街道处置员`,
      unit: `${key}-sanitation`,
      roles: ['handler'],
    });
    users.push({
      username: `${key}-chief`,
      name: `${s.name.slice(0, 2)}路长`,
      unit: `${key}-office`,
      roles: ['road_chief'],
    });
  }
  // 监管分离 in 江川路: an office member holding the handler and shift-leader roles may not close
  // what he handled for the squad; another of the office, above the squad, may.
  users.push(
    { username: 's1-duty', name: '江川双岗员', unit: 's1-office', roles: ['handler', 'shift_leader'] },
    { username: 's1-shift', name: '江川值班长', unit: 's1-office', roles: ['shift_leader'] },
    // 街道发现: the street's own grid staff report to the street centre, which files and dispatches
    // inside the street or escalates (上报) what needs the district.
    { username: 's1-grid', name: '江川网格员', unit: 's1-office', roles: ['inspector'] },
  );
  // Someone to sign for cases at every handling unit that has nobody yet: the district bodies (by
  // their unit code), the street squads and management offices.
  for (const u of units) {
    if (!HANDLING_KINDS.has(u.kind) || users.some((x) => x.unit === u.code && x.roles.includes('handler')))
      continue;
    const short = u.name.replace(/^闵行区?|^国网上海闵行|^上海/, '').slice(0, 4);
    users.push({
      username: u.code.replace(/-enforcement$/, '-squad'),
      name: `${short}处置员`,
      unit: u.code,
      roles: ['handler'],
    });
  }
  const inserted = await db
    .insertInto('users')
    .values(
      users.map((u) => ({
        username: u.username,
        display_name: u.name,
        password_hash: passwordHash,
        unit_id: unitIds.get(u.unit)!,
        roles: u.roles,
      })),
    )
    .returning(['id', 'username'])
    .execute();
  const userIds = new Map(inserted.map((r) => [r.username, r.id]));
  await seedDutySchedules(db, unitIds, userIds);
  await seedRoadPosts(db, {
    streetCodes: city.streets.map((s) => s.code),
    userIds,
    unitIds,
    from: cstDateOf(seedClock.now()),
  });

  // -------------------------------------------------------------- responsibility grids: one per community
  for (const [i, c] of city.communities.entries()) {
    const streetIndex = city.streets.findIndex((s) => s.code === c.streetCode);
    const { id } = await db
      .insertInto('responsibility_grids')
      .values({
        code: `RG${c.code.slice(6)}`,
        name: `${c.name}责任网格`,
        grid_type: (['residential', 'business', 'institutional'] as const)[i % 3]!,
        street_code: c.streetCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cells = city.cells.filter((cell) => cell.communityCode === c.code);
    await db
      .insertInto('responsibility_grid_cells')
      .values(cells.map((cell) => ({ grid_id: id, cell_code: cell.code })))
      .execute();
    await db
      .insertInto('responsibility_grid_inspectors')
      .values({ grid_id: id, user_id: userIds.get(`inspector${streetIndex + 1}`)! })
      .execute();
  }

  // -------------------------------------------------------------- routing rules
  // Each street sends its everyday 市容环境 classes to its own sanitation station; components 04
  // (园林绿化) go to the greening bureau. Every other class falls back to its default unit type,
  // which picks the street's unit of that type (squad, sanitation station, management office)
  // before the district's (docs/routing.md): every class reaches a unit of its type.
  const { catalogue } = await services0.catalogue.current();
  const rules: Insertable<RoutingRulesTable>[] = [];
  for (const [i, s] of city.streets.entries()) {
    for (const code of ['06010', '06011', '06012', '06042']) {
      const cls = catalogue.minors.find((m) => m.kind === 'event' && m.code === code && m.active);
      if (cls?.defaultUnitType === 'sanitation')
        rules.push({
          label: `${s.name}${cls.name} → 街道环卫所`,
          kind: 'event',
          class_code: code,
          area_code: s.code,
          unit_id: unitIds.get(`s${i + 1}-sanitation`)!,
        });
    }
  }
  rules.push({
    label: '园林绿化 → 绿化市容局',
    kind: 'component',
    class_code: '04',
    unit_id: unitIds.get('greening-bureau')!,
  });
  await db.insertInto('routing_rules').values(rules).execute();

  // -------------------------------------------------------------- cases through the real loop
  const count = options.cases ?? 360;
  const clock = new ManualClock(seedClock.now());
  const services = buildServices(db, clock, { photoStorage: options.photoStorage });
  const actorOf = async (username: string): Promise<Actor> => {
    const id = userIds.get(username)!;
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'unit_id', 'roles'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      user,
      roles: user.roles as Role[],
      scope: await services.directory.scopeOf(user),
      via: 'session',
      integration: null,
    };
  };
  const actors = new Map<string, Actor>();
  // Without cases only the few who set up the channels and the assessment act.
  for (const u of users)
    if (count > 0 || ['intake', 'admin', 'supervisor'].includes(u.username))
      actors.set(u.username, await actorOf(u.username));
  const actor = (username: string) => actors.get(username)!;
  const timing = await demoTiming(db, services, userIds);
  const photos = demoPhotos(services.photos);

  // Weight the everyday classes the way a real centre sees them.
  const common = ['06010', '06011', '06012', '06042', '09005', '09006', '01002', '01003', '07001', '08001'];
  const minors: MinorClass[] = catalogue.minors.filter((m) => m.active && m.clock === 'working');
  // Every handling unit gets a case about every ten days (so every assessed unit has cases): every
  // other case is one of a unit's classes, in its area, the units taken in turn.
  const handlingUnits = units.filter((u) => HANDLING_KINDS.has(u.kind) && u.unitType);
  const classesOf = (type: string) => minors.filter((m) => m.defaultUnitType === type);
  const turns = handlingUnits.filter((u) => classesOf(u.unitType!).length > 0);
  // How often each unit is late: in each tier a few units lag (docs/domain.md, "The demo city").
  const LATE = [0.04, 0.08, 0.5, 0.12, 0.2, 0.35];
  const lateShare = new Map(
    [turns.filter((u) => u.area !== d), turns.filter((u) => u.area === d)].flatMap((tier) =>
      tier.map((u, i) => [unitIds.get(u.code)!, LATE[i % LATE.length]!] as const),
    ),
  );
  const handlers = new Map<number, string | null>();
  const handlerFor = async (unitId: number): Promise<string | null> => {
    if (!handlers.has(unitId)) {
      const row = await db
        .selectFrom('users')
        .select('username')
        .where('unit_id', '=', unitId)
        .where(sql<boolean>`'handler' = any(roles)`)
        .orderBy('id')
        .executeTakeFirst();
      handlers.set(unitId, row?.username ?? null);
    }
    return handlers.get(unitId)!;
  };
  const cellsOf = new Map(
    city.streets.map((s) => [s.code, city.cells.filter((c) => c.streetCode === s.code)]),
  );

  // A few urgent cases on natural time, dispatched so that their handling clock stands at a known
  // share of its limit right now: the boards show every colour whatever day the demo starts.
  const urgent = catalogue.minors.filter((m) => m.active && m.clock === 'natural');
  const urgentCases = (count > 0 ? [0.2, 0.35, 0.6, 0.7, 0.85, 0.95, 1.4, 2.5] : []).map((share, i) => {
    const cls = urgent[i % urgent.length]!;
    const cell = city.cells[(i * 277) % city.cells.length]!;
    const areaClass = streetClass(city.streets.findIndex((s) => s.code === cell.streetCode));
    const limit = limitToMinutes(cls.limits[areaClass].handle, timing.rules.hours).minutes;
    return { cls, cell, dispatchAt: now.getTime() - share * limit * 60_000 };
  });
  // Reports made elsewhere (urgent cases, hotline calls, the channels), for a steady daily volume.
  const elsewhere = [
    ...urgentCases.map((u) => u.dispatchAt - 25 * 60_000),
    ...(count > 0 ? hotlineCaseTimes(now, timing.rules) : []),
    ...(count > 0 ? CHANNEL_REPORTS_HOURS_AGO.map((h) => now.getTime() - h * 3600_000) : []),
  ];
  const reportTimes = demoReportTimes(count, now, timing.rules, rnd, elsewhere);
  let previousOpen: number | null = null;
  let recent = 0;
  let middle = 0;
  let ones = 0;
  let fours = 0;
  let made = 0;
  for (const [i, at] of reportTimes.entries()) {
    clock.set(new Date(at));
    const turn = i % 2 === 0 ? turns[(i / 2) % turns.length]! : null;
    const cls = turn
      ? rnd.pick(classesOf(turn.unitType!))
      : rnd.next() < 0.6
        ? (minors.find((m) => m.code === rnd.pick(common) && m.kind === 'event') ?? rnd.pick(minors))
        : rnd.pick(minors);
    const cell = rnd.pick(cellsOf.get(turn && turn.area !== d ? turn.area : rnd.pick(city.streets).code)!);
    const ring =
      cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0]! : cell.geometry.coordinates[0]![0]!;
    const lons = ring.map((p) => p[0]!);
    const lats = ring.map((p) => p[1]!);
    const lon = Math.min(...lons) + (Math.max(...lons) - Math.min(...lons)) * (0.2 + 0.6 * rnd.next());
    const lat = Math.min(...lats) + (Math.max(...lats) - Math.min(...lats)) * (0.2 + 0.6 * rnd.next());
    const streetIndex = city.streets.findIndex((s) => s.code === cell.streetCode);
    const inspector = `inspector${streetIndex + 1}`;
    // How far this case gets: older cases are mostly closed; the last two days' go through the
    // early stages in turn, so that every state shows (a report being verified, one merged…).
    const age = (now.getTime() - at) / 86_400_000;
    const stage =
      age <= 2
        ? RECENT_STAGES[recent++ % RECENT_STAGES.length]!
        : age > 10
          ? rnd.next() < 0.98
            ? 99
            : rnd.int(1, 9)
          : MID_STAGES[middle++ % MID_STAGES.length]!;
    // a report stopped at stage 1 is, in turn, being verified (hotline) or merged (inspector)
    const fromHotline = stage === 1 ? ones++ % 2 === 0 : rnd.next() < 0.35;
    const place = demoPlace(cell.streetCode, rnd);
    const { row } = await services.cases.create(
      { actor: actor(fromHotline ? 'intake' : inspector) },
      {
        source: fromHotline ? 'hotline' : 'inspector',
        kind: cls.kind,
        classCode: cls.code,
        description: demoDescription(cls, place, fromHotline, rnd),
        location: { lon, lat },
        address: place.address,
        reporter: fromHotline
          ? {
              name: rnd.pick(['王先生', '刘女士', '张阿姨', '陈先生']),
              phone: `139${String(rnd.int(10000000, 99999999))}`,
            }
          : undefined,
        photos: fromHotline
          ? []
          : [{ url: await photos.url(actor(inspector), 'before', rnd.int(0, 9)), caption: '现场照片' }],
      },
    );
    made++;
    let current = row;
    // One action by a user, `minutes` of that user's unit's working time after the last one (so
    // handlers act in their unit's hours), never after `notAfter` when that is still ahead.
    const step = async (
      username: string,
      action: CaseAction,
      input: Record<string, unknown> = {},
      minutes = rnd.int(5, 90),
      notAfter: Date | null = null,
    ) => {
      let next = timing.after(username, clock.now(), minutes);
      if (notAfter && next > notAfter && notAfter.getTime() - 60_000 > clock.now().getTime())
        next = new Date(notAfter.getTime() - 60_000);
      if (next.getTime() >= now.getTime()) return false;
      clock.set(next);
      current = await services.cases.act(actor(username), row.id, action, input as never);
      return true;
    };
    try {
      if (stage === 1 && !fromHotline && previousOpen !== null) {
        await step('intake', 'merge', {
          targetCaseId: String(previousOpen),
          reason: '同一问题重复上报，并单',
        });
        continue;
      }
      if (stage === 0) continue;
      if (fromHotline && (stage === 1 || rnd.next() < 0.4)) {
        if (!(await step('intake', 'request_verification'))) continue;
        if (stage === 1) continue;
        if (!turn && rnd.next() < 0.08) {
          await step(inspector, 'verify_deny', { reason: '现场核实无此问题' });
          continue;
        }
        if (!(await step(inspector, 'verify_confirm', {}, rnd.int(20, 120)))) continue;
      } else if (!(await step('intake', 'accept'))) continue;
      if (!turn && rnd.next() < 0.05) {
        await step('shift', 'reject', { reason: '不属于城市管理范围，已告知市民转相关部门' });
        continue;
      }
      if (stage === 2) continue;
      if (!(await step('shift', 'file', {}, rnd.int(5, 40)))) continue;
      if (stage === 3) continue;
      // The unit in turn, or the routing suggestion: both of the class's type, with handlers.
      const unitId = turn ? unitIds.get(turn.code)! : Number((await services.routing.suggest(row)).unitId);
      const handler = await handlerFor(unitId);
      if (!handler) throw new Error(`nobody at unit ${unitId} signs for ${cls.code}`);
      // stage 4 stops, in turn, returned by the wrong unit or dispatched to the right one
      if (stage === 4 ? fours++ % 2 === 0 : rnd.next() < 0.08) {
        // Dispatched to the wrong unit first (a street unit of another type): returned, re-dispatched.
        const wrong = unitIds.get(
          `s${streetIndex + 1}-${cls.defaultUnitType === 'sanitation' ? 'enforcement' : 'sanitation'}`,
        )!;
        if (!(await step('dispatch', 'dispatch', { unitId: String(wrong) }, rnd.int(5, 40)))) continue;
        if (!(await step((await handlerFor(wrong))!, 'return', { reason: '非本单位职责范围，请重新派遣' })))
          continue;
        if (stage === 4) continue;
        if (!(await step('dispatch', 'redispatch', { unitId: String(unitId) }))) continue;
      } else {
        if (!(await step('dispatch', 'dispatch', { unitId: String(unitId) }, rnd.int(5, 40)))) continue;
        if (stage === 4) continue;
      }
      if (!(await step(handler, 'sign', {}, rnd.int(5, 50), current.sign_due_at))) continue;
      if (stage === 5) {
        if (rnd.next() < 0.3)
          await step(
            'supervisor',
            rnd.pick(['remind', 'urge', 'supervise'] as const),
            { reason: '请抓紧处置' },
            rnd.int(60, 600),
          );
        continue;
      }
      if (stage === 6 || rnd.next() < 0.08) {
        if (
          !(await step(handler, 'request_postponement', {
            reason: '需协调产权单位',
            extension: { amount: 2, unit: 'workDay' },
          }))
        )
          continue;
        if (stage === 6) continue;
        if (
          !(await step('dispatch', rnd.next() < 0.7 ? 'approve_postponement' : 'refuse_postponement', {
            reason: '同意/不同意',
          }))
        )
          continue;
      }
      if (stage === 9 || rnd.next() < 0.03) {
        if (!(await step('dispatch', 'suspend', { reason: '涉及拆迁规划，暂缓处置' }))) continue;
        if (stage < 99) continue;
        if (!(await step('dispatch', 'resume', {}, rnd.int(600, 3000)))) continue;
      }
      // On time, or (as often as this unit is late) some working hours after the deadline.
      const late = rnd.next() < (lateShare.get(unitId) ?? 0.1);
      const due = current.due_at === null ? null : new Date(current.due_at);
      if (late && due && due > clock.now()) clock.set(due);
      const after = (caption: string) =>
        photos.url(actor(handler), 'after', rnd.int(0, 9)).then((url) => [{ url, caption }]);
      if (
        !(await step(
          handler,
          'report_back',
          { reason: '已处置完毕，现场已恢复', photos: await after('处置后') },
          late ? rnd.int(30, 480) : rnd.int(30, 240),
          late ? null : due,
        ))
      )
        continue;
      if (stage === 7) continue;
      if (rnd.next() < 0.06) {
        if (!(await step(inspector, 'check_fail', { reason: '现场仍有残留，返工' }))) continue;
        const reworkDue = current.due_at === null ? null : new Date(current.due_at);
        if (
          !(await step(
            handler,
            'report_back',
            { reason: '返工完毕', photos: await after('返工后') },
            rnd.int(30, 240),
            reworkDue,
          ))
        )
          continue;
      }
      if (!(await step(inspector, 'check_pass', {}, rnd.int(20, 150)))) continue;
      if (stage === 8) continue;
      if (!(await step('shift', 'close', {}, rnd.int(5, 60)))) continue;
      if (fromHotline && stage >= 9) {
        const satisfaction =
          rnd.next() < 0.8 ? 'satisfied' : rnd.next() < 0.6 ? 'basically_satisfied' : 'unsatisfied';
        await step('intake', 'callback', {
          satisfaction,
          reason: satisfaction === 'unsatisfied' ? '市民反映问题仍未解决' : '市民表示满意',
        });
      }
    } catch (e) {
      log(`case ${i}: ${(e as Error).message}`);
    } finally {
      // a later duplicate report is merged into the last case still open
      if (!['closed', 'rejected', 'merged'].includes(current.state)) previousOpen = row.id;
    }
  }
  for (const [i, { cls, cell, dispatchAt }] of urgentCases.entries()) {
    clock.set(new Date(dispatchAt - 25 * 60_000));
    const ring = (cell.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const place = demoPlace(cell.streetCode, rnd);
    const { row } = await services.cases.create(
      { actor: actor('intake') },
      {
        source: 'hotline',
        kind: cls.kind,
        classCode: cls.code,
        description: `${demoDescription(cls, place, true, rnd)}情况紧急，请立即处置。`,
        location: { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 },
        address: place.address,
        reporter: { name: '林先生', phone: `138${String(10000000 + i * 1234567).slice(0, 8)}` },
      },
    );
    const unit = (await services.routing.suggest(row)).unitId!;
    for (const [username, action, input, at] of [
      ['intake', 'accept', {}, dispatchAt - 20 * 60_000],
      ['shift', 'file', {}, dispatchAt - 10 * 60_000],
      ['dispatch', 'dispatch', { unitId: String(unit) }, dispatchAt],
    ] as const) {
      clock.set(new Date(at));
      await services.cases.act(actor(username), row.id, action, input);
    }
    made++;
  }
  await seedChannels(db, {
    services,
    clock,
    now,
    password: DEMO_PASSWORD,
    intake: actor('intake'),
    withCases: count > 0,
  });
  await seedHotlineDemo(db, { city, now, withCalls: count > 0, log, actor, timing, photos });
  await sweepAll(db, services.time, now);
  log(`cases: ${made}`);
  clock.set(now);
  const assessment = await seedAssessment(db, {
    services,
    admin: actor('admin'),
    supervisor: actor('supervisor'),
    now,
    withCases: count > 0,
  });
  log(
    `assessment: ${assessment.schemes} schemes, ${assessment.findings} findings, ${assessment.published} published`,
  );
  return {
    areas: 2 + city.streets.length + city.communities.length,
    cells: city.cells.length,
    units: units.length,
    users: users.length,
    cases: made,
  };
}

/**
 * Duty schedules and rosters of the demo city, in a few statements: offices keep the office
 * schedule every unit starts with (08:30–12:00, 13:30–17:30, holidays off); the street enforcement
 * squads 07:00–22:00 every day, holidays included; the district sanitation station two shifts
 * (05:00–13:00, 13:00–21:00) every day; the centres round the clock. Two small rosters, each kept
 * by its unit's head: the supervision centre's day and night watch, and the sanitation station's
 * early shift.
 */
async function seedDutySchedules(
  db: Db,
  unitIds: Map<string, number>,
  userIds: Map<string, number>,
): Promise<void> {
  const daily = (hours: [string, string][]) =>
    [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => hours.map(([start, end]) => ({ weekday, start, end })));
  const schedules = [
    {
      code: 'squad',
      name: '执法中队勤务',
      name_en: 'Enforcement squad duty',
      periods: daily([['07:00', '22:00']]),
    },
    {
      code: 'two-shifts',
      name: '环卫两班制',
      name_en: 'Sanitation, two shifts',
      periods: daily([
        ['05:00', '13:00'],
        ['13:00', '21:00'],
      ]),
    },
    {
      code: 'round-the-clock',
      name: '7×24 值守',
      name_en: 'Round the clock',
      periods: daily([['00:00', '24:00']]),
    },
  ];
  const rows = await db
    .insertInto('duty_schedules')
    .values(schedules.map((s) => ({ ...s, periods: JSON.stringify(s.periods), holidays: 'on' as const })))
    .returning(['id', 'code', 'version', 'periods', 'holidays'])
    .execute();
  await db
    .insertInto('duty_schedule_versions')
    .values(
      rows.map((r) => ({
        schedule_id: r.id,
        version: r.version,
        periods: JSON.stringify(r.periods),
        holidays: r.holidays,
      })),
    )
    .execute();
  const id = (code: string) => rows.find((r) => r.code === code)!.id;
  await sql`
    update units set schedule_id = case
      when kind in ('supervision_centre', 'command_centre') then ${id('round-the-clock')}::int
      when code = 'sanitation' then ${id('two-shifts')}::int
      else ${id('squad')}::int end
    where kind in ('supervision_centre', 'command_centre') or code = 'sanitation'
      or (kind = 'squad' and unit_type = 'urban_enforcement')
  `.execute(db);
  const user = (name: string) => String(userIds.get(name)!);
  const rosters = [
    {
      unit: 'supervision',
      head: 'shift',
      holidays: 'on' as const,
      shifts: [
        {
          code: 'day',
          name: '白班',
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          start: '08:30',
          end: '17:30',
          people: [user('shift'), user('intake')],
        },
        {
          code: 'night',
          name: '夜班',
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          start: '17:30',
          end: '08:30',
          people: [user('supervisor')],
        },
      ],
    },
    {
      unit: 'sanitation',
      head: 'sanitation',
      holidays: 'off' as const,
      shifts: [
        {
          code: 'early',
          name: '早班',
          weekdays: [1, 2, 3, 4, 5, 6],
          start: '05:00',
          end: '13:00',
          people: [user('sanitation')],
        },
      ],
    },
  ];
  await db
    .insertInto('duty_rosters')
    .values(
      rosters.map((r) => ({
        unit_id: unitIds.get(r.unit)!,
        holidays: r.holidays,
        shifts: JSON.stringify(r.shifts),
        exceptions: '[]',
      })),
    )
    .execute();
  await sql`
    update units u set head_user_id = h.head
    from (values ${sql.join(rosters.map((r) => sql`(${unitIds.get(r.unit)!}::int, ${userIds.get(r.head)!}::int)`))}) h (unit, head)
    where u.id = h.unit
  `.execute(db);
}
