// Patrol API: shifts and GPS points from the inspector's phone are idempotent (the offline queue
// resends), bad input is refused with the field named and writes nothing, and tracks are read
// only by the person or by supervisors in whose scope the person works.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import * as gcoordModule from 'gcoord';
import { startTestServer } from './fixture.ts';

// gcoord is CommonJS typed as an ES default export (see packages/domain/src/geo/coords.ts).
const gcoord = gcoordModule.default as unknown as typeof gcoordModule.default.default;

const s = await startTestServer(); // Monday 2026-09-28 09:00 CST
const DAY = '2026-09-28';
const now = () => s.clock.now().getTime();
const iso = (ms: number) => new Date(ms).toISOString();
const minutesAgo = (m: number) => iso(now() - m * 60_000);

const users = new Map<string, number>(
  (await s.call('GET', '/api/users', { as: 'admin' })).body.map((u: any) => [u.username, u.id]),
);
const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u.id]),
);
const base = await s.pointIn('310112001');

async function counts() {
  const [shifts, points] = await Promise.all(
    (['patrol_shifts', 'patrol_points'] as const).map((table) =>
      s.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return { shifts: Number(shifts!.n), points: Number(points!.n) };
}

/** A refused request: status, code and field as expected, and nothing written. */
async function refused(
  method: 'GET' | 'POST',
  url: string,
  as: string,
  body: unknown,
  expect: { status: number; code?: string; field?: string },
) {
  const before = await counts();
  const res = await s.call(method, url, { as, ...(body === undefined ? {} : { body }) });
  const what = `${method} ${url} as ${as} → ${res.status} ${JSON.stringify(res.body)}`;
  assert.equal(res.status, expect.status, what);
  assert.equal(typeof res.body.message, 'string', what);
  if (expect.code) assert.equal(res.body.code, expect.code, what);
  if (expect.field !== undefined) assert.equal(res.body.field, expect.field, what);
  assert.deepEqual(await counts(), before, `${what}: something was written`);
}

/** A walk east from the base point: one fix every 30 s, ~11 m apart. */
function walk(n: number, startMinutesAgo: number) {
  return Array.from({ length: n }, (_, i) => ({
    at: iso(now() - startMinutesAgo * 60_000 + i * 30_000),
    lon: base.lon + i * 0.0001,
    lat: base.lat,
    accuracy: 8,
  }));
}

describe('shifts', () => {
  test('going on duty is idempotent by the phone’s id; off duty twice keeps the first end', async () => {
    const id = randomUUID();
    const startedAt = minutesAgo(60);
    const first = await s.call('POST', '/api/patrol/shifts', { as: 'inspector1', body: { id, startedAt } });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.id, id);
    assert.equal(first.body.startedAt, startedAt);
    assert.equal(first.body.endedAt, null);
    const again = await s.call('POST', '/api/patrol/shifts', { as: 'inspector1', body: { id, startedAt } });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    const current = await s.call('GET', '/api/patrol/shifts/current', { as: 'inspector1' });
    assert.equal(current.body.id, id);

    const endedAt = minutesAgo(5);
    const end = await s.call('POST', `/api/patrol/shifts/${id}/end`, { as: 'inspector1', body: { endedAt } });
    assert.equal(end.status, 200, JSON.stringify(end.body));
    assert.equal(end.body.endedAt, endedAt);
    const endAgain = await s.call('POST', `/api/patrol/shifts/${id}/end`, {
      as: 'inspector1',
      body: { endedAt: minutesAgo(1) },
    });
    assert.equal(endAgain.status, 200);
    assert.equal(endAgain.body.endedAt, endedAt, 'the first end stands');
    assert.equal((await s.call('GET', '/api/patrol/shifts/current', { as: 'inspector1' })).body, null);
  });

  test('a shift left open (phone died) ends where the next one starts', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await s.call('POST', '/api/patrol/shifts', {
      as: 'inspector2',
      body: { id: a, startedAt: minutesAgo(120) },
    });
    const second = await s.call('POST', '/api/patrol/shifts', {
      as: 'inspector2',
      body: { id: b, startedAt: minutesAgo(30) },
    });
    assert.equal(second.status, 201);
    const rows = await s.db.selectFrom('patrol_shifts').selectAll().where('id', 'in', [a, b]).execute();
    const old = rows.find((r) => r.id === a)!;
    assert.equal(old.ended_at?.toISOString(), minutesAgo(30));
    // an older start arriving late cannot open a shift before the open one
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector2',
      { id: randomUUID(), startedAt: minutesAgo(60) },
      { status: 409, code: 'CONFLICT', field: 'startedAt' },
    );
    await s.call('POST', `/api/patrol/shifts/${b}/end`, {
      as: 'inspector2',
      body: { endedAt: minutesAgo(1) },
    });
  });

  test('bad shifts are refused with the field named, and nothing is written', async () => {
    const startedAt = minutesAgo(10);
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector3',
      { id: 'not-a-uuid', startedAt },
      {
        status: 400,
        code: 'VALIDATION',
        field: 'id',
      },
    );
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector3',
      { id: randomUUID() },
      {
        status: 400,
        code: 'VALIDATION',
        field: 'startedAt',
      },
    );
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector3',
      { id: randomUUID(), startedAt: 'yesterday' },
      {
        status: 400,
        field: 'startedAt',
      },
    );
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector3',
      { id: randomUUID(), startedAt: iso(now() + 3600_000) },
      {
        status: 400,
        code: 'INVALID_FIELD',
        field: 'startedAt',
      },
    );
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector3',
      { id: randomUUID(), startedAt: iso(now() - 31 * 86_400_000) },
      { status: 400, code: 'INVALID_FIELD', field: 'startedAt' },
    );
    await refused(
      'POST',
      '/api/patrol/shifts',
      'intake',
      { id: randomUUID(), startedAt },
      {
        status: 403,
        code: 'ROLE_NOT_ALLOWED',
      },
    );
    await refused(
      'POST',
      `/api/patrol/shifts/${randomUUID()}/end`,
      'inspector3',
      { endedAt: startedAt },
      {
        status: 404,
        code: 'NOT_FOUND',
        field: 'id',
      },
    );
    // someone else's shift is not yours to end
    const id = randomUUID();
    await s.call('POST', '/api/patrol/shifts', { as: 'inspector3', body: { id, startedAt } });
    await refused(
      'POST',
      `/api/patrol/shifts/${id}/end`,
      'inspector4',
      { endedAt: minutesAgo(1) },
      {
        status: 404,
        code: 'NOT_FOUND',
      },
    );
    await refused(
      'POST',
      `/api/patrol/shifts/${id}/end`,
      'inspector3',
      { endedAt: minutesAgo(20) },
      {
        status: 400,
        code: 'INVALID_FIELD',
        field: 'endedAt',
      },
    );
    // the same id from another person is not theirs either
    await refused(
      'POST',
      '/api/patrol/shifts',
      'inspector4',
      { id, startedAt },
      { status: 409, field: 'id' },
    );
  });
});

