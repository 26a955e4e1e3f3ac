// Transfers with 110. Inbound: 110's system posts a non-police matter with an API key; it becomes
// a case, once per incident number, or is refused naming the field. Outbound: the operator hands
// a police matter to 110; the transfer waits in the outbox until a fake 110 receiver (a local
// HTTP server, the outside system) accepts it — after a failure, on the retry.

import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { HttpPoliceSender, PoliceOutbox, retryDelayMinutes } from '../src/hotline/police110.ts';
import { startTestServer } from './fixture.ts';

// ------------------------------------------------------------------ the fake 110 receiver

const received: { headers: IncomingHttpHeaders; body: any }[] = [];
/** Statuses to answer with, in order; when empty, 200 with an incident number. */
const planned: number[] = [];
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body: JSON.parse(raw) });
    const status = planned.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      status === 200 ? JSON.stringify({ incidentNumber: `110-${received.length}` }) : '{"error":"busy"}',
    );
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const RECEIVER_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/transfers`;
after(() => receiver.close());

// The app reads its 110 endpoint from the environment, as in production.
process.env.POLICE110_URL = RECEIVER_URL;
process.env.POLICE110_TOKEN = 'secret-110-token';
const s = await startTestServer();
const outbox = new PoliceOutbox(s.db, s.clock, new HttpPoliceSender(RECEIVER_URL, 'secret-110-token'));

const S1 = '310112001';
const GARBAGE = '06010';

async function apiKeyFor(username: string, roles?: string[]): Promise<string> {
  let id = (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
    ?.id;
  if (!id) {
    const unit = await s.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'city-centre')
      .executeTakeFirstOrThrow();
    const res = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { username, displayName: '110对接', password: 'xiuhua-demo', unitId: unit.id, roles },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    id = res.body.id;
  }
  const integration = roles?.includes('integration') ? 'police110' : undefined;
  const key = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: id, name: username, integration },
  });
  assert.equal(key.status, 201);
  return key.body.key;
}

const GATEWAY = await apiKeyFor('gateway110', ['integration']);
const inbound = (body: unknown, key = GATEWAY) =>
  s.call('POST', '/api/integrations/110/transfers', { headers: { 'x-api-key': key }, body });

const counts = async () => ({ cases: await s.count('cases'), transfers: await s.count('police_transfers') });

describe('inbound from 110', () => {
  test('a matter becomes a case with source police_transfer; the same incident again returns it', async () => {
    const point = await s.pointIn(S1);
    const body = {
      incidentNumber: 'JJ20260928-0001',
      receivedAt: '2026-09-28T00:55:00Z',
      caller: { name: '李先生', phone: '+86 138-1234-5678' },
      location: point,
      address: '江川路东川路口',
      description: '报警人称路口有大量垃圾堆放，非警情，转城管处置。',
      categoryHint: '暴露垃圾',
    };
    const res = await inbound(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.incidentNumber, 'JJ20260928-0001');
    assert.equal(res.body.state, 'reported');
    const c = await s.call('GET', `/api/cases/${res.body.caseNumber}`, { as: 'intake' });
    assert.equal(c.body.source, 'police_transfer');
    assert.equal(c.body.sourceRef, 'JJ20260928-0001');
    assert.equal(c.body.classCode, GARBAGE);
    assert.deepEqual(c.body.reporter, { name: '李先生', phone: '13812345678' });
    assert.equal(c.body.address, '江川路东川路口');

    const before = await counts();
    const again = await inbound({ ...body, description: '重复推送' });
    assert.equal(again.status, 200);
    assert.equal(again.body.caseNumber, res.body.caseNumber);
    assert.deepEqual(await counts(), before);

    const status = await s.call('GET', '/api/integrations/110/transfers/JJ20260928-0001', {
      headers: { 'x-api-key': GATEWAY },
    });
    assert.equal(status.status, 200);
    assert.equal(status.body.caseNumber, res.body.caseNumber);
    assert.equal(status.body.stateName, '待受理');
    assert.equal(JSON.stringify(status.body).includes('13812345678'), false, 'no personal data');
    const unknown = await s.call('GET', '/api/integrations/110/transfers/NOPE-0000', {
      headers: { 'x-api-key': GATEWAY },
    });
    assert.equal(unknown.status, 404);
  });

  test('an address the gazetteer knows stands in for a position; a class code works as the hint', async () => {
    const res = await inbound({
      incidentNumber: 'JJ20260928-0002',
      receivedAt: '2026-09-28T00:56:00Z',
      address: '古美公园',
      description: '公园门口垃圾桶满溢，转城管。',
      categoryHint: `event:${GARBAGE}`,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = await s.call('GET', `/api/cases/${res.body.caseNumber}`, { as: 'intake' });
    assert.equal(c.body.area.streetName, '古美街道');
    const [park] = (await s.call('GET', '/api/places/search?q=古美公园', { as: 'intake' })).body;
    assert.ok(Math.abs(c.body.location.lon - park.location.lon) < 1e-9);
  });

  test('bad requests answer 4xx naming the field, and write nothing', async () => {
    const point = await s.pointIn(S1);
    const good = {
      incidentNumber: 'JJ20260928-0099',
      receivedAt: '2026-09-28T00:57:00Z',
      location: point,
      description: '路边垃圾',
      categoryHint: GARBAGE,
    };
    const before = await counts();
    const { description: _d, ...noDescription } = good;
    const { location: _l, ...nowhere } = good;
    const cases: [unknown, number, string, string][] = [
      [noDescription, 400, 'VALIDATION', 'description'],
      [{ ...good, incidentNumber: 'a b' }, 400, 'VALIDATION', 'incidentNumber'],
      [{ ...good, receivedAt: 'yesterday' }, 400, 'VALIDATION', 'receivedAt'],
      [{ ...good, extra: 1 }, 400, 'VALIDATION', 'extra'],
      [{ ...good, categoryHint: '外星人入侵' }, 422, 'UNKNOWN_CLASS', 'categoryHint'],
      [{ ...good, categoryHint: '99999' }, 422, 'UNKNOWN_CLASS', 'categoryHint'],
      [nowhere, 400, 'MISSING_FIELD', 'location'],
      [{ ...nowhere, address: '火星基地' }, 422, 'UNKNOWN_ADDRESS', 'address'],
      [{ ...good, location: { lon: 100, lat: 40 } }, 422, 'OUTSIDE_GRID', 'location'],
      [{ ...good, caller: { phone: 'abc' } }, 400, 'INVALID_FIELD', 'caller.phone'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await inbound(body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code, field);
      assert.equal(res.body.field, field);
    }
    assert.deepEqual(await counts(), before);
  });

  test('an API key is required, of an integration account or an intake operator', async () => {
    const body = {
      incidentNumber: 'JJ-AUTH-1',
      receivedAt: '2026-09-28T00:57:00Z',
      address: '江川路',
      description: '垃圾',
      categoryHint: GARBAGE,
    };
    assert.equal((await s.call('POST', '/api/integrations/110/transfers', { body })).status, 401);
    const session = await s.call('POST', '/api/integrations/110/transfers', { as: 'intake', body });
    assert.equal(session.status, 403);
    assert.equal(session.body.code, 'API_KEY_REQUIRED');
    const dispatcher = await inbound(body, await apiKeyFor('dispatch'));
    assert.equal(dispatcher.status, 403);
    assert.equal(dispatcher.body.code, 'ROLE_NOT_ALLOWED');
    assert.equal((await inbound(body, await apiKeyFor('intake'))).status, 201);
  });
});

describe('outbound to 110', () => {
  async function callWithCase(phone: string) {
    const call = (await s.call('POST', '/api/hotline/calls', { as: 'intake', body: { callerPhone: phone } }))
      .body;
    const made = await s.call('POST', `/api/hotline/calls/${call.id}/case`, {
      as: 'intake',
      body: {
        kind: 'event',
        classCode: GARBAGE,
        description: '来电称路边有人打架',
        location: await s.pointIn(S1),
        address: '江川路',
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    return { call, caseRow: made.body.case };
  }

  test('a refused first delivery is retried until 110 confirms, always as the same transfer', async () => {
    received.length = 0;
    const { call, caseRow } = await callWithCase('13700001111');
    planned.push(503);
    const res = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'police', description: '路边有人持械斗殴，需警方处置' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const t = res.body.transfer;
    assert.equal(t.status, 'pending');
    assert.equal(t.attempts, 1);
    assert.match(t.lastError, /503/);
    assert.equal(
      t.nextAttemptAt,
      new Date(s.clock.now().getTime() + retryDelayMinutes(1) * 60_000).toISOString(),
    );
    assert.equal(res.body.call.outcome, 'transferred_110');
    assert.equal(res.body.call.transfer.id, t.id);

    // The case the call made was not filed yet: it is rejected with the reason.
    const c = await s.call('GET', `/api/cases/${caseRow.id}`, { as: 'intake' });
    assert.equal(c.body.state, 'rejected');
    const log = (await s.call('GET', `/api/cases/${caseRow.id}/events`, { as: 'intake' })).body;
    assert.match(log.at(-1).reason, /^移交110处置（治安警情）：路边有人持械斗殴/);

    // Not due yet: nothing is sent.
    assert.equal(await outbox.deliverDue(), 0);
    assert.equal(received.length, 1);
    s.clock.advanceMinutes(1);
    assert.equal(await outbox.deliverDue(), 1);
    assert.equal(received.length, 2);
    const [first, second] = received;
    assert.equal(first!.headers['idempotency-key'], t.reference);
    assert.equal(second!.headers['idempotency-key'], t.reference);
    assert.equal(second!.headers.authorization, 'Bearer secret-110-token');
    assert.equal(second!.body.transferId, t.reference);
    assert.equal(second!.body.category, 'police');
    assert.equal(second!.body.caller.phone, '13700001111');
    assert.equal(second!.body.caseNumber, caseRow.number);
    assert.equal(second!.body.location.crs, 'WGS84');
    assert.equal(second!.body.sentAt, s.clock.now().toISOString());

    const list = await s.call('GET', '/api/hotline/transfers?direction=outbound', { as: 'intake' });
    const done = list.body.items.find((x: any) => x.id === t.id);
    assert.equal(done.status, 'delivered');
    assert.equal(done.attempts, 2);
    assert.equal(done.externalRef, '110-2');
    assert.equal(done.lastError, null);

    // Asking again for the same call returns the transfer; nothing more is sent.
    const again = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'police', description: '再次提交' },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.transfer.id, t.id);
    s.clock.advanceMinutes(120);
    await outbox.deliverDue();
    assert.equal(received.length, 2);
  });

  test('delivered at once when 110 answers; a call without a case hands over just the call', async () => {
    received.length = 0;
    const call = (
      await s.call('POST', '/api/hotline/calls', { as: 'intake', body: { callerPhone: '13700002222' } })
    ).body;
    const point = await s.pointIn(S1);
    const res = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'fire', description: '小区楼道冒烟', address: '鹤庆路88弄', location: point },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.transfer.status, 'delivered');
    assert.equal(received[0]!.body.address, '鹤庆路88弄');
    assert.equal(received[0]!.body.caseNumber, null);
    assert.ok(Math.abs(received[0]!.body.location.lon - point.lon) < 1e-9);
  });

  test('a case already in the loop is not handed over: 409, nothing written', async () => {
    const { call, caseRow } = await callWithCase('13700003333');
    await s.call('POST', `/api/cases/${caseRow.id}/file`, { as: 'shift', body: {} });
    const before = await counts();
    const res = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'police', description: '其实是治安问题' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.state, 'filed');
    assert.deepEqual(await counts(), before);
    assert.equal(
      (await s.call('GET', `/api/hotline/calls/${call.id}`, { as: 'intake' })).body.outcome,
      'case_created',
    );
    const bad = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'aliens', description: '其实是治安问题' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'category');
  });

  test('a transfer 110 refuses outright fails at once; an operator sends it again', async () => {
    received.length = 0;
    const call = (
      await s.call('POST', '/api/hotline/calls', { as: 'intake', body: { callerPhone: '13700004444' } })
    ).body;
    planned.push(400);
    const res = await s.call('POST', `/api/hotline/calls/${call.id}/transfer-110`, {
      as: 'intake',
      body: { category: 'medical', description: '老人摔倒需要急救' },
    });
    assert.equal(res.body.transfer.status, 'failed');
    assert.equal(res.body.transfer.nextAttemptAt, null);
    const failed = await s.call('GET', '/api/hotline/transfers?status=failed', { as: 'intake' });
    assert.ok(failed.body.items.some((x: any) => x.id === res.body.transfer.id));
    const retried = await s.call('POST', `/api/hotline/transfers/${res.body.transfer.id}/retry`, {
      as: 'intake',
    });
    assert.equal(retried.status, 200);
    assert.equal(retried.body.status, 'delivered');
    assert.equal(received.length, 2);
    const twice = await s.call('POST', `/api/hotline/transfers/${res.body.transfer.id}/retry`, {
      as: 'intake',
    });
    assert.equal(twice.status, 409);
  });

  test('retry pauses grow from a minute to an hour', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 12].map(retryDelayMinutes), [1, 2, 4, 8, 16, 32, 60, 60]);
  });
});
