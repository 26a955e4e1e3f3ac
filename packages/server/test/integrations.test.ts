// Integration accounts (@xiuhua/domain/policy, integrations.ts): a key is issued for one
// integration — Open311 client, 110 exchange, sensor platform — and opens only that integration's
// routes and records; an integration account never signs in to the console.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Integration } from '@xiuhua/domain/policy';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { createIntegrationAccount, issueApiKey, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001';
const account = (username: string) => createIntegrationAccount(s, username);
const keyFor = (userId: number, integration?: Integration) => issueApiKey(s, userId, integration);

const keys = {
  open311: await keyFor(await account('client311'), 'open311'),
  police110: await keyFor(await account('exchange110'), 'police110'),
  sensors: await keyFor(
    (await s.call('GET', '/api/users', { as: 'admin' })).body.find(
      (u: any) => u.username === 'sensor-gateway',
    ).id,
    'sensors',
  ),
};
const point = await s.pointIn(S1);
let incident = 0;

/** The three integration doors, each called with `key`. */
const doors: Record<Integration, (key: string) => Promise<{ status: number; body: any }>> = {
  open311: async (key) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: new URLSearchParams({
        api_key: key,
        service_code: 'E06010',
        lat: String(point.lat),
        long: String(point.lon),
        description: '路边垃圾',
        'attribute[AMOUNT]': 'BAGS_4_10',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  },
  police110: (key) =>
    s.call('POST', '/api/integrations/110/transfers', {
      headers: { 'x-api-key': key },
      body: {
        incidentNumber: `JJ20260928-${String(++incident).padStart(4, '0')}`,
        receivedAt: '2026-09-28T08:30:00+08:00',
        location: point,
        description: '路面有大量垃圾',
        categoryHint: '06010',
      },
    }),
  sensors: (key) =>
    s.call('POST', '/api/sensors/alarms', {
      headers: { 'x-api-key': key },
      body: {
        deviceId: 'CAM-S1-001',
        alarmType: 'exposed_garbage',
        alarmId: `a-${++incident}`,
        at: s.clock.now().toISOString(),
      },
    }),
};

describe('a key opens only the integration it was issued for', () => {
  for (const issued of Object.keys(keys) as Integration[]) {
    test(`a ${issued} key`, async () => {
      for (const door of Object.keys(doors) as Integration[]) {
        const before = await s.count('cases');
        const res = await doors[door](keys[issued]);
        if (door === issued) {
          assert.ok([200, 201].includes(res.status), `${issued} → ${door}: ${JSON.stringify(res.body)}`);
        } else {
          assert.equal(res.status, 403, `${issued} key on the ${door} door: ${JSON.stringify(res.body)}`);
          assert.equal(await s.count('cases'), before, 'nothing written');
        }
      }
      // Never a staff route.
      const me = await s.call('GET', '/api/cases', { headers: { 'x-api-key': keys[issued] } });
      assert.equal(me.status, 403);
      assert.equal(me.body.code, 'INTEGRATION_ONLY');
    });
  }

  test('an Open311 key answers in Open311’s own form: 403 with the reason', async () => {
    const res = await doors.open311(keys.police110);
    assert.equal(res.status, 403);
    assert.match(JSON.stringify(res.body), /110 exchange, not the Open311 client/);
  });

  test('a key issued before keys were bound is refused until the admin issues a bound one', async () => {
    const id = await account('legacy-gateway');
    const key = await keyFor(id, 'sensors');
    await s.db.updateTable('api_keys').set({ integration: null }).where('user_id', '=', id).execute();
    const res = await doors.sensors(key);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'WRONG_INTEGRATION');
    assert.match(res.body.detail, /bound to no integration/);
  });
});

test('the 110 exchange sees only the transfers its own account handed over', async () => {
  const sent = await doors.police110(keys.police110);
  assert.equal(sent.status, 201);
  const other = await keyFor(await account('exchange110-b'), 'police110');
  const url = `/api/integrations/110/transfers/${sent.body.incidentNumber}`;
  assert.equal((await s.call('GET', url, { headers: { 'x-api-key': keys.police110 } })).status, 200);
  assert.equal((await s.call('GET', url, { headers: { 'x-api-key': other } })).status, 404);
  // The centre's own intake operator (a staff key) follows any of them.
  const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as {
    id: number;
    username: string;
  }[];
  const staff = await keyFor(users.find((u) => u.username === 'intake')!.id);
  assert.equal((await s.call('GET', url, { headers: { 'x-api-key': staff } })).status, 200);
});

test('an integration account cannot sign in to the console', async () => {
  const res = await s.call('POST', '/api/auth/login', {
    body: { username: 'client311', password: DEMO_PASSWORD },
  });
  assert.equal(res.status, 403);
  assert.equal(res.body.code, 'INTEGRATION_NO_SIGN_IN');
  const rows = await s.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .where('users.username', '=', 'client311')
    .select('token_hash')
    .execute();
  assert.equal(rows.length, 0, 'no session was made');
});

test('keys: an integration account’s is issued for one integration, a person’s for none', async () => {
  const id = await account('unbound-try');
  const before = await s.count('api_keys');
  const missing = await s.call('POST', '/api/api-keys', { as: 'admin', body: { userId: id, name: 'x' } });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.code, 'INTEGRATION_REQUIRED');
  assert.equal(missing.body.field, 'integration');
  const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as {
    id: number;
    username: string;
  }[];
  const staff = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: users.find((u) => u.username === 'dispatch')!.id, name: 'x', integration: 'open311' },
  });
  assert.equal(staff.status, 422);
  assert.equal(staff.body.code, 'STAFF_KEY_UNBOUND');
  const unknown = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: id, name: 'x', integration: 'mqtt' },
  });
  assert.equal(unknown.status, 400);
  assert.equal(await s.count('api_keys'), before, 'no key was made');
});
