// Live updates over a real HTTP listener: Server-Sent Events read with fetch() as a browser's
// EventSource would, fed by PostgreSQL LISTEN/NOTIFY after each change commits.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { LISTENER_NAME } from '../src/live/service.ts';
import { startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道
const S2 = '310112006'; // 古美街道

const s = await startTestServer();
await s.app.listen({ port: 0, host: '127.0.0.1' });
const address = s.app.server.address();
assert.ok(address && typeof address === 'object');
const base = `http://127.0.0.1:${address.port}`;

// This test database's URL, for apps built here beside the fixture's.
const { name } = await sql<{ name: string }>`select current_database() as name`
  .execute(s.db)
  .then((r) => r.rows[0]!);
const databaseUrl = (() => {
  const u = new URL(process.env.XIUHUA_TEST_SERVER_URL!);
  u.pathname = `/${name}`;
  return u.toString();
})();

const unitIds = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u.id]),
);

interface LiveEvent {
  event: string;
  data: any;
}

/** An open event stream: parsed events and comments as they arrive. */
async function openStream(username: string, at = base) {
  const { cookie } = await s.as(username);
  const controller = new AbortController();
  const res = await fetch(`${at}/api/live`, { headers: { cookie }, signal: controller.signal });
  assert.equal(res.status, 200, await (res.status === 200 ? Promise.resolve('') : res.text()));
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform');
  const events: LiveEvent[] = [];
  const comments: string[] = [];
  const state = { ended: false };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = 'message';
          let data: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    } finally {
      state.ended = true;
    }
  })();
  await until(() => comments.includes('connected'), 2000, `${username}: no greeting`);
  return {
    events,
    comments,
    state,
    /** The first event (from now on or already received) matching, within `ms`. */
    async next(match: (e: LiveEvent) => boolean, ms = 2000, what = 'event') {
      await until(() => events.some(match), ms, `${username}: no ${what}`);
      return events.find(match)!;
    },
    caseEvents: (caseId: number) => events.filter((e) => e.event === 'case' && e.data.caseId === caseId),
    close: () => controller.abort(),
  };
}

async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function createCase(streetCode: string): Promise<any> {
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: '06010',
      description: '市民来电：路边暴露垃圾',
      location: await s.pointIn(streetCode),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function act(as: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await s.call('POST', `/api/cases/${id}/${action}`, { as, body });
  assert.equal(res.status, 200, `${as} ${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const status = async () => (await s.call('GET', '/api/live/status', { as: 'admin' })).body;

describe('GET /api/live', () => {
  test('a visible change arrives within 2 s; a change in another street never reaches a street user', async () => {
    const district = await openStream('dispatch');
    const street2 = await openStream('s2-dispatch');

    const t0 = Date.now();
    const c1 = await createCase(S1);
    const heard = await district.next((e) => e.event === 'case' && e.data.caseId === c1.id);
    assert.ok(Date.now() - t0 < 2000);
    assert.deepEqual(heard.data, {
      caseId: c1.id,
      action: 'intake',
      state: 'reported',
      colour: c1.colour,
      version: 1,
    });

    // Delivery is in commit order, so once 古美's own case has arrived, 江川路's would have too.
    const c2 = await createCase(S2);
    await street2.next((e) => e.event === 'case' && e.data.caseId === c2.id);
    await act('intake', c1.id, 'accept');
    await act('intake', c2.id, 'accept');
    const accepted = await street2.next((e) => e.data?.caseId === c2.id && e.data.action === 'accept');
    assert.equal(accepted.data.state, 'accepted');
    assert.equal(accepted.data.version, 2);
    assert.deepEqual(street2.caseEvents(c1.id), [], 'a street user heard of another street’s case');

    const c1Accepted = await district.next((e) => e.data?.caseId === c1.id && e.data.action === 'accept');
    assert.deepEqual(
      { state: c1Accepted.data.state, version: c1Accepted.data.version },
      { state: 'accepted', version: 2 },
    );
    assert.deepEqual(
      district.caseEvents(c2.id).map((e) => e.data.action),
      ['intake', 'accept'],
      'the district hears of every street',
    );
    district.close();
    street2.close();
  });

  test('a department hears of a case from the change that sends it there (visibility is decided per change)', async () => {
    const roads = await openStream('roads');
    const c = await createCase(S1);
    await act('intake', c.id, 'accept');
    await act('shift', c.id, 'file');
    await act('dispatch', c.id, 'dispatch', { unitId: unitIds.get('roads') });
    const sent = await roads.next((e) => e.data?.caseId === c.id);
    assert.equal(sent.data.action, 'dispatch');
    assert.equal(sent.data.state, 'dispatched');
    assert.deepEqual(
      roads.caseEvents(c.id).map((e) => e.data.action),
      ['dispatch'],
      'nothing before the case was sent to roads',
    );
    roads.close();
  });

  test('a disconnected client is removed from the hub', async () => {
    // The earlier tests' streams are closed; the server notices within moments.
    await until(async () => (await status()).subscribers === 0, 2000, 'earlier streams removed');
    const before = await status();
    assert.equal(before.configured, true);
    assert.equal(before.listening, true);
    const stream = await openStream('s1-dispatch');
    assert.equal((await status()).subscribers, 1);
    stream.close();
    await until(async () => (await status()).subscribers === 0, 2000, 'subscriber removal');
    // Changes after the disconnect go nowhere and break nothing.
    const other = await openStream('dispatch');
    const c = await createCase(S1);
    await other.next((e) => e.data?.caseId === c.id);
    assert.deepEqual(stream.caseEvents(c.id), []);
    other.close();
  });

  test('the listener reconnects when its connection drops, and tells clients to resync', async () => {
    const stream = await openStream('dispatch');
    const killed = await sql<{ pid: number }>`
      select pg_terminate_backend(pid) as pid from pg_stat_activity
      where datname = current_database() and application_name = ${LISTENER_NAME}`.execute(s.db);
    assert.equal(killed.rows.length, 1, 'one listening connection per app');
    await stream.next((e) => e.event === 'resync', 5000, 'resync');
    assert.equal((await status()).listening, true);
    const c = await createCase(S2);
    await stream.next((e) => e.data?.caseId === c.id);
    stream.close();
  });

  test('sign-in is required; a server without a database URL answers 503 LIVE_UNAVAILABLE', async () => {
    const anonymous = await fetch(`${base}/api/live`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as any).code, 'UNAUTHENTICATED');

    const bare = await buildApp({ db: s.db, clock: s.clock });
    try {
      const res = await bare.inject({ method: 'GET', url: '/api/live', headers: await s.as('dispatch') });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'LIVE_UNAVAILABLE');
      const st = await bare.inject({ method: 'GET', url: '/api/live/status', headers: await s.as('admin') });
      assert.deepEqual(st.json(), { configured: false, listening: false, subscribers: 0 });
    } finally {
      await bare.close();
    }
  });

  test('closing the app ends open streams and its listening connection', async () => {
    const app = await buildApp({ db: s.db, clock: s.clock, databaseUrl });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const stream = await openStream('dispatch', `http://127.0.0.1:${port}`);
    const listeners = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and application_name = ${LISTENER_NAME}`.execute(s.db)
        ).rows[0]!.n,
      );
    await until(async () => (await listeners()) === 2, 2000, 'the fixture app and this one listening');
    const t0 = Date.now();
    await app.close();
    assert.ok(Date.now() - t0 < 3000, 'close did not wait for the stream');
    await until(() => stream.state.ended, 2000, 'stream end');
    await until(async () => (await listeners()) === 1, 2000, 'the listening connection to close');
  });
});
