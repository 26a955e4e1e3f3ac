// Cross-site request forgery: a page on another port of the same host (browsers call that
// `same-site`, and send the SameSite=Lax session cookie along) must not change anything with the
// signed-in user's cookie, nor sign the browser in. Our own pages (same-origin), programs that
// name no origin, API keys and Open311 go on working.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { createIntegrationAccount, issueApiKey, startTestServer } from './fixture.ts';

const s = await startTestServer();
const HOST = '127.0.0.1:3000';
const OWN = `http://${HOST}`;
const OTHER_PORT = 'http://127.0.0.1:5173';

async function newCase(): Promise<number> {
  const res = await s.call('POST', '/api/cases', {
    as: 'inspector2',
    headers: { host: HOST, 'sec-fetch-site': 'same-origin' },
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: '06010',
      description: '路边暴露垃圾',
      location: await s.pointIn('310112006'),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const stateOf = async (id: number) => (await s.call('GET', `/api/cases/${id}`, { as: 'admin' })).body.state;

test('a cookie-carried state change from another port is refused (403) and changes nothing', async () => {
  const id = await newCase();
  const events = await s.count('case_events');
  const cases: Record<string, string>[] = [
    { origin: OTHER_PORT },
    { 'sec-fetch-site': 'same-site', origin: OTHER_PORT },
    { 'sec-fetch-site': 'same-site' },
    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    { origin: 'null' },
    { origin: 'https://127.0.0.1:3000' }, // another scheme
  ];
  for (const headers of cases) {
    const res = await s.call('POST', `/api/cases/${id}/accept`, {
      as: 'intake',
      headers: { host: HOST, ...headers },
      body: {},
    });
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(res.body.code, 'CROSS_SITE_REQUEST');
    assert.match(res.body.message, /其他网页/);
  }
  assert.equal(await stateOf(id), 'reported');
  assert.equal(await s.count('case_events'), events);
  // and in English
  const en = await s.call('POST', `/api/cases/${id}/accept`, {
    as: 'intake',
    headers: { host: HOST, origin: OTHER_PORT, 'accept-language': 'en' },
    body: {},
  });
  assert.match(en.body.message, /another web page/);
  // signing out is a state change too
  const out = await s.call('POST', '/api/auth/logout', {
    as: 'intake',
    headers: { host: HOST, origin: OTHER_PORT },
  });
  assert.equal(out.status, 403);
  assert.equal((await s.call('GET', '/api/auth/me', { as: 'intake' })).status, 200, 'still signed in');
});

test('our own pages, typed-in requests and programs without an origin are accepted', async () => {
  const cases: Record<string, string>[] = [
    { origin: OWN },
    { 'sec-fetch-site': 'same-origin', origin: OWN },
    { 'sec-fetch-site': 'none' },
    {}, // curl, scripts: no browser, no forged page
  ];
  for (const headers of cases) {
    const id = await newCase();
    const res = await s.call('POST', `/api/cases/${id}/accept`, {
      as: 'intake',
      headers: { host: HOST, ...headers },
      body: {},
    });
    assert.equal(res.status, 200, `${JSON.stringify(headers)}: ${JSON.stringify(res.body)}`);
  }
  // reading is never refused
  const read = await s.call('GET', '/api/auth/me', {
    as: 'intake',
    headers: { host: HOST, origin: OTHER_PORT },
  });
  assert.equal(read.status, 200);
});

test('signing in from another origin is refused (login CSRF); from our own page it works', async () => {
  const login = (headers: Record<string, string>) =>
    s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: HOST, ...headers },
      payload: { username: 'intake', password: DEMO_PASSWORD },
    });
  const refused = await login({ origin: OTHER_PORT, 'sec-fetch-site': 'same-site' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'CROSS_SITE_REQUEST');
  assert.equal(refused.cookies.length, 0, 'no session cookie');
  assert.equal((await login({ origin: OWN, 'sec-fetch-site': 'same-origin' })).statusCode, 200);
});

test('the origin behind a proxy is its X-Forwarded-Proto/Host only under TRUST_PROXY', async () => {
  const id = await newCase();
  // not trusted: the forwarded host does not make a foreign origin ours
  const res = await s.call('POST', `/api/cases/${id}/accept`, {
    as: 'intake',
    headers: {
      host: HOST,
      origin: 'https://city.example',
      'x-forwarded-host': 'city.example',
      'x-forwarded-proto': 'https',
    },
    body: {},
  });
  assert.equal(res.status, 403);
  const { buildApp } = await import('../src/app.ts');
  const proxied = await buildApp({ db: s.db, clock: s.clock, trustProxy: true, baseMap: null });
  try {
    const cookie = (await s.as('intake')).cookie;
    const accept = (origin: string) =>
      proxied.inject({
        method: 'POST',
        url: `/api/cases/${id}/accept`,
        headers: {
          cookie,
          host: HOST,
          origin,
          'x-forwarded-host': 'city.example',
          'x-forwarded-proto': 'https',
        },
        payload: {},
      });
    assert.equal((await accept(OWN)).statusCode, 403, 'the proxy says the origin is https://city.example');
    assert.equal((await accept('https://city.example')).statusCode, 200);
  } finally {
    await proxied.close();
  }
});

test('API keys and Open311 are not cookie-authenticated and are not checked', async () => {
  const userId = await createIntegrationAccount(s, 'csrf-sensors');
  const key = await issueApiKey(s, userId, 'sensors');
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/sensors/alarms',
    headers: { host: HOST, origin: OTHER_PORT, 'x-api-key': key },
    payload: {},
  });
  assert.doesNotMatch(res.body, /CROSS_SITE_REQUEST/);
  assert.equal(res.statusCode, 400, res.body); // the empty alarm's validation, past the origin
  const open311 = await s.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { host: HOST, origin: 'https://app.example', 'sec-fetch-site': 'cross-site' },
    payload: {},
  });
  // Open311's own answer (its api_key is missing), not ours
  assert.doesNotMatch(open311.body, /CROSS_SITE_REQUEST/);
});
