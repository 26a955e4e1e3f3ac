// A real server on a real (fresh) database for API tests: the demo city without its cases, a
// manual clock, and helpers to sign in as the demo users.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { Database } from '@xiuhua/db';
import { createTestDatabase } from '@xiuhua/db/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/demo/seed.ts';

export interface TestServer {
  app: FastifyInstance;
  clock: ManualClock;
  db: FastifyInstance['services']['db'];
  /** Stops the server and drops its database now (otherwise after the file's tests). */
  close(): Promise<void>;
  /** This server's own photo directory (removed after the tests). */
  photoDir: string;
  /** Cookie header for a demo user (see README for the usernames). */
  as(username: string): Promise<{ cookie: string }>;
  /** A WGS84 point inside the first unit cell whose code starts with areaCode (street, community, cell). */
  pointIn(areaCode: string): Promise<{ lon: number; lat: number }>;
  /** Request helper: JSON in, { status, body } out. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { as?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  /** A case action (`accept`, `report-back` or `report_back` …) that must succeed (200); the case after it. */
  act(as: string, caseId: number, action: string, body?: Record<string, unknown>): Promise<any>;
  /** How many rows a table has now (to check that a refused request wrote nothing). */
  count(table: keyof Database): Promise<number>;
}

/** An after-photo for a report-back: most classes need one (the catalogue's `reportBackPhoto`). */
export const AFTER_PHOTOS = [{ url: '/photos/after.jpg', caption: '处置后' }];

/** 2026-09-28 is a Monday; tests move the clock from there. */
export const MONDAY_0900 = '2026-09-28T01:00:00.000Z';

export async function startTestServer(options: { now?: string } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const clock = new ManualClock(options.now ?? MONDAY_0900);
  await seedDemo(database.db, { now: clock.now(), cases: 0 });
  // Sessions long enough for tests that move the clock by days.
  const photoDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-photos-'));
  const app = await buildApp({
    db: database.db,
    clock,
    publicRateLimit: 10_000,
    sessionHours: 24 * 365 * 5,
    photoDir,
    databaseUrl: database.url,
  });
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await app.close();
      await database.drop();
      rmSync(photoDir, { recursive: true, force: true });
    })();
    return closed;
  };
  after(close);
  const cookies = new Map<string, string>();
  const as = async (username: string) => {
    let cookie = cookies.get(username);
    if (!cookie) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === 'xh_session');
      cookie = `xh_session=${set!.value}`;
      cookies.set(username, cookie);
    }
    return { cookie };
  };
  const call: TestServer['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.cookie = (await as(opts.as)).cookie;
    const res = await app.inject({
      method,
      url,
      headers,
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      // not JSON
    }
    return { status: res.statusCode, body };
  };
  const pointIn = (areaCode: string) => pointInArea(database.db, areaCode);
  const act: TestServer['act'] = async (as, caseId, action, body = {}) => {
    const res = await call('POST', `/api/cases/${caseId}/${action.replaceAll('_', '-')}`, { as, body });
    assert.equal(res.status, 200, `${as} ${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const count = async (table: keyof Database) => {
    const { n } = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  return { app, clock, db: database.db, close, photoDir, as, call, pointIn, act, count };
}

/** A new integration account (another system's user, in the supervision centre); its id. */
export async function createIntegrationAccount(s: TestServer, username: string): Promise<number> {
  const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number; code: string }[];
  const res = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username,
      displayName: username,
      password: DEMO_PASSWORD,
      unitId: units.find((u) => u.code === 'supervision')!.id,
      roles: ['integration'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** An API key for the user, issued by the admin; `integration` binds it (integration accounts). */
export async function issueApiKey(s: TestServer, userId: number, integration?: string): Promise<string> {
  const res = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId, name: `key ${integration ?? 'staff'}`, ...(integration ? { integration } : {}) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.key;
}

/** A WGS84 point inside the first unit cell whose code starts with areaCode (the centre of its box). */
export async function pointInArea(
  db: TestServer['db'],
  areaCode: string,
): Promise<{ lon: number; lat: number }> {
  const cell = await db
    .selectFrom('grid_cells')
    .select('geometry')
    .where('code', 'like', `${areaCode}%`)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const ring = (cell.geometry as { coordinates: number[][][] }).coordinates[0]!;
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return {
    lon: (Math.min(...lons) + Math.max(...lons)) / 2,
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
  };
}
