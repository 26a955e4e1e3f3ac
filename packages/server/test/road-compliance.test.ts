// Patrol compliance through the API (docs/road-chiefs.md, "Patrols"): points recorded from the
// phone, judged per segment, counted against each post's duty. The clock is Monday 2026-09-28
// 09:00 CST; the reports cover Monday 21 to Sunday 27 September. The demo's 江川路 chief is the
// street's 辖区总路长 (weekly) and the 二级路长 of its roads (daily); the district sanitation
// station's early shift (05:00–13:00, Monday–Saturday, holidays off) is posted as duty staff to the
// first two segments of the street's first road.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from '@xiuhua/domain/geo';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001';
const cst = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

const firstRoad = await s.db
  .selectFrom('roads')
  .select('id')
  .where('street_code', '=', S1)
  .orderBy('id')
  .executeTakeFirstOrThrow();
const segments = await s.db
  .selectFrom('road_segments')
  .select(['id', 'code', 'geometry', 'length_m'])
  .where('road_id', '=', firstRoad.id)
  .orderBy('id')
  .execute();

/** Positions every `stepM` metres along a line, 5 m to one side of it. */
function along(line: number[][], stepM: number): [number, number][] {
  const out: [number, number][] = [];
  let carry = 0;
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!;
    const [bx, by] = line[i]!;
    const kx = metersPerDegreeLon(ay!);
    const dx = (bx! - ax!) * kx;
    const dy = (by! - ay!) * METERS_PER_DEGREE_LAT;
    const len = Math.hypot(dx, dy);
    for (let d = carry; d <= len; d += stepM) {
      const f = d / len;
      const nx = (-dy / len) * 5;
      const ny = (dx / len) * 5;
      out.push([ax! + (f * dx + nx) / kx, ay! + (f * dy + ny) / METERS_PER_DEGREE_LAT]);
    }
    carry = (stepM - ((len - carry) % stepM)) % stepM;
  }
  return out;
}