describe('points', () => {
  test('a batch is stored once: the same batch again is all duplicates', async () => {
    const points = walk(20, 50);
    const first = await s.call('POST', '/api/patrol/points', { as: 'inspector1', body: { points } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { accepted: 20, duplicates: 0 });
    const again = await s.call('POST', '/api/patrol/points', {
      as: 'inspector1',
      body: { points: [...points, ...walk(22, 50).slice(20)] },
    });
    assert.deepEqual(again.body, { accepted: 2, duplicates: 20 });
    const stored = await s.db
      .selectFrom('patrol_points')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', users.get('inspector1')!)
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 22);
  });

  test('GCJ-02 positions (a Chinese map SDK) are stored as WGS84', async () => {
    const [glon, glat] = gcoord.transform([base.lon, base.lat], gcoord.WGS84, gcoord.GCJ02);
    const at = minutesAgo(3);
    const res = await s.call('POST', '/api/patrol/points', {
      as: 'inspector4',
      body: { points: [{ at, lon: glon, lat: glat, crs: 'GCJ02' }] },
    });
    assert.deepEqual(res.body, { accepted: 1, duplicates: 0 });
    const row = await s.db
      .selectFrom('patrol_points')
      .selectAll()
      .where('user_id', '=', users.get('inspector4')!)
      .executeTakeFirstOrThrow();
    assert.ok(
      Math.abs(row.lon - base.lon) < 1e-5 && Math.abs(row.lat - base.lat) < 1e-5,
      `${row.lon},${row.lat}`,
    );
    assert.equal(row.accuracy, null);
  });

  test('one bad point refuses the whole batch and names it', async () => {
    const good = walk(3, 40);
    await refused(
      'POST',
      '/api/patrol/points',
      'inspector2',
      { points: [good[0], { ...good[1], lon: 200 }] },
      {
        status: 400,
        code: 'VALIDATION',
        field: 'points.1.lon',
      },
    );
    await refused(
      'POST',
      '/api/patrol/points',
      'inspector2',
      { points: [...good.slice(0, 2), { ...good[2], at: iso(now() + 3600_000) }] },
      { status: 400, code: 'INVALID_FIELD', field: 'points.2.at' },
    );
    await refused(
      'POST',
      '/api/patrol/points',
      'inspector2',
      { points: [{ ...good[0], speed: 3 }] },
      {
        status: 400,
        field: 'points.0.speed',
      },
    );
    await refused(
      'POST',
      '/api/patrol/points',
      'inspector2',
      { points: [{ ...good[0], accuracy: -1 }] },
      {
        status: 400,
        field: 'points.0.accuracy',
      },
    );
    await refused(
      'POST',
      '/api/patrol/points',
      'inspector2',
      { points: walk(501, 300) },
      {
        status: 400,
        field: 'points',
      },
    );
    await refused(
      'POST',
      '/api/patrol/points',
      // A handler no road-chief post binds (the sanitation station's early shift is duty staff: it may).
      'roads',
      { points: good },
      {
        status: 403,
        code: 'ROLE_NOT_ALLOWED',
      },
    );
    const anonymous = await s.call('POST', '/api/patrol/points', { body: { points: good } });
    assert.equal(anonymous.status, 401);
  });
});

