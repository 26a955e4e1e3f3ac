// Browser tests: the real server (buildApp + the built console) on a fresh database with the demo
// city, and Debian's Chromium driven by Playwright. Every page records console errors and
// uncaught exceptions; `done()` fails the test if there were any.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../packages/server/src/app.ts';
import { DEMO_PASSWORD, seedDemo } from '../packages/server/src/demo/seed.ts';
import { pointInArea } from '../packages/server/test/fixture.ts';
import { WEB_DIST } from '../scripts/build-web.ts';
import { launchChromium } from './chromium.ts';

const WEB_DIR = WEB_DIST;
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, 'screenshots');

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface ConsoleServer {
  url: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'];
  browser: Browser;
  /** Call the API as a demo user (to prepare cases the browser then works on). */
  api(
    username: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<any>;
  /** A WGS84 point inside the first unit cell of an area (street or community code). */
  pointIn(areaCode: string): Promise<{ lon: number; lat: number }>;
  /** A fresh browser context signed in (through the login form) as a demo user. */
  open(
    username: string | null,
    options?: {
      viewport?: { width: number; height: number };
      path?: string;
      /** Service workers are blocked unless a test is about them (they bypass page.route). */
      serviceWorkers?: 'allow' | 'block';
    },
  ): Promise<ConsolePage>;
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Problems the page reported: console errors, uncaught exceptions. */
  errors: string[];
  /** HTTP errors the test provokes on purpose (by URL part), not counted as problems. */
  expectHttpErrors(urlPart: string): void;
  screenshot(name: string): Promise<string>;
  /** Close the context and throw if the page reported problems. */
  done(): Promise<void>;
}

export async function startConsole(
  options: {
    cases?: number;
    /** The host name the browser uses (default 127.0.0.1); map it with `chromiumArgs`. */
    host?: string;
    chromiumArgs?: string[];
  } = {},
): Promise<ConsoleServer> {
  const database = await createTestDatabase();
  // The demo's photos are stored where the server reads them.
  const photoDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-e2e-photos-'));
  await seedDemo(database.db, {
    now: new Date(),
    cases: options.cases ?? 0,
    photoStorage: { dir: photoDir },
  });
  const app = await buildApp({
    db: database.db,
    publicRateLimit: 10_000,
    webDir: WEB_DIR,
    photoDir,
    databaseUrl: database.url, // the live-update hub listens on its own connection
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const browser = await launchChromium(options.chromiumArgs);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  after(async () => {
    await browser.close();
    await app.close();
    await database.drop();
    rmSync(photoDir, { recursive: true, force: true });
  });

  const cookies = new Map<string, string>();
  const login = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    const cookie = `xh_session=${res.cookies.find((c) => c.name === 'xh_session')!.value}`;
    cookies.set(username, cookie);
    return cookie;
  };
  const api: ConsoleServer['api'] = async (username, method, url, body) => {
    const send = async (cookie: string) =>
      await app.inject({
        method,
        url,
        headers: { cookie },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
    let res = await send(cookies.get(username) ?? (await login(username)));
    if (res.statusCode === 401) res = await send(await login(username)); // a test ended the sessions
    if (res.statusCode >= 400)
      throw new Error(`${method} ${url} as ${username}: ${res.statusCode} ${res.body}`);
    return res.body ? JSON.parse(res.body) : null;
  };
  const pointIn: ConsoleServer['pointIn'] = (areaCode) => pointInArea(database.db, areaCode);

  const open: ConsoleServer['open'] = async (username, opts = {}) => {
    const context = await browser.newContext({
      viewport: opts.viewport ?? DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      baseURL: url,
      reducedMotion: 'reduce',
      serviceWorkers: opts.serviceWorkers ?? 'block',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const expected: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url ?? '';
      if (msg.text().startsWith('Failed to load resource') && expected.some((e) => where.includes(e))) return;
      errors.push(`console: ${msg.text()} (${where})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    if (username) {
      await page.goto('/login');
      await page.getByLabel(/用户名|Username/).fill(username);
      await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }
    if (opts.path) await page.goto(opts.path);
    return {
      page,
      context,
      errors,
      expectHttpErrors: (part) => expected.push(part),
      screenshot: async (name) => {
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path: file, fullPage: false });
        return file;
      },
      done: async () => {
        await context.close();
        if (errors.length > 0) throw new Error(`the page reported problems:\n${errors.join('\n')}`);
      },
    };
  };
  return { url, app, db: database.db, browser, open, api, pointIn };
}