/** Walks segment `i` at 1.2 m/s (a point per 10 s), from `t0`; returns when the walk ends. */
async function walk(as: string, i: number, t0: number): Promise<number> {
  const line = (segments[i]!.geometry as { coordinates: number[][] }).coordinates;
  const points = along(line, 12).map(([lon, lat], k) => ({
    at: new Date(t0 + k * 10_000).toISOString(),
    lon,
    lat,
  }));
  for (let k = 0; k < points.length; k += 500) {
    const res = await s.call('POST', '/api/patrol/points', {
      as,
      body: { points: points.slice(k, k + 500) },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  return t0 + points.length * 10_000;
}

const week = { from: '2026-09-21', to: '2026-09-27' };
const report = async (as: string, query: Record<string, string | number>) => {
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return await s.call('GET', `/api/road-chiefs/compliance?${qs}`, { as });
};

test('a 二级路长 walks one segment on Sunday: his street’s week is done, his road’s days are not', async () => {
  await walk('s1-chief', 0, cst('2026-09-27', '10:00'));
  const res = await report('s1-chief', week);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const street = res.body.posts.find((p: { post: { level: string } }) => p.post.level === 'street_general');
  assert.deepEqual([street.period, street.required, street.done], ['week', 1, 1]);
  const road = res.body.posts.find(
    (p: { post: { level: string; road: { id: number } | null } }) =>
      p.post.level === 'second' && p.post.road?.id === firstRoad.id,
  );
  const n = segments.length;
  assert.deepEqual([road.period, road.required, road.done], ['day', 7 * n, 1]);
  const sunday = road.gaps.find((g: { window: { key: string } }) => g.window.key === '2026-09-27');
  assert.deepEqual(
    sunday.segments.map((x: { id: number }) => x.id),
    segments.slice(1).map((x) => x.id),
    'on Sunday only the walked segment is done',
  );
  assert.equal(road.gaps.length, 7);
});

test('duty staff: Monday’s early shift walks both segments, then leaves; every other shift is missed', async () => {
  // 周环卫 (the sanitation station's head, a handler) is on the early shift: the post lets him record.
  const back = await walk('sanitation', 0, cst('2026-09-21', '05:10'));
  const done = await walk('sanitation', 1, back + 60_000);
  const res = await report('dispatch', { userId: (await userIdOf('sanitation'))!, ...week });
  assert.equal(res.status, 403, 'a dispatcher does not read compliance');
  const own = await report('sanitation', week);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  const [duty] = own.body.posts;
  assert.equal(duty.post.level, 'duty');
  // Shifts worked Mon 21 – Thu 24: Friday 25 and Saturday 26 are 中秋节 days off (the roster's
  // holidays are off), and the early shift does not run on Sundays.
  const shifts = duty.required / 2;
  assert.equal(shifts, 4);
  assert.equal(duty.done, 2);
  assert.deepEqual(
    duty.gaps.map((g: { window: { from: string } }) => g.window.from),
    ['2026-09-22', '2026-09-23', '2026-09-24'],
  );
  const monday = duty.offPost.filter((o: { window: string }) => o.window.startsWith('2026-09-21'));
  assert.equal(monday.length, 1, JSON.stringify(duty.offPost));
  assert.equal(Date.parse(monday[0].to), cst('2026-09-21', '13:00'));
  assert.ok(Math.abs(Date.parse(monday[0].from) - (done - 10_000)) < 60_000, 'away from the end of the walk');
  assert.equal(duty.offPost.length, 4, 'the missed shifts are off post from start to end');
});

test('a street’s overview, and who may read it', async () => {
  const res = await s.call(
    'GET',
    `/api/road-chiefs/compliance/street?streetCode=${S1}&from=${week.from}&to=${week.to}`,
    { as: 'supervisor' },
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const names = res.body.people.map((p: { user: { name: string } }) => p.user.name);
  assert.ok(names.includes('江川路长') && names.includes('周环卫'), names.join());
  const chief = res.body.people.find((p: { user: { name: string } }) => p.user.name === '江川路长');
  assert.ok(chief.done >= 2 && chief.required > chief.done);
  assert.equal(
    (
      await s.call(
        'GET',
        `/api/road-chiefs/compliance/street?streetCode=${S1}&from=${week.from}&to=${week.to}`,
        {
          as: 's2-chief',
        },
      )
    ).status,
    403,
    'another street’s chief',
  );
  const bad = await report('s1-chief', { from: '2026-09-27', to: '2026-09-21' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'to');
});

test('the city sets its patrol rules (admin, with history); a bad value is named and changes nothing', async () => {
  const bad = await s.call('PUT', '/api/road-chiefs/patrol-rules', {
    as: 'admin',
    body: { pass: { minCoverage: 1.5 } },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'pass.minCoverage');
  assert.equal(
    (await s.call('PUT', '/api/road-chiefs/patrol-rules', { as: 's1-chief', body: {} })).status,
    403,
  );
  const set = await s.call('PUT', '/api/road-chiefs/patrol-rules', {
    as: 'admin',
    body: { duties: { second: { period: 'week' } } },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const res = await report('s1-chief', week);
  const road = res.body.posts.find(
    (p: { post: { level: string; road: { id: number } | null } }) =>
      p.post.level === 'second' && p.post.road?.id === firstRoad.id,
  );
  assert.deepEqual([road.period, road.required, road.done], ['week', segments.length, 1]);
  await s.call('PUT', '/api/road-chiefs/patrol-rules', { as: 'admin', body: {} });
});

test('the workbench: today’s windows and the segments patrolled today', async () => {
  await walk('s1-chief', 1, cst('2026-09-28', '07:30'));
  const res = await s.call('GET', '/api/road-chiefs/workbench', { as: 's1-chief' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.date, '2026-09-28');
  const street = res.body.posts.find((p: { post: { level: string } }) => p.post.level === 'street_general');
  assert.deepEqual(street.duty, {
    period: 'week',
    window: { from: '2026-09-28', to: '2026-10-04' },
    required: 1,
    done: 1,
  });
  const road = res.body.posts.find(
    (p: { post: { level: string; road: { id: number } | null } }) =>
      p.post.level === 'second' && p.post.road?.id === firstRoad.id,
  );
  assert.deepEqual([road.duty.period, road.duty.required, road.duty.done], ['day', segments.length, 1]);
  const patrolled = res.body.segments.features
    .filter((f: { properties: { patrolledToday: boolean } }) => f.properties.patrolledToday)
    .map((f: { properties: { id: number } }) => f.properties.id);
  assert.deepEqual(patrolled, [segments[1]!.id]);
  const onStreet = await s.db
    .selectFrom('road_segments')
    .select('id')
    .where('street_code', '=', S1)
    .execute();
  assert.equal(
    res.body.segments.features.length,
    onStreet.length,
    'a 辖区总路长 sees every segment of his street',
  );
  const none = await s.call('GET', '/api/road-chiefs/workbench', { as: 'dispatch' });
  assert.deepEqual([none.status, none.body.posts.length], [200, 0]);
});

test('a night check: scheduled by the street’s chief, each member judged over its two hours', async () => {
  const [chief, grid] = [(await userIdOf('s1-chief'))!, (await userIdOf('s1-grid'))!];
  const body = {
    name: '江川路周日夜查',
    startsAt: new Date(cst('2026-09-27', '20:00')).toISOString(),
    endsAt: new Date(cst('2026-09-27', '22:00')).toISOString(),
    segmentIds: [segments[1]!.id, segments[2]!.id],
    memberIds: [grid],
    leadUserId: chief,
  };
  const elsewhere = await s.call('POST', '/api/road-chiefs/night-checks', { as: 's2-chief', body });
  assert.equal(elsewhere.status, 403, 'another street’s chief');
  const tooLong = await s.call('POST', '/api/road-chiefs/night-checks', {
    as: 's1-chief',
    body: { ...body, endsAt: new Date(cst('2026-09-28', '09:00')).toISOString() },
  });
  assert.deepEqual([tooLong.status, tooLong.body.field], [400, 'endsAt']);
  const created = await s.call('POST', '/api/road-chiefs/night-checks', { as: 's1-chief', body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(
    created.body.members.map((m: { id: number }) => m.id),
    [chief, grid],
    'the lead goes too',
  );

  // The grid man walks both segments from 20:05; the chief stays home.
  const back = await walk('s1-grid', 1, cst('2026-09-27', '20:05'));
  const end = await walk('s1-grid', 2, back + 60_000);
  const check = await s.call('GET', `/api/road-chiefs/night-checks/${created.body.id}`, { as: 'supervisor' });
  assert.equal(check.status, 200, JSON.stringify(check.body));
  const [lead, member] = check.body.members;
  assert.deepEqual([lead.result.required, lead.result.done, lead.result.offPost.length], [2, 0, 1]);
  assert.deepEqual([member.result.required, member.result.done, member.result.missed], [2, 2, []]);
  assert.equal(member.result.offPost.length, 1, 'home before 22:00');
  assert.ok(Math.abs(Date.parse(member.result.offPost[0].from) - (end - 10_000)) < 60_000);

  const mine = await report('s1-grid', week);
  assert.deepEqual(
    mine.body.nightChecks.map((c: { name: string; done: number; required: number }) => [
      c.name,
      c.done,
      c.required,
    ]),
    [['江川路周日夜查', 2, 2]],
  );
  const cancelled = await s.call('POST', `/api/road-chiefs/night-checks/${created.body.id}/cancel`, {
    as: 'admin',
  });
  assert.equal(cancelled.status, 200);
  assert.ok(cancelled.body.cancelledAt);
  assert.equal(
    (await s.call('POST', `/api/road-chiefs/night-checks/${created.body.id}/cancel`, { as: 'admin' })).status,
    409,
  );
  assert.deepEqual((await report('s1-grid', week)).body.nightChecks, [], 'a cancelled check binds nobody');
});

async function userIdOf(username: string) {
  return (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
    ?.id;
}