describe('tracks', () => {
  const track = (as: string, username: string, date = DAY) =>
    s.call('GET', `/api/patrol/tracks?userId=${users.get(username)}&date=${date}`, { as });

  test('the inspector reads their own day; a supervisor reads it too, with the distance walked', async () => {
    const own = await track('inspector1', 'inspector1');
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.user.displayName.length > 0, true);
    assert.equal(own.body.points.length, 22);
    assert.ok(own.body.shifts.length >= 1);
    const times = own.body.points.map((p: any) => p.at);
    assert.deepEqual(times, [...times].sort(), 'in time order');
    // 21 steps of 0.0001° of longitude at ~31°N ≈ 21 × 9.5 m
    assert.ok(own.body.distanceM > 180 && own.body.distanceM < 220, String(own.body.distanceM));
    const bySupervisor = await track('supervisor', 'inspector1');
    assert.equal(bySupervisor.status, 200);
    assert.deepEqual(bySupervisor.body, own.body);
    // another day is empty, not an error
    const other = await track('supervisor', 'inspector1', '2026-09-27');
    assert.equal(other.status, 200);
    assert.equal(other.body.points.length, 0);
  });

  test('scoped: no reader role is 403; outside your scope or unknown is 404', async () => {
    const peer = await track('inspector2', 'inspector1');
    assert.equal(peer.status, 403, JSON.stringify(peer.body));
    assert.equal(peer.body.code, 'ROLE_NOT_ALLOWED');
    const unknown = await s.call('GET', `/api/patrol/tracks?userId=999999&date=${DAY}`, { as: 'supervisor' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.field, 'userId');

    // a supervisor of one street office sees that street's people, not the district's inspectors
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'street2-supervisor',
        displayName: '二街督办',
        password: 'xiuhua-demo',
        unitId: units.get('s2-office'),
        roles: ['supervisor'],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    users.set('street2-supervisor', created.body.id);
    const outside = await track('street2-supervisor', 'inspector1');
    assert.equal(outside.status, 404, JSON.stringify(outside.body));
    assert.equal(outside.body.code, 'NOT_FOUND');
    const inside = await track('street2-supervisor', 's2-handler');
    assert.equal(inside.status, 200, JSON.stringify(inside.body));

    const summary = await s.call('GET', `/api/patrol/summary?date=${DAY}`, { as: 'supervisor' });
    assert.equal(summary.status, 200);
    const row = summary.body.find((r: any) => r.userId === users.get('inspector1'));
    assert.equal(row?.points, 22);
    const narrow = await s.call('GET', `/api/patrol/summary?date=${DAY}`, { as: 'street2-supervisor' });
    assert.deepEqual(narrow.body, []);
    const notReader = await s.call('GET', `/api/patrol/summary?date=${DAY}`, { as: 'inspector1' });
    assert.equal(notReader.status, 403);
  });

  test('dates must be real calendar days', async () => {
    for (const date of ['2026-02-30', '2026-9-28', 'today']) {
      const res = await track('supervisor', 'inspector1', date);
      assert.equal(res.status, 400, `${date}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.field, 'date');
    }
  });
});

describe('the inspector app’s reads', () => {
  test('my grids: the cells of the inspector’s responsibility grids', async () => {
    const res = await s.call('GET', '/api/inspector/grids', { as: 'inspector1' });
    assert.equal(res.status, 200);
    assert.ok(res.body.features.length > 0);
    for (const f of res.body.features) {
      assert.ok(f.properties.cellCode.startsWith('310112001'), f.properties.cellCode);
      assert.match(f.properties.gridName, /责任网格/);
      assert.equal(f.geometry.type, 'Polygon');
    }
    const none = await s.call('GET', '/api/inspector/grids', { as: 'sanitation' });
    assert.deepEqual(none.body, { type: 'FeatureCollection', features: [] });
  });

  test('frequent classes: everyday problems at first, then what the inspector reports most', async () => {
    const first = await s.call('GET', '/api/inspector/frequent-classes', { as: 'inspector3' });
    assert.equal(first.status, 200);
    assert.equal(first.body.length, 8);
    assert.deepEqual(
      { kind: first.body[0].kind, code: first.body[0].code },
      { kind: 'event', code: '06010' },
    );
    const at = await s.pointIn('310112008');
    for (let i = 0; i < 2; i++) {
      const res = await s.call('POST', '/api/cases', {
        as: 'inspector3',
        body: {
          source: 'inspector',
          kind: 'event',
          classCode: '07001',
          description: `巡查发现 ${i}`,
          location: at,
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const after = await s.call('GET', '/api/inspector/frequent-classes?limit=3', { as: 'inspector3' });
    assert.equal(after.body.length, 3);
    assert.deepEqual({ code: after.body[0].code, count: after.body[0].count }, { code: '07001', count: 2 });
    const bad = await s.call('GET', '/api/inspector/frequent-classes?limit=99', { as: 'inspector3' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'limit');
  });
});
