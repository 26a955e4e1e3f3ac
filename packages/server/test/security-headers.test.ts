// The Content-Security-Policy on plain HTTP and on HTTPS: phones open the apps at a LAN address
// over HTTP, where `upgrade-insecure-requests` would send the app's own scripts to https and leave
// the page white (and Cross-Origin-Opener-Policy is ignored with an error in the console); behind
// an HTTPS proxy (TRUST_PROXY, X-Forwarded-Proto) both are sent.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { buildApp } from '../src/app.ts';

const webDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-csp-'));
writeFileSync(path.join(webDir, 'index.html'), '<title>console</title>');
const database = await createTestDatabase();
const behindProxy = await buildApp({ db: database.db, webDir, baseMap: null, trustProxy: true });
const direct = await buildApp({ db: database.db, webDir, baseMap: null });
after(async () => {
  await behindProxy.close();
  await direct.close();
  await database.drop();
  rmSync(webDir, { recursive: true, force: true });
});

const answer = async (app: typeof direct, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url, headers });
  assert.equal(res.statusCode, 200, url);
  return res;
};
const csp = async (app: typeof direct, url: string, headers: Record<string, string> = {}) =>
  String((await answer(app, url, headers)).headers['content-security-policy']);
const coop = async (app: typeof direct, url: string, headers: Record<string, string> = {}) =>
  (await answer(app, url, headers)).headers['cross-origin-opener-policy'];

test('over plain HTTP (a LAN address) the CSP does not upgrade requests to https', async () => {
  for (const app of [direct, behindProxy])
    for (const url of ['/', '/inspector', '/healthz']) {
      const policy = await csp(app, url, { host: '192.168.1.20:3000' });
      assert.doesNotMatch(policy, /upgrade-insecure-requests/, url);
      // the rest of the policy is unchanged
      assert.match(policy, /script-src 'self'(;|$)/, url);
      assert.match(policy, /worker-src 'self' blob:/, url);
      assert.equal(await coop(app, url), undefined, url);
    }
  // the proxy's header is believed only under TRUST_PROXY
  const spoofed = await csp(direct, '/', { 'x-forwarded-proto': 'https' });
  assert.doesNotMatch(spoofed, /upgrade-insecure-requests/);
  const proxiedHttp = await csp(behindProxy, '/', { 'x-forwarded-proto': 'http' });
  assert.doesNotMatch(proxiedHttp, /upgrade-insecure-requests/);
});

test('over HTTPS (X-Forwarded-Proto from a trusted proxy) the CSP upgrades requests, once; COOP', async () => {
  for (const url of ['/', '/inspector', '/healthz']) {
    const policy = await csp(behindProxy, url, { 'x-forwarded-proto': 'https' });
    assert.equal(policy.match(/upgrade-insecure-requests/g)?.length, 1, `${url}: ${policy}`);
    assert.match(policy, /script-src 'self'(;|$)/, url);
    assert.equal(await coop(behindProxy, url, { 'x-forwarded-proto': 'https' }), 'same-origin', url);
  }
});

test('the API docs page (its own CSP) does not upgrade requests either', async () => {
  for (const url of ['/docs', '/docs/']) {
    const res = await direct.inject({ method: 'GET', url, headers: { host: '192.168.1.20:3000' } });
    assert.equal(res.statusCode, 200, url);
    const policy = String(res.headers['content-security-policy']);
    assert.match(policy, /script-src 'self'/, url);
    assert.doesNotMatch(policy, /upgrade-insecure-requests/, url);
  }
});
