// What the browser benchmarks share: a database (throwaway embedded, or BENCH_DATABASE_URL) with
// the demo city, the built console served by the real server, a signed-in session, Chromium, and
// a plain-SQL loader for many open cases.

import { WEB_DIST } from '../scripts/build-web.ts';
import type { CaseRow, Db } from '@xiuhua/db';
import { buildApp, DEMO_PASSWORD } from '@xiuhua/server';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { buildWeb } from '../scripts/build-web.ts';
import { openBenchDatabase } from './database.ts';

const WEB_DIR = WEB_DIST;

export interface ConsoleBench {
  db: Db;
  origin: string;
  browser: Browser;
  /** A session cookie value for a demo user. */
  session(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleBench(): Promise<ConsoleBench> {
  const { db, url, close: closeDb } = await openBenchDatabase({ max: 8 });
  await buildWeb({ quiet: true });
  const app = await buildApp({
    db,
    publicRateLimit: 1_000_000,
    webDir: WEB_DIR,
    baseMap: null,
    databaseUrl: url,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  return {
    db,
    origin,
    browser,
    session: async (username) => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      return login.cookies.find((c) => c.name === 'xh_session')!.value;
    },
    close: async () => {
      await browser.close();
      await app.close();
      await closeDb();
    },
  };
}

/**
 * Insert n cases spread over the demo city's cells with plain SQL (no events: these are load, not
 * history). Numbers start with `prefix` so a later run can delete them first.
 */
export async function insertBenchCases(
  db: Db,
  n: number,
  options: { prefix: string; states: readonly CaseRow['state'][]; colours?: readonly CaseRow['colour'][] },
): Promise<void> {
  await db.deleteFrom('cases').where('number', 'like', `${options.prefix}%`).execute();
  const cells = await db.selectFrom('grid_cells').select(['code', 'community_code', 'geometry']).execute();
  const cls = await db
    .selectFrom('catalogue_classes')
    .select(['id', 'kind', 'code', 'urgency'])
    .where('code', '=', '06010')
    .where('superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  const areas = await db.selectFrom('areas').select(['code', 'path', 'area_class']).execute();
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const colours: readonly CaseRow['colour'][] = options.colours ?? [
    'blue',
    'blue',
    'blue',
    'yellow',
    'orange',
    'red',
    'red',
  ];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const now = Date.now();
  const rows = Array.from({ length: n }, (_, i) => {
    const cell = cells[Math.floor(rnd() * cells.length)]!;
    const ring = (cell.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const [w, e, s, nn] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const community = byCode.get(cell.community_code)!;
    const state = options.states[i % options.states.length]!;
    return {
      number: `${options.prefix}${String(i + 1).padStart(6, '0')}`,
      source: 'inspector',
      kind: cls.kind,
      class_id: cls.id,
      class_code: cls.code,
      description: `基准案件 ${i + 1}`,
      lon: w + (e - w) * (0.1 + 0.8 * rnd()),
      lat: s + (nn - s) * (0.1 + 0.8 * rnd()),
      cell_code: cell.code,
      community_code: cell.community_code,
      street_code: cell.community_code.slice(0, 9),
      district_code: cell.community_code.slice(0, 6),
      area_path: community.path,
      area_class: community.area_class,
      photos: JSON.stringify([]),
      urgency: cls.urgency,
      level: 'street' as const,
      state,
      step: null,
      colour: state === 'suspended' ? null : colours[Math.floor(rnd() * colours.length)]!,
      due_at: new Date(now + Math.floor((rnd() - 0.3) * 5 * 86_400_000)),
      reported_at: new Date(now - Math.floor(rnd() * 30 * 86_400_000)),
      updated_at: new Date(now),
    };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('cases')
      .values(rows.slice(i, i + 1000))
      .execute();
}
