// Public endpoints are rate-limited per address; the refusal is a 429 with its own code, like
// every other error, so clients can tell "slow down" from "bad request".

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { buildApp } from '../src/app.ts';
import { parseTrustProxy } from '../src/platform/config.ts';

const database = await createTestDatabase();
const app = await buildApp({ db: database.db, publicRateLimit: 2, baseMap: null });
// Behind a reverse proxy at 10.0.0.5: each client's own address counts, not the proxy's.
const proxied = await buildApp({
  db: database.db,
  publicRateLimit: 2,
  baseMap: null,
  trustProxy: ['10.0.0.5'],
});
after(async () => {
  await app.close();
  await proxied.close();
  await database.drop();
});

test('sign-in attempts over the limit get 429 RATE_LIMITED', async () => {
  const attempt = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'wrong-pass' },
    });
  assert.equal((await attempt()).statusCode, 401);
  assert.equal((await attempt()).statusCode, 401);
  const limited = await attempt();
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'RATE_LIMITED');
  assert.match(limited.json().detail, /rate limit/i);
});

test('behind a trusted proxy, clients are limited by their own address', async () => {
  const attempt = (client: string, remoteAddress = '10.0.0.5') =>
    proxied.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': client },
      payload: { username: 'nobody', password: 'wrong-pass' },
    });
  assert.equal((await attempt('203.0.113.1')).statusCode, 401);
  assert.equal((await attempt('203.0.113.1')).statusCode, 401);
  assert.equal((await attempt('203.0.113.1')).statusCode, 429);
  // Another citizen behind the same proxy is not blocked by the first one.
  assert.equal((await attempt('203.0.113.2')).statusCode, 401);
  // A forged header from an untrusted peer is ignored: that peer is limited by its own address.
  assert.equal((await attempt('198.51.100.9', '192.0.2.7')).statusCode, 401);
  assert.equal((await attempt('198.51.100.10', '192.0.2.7')).statusCode, 401);
  assert.equal((await attempt('198.51.100.11', '192.0.2.7')).statusCode, 429);
});

test('TRUST_PROXY accepts true/false or addresses, and refuses anything else', () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy('true'), true);
  assert.deepEqual(parseTrustProxy('10.0.0.0/8, ::1'), ['10.0.0.0/8', '::1']);
  assert.throws(() => parseTrustProxy('proxy.example.com'), /TRUST_PROXY/);
});
