// Road-chief posts through the API (docs/road-chiefs.md): the demo's chiefs and duty staff, a
// segment's chain and its head, posting and ending within one's own scope, refusals that change
// nothing, the history, and a road chief reporting a case on his segment. The clock is Monday
// 2026-09-28 (CST); the demo's posts start 61 days earlier.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道
const S2 = '310112006'; // 古美路街道 (the demo's second street)
const cst = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

const userId = async (username: string) =>
  (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const unitId = async (code: string) =>
  (await s.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
/** The segments of a street's first road, in order. */
async function firstRoadSegments(street: string) {
  const road = await s.db
    .selectFrom('roads')
    .select('id')
    .where('street_code', '=', street)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return await s.db
    .selectFrom('road_segments')
    .select(['id', 'geometry'])
    .where('road_id', '=', road.id)
    .orderBy('id')
    .execute();
}

test('the demo: each street’s chief is its 辖区总路长 and its roads’ 二级路长; duty staff come from the roster', async () => {
  const mine = await s.call('GET', '/api/road-posts/mine', { as: 's1-chief' });
  assert.equal(mine.status, 200);
  const levels = mine.body.map((p: { level: string }) => p.level);
  assert.equal(levels[0], 'street_general');
  assert.ok(levels.length >= 2 && levels.slice(1).every((l: string) => l === 'second'), levels.join());
  assert.equal(mine.body[0].area.code, S1);
  assert.equal(mine.body[0].levelName.zh, '辖区总路长');

  const [first] = await firstRoadSegments(S1);
  s.clock.set(cst('2026-09-28', '06:00')); // the sanitation station's early shift (05:00–13:00)
  const chain = await s.call('GET', `/api/road-posts/segments/${first!.id}/chain`, { as: 'dispatch' });
  assert.equal(chain.status, 200, JSON.stringify(chain.body));
  assert.deepEqual(
    chain.body.posts.map((p: { level: string }) => p.level),
    ['street_general', 'second', 'duty'],
  );
  const second = chain.body.posts[1];
  assert.equal(chain.body.headPostId, second.id, 'no unit adopts it: its 二级路长 is its head');
  assert.deepEqual(
    chain.body.posts[2].onDuty.map((p: { name: string; shift: string }) => [p.name, p.shift]),
    [['周环卫', 'early']],
  );
  s.clock.set(cst('2026-09-28', '14:00'));
  const afternoon = await s.call('GET', `/api/road-posts/segments/${first!.id}/chain`, { as: 'dispatch' });
  assert.deepEqual(afternoon.body.posts[2].onDuty, [], 'nobody of the early shift is on duty at 14:00');
});

test('a street’s chief posts a 路段长 on his street, not on another; the head follows the dates', async () => {
  s.clock.set(cst('2026-09-28', '09:00'));
  const [first] = await firstRoadSegments(S1);
  const [other] = await firstRoadSegments(S2);
  const head = {
    level: 'segment_head',
    userId: await userId('s3-chief'),
    unitId: await unitId('sanitation'),
    segmentIds: [first!.id],
    validFrom: '2026-09-28',
  };
  const before = await s.count('road_posts');
  const elsewhere = await s.call('POST', '/api/road-posts', {
    as: 's1-chief',
    body: { ...head, segmentIds: [other!.id] },
  });
  assert.equal(elsewhere.status, 403);
  assert.equal(elsewhere.body.code, 'NOT_IN_SCOPE');
  assert.equal(await s.count('road_posts'), before, 'a refused post writes nothing');

  const created = await s.call('POST', '/api/road-posts', { as: 's1-chief', body: head });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.levelName.zh, '路段长');
  assert.deepEqual(
    created.body.segments.map((x: { id: number }) => x.id),
    [first!.id],
  );
  const chain = await s.call('GET', `/api/road-posts/segments/${first!.id}/chain`, { as: 's1-chief' });
  assert.equal(chain.body.headPostId, created.body.id, 'the adopting unit’s head is now the segment’s head');

  // Ended on the 30th: from 1 October the 二级路长 is the head again; the post stays in the history.
  const ended = await s.call('POST', `/api/road-posts/${created.body.id}/end`, {
    as: 'admin',
    body: { validTo: '2026-09-30' },
  });
  assert.equal(ended.status, 200, JSON.stringify(ended.body));
  const onDay = async (date: string) =>
    (await s.call('GET', `/api/road-posts?segmentId=${first!.id}&date=${date}`, { as: 's1-chief' })).body.map(
      (p: { level: string }) => p.level,
    );
  assert.deepEqual(await onDay('2026-09-30'), ['street_general', 'second', 'segment_head', 'duty']);
  assert.deepEqual(await onDay('2026-10-01'), ['street_general', 'second', 'duty']);
  const history = await s.call('GET', `/api/road-posts?segmentId=${first!.id}&history=true`, {
    as: 's1-chief',
  });
  assert.ok(
    history.body.some(
      (p: { id: number; validTo: string }) => p.id === created.body.id && p.validTo === '2026-09-30',
    ),
  );
  const again = await s.call('POST', `/api/road-posts/${created.body.id}/end`, {
    as: 'admin',
    body: { validTo: '2026-10-05' },
  });
  assert.equal(again.status, 409, 'an ended post does not end later');

  const events = await s.call('GET', `/api/admin/history?entity=road_post&key=${created.body.id}`, {
    as: 'admin',
  });
  assert.equal(events.status, 200, JSON.stringify(events.body));
  const actions = events.body.items.map((e: { action: string }) => e.action);
  assert.deepEqual(actions, ['update', 'create']);
});

test('bad posts get a 4xx naming the field and change nothing', async () => {
  const [first] = await firstRoadSegments(S1);
  const before = await s.count('road_posts');
  const cases: [Record<string, unknown>, number, string][] = [
    [
      {
        level: 'duty',
        userId: await userId('s1-chief'),
        unitId: await unitId('sanitation'),
        segmentIds: [first!.id],
      },
      400,
      'userId',
    ],
    [{ level: 'second', userId: await userId('s1-chief'), segmentIds: [999999] }, 400, 'segmentIds'],
    [{ level: 'first', userId: await userId('s1-chief'), areaCode: `${S1}001` }, 400, 'areaCode'],
    [{ level: 'second', userId: await userId('s1-handler'), segmentIds: [first!.id] }, 422, 'userId'],
    [
      { level: 'duty', unitId: await unitId('sanitation'), segmentIds: [first!.id], shiftCode: 'night' },
      400,
      'shiftCode',
    ],
    [
      { level: 'second', userId: await userId('s1-chief'), segmentIds: [first!.id], validTo: '2026-01-01' },
      400,
      'validTo',
    ],
  ];
  for (const [body, status, field] of cases) {
    const res = await s.call('POST', '/api/road-posts', {
      as: 'admin',
      body: { validFrom: '2026-09-28', ...body },
    });
    assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
    assert.equal(res.body.field, field, JSON.stringify(res.body));
    assert.ok(res.body.message, 'a message for the user');
  }
  assert.equal(await s.count('road_posts'), before);
  assert.equal((await s.call('GET', '/api/road-posts')).status, 401);
  assert.equal(
    (
      await s.call('POST', '/api/road-posts', {
        as: 'dispatch',
        body: {
          level: 'coordinator',
          userId: await userId('s1-chief'),
          segmentIds: [first!.id],
          validFrom: '2026-09-28',
        },
      })
    ).status,
    403,
  );
});

test('a road chief reports a problem on his segment: the case records the segment and his role', async () => {
  const [, second] = await firstRoadSegments(S1);
  const line = (second!.geometry as { coordinates: number[][] }).coordinates;
  const [lon, lat] = line[Math.floor(line.length / 2)]!;
  const res = await s.call('POST', '/api/cases', {
    as: 's1-chief',
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: '06010',
      description: '路段巡查发现暴露垃圾约3袋',
      location: { lon, lat },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.segment?.id, second!.id);
  const intake = await s.db
    .selectFrom('case_events')
    .select('actor_role')
    .where('case_id', '=', res.body.id)
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  assert.equal(intake.actor_role, 'road_chief');
});
