// The endpoints the web console reads: nearby open cases (duplicates at intake), map points, the
// overview counts and the pickers' lookups. Every count is checked against GET /api/cases for the
// same filter and caller, and every answer against what a street user may see.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromWgs84 } from '@xiuhua/domain/geo';
import { OPEN_STATES, type Role } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import type { Actor } from '../src/platform/actor.ts';
import { isVisible, whereVisible } from '../src/cases/visibility.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道, area class A
const S2 = '310112006'; // 古美街道, area class B
const DISTRICT = '310112';

const s = await startTestServer();

const units: {
  id: number;
  code: string;
  name: string;
  kind: string;
  areaCode: string;
  active: boolean;
  side: string;
}[] = (await s.call('GET', '/api/units', { as: 'admin' })).body;
const unitId = (code: string) => {
  const u = units.find((x) => x.code === code);
  assert.ok(u, `unit ${code}`);
  return u.id;
};
const areas: { code: string; parentCode: string | null; level: string }[] = (
  await s.call('GET', '/api/areas', { as: 'admin' })
).body;

const M_PER_DEG_LAT = 6_371_008.8 * (Math.PI / 180);
/** A point `north` and `east` metres from p (on the sphere the API measures on). */
const offset = (p: { lon: number; lat: number }, north: number, east = 0) => ({
  lat: p.lat + north / M_PER_DEG_LAT,
  lon: p.lon + east / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)),
});

