// Serving the built web apps: the staff console at /, the citizen portal at /m/, each app's
// deep links falling back to its own index.html, hashed assets cached for good, HTML never.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';

const webDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-web-'));
mkdirSync(path.join(webDir, 'm'));
mkdirSync(path.join(webDir, 'assets'));
writeFileSync(path.join(webDir, 'index.html'), '<title>console</title>');
writeFileSync(path.join(webDir, 'm/index.html'), '<title>citizen</title>');
writeFileSync(path.join(webDir, 'assets/app-1a2b3c.js'), 'console.log(1)');
const database = await createTestDatabase();
const app: FastifyInstance = await buildApp({ db: database.db, webDir, baseMap: null });
after(async () => {
  await app.close();
  await database.drop();
  rmSync(webDir, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: 'GET', url });

test('console deep links get the console page, never cached', async () => {
  for (const url of ['/', '/dispatch', '/cases/2026000001?tab=events', '/mobile']) {
    const res = await get(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(res.body, /console/, url);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
  }
});

test('citizen portal deep links get the portal page', async () => {
  for (const url of ['/m', '/m/', '/m/track/ABCD2345', '/m/map?x=1']) {
    const res = await get(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(res.body, /citizen/, url);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
  }
});

test('hashed assets are immutable; missing files and API routes are 404, not a page', async () => {
  const asset = await get('/assets/app-1a2b3c.js');
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['cache-control']), /immutable/);
  for (const url of ['/assets/gone-123.js', '/m/missing.png', '/api/nothing-here']) {
    const res = await get(url);
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().code, 'NOT_FOUND', url);
  }
});
