// Sensor alarms: API key of an integration account; device → component → class and position;
// repeats attached to the open case (counted, noted at most hourly); the same alarm twice is one
// alarm; racing first alarms make one case; refusals name the field and write nothing; the rate
// limit is per key.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as gcoordModule from 'gcoord';
import { buildApp } from '../src/app.ts';
import { startTestServer } from './fixture.ts';

const gcoord = gcoordModule.default as unknown as typeof gcoordModule.default.default;

const s = await startTestServer();
const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as { id: number; username: string }[];
const keyFor = async (username: string) => {
  const userId = users.find((u) => u.username === username)!.id;
  const res = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: {
      userId,
      name: `test ${username}`,
      ...(username === 'sensor-gateway' ? { integration: 'sensors' } : {}),
    },
  });
  assert.equal(res.status, 201);
  return res.body.key as string;
};
const gatewayKey = await keyFor('sensor-gateway');
const devices = (await s.call('GET', '/api/devices', { as: 'admin' })).body as any[];
const device = (id: string) => devices.find((d) => d.deviceId === id)!;

const now = () => s.clock.now();
const minutesAgo = (m: number) => new Date(now().getTime() - m * 60_000).toISOString();

async function alarm(body: Record<string, unknown>, key: string | null = gatewayKey) {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/sensors/alarms',
    headers: key ? { 'x-api-key': key } : {},
    payload: body,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

async function counts() {
  return {
    cases: await s.count('cases'),
    events: await s.count('case_events'),
    alarms: await s.count('sensor_alarms'),
  };
}

async function refused(
  body: Record<string, unknown>,
  expect: { status: number; code?: string; field?: string },
  key?: string | null,
) {
  const before = await counts();
  const res = await alarm(body, key === undefined ? gatewayKey : key);
  const what = `${res.status} ${JSON.stringify(res.body)}`;
  assert.equal(res.status, expect.status, what);
  if (expect.code) assert.equal(res.body.code, expect.code, what);
  if (expect.field !== undefined) assert.equal(res.body.field, expect.field, what);
  assert.deepEqual(await counts(), before, `${what}: something was written`);
}

describe('sensor alarms', () => {
  test('only an integration account’s API key may send alarms', async () => {
    const body = { deviceId: 'MH-S1-001', alarmType: 'cover_open', at: minutesAgo(1) };
    await refused(body, { status: 401, code: 'UNAUTHENTICATED' }, null);
    await refused(body, { status: 401 }, 'xh_not_a_key');
    await refused(body, { status: 403, code: 'ROLE_NOT_ALLOWED' }, await keyFor('intake'));
    const bySession = await s.call('POST', '/api/sensors/alarms', { as: 'admin', body });
    assert.equal(bySession.status, 403);
  });

  test('a gateway key opens only the integration endpoints, not the staff API', async () => {
    for (const url of ['/api/cases', '/api/auth/me', '/api/devices', '/api/stats/overview']) {
      const res = await s.app.inject({ method: 'GET', url, headers: { 'x-api-key': gatewayKey } });
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().code, 'INTEGRATION_ONLY', url);
    }
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { 'x-api-key': gatewayKey },
      payload: {},
    });
    assert.equal(created.statusCode, 403);
  });

  test('an alarm opens a case of the mapped class at the component, with the alarm as source details', async () => {
    const mh = device('MH-S1-001');
    const component = (await s.call('GET', `/api/components/${mh.component.id}`, { as: 'admin' })).body;
    const at = minutesAgo(2);
    const res = await alarm({ deviceId: 'MH-S1-001', alarmType: 'cover_open', at, reading: 35, unit: '°' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'created');
    assert.equal(res.body.replay, false);
    assert.equal(res.body.alarmCount, 1);
    const c = (await s.call('GET', `/api/cases/${res.body.caseId}`, { as: 'intake' })).body;
    assert.equal(c.number, res.body.caseNumber);
    assert.equal(c.source, 'sensor');
    assert.equal(c.kind, 'component');
    assert.equal(c.classCode, '01002');
    assert.equal(c.state, 'reported');
    assert.deepEqual(c.location, component.location);
    assert.equal(c.cellCode, component.cellCode);
    assert.equal(c.componentRef, component.code);
    assert.equal(c.address, component.address);
    assert.match(c.description, /传感器报警.*井盖开启.*读数 35°/);
    assert.deepEqual(c.sourceDetails, {
      deviceId: 'MH-S1-001',
      alarmType: 'cover_open',
      alarmAt: new Date(at).toISOString(),
      reading: 35,
      unit: '°',
      componentCode: component.code,
    });
    const events = (await s.call('GET', `/api/cases/${c.id}/events`, { as: 'intake' })).body;
    assert.equal(events.length, 1);
    assert.equal(events[0].actor.role, 'system');
  });

  test('a device without a component: the device position and an event class', async () => {
    const wl = device('WL-S3-001');
    const res = await alarm({
      deviceId: 'WL-S3-001',
      alarmType: 'water_high',
      at: minutesAgo(1),
      reading: 0.32,
      unit: 'm',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = (await s.call('GET', `/api/cases/${res.body.caseId}`, { as: 'intake' })).body;
    assert.equal(c.kind, 'event');
    assert.equal(c.classCode, '10003');
    assert.deepEqual(c.location, wl.location);
    assert.equal(c.componentRef, null);
  });

  test('an alarm may carry its own position, in GCJ-02 from a Chinese IoT platform', async () => {
    const wgs = await s.pointIn('310112008');
    const [lon, lat] = gcoord.transform([wgs.lon, wgs.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const res = await alarm({
      deviceId: 'CAM-S1-001',
      alarmType: 'street_stall',
      at: minutesAgo(1),
      position: { lon, lat, crs: 'GCJ02' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = (await s.call('GET', `/api/cases/${res.body.caseId}`, { as: 'intake' })).body;
    assert.equal(c.classCode, '09006');
    assert.ok(Math.abs(c.location.lon - wgs.lon) < 1e-5 && Math.abs(c.location.lat - wgs.lat) < 1e-5);
    assert.equal(c.area.streetCode, '310112008');
  });

  test('the same alarm sent twice is one alarm; repeats join the open case, counted and noted at most hourly', async () => {
    const first = { deviceId: 'MH-S2-001', alarmType: 'cover_open', at: minutesAgo(3) };
    const a = await alarm(first);
    assert.equal(a.status, 201);
    // The same alarm again (no alarm id: its time identifies it): the first answer, nothing new.
    const before = await counts();
    const replay = await alarm(first);
    assert.equal(replay.status, 200);
    assert.deepEqual(
      { ...replay.body, replay: false },
      { ...a.body, replay: false },
      'same alarm, same case, same count',
    );
    assert.equal(replay.body.replay, true);
    assert.deepEqual(await counts(), before);

    // A new alarm of the same device and type: attached, no new case, no note yet (within the hour).
    const b = await alarm({
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: minutesAgo(1),
      alarmId: 'evt-2',
    });
    assert.equal(b.status, 200);
    assert.equal(b.body.outcome, 'attached');
    assert.equal(b.body.caseId, a.body.caseId);
    assert.equal(b.body.alarmCount, 2);
    assert.equal((await counts()).cases, before.cases);
    let events = (await s.call('GET', `/api/cases/${a.body.caseId}/events`, { as: 'intake' })).body;
    assert.equal(events.length, 1);
    // The same alarm id with another time is still the same alarm.
    const sameId = await alarm({
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: minutesAgo(0),
      alarmId: 'evt-2',
    });
    assert.equal(sameId.body.replay, true);
    assert.equal(sameId.body.alarmCount, 2);

    // Two hours on: the next repeat writes a note on the case, then none for the next hour.
    s.clock.advanceMinutes(120);
    const c = await alarm({
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: minutesAgo(1),
      alarmId: 'evt-3',
    });
    assert.equal(c.body.alarmCount, 3);
    const d = await alarm({
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: minutesAgo(0),
      alarmId: 'evt-4',
    });
    assert.equal(d.body.alarmCount, 4);
    events = (await s.call('GET', `/api/cases/${a.body.caseId}/events`, { as: 'intake' })).body;
    assert.deepEqual(
      events.map((e: any) => e.action),
      ['intake', 'sensor_alarm'],
    );
    assert.equal(events[1].fromState, 'reported');
    assert.equal(events[1].toState, 'reported');
    assert.equal(events[1].data.count, 3);
    assert.equal(events[1].reason, '第 3 次报警');

    // Another alarm type of the same device is another problem: its own case.
    const tilt = await alarm({ deviceId: 'MH-S2-001', alarmType: 'tilt', at: minutesAgo(0) });
    assert.equal(tilt.status, 201);
    assert.notEqual(tilt.body.caseId, a.body.caseId);

    // The alarms on the case, for staff who may see it.
    const list = await s.call('GET', `/api/sensors/alarms?caseId=${a.body.caseNumber}`, { as: 'intake' });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((r: any) => r.alarmId),
      ['evt-4', 'evt-3', 'evt-2', null],
    );
    assert.equal(list.body[3].outcome, 'created');
    assert.equal(
      (await s.call('GET', `/api/sensors/alarms?caseId=${a.body.caseId}`, { as: 's1-dispatch' })).status,
      404,
    );

    // Once the case is finished, the next alarm opens a new one.
    const rejected = await s.call('POST', `/api/cases/${a.body.caseId}/reject`, {
      as: 'intake',
      body: { reason: '误报，井盖完好' },
    });
    assert.equal(rejected.status, 200);
    const e = await alarm({
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: minutesAgo(0),
      alarmId: 'evt-5',
    });
    assert.equal(e.status, 201);
    assert.notEqual(e.body.caseId, a.body.caseId);
    assert.equal(e.body.alarmCount, 1);
  });

  test('first alarms racing each other make one case; the rest are attached', async () => {
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        alarm({ deviceId: 'BIN-S4-001', alarmType: 'bin_full', at: minutesAgo(0), alarmId: `race-${i}` }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      [200, 200, 200, 200, 200, 201],
      JSON.stringify(results.map((r) => r.body)),
    );
    assert.equal(new Set(results.map((r) => r.body.caseId)).size, 1);
    assert.deepEqual(results.map((r) => r.body.alarmCount).sort(), [1, 2, 3, 4, 5, 6]);
    const after = await counts();
    assert.equal(after.cases, before.cases + 1);
    assert.equal(after.alarms, before.alarms + 6);
    // And the same alarm racing itself is one alarm.
    const same = { deviceId: 'BIN-S4-001', alarmType: 'bin_full', at: minutesAgo(0), alarmId: 'twin' };
    const twins = await Promise.all([alarm(same), alarm(same), alarm(same)]);
    assert.equal(new Set(twins.map((r) => r.body.alarmId)).size, 1);
    assert.equal(twins.filter((r) => r.body.replay).length, 2);
    assert.equal((await counts()).alarms, after.alarms + 1);
  });

  test('refusals name the field and write nothing', async () => {
    const ok = { deviceId: 'MH-S3-001', alarmType: 'cover_open', at: minutesAgo(1) };
    await refused({ ...ok, deviceId: 'NOPE-1' }, { status: 422, code: 'UNKNOWN_DEVICE', field: 'deviceId' });
    await refused(
      { ...ok, alarmType: 'smoke' },
      { status: 422, code: 'UNMAPPED_ALARM_TYPE', field: 'alarmType' },
    );
    await refused({ ...ok, at: '2026-09-28 09:00' }, { status: 400, field: 'at' });
    await refused({ ...ok, at: '2026-09-28T09:00:00' }, { status: 400, field: 'at' });
    await refused(
      { ...ok, at: new Date(now().getTime() + 3600_000).toISOString() },
      {
        status: 400,
        code: 'INVALID_FIELD',
        field: 'at',
      },
    );
    await refused({ ...ok, reading: 'high' }, { status: 400, field: 'reading' });
    await refused({ ...ok, extra: 1 }, { status: 400, field: 'extra' });
    await refused({ ...ok, deviceId: 'has space' }, { status: 400, field: 'deviceId' });
    await refused(
      { ...ok, position: { lon: 100, lat: 30 } },
      { status: 422, code: 'OUTSIDE_GRID', field: 'position' },
    );
    const { at: _, ...noTime } = ok;
    await refused(noTime, { status: 400, field: 'at' });

    // A device switched off in the registry.
    const mh = device('MH-S3-001');
    await s.call('PATCH', `/api/devices/${mh.id}`, { as: 'admin', body: { active: false } });
    await refused(ok, { status: 422, code: 'DEVICE_INACTIVE', field: 'deviceId' });
    await s.call('PATCH', `/api/devices/${mh.id}`, { as: 'admin', body: { active: true } });
    assert.equal((await alarm(ok)).status, 201);
  });

  test('the rate limit is per API key', async () => {
    const app = await buildApp({ db: s.db, clock: s.clock, sensorRateLimit: 2 });
    try {
      const send = async (key: string, i: number) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/sensors/alarms',
          headers: { 'x-api-key': key },
          payload: { deviceId: 'WL-S1-001', alarmType: 'water_high', at: minutesAgo(0), alarmId: `rl-${i}` },
        });
        return { status: res.statusCode, body: JSON.parse(res.body) };
      };
      const id = users.find((u) => u.username === 'sensor-gateway')!.id;
      const other = (
        await s.call('POST', '/api/api-keys', {
          as: 'admin',
          body: { userId: id, name: 'second', integration: 'sensors' },
        })
      ).body.key as string;
      const answers = [await send(gatewayKey, 1), await send(gatewayKey, 2), await send(gatewayKey, 3)];
      assert.deepEqual(
        answers.map((a) => a.status),
        [201, 200, 429],
      );
      assert.equal(typeof answers[2]!.body.code, 'string');
      assert.match(answers[2]!.body.detail, /rate limit/i);
      // Another key (another platform, or the same account's second key) has its own budget.
      assert.equal((await send(other, 4)).status, 200);
    } finally {
      await app.close();
    }
  });
});