async function createCase(
  location: { lon: number; lat: number },
  options: { as?: string; classCode?: string; kind?: 'event' | 'component' } = {},
): Promise<any> {
  const res = await s.call('POST', '/api/cases', {
    as: options.as ?? 'intake',
    body: {
      source: 'hotline',
      kind: options.kind ?? 'event',
      classCode: options.classCode ?? '06010',
      description: '市民来电：路边暴露垃圾',
      location,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function act(as: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await s.call('POST', `/api/cases/${id}/${action.replaceAll('_', '-')}`, { as, body });
  assert.equal(res.status, 200, `${as} ${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const get = async (as: string, url: string) => {
  const res = await s.call('GET', url, { as });
  assert.equal(res.status, 200, `${as} GET ${url}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const total = async (as: string, query: string) => (await get(as, `/api/cases?pageSize=1&${query}`)).total;
const expect400 = async (as: string, url: string, field: string) => {
  const res = await s.call('GET', url, { as });
  assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.field, field, `${url}: ${JSON.stringify(res.body)}`);
};

// A few cases of every kind of visibility, so that the scoping checks below have something to hide.
const background: any[] = [];
for (const street of [S1, S2, '310112008']) {
  for (let i = 0; i < 3; i++) background.push(await createCase(offset(await s.pointIn(street), 10 * i)));
}
{
  const [a, b, c] = background;
  await act('intake', a.id, 'accept');
  await act('shift', a.id, 'file');
  await act('dispatch', a.id, 'dispatch', { unitId: unitId('roads') }); // a department's case in 江川路
  await act('intake', b.id, 'reject', { reason: '重复' });
  await act('intake', c.id, 'request_verification');
}

/** The centre of a cell of `street`, away from the background cases, whose surroundings up to `reach` metres lie in that street. */
async function innerPoint(street: string, reach: number): Promise<{ lon: number; lat: number }> {
  const cells = await s.db
    .selectFrom('grid_cells')
    .select('code')
    .where('code', 'like', `${street}%`)
    .orderBy('code', 'desc')
    .execute();
  const inStreet = async (q: { lon: number; lat: number }) =>
    (await s.call('GET', `/api/geo/resolve?lon=${q.lon}&lat=${q.lat}`, { as: 'admin' })).body.streetCode ===
    street;
  for (const { code } of cells) {
    const p = await s.pointIn(code);
    const ring = [offset(p, reach), offset(p, -reach), offset(p, 0, reach), offset(p, 0, -reach)];
    if ((await Promise.all(ring.map(inStreet))).every(Boolean)) return p;
  }
  throw new Error(`no inner point in ${street}`);
}

describe('GET /api/cases/nearby', () => {
  let p: { lon: number; lat: number };
  const made: Record<string, any> = {};

  test('open cases within the radius, nearest first, with exact distances', async () => {
    p = await innerPoint(S1, 320);
    made.at0 = await createCase(p);
    made.at60 = await createCase(offset(p, 0, 60), { classCode: '09001' });
    made.at100 = await createCase(offset(p, 100));
    made.at150 = await createCase(offset(p, 0, 150));
    made.at300 = await createCase(offset(p, 300));
    made.rejected = await createCase(offset(p, 30));
    made.merged = await createCase(offset(p, 40));
    for (const c of Object.values(made)) assert.equal(c.area.streetCode, S1, `case ${c.number} left 江川路`);
    await act('intake', made.rejected.id, 'reject', { reason: '不属实' });
    await act('intake', made.merged.id, 'merge', { targetCaseId: made.at0.id, reason: '重复' });

    const near = await get('intake', `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}`);
    assert.deepEqual(
      near.map((c: any) => [c.id, c.distanceM]),
      [
        [made.at0.id, 0],
        [made.at60.id, 60],
        [made.at100.id, 100],
        [made.at150.id, 150],
      ],
    );
    assert.deepEqual(near[0], {
      id: made.at0.id,
      number: made.at0.number,
      kind: 'event',
      classCode: '06010',
      className: '暴露垃圾',
      state: 'reported',
      stateName: '待受理',
      description: made.at0.description,
      address: null,
      reportedAt: made.at0.reportedAt,
      distanceM: 0,
    });

    const wide = await get('intake', `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&radius=500`);
    assert.equal(wide.find((c: any) => c.id === made.at300.id)?.distanceM, 300);
    for (const [i, c] of wide.entries()) {
      assert.ok(c.distanceM <= 500);
      if (i > 0) assert.ok(c.distanceM >= wide[i - 1].distanceM, 'nearest first');
    }
    const tight = await get('intake', `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&radius=99.5`);
    assert.deepEqual(
      tight.map((c: any) => c.id),
      [made.at0.id, made.at60.id],
    );
  });

  test('same class, excluding the case itself', async () => {
    const same = await get(
      'intake',
      `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&classCode=06010&excludeId=${made.at0.id}`,
    );
    assert.deepEqual(
      same.map((c: any) => c.id),
      [made.at100.id, made.at150.id],
    );
    // Minor codes 01–05 exist as a component and as an event: kind tells them apart.
    const q = offset(p, -120);
    const component = await createCase(q, { kind: 'component', classCode: '01073' });
    const event = await createCase(q, { kind: 'event', classCode: '01073' });
    const both = await get('intake', `/api/cases/nearby?lon=${q.lon}&lat=${q.lat}&classCode=01073&radius=10`);
    assert.deepEqual(both.map((c: any) => c.id).sort(), [component.id, event.id].sort());
    const one = await get(
      'intake',
      `/api/cases/nearby?lon=${q.lon}&lat=${q.lat}&classCode=01073&kind=component&radius=10`,
    );
    assert.deepEqual(
      one.map((c: any) => c.id),
      [component.id],
    );
  });

  test('a GCJ-02 point (AMap) is converted before measuring', async () => {
    const g = fromWgs84(p.lon, p.lat, 'GCJ02');
    const near = await get('intake', `/api/cases/nearby?lon=${g.lon}&lat=${g.lat}&crs=GCJ02&radius=50`);
    assert.deepEqual(
      near.map((c: any) => [c.id, c.distanceM]),
      [[made.at0.id, 0]],
    );
  });

  test('only cases the caller may see: another street’s user finds none', async () => {
    const url = `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&radius=2000`;
    assert.deepEqual(await get('s2-dispatch', url), []);
    const own = await get('s1-dispatch', url);
    assert.ok(own.some((c: any) => c.id === made.at0.id));
    for (const c of own) assert.equal((await get('s1-dispatch', `/api/cases/${c.id}`)).area.streetCode, S1);
    // roads sees only the case sent to it, wherever it is.
    const roadsCase = background[0];
    const r = await get(
      'roads',
      `/api/cases/nearby?lon=${roadsCase.location.lon}&lat=${roadsCase.location.lat}&radius=2000`,
    );
    assert.deepEqual(
      r.map((c: any) => c.id),
      [roadsCase.id],
    );
  });

  test('at most 20, the nearest', async () => {
    const q = await innerPoint(S2, 50);
    const ids: number[] = [];
    for (let i = 0; i < 22; i++) ids.push((await createCase(offset(q, 2 * i), { as: 'intake' })).id);
    const near = await get('intake', `/api/cases/nearby?lon=${q.lon}&lat=${q.lat}&radius=100`);
    assert.equal(near.length, 20);
    assert.deepEqual(
      near.map((c: any) => c.id),
      ids.slice(0, 20),
    );
    assert.equal(near[19].distanceM, 38);
  });

  test('bad input: 400 naming the field', async () => {
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=31.05&radius=2001', 'radius');
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=31.05&radius=0', 'radius');
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=95', 'lat');
    await expect400('intake', '/api/cases/nearby?lat=31.05', 'lon');
    await expect400('intake', '/api/cases/nearby?lon=abc&lat=31.05', 'lon');
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=31.05&classCode=06', 'classCode');
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=31.05&crs=EPSG3857', 'crs');
    await expect400('intake', '/api/cases/nearby?lon=121.4&lat=31.05&excludeId=0', 'excludeId');
    assert.equal((await s.call('GET', '/api/cases/nearby?lon=121.4&lat=31.05')).status, 401);
  });
});

describe('GET /api/cases/points', () => {
  const FILTERS = [
    '',
    'state=reported',
    'state=reported&state=dispatched',
    `areaCode=${S1}`,
    `areaCode=${S2}&kind=event`,
    'colour=blue&colour=yellow',
    'classCode=06',
    `unitId=${unitId('roads')}`,
    'source=hotline',
    `from=${encodeURIComponent('2026-09-28T00:00:00Z')}&to=${encodeURIComponent('2026-09-29T00:00:00Z')}`,
  ];

  test('the same cases as GET /api/cases for the same filter and caller, as compact GeoJSON points', async () => {
    for (const user of ['dispatch', 's2-dispatch', 's1-dispatch', 'roads', 'leader']) {
      for (const filter of FILTERS) {
        const points = await get(user, `/api/cases/points?${filter}`);
        const list = await get(user, `/api/cases?pageSize=500&${filter}`);
        assert.ok(list.total < 500);
        assert.equal(points.type, 'FeatureCollection');
        assert.equal(points.truncated, false);
        assert.equal(points.features.length, list.total, `${user} ${filter}`);
        assert.deepEqual(
          points.features.map((f: any) => f.properties.id),
          list.items.map((c: any) => c.id),
          `${user} ${filter}: newest first, like the list`,
        );
        for (const [i, f] of points.features.entries()) {
          const c = list.items[i];
          assert.deepEqual(f, {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [c.location.lon, c.location.lat] },
            properties: {
              id: c.id,
              number: c.number,
              state: c.state,
              colour: c.colour,
              classCode: c.classCode,
              unitId: c.assigneeUnit?.id ?? null,
            },
          });
        }
      }
    }
    const s2 = await get('s2-dispatch', '/api/cases/points');
    assert.ok(s2.features.length > 0);
    const all = await get('leader', '/api/cases/points');
    assert.ok(all.features.length > s2.features.length, 'a street sees less than the city');
  });

  test('limit keeps the newest and says the set was cut', async () => {
    const list = await get('leader', '/api/cases?pageSize=3');
    const points = await get('leader', '/api/cases/points?limit=3');
    assert.equal(points.truncated, true);
    assert.deepEqual(
      points.features.map((f: any) => f.properties.id),
      list.items.map((c: any) => c.id),
    );
    const exact = await get('leader', `/api/cases/points?limit=${list.total}`);
    assert.equal(exact.truncated, false);
    assert.equal(exact.features.length, list.total);
    await expect400('leader', '/api/cases/points?limit=50001', 'limit');
    await expect400('leader', '/api/cases/points?limit=0', 'limit');
    await expect400('leader', '/api/cases/points?state=nonsense', 'state.0');
    const unknown = await s.call('GET', '/api/cases/points?areaCode=310112999', { as: 'leader' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'UNKNOWN_AREA');
    assert.equal(unknown.body.field, 'areaCode');
  });
});

describe('GET /api/lookups/dispatch-units', () => {
  test('exactly the units the dispatch action accepts from this dispatcher, nearest area first', async () => {
    const c = await createCase(await s.pointIn(S2));
    await act('intake', c.id, 'accept');
    await act('shift', c.id, 'file');
    const path = [DISTRICT.slice(0, 4) + '00', DISTRICT, S2, c.area.communityCode];

    const street = await get('s2-dispatch', `/api/lookups/dispatch-units?caseId=${c.id}`);
    assert.deepEqual(
      street.map((u: any) => u.code).sort(),
      units
        .filter(
          (u) => u.active && u.side === 'handling' && u.areaCode.startsWith(S2) && path.includes(u.areaCode),
        )
        .map((u) => u.code)
        .sort(),
    );
    assert.deepEqual(Object.keys(street[0]).sort(), ['areaCode', 'code', 'id', 'kind', 'name']);
    const district = await get('dispatch', `/api/lookups/dispatch-units?caseId=${c.number}`);
    // handling units only (监管分离): never a centre or a street office
    const expected = units.filter((u) => u.active && u.side === 'handling' && path.includes(u.areaCode));
    assert.deepEqual(district.map((u: any) => u.id).sort(), expected.map((u) => u.id).sort());
    assert.ok(district.some((u: any) => u.code === 'roads'));
    assert.ok(!district.some((u: any) => u.code === 's1-sanitation'));
    for (let i = 1; i < district.length; i++)
      assert.ok(district[i - 1].areaCode.length >= district[i].areaCode.length, 'nearest area first');

    // One rule: a unit is offered if and only if sending the case there goes through.
    await act('s2-dispatch', c.id, 'dispatch', { unitId: street[0].id });
    for (const [user, offered] of [
      ['s2-dispatch', street],
      ['dispatch', district],
    ] as const) {
      const ids = new Set(offered.map((u: any) => u.id));
      for (const u of units.filter((x) => x.active)) {
        const res = await s.call('POST', `/api/cases/${c.id}/redispatch`, {
          as: user,
          body: { unitId: u.id },
        });
        if (ids.has(u.id)) assert.equal(res.status, 200, `${user} → ${u.code}: ${JSON.stringify(res.body)}`);
        else {
          assert.ok([403, 422].includes(res.status), `${user} → ${u.code}: ${res.status}`);
          assert.ok(['NOT_IN_SCOPE', 'UNIT_NOT_ELIGIBLE'].includes(res.body.code), res.body.code);
        }
      }
    }
  });

  test('scope and roles: 404 for another street’s case, 403 for a role that does not dispatch, 400 without a case', async () => {
    const c = await createCase(await s.pointIn(S2));
    const other = await s.call('GET', `/api/lookups/dispatch-units?caseId=${c.id}`, { as: 's1-dispatch' });
    assert.equal(other.status, 404);
    assert.equal(other.body.code, 'NOT_FOUND');
    const intake = await s.call('GET', `/api/lookups/dispatch-units?caseId=${c.id}`, { as: 'intake' });
    assert.equal(intake.status, 403);
    assert.equal(intake.body.code, 'ROLE_NOT_ALLOWED');
    const missing = await s.call('GET', '/api/lookups/dispatch-units?caseId=99999999', { as: 'dispatch' });
    assert.equal(missing.status, 404);
    await expect400('dispatch', '/api/lookups/dispatch-units', 'caseId');
    await expect400('dispatch', '/api/lookups/dispatch-units?caseId=abc', 'caseId');
  });
});

describe('GET /api/lookups/inspectors', () => {
  test('inspectors working in the caller’s area, with their grids', async () => {
    const rows = await s.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'unit_id'])
      .where(sql<boolean>`'inspector' = any(roles)`)
      .orderBy('id')
      .execute();
    const grids = await s.db
      .selectFrom('responsibility_grid_inspectors as i')
      .innerJoin('responsibility_grids as g', 'g.id', 'i.grid_id')
      .select(['i.user_id', 'g.name', 'g.street_code'])
      .orderBy('g.code')
      .execute();
    const expected = (usernames: string[]) =>
      rows
        .filter((r) => usernames.includes(r.username))
        .map((r) => ({
          id: r.id,
          displayName: r.display_name,
          unitId: r.unit_id,
          gridNames: grids.filter((g) => g.user_id === r.id).map((g) => g.name),
        }));
    const everyone = rows.map((r) => r.username);
    assert.equal(everyone.length, 5, 'four district inspectors and the grid staff of 江川路');
    assert.deepEqual(await get('intake', '/api/lookups/inspectors'), expected(everyone));
    assert.deepEqual(await get('roads', '/api/lookups/inspectors'), expected(everyone));
    // 古美街道's office and squad: 古美's inspector only (the one whose grids lie in 古美).
    const s2Inspector = rows.find((r) => grids.some((g) => g.user_id === r.id && g.street_code === S2))!;
    assert.deepEqual(await get('s2-dispatch', '/api/lookups/inspectors'), expected([s2Inspector.username]));
    assert.deepEqual(await get('s2-handler', '/api/lookups/inspectors'), expected([s2Inspector.username]));
    assert.ok(expected([s2Inspector.username])[0]!.gridNames.length > 0);
    assert.equal((await s.call('GET', '/api/lookups/inspectors')).status, 401);
  });
});

describe('one visibility rule', () => {
  test('the SQL condition and the domain rule agree for every demo user on every case', async () => {
    const cases = await s.db
      .selectFrom('cases')
      .select(['id', 'area_path', 'assignee_unit_id', 'assignee_user_id', 'involved_unit_ids', 'created_by'])
      .execute();
    const users = await s.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'unit_id', 'roles'])
      .execute();
    let seen = 0;
    for (const user of users) {
      const actor: Actor = {
        user,
        roles: user.roles as Role[],
        scope: await s.app.services.directory.scopeOf(user),
        via: 'session',
        integration: null,
      };
      const bySql = (
        await whereVisible(s.db.selectFrom('cases'), actor).select('id').orderBy('id').execute()
      ).map((r) => r.id);
      const byRule = cases
        .filter((c) => isVisible(actor, c))
        .map((c) => c.id)
        .sort((a, b) => a - b);
      assert.deepEqual(bySql, byRule, user.username);
      seen += bySql.length;
    }
    assert.ok(seen > 0 && seen < users.length * cases.length, 'some cases hidden from some users');
  });
});

describe('GET /api/stats/overview', () => {
  const cst = (local: string) => new Date(`${local}+08:00`);
  const FROM = cst('2026-11-02T00:00:00');
  const TO = cst('2026-11-10T00:00:00');
  const window = `from=${encodeURIComponent(FROM.toISOString())}&to=${encodeURIComponent(TO.toISOString())}`;
  const closedAt: string[] = [];
  const reportedAt: string[] = [];
  const minutes = (n: number) => s.clock.set(new Date(s.clock.now().getTime() + n * 60_000));

  /** A case through the loop to closed; `reportBack` decides when the handler reports back. */
  async function closedCase(
    street: string,
    start: Date,
    handling: { dispatcher: string; unit: string; handler: string; inspector: string },
    reportBack: (c: any) => Promise<any>,
  ) {
    s.clock.set(start);
    const c = await createCase(await s.pointIn(street));
    reportedAt.push(c.reportedAt);
    minutes(1);
    await act('intake', c.id, 'accept');
    minutes(1);
    await act('shift', c.id, 'file');
    minutes(1);
    await act(handling.dispatcher, c.id, 'dispatch', { unitId: unitId(handling.unit) });
    minutes(1);
    const signed = await act(handling.handler, c.id, 'sign');
    const reported = await reportBack(signed);
    minutes(10);
    await act(handling.inspector, c.id, 'check_pass');
    minutes(10);
    const closed = await act('shift', c.id, 'close');
    closedAt.push(closed.closedAt);
    return { case: c, reported };
  }
  const s2 = {
    dispatcher: 's2-dispatch',
    unit: 's2-sanitation',
    handler: 's2-handler',
    inspector: 'inspector2',
  };
  const reportAt = async (c: any, at: number) => {
    s.clock.set(new Date(at));
    return await act(s2.handler, c.id, 'report_back', { reason: '已清运', photos: AFTER_PHOTOS });
  };
  const due = (c: any) => new Date(c.dueAt).getTime();

  test('on-time handling by unit: the last report-back against the handle deadline then in force', async () => {
    // A: on time. B: late.
    const a = await closedCase(S2, cst('2026-11-02T09:00:00'), s2, (c) => reportAt(c, due(c) - 5 * 60_000));
    await closedCase(S2, cst('2026-11-03T09:00:00'), s2, (c) => reportAt(c, due(c) + 60 * 60_000));
    // C: on time, failed the check, the rework reported back late: late.
    await closedCase(S2, cst('2026-11-04T09:00:00'), s2, async (c) => {
      await reportAt(c, due(c) - 5 * 60_000);
      minutes(10);
      const rework = await act('inspector2', c.id, 'check_fail', { reason: '仍有残留' });
      return await reportAt(rework, due(rework) + 60 * 60_000);
    });
    // E: a granted postponement moves the deadline: after the first deadline is still on time.
    await closedCase(S2, cst('2026-11-05T09:00:00'), s2, async (c) => {
      minutes(5);
      await act(s2.handler, c.id, 'request_postponement', {
        reason: '需协调',
        extension: { amount: 1, unit: 'workDay' },
      });
      minutes(5);
      const extended = await act('s2-dispatch', c.id, 'approve_postponement');
      assert.ok(due(extended) > due(c) + 3 * 3600_000);
      return await reportAt(extended, due(c) + 60 * 60_000);
    });
    // D: 江川路, sent to the district sanitation department by the district: on time.
    await closedCase(
      S1,
      cst('2026-11-06T09:00:00'),
      { dispatcher: 'dispatch', unit: 'sanitation', handler: 'sanitation', inspector: 'inspector1' },
      async (c) => {
        s.clock.set(new Date(due(c) - 5 * 60_000));
        return await act('sanitation', c.id, 'report_back', { reason: '已清运', photos: AFTER_PHOTOS });
      },
    );
    // F: the day the deadline falls on is declared a holiday while the case runs: the deadline
    // moves a day, so reporting back after the first deadline is on time.
    const f = await closedCase(S2, cst('2026-11-06T15:00:00'), s2, async (c) => {
      const first = due(c);
      const dueDay = new Date(first + 8 * 3600_000).toISOString().slice(0, 10);
      assert.notEqual(dueDay, '2026-11-06', 'the deadline falls on the next working day');
      const override = await s.call('PUT', `/api/calendar/overrides/${dueDay}`, {
        as: 'admin',
        body: { working: false, note: '临时停工' },
      });
      assert.equal(override.status, 204);
      const moved = await get('s2-dispatch', `/api/cases/${c.id}`);
      assert.ok(due(moved) > first + 12 * 3600_000, 'the deadline moved past the holiday');
      return await reportAt(moved, first + 30 * 60_000);
    });

    // The deadline in force is on the report-back event; the event before it agrees unless the
    // calendar changed in between (F).
    for (const [c, same] of [
      [a.case, true],
      [f.case, false],
    ] as const) {
      const events = await get('s2-dispatch', `/api/cases/${c.id}/events`);
      const i = events.findIndex((e: any) => e.action === 'report_back');
      assert.ok(events[i].data.handleDueAt);
      assert.equal(events[i].data.handleDueAt === events[i - 1].data.dueAt, same);
    }

    const overview = await get('dispatch', `/api/stats/overview?${window}`);
    assert.deepEqual(overview.onTimeByUnit, [
      { unitId: unitId('s2-sanitation'), name: '古美街道环卫所', closed: 5, onTime: 3, rate: 0.6 },
      {
        unitId: unitId('sanitation'),
        name: units.find((u) => u.code === 'sanitation')!.name,
        closed: 1,
        onTime: 1,
        rate: 1,
      },
    ]);
    // Scoped: 古美 sees its own unit's record; roads handled none of these; sanitation its one.
    assert.deepEqual(
      (await get('s2-dispatch', `/api/stats/overview?${window}`)).onTimeByUnit.map((r: any) => [
        r.unitId,
        r.closed,
      ]),
      [[unitId('s2-sanitation'), 5]],
    );
    assert.deepEqual((await get('roads', `/api/stats/overview?${window}`)).onTimeByUnit, []);
    assert.deepEqual(
      (await get('sanitation', `/api/stats/overview?${window}`)).onTimeByUnit.map((r: any) => [
        r.unitId,
        r.onTime,
      ]),
      [[unitId('sanitation'), 1]],
    );
    assert.deepEqual((await get('dispatch', `/api/stats/overview?${window}&areaCode=${S1}`)).onTimeByUnit, [
      {
        unitId: unitId('sanitation'),
        name: units.find((u) => u.code === 'sanitation')!.name,
        closed: 1,
        onTime: 1,
        rate: 1,
      },
    ]);
  });

  test('the daily trend: every China-time day of the period, counts matching the list', async () => {
    const overview = await get('dispatch', `/api/stats/overview?${window}`);
    assert.equal(overview.from, FROM.toISOString());
    assert.equal(overview.to, TO.toISOString());
    assert.deepEqual(
      overview.trend.map((d: any) => d.day),
      [
        '2026-11-02',
        '2026-11-03',
        '2026-11-04',
        '2026-11-05',
        '2026-11-06',
        '2026-11-07',
        '2026-11-08',
        '2026-11-09',
      ],
    );
    const cstDay = (iso: string) =>
      new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const d of overview.trend) {
      const start = cst(`${d.day}T00:00:00`);
      const end = new Date(start.getTime() + 86_400_000);
      const listed = await total('dispatch', `from=${start.toISOString()}&to=${end.toISOString()}`);
      assert.equal(d.reported, listed, `reported on ${d.day}`);
      assert.equal(d.reported, reportedAt.filter((r) => cstDay(r) === d.day).length, `reported on ${d.day}`);
      assert.equal(d.closed, closedAt.filter((c) => cstDay(c) === d.day).length, `closed on ${d.day}`);
    }
    assert.equal(
      overview.trend.reduce((n: number, d: any) => n + d.closed, 0),
      overview.onTimeByUnit.reduce((n: number, u: any) => n + u.closed, 0),
    );
    // 古美's user: only 古美's cases.
    const street = await get('s2-dispatch', `/api/stats/overview?${window}`);
    assert.equal(
      street.trend.reduce((n: number, d: any) => n + d.reported, 0),
      await total('s2-dispatch', window),
    );
    assert.equal(
      street.trend.reduce((n: number, d: any) => n + d.reported, 0),
      5,
    );
  });

  test('open cases by state, colour and major class, and the period by street, match the list for every caller', async () => {
    // Some open cases in the period too, in several streets and states.
    s.clock.set(cst('2026-11-09T10:00:00'));
    for (const street of [S1, S2, '310112009']) {
      const c = await createCase(await s.pointIn(street), { classCode: '09001' });
      await act('intake', c.id, 'accept');
    }
    const open = OPEN_STATES.map((st) => `state=${st}`).join('&');
    for (const user of ['dispatch', 's2-dispatch', 'roads', 'leader', 'inspector1']) {
      for (const area of ['', `&areaCode=${S2}`, `&areaCode=${DISTRICT}`]) {
        const o = await get(user, `/api/stats/overview?${window}${area}`);
        const what = `${user}${area}`;
        assert.deepEqual(
          o.byState.map((x: any) => x.state),
          [...OPEN_STATES],
          what,
        );
        for (const x of o.byState)
          assert.equal(x.count, await total(user, `state=${x.state}${area}`), `${what} ${x.state}`);
        assert.equal(o.byState.find((x: any) => x.state === 'reported').name, '待受理');
        const openTotal = await total(user, `${open}${area}`);
        const sum = (xs: any[]) => xs.reduce((n, x) => n + x.count, 0);
        assert.equal(sum(o.byState), openTotal, what);

        assert.deepEqual(
          o.byColour.map((x: any) => x.colour),
          ['blue', 'yellow', 'orange', 'red', 'none'],
        );
        for (const x of o.byColour.filter((c: any) => c.colour !== 'none'))
          assert.equal(
            x.count,
            await total(user, `${open}&colour=${x.colour}${area}`),
            `${what} ${x.colour}`,
          );
        assert.equal(sum(o.byColour), openTotal, `${what}: none = open without a colour`);

        for (const x of o.byClass) {
          assert.match(x.code, /^[0-9]{2}$/);
          assert.equal(
            x.count,
            await total(user, `${open}&kind=${x.kind}&classCode=${x.code}${area}`),
            `${what} ${x.kind} ${x.code}`,
          );
        }
        assert.equal(sum(o.byClass), openTotal, what);

        // Streets lie within the area asked for, so the street alone is the same filter.
        for (const x of o.byArea)
          assert.equal(x.count, await total(user, `${window}&areaCode=${x.code}`), `${what} ${x.code}`);
        assert.equal(sum(o.byArea), await total(user, `${window}${area}`), what);
      }
    }
    const district = await get('dispatch', `/api/stats/overview?${window}`);
    assert.deepEqual(
      district.byArea.map((x: any) => x.code).sort(),
      areas
        .filter((a) => a.level === 'street')
        .map((a) => a.code)
        .sort(),
      'every street of the district, zeros included',
    );
    assert.equal(district.byArea.find((x: any) => x.code === S2).name, '古美街道');
    const garbage = district.byClass.find((x: any) => x.kind === 'event' && x.code === '06');
    assert.equal(garbage.name, '市容环境类');
    const street = await get('s2-dispatch', `/api/stats/overview?${window}`);
    assert.deepEqual(
      street.byArea.map((x: any) => x.code),
      [S2],
      'a street user sees its own street only',
    );
    assert.ok(
      street.byState.reduce((n: number, x: any) => n + x.count, 0) <
        district.byState.reduce((n: number, x: any) => n + x.count, 0),
    );
  });

  test('the default period is the last 30 days by the server clock; bad input is a 400 naming the field', async () => {
    const now = s.clock.now();
    const o = await get('dispatch', '/api/stats/overview');
    assert.equal(o.to, now.toISOString());
    assert.equal(o.from, new Date(now.getTime() - 30 * 86_400_000).toISOString());
    assert.equal(o.trend.length, 31);
    assert.equal(o.trend.at(-1).day, new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10));

    const at = (d: Date) => encodeURIComponent(d.toISOString());
    await expect400('dispatch', `/api/stats/overview?from=${at(TO)}&to=${at(FROM)}`, 'from');
    await expect400('dispatch', `/api/stats/overview?from=${at(TO)}&to=${at(TO)}`, 'from');
    await expect400(
      'dispatch',
      `/api/stats/overview?from=${at(new Date(TO.getTime() - 401 * 86_400_000))}&to=${at(TO)}`,
      'to',
    );
    await expect400('dispatch', '/api/stats/overview?from=yesterday', 'from');
    await expect400('dispatch', '/api/stats/overview?areaCode=abc', 'areaCode');
    const unknown = await s.call('GET', '/api/stats/overview?areaCode=310112999', { as: 'dispatch' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'UNKNOWN_AREA');
    assert.equal(unknown.body.field, 'areaCode');
    assert.equal((await s.call('GET', '/api/stats/overview')).status, 401);
  });
});
