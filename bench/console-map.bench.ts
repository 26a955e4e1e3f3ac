// The console map with 10,000 open cases, in Chromium (software WebGL, as in CI): time from
// navigation to the points drawn, main-thread long tasks while loading and while panning and
// zooming, and frames drawn per second during animated pans and zooms. Baseline: the same map,
// same run, with no case points (outlines only). The unclustered map (every point drawn) is
// measured too, to show what clustering buys.
//
//   npm run bench -- console-map                embedded PostgreSQL (throwaway)
//   BENCH_DATABASE_URL=postgres://… npm run bench -- console-map

import type { BrowserContext } from 'playwright-core';
import { insertBenchCases, startConsoleBench } from './console-setup.ts';
import { median, writeResult } from './lib.ts';

const POINTS = 10_000;
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : 5;
const UNCLUSTERED_RUNS = QUICK ? 1 : 3;
// Bench cases are numbered 2098xxxxxx; insertBenchCases removes a previous run's first.
const BENCH_PREFIX = '2098';

const bench = await startConsoleBench();
const { db, origin, browser } = bench;
await db.deleteFrom('cases').where('number', 'like', `${BENCH_PREFIX}%`).execute();
const session = await bench.session('leader');

interface Sample {
  loadMs: number;
  pointsBytes: number;
  loadLongTasks: number;
  loadLongTaskMs: number;
  moveLongTasks: number;
  moveLongTaskMs: number;
  moveFps: number;
  moveMaxFrameMs: number;
}

async function sample(expected: number, cluster: boolean): Promise<Sample> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.addCookies([{ name: 'xh_session', value: session, url: origin }]);
  // The page's code runs in the browser: its globals are reached through `g` (no DOM types here).
  await context.addInitScript((clusterOn: boolean) => {
    // biome-ignore lint/suspicious/noExplicitAny: browser globals
    const g = globalThis as any;
    g.localStorage.setItem(
      'xh.map.layers',
      JSON.stringify({
        district: true,
        streets: true,
        communities: true,
        cells: false,
        cases: true,
        cluster: clusterOn,
      }),
    );
    g.__longtasks = [];
    new g.PerformanceObserver((list: { getEntries(): { startTime: number; duration: number }[] }) => {
      for (const e of list.getEntries()) g.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  }, cluster);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/map`);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.waitForFunction(
      (n) =>
        performance
          .getEntriesByName('xh-map-points-rendered')
          .some((m) => (m as unknown as { detail?: { points?: number } }).detail?.points === n),
      expected,
      { timeout: 180_000, polling: 50 },
    );
  } catch (e) {
    const shown = await page
      .getByTestId('city-map')
      .getAttribute('data-points')
      .catch(() => null);
    throw new Error(`points never drawn (expected ${expected}, map shows ${shown}): ${errors.join('; ')}`, {
      cause: e,
    });
  }
  // Let any trailing work after the first drawn frame land in the load window.
  await page.waitForTimeout(500);
  const load = await page.evaluate((n) => {
    // biome-ignore lint/suspicious/noExplicitAny: browser globals
    const g = globalThis as any;
    const mark = performance
      .getEntriesByName('xh-map-points-rendered')
      .find((m) => (m as unknown as { detail?: { points?: number } }).detail?.points === n)!;
    const tasks = g.__longtasks as { start: number; duration: number }[];
    const during = tasks.filter((t) => t.start <= mark.startTime);
    const points = performance
      .getEntriesByType('resource')
      .find((r) => r.name.includes('/api/cases/points')) as { encodedBodySize: number } | undefined;
    return {
      loadMs: mark.startTime,
      pointsBytes: points?.encodedBodySize ?? 0,
      loadLongTasks: during.length,
      loadLongTaskMs: during.reduce((a, t) => a + t.duration, 0),
      mark: mark.startTime,
    };
  }, expected);

  // Animated pans and zooms, as a user dragging and scrolling around the district.
  const move = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: browser globals; the map hangs on its container
    const g = globalThis as any;
    const map = g.document.querySelector('[data-testid="city-map"]').xhMap;
    const tasks = g.__longtasks as { start: number; duration: number }[];
    const frames: number[] = [];
    const onRender = () => frames.push(performance.now());
    const animate = (fn: () => void) =>
      new Promise<void>((resolve) => {
        map.once('moveend', () => resolve());
        fn();
      });
    const start = performance.now();
    map.on('render', onRender);
    const c = map.getCenter();
    for (const [dx, dy] of [
      [300, 0],
      [0, 250],
      [-300, 0],
      [0, -250],
    ])
      await animate(() => map.panBy([dx, dy], { duration: 1000 }));
    await animate(() => map.zoomTo(map.getZoom() + 2, { duration: 800, around: c }));
    await animate(() => map.panBy([200, 150], { duration: 1000 }));
    await animate(() => map.zoomTo(map.getZoom() - 2, { duration: 800 }));
    const end = performance.now();
    map.off('render', onRender);
    await new Promise((r) => setTimeout(r, 100)); // let the observer deliver the last tasks
    const during = tasks.filter((t) => t.start >= start && t.start <= end);
    let maxGap = 0;
    for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, frames[i]! - frames[i - 1]!);
    return {
      moveFps: frames.length / ((end - start) / 1000),
      moveMaxFrameMs: maxGap,
      moveLongTasks: during.length,
      moveLongTaskMs: during.reduce((a, t) => a + t.duration, 0),
    };
  });
  await context.close();
  if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
  const { mark: _mark, ...rest } = load;
  return { ...rest, ...move };
}

async function series(
  expected: number,
  cluster: boolean,
  runs: number,
): Promise<Record<keyof Sample, number>> {
  await sample(expected, cluster); // warm-up: server caches, Chromium's shader compilation
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await sample(expected, cluster));
    const last = samples.at(-1)!;
    console.log(
      `  ${expected} points${cluster ? '' : ', unclustered'}: drawn in ${last.loadMs.toFixed(0)} ms, ${last.moveFps.toFixed(1)} fps moving`,
    );
  }
  const keys = Object.keys(samples[0]!) as (keyof Sample)[];
  return Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) as Record<
    keyof Sample,
    number
  >;
}

const openCases = async () =>
  Number(
    (
      await db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('state', 'not in', ['closed', 'rejected', 'merged'])
        .executeTakeFirstOrThrow()
    ).n,
  );

try {
  // On a fresh database the baseline map has no case points at all.
  const before = await openCases();
  console.log(`open cases before: ${before}`);
  const empty = await series(before, true, RUNS);
  await insertBenchCases(db, POINTS, {
    prefix: BENCH_PREFIX,
    states: ['reported', 'accepted', 'filed', 'dispatched', 'handling', 'checking', 'to_close', 'suspended'],
  });
  const after = await openCases();
  const clustered = await series(after, true, RUNS);
  const unclustered = await series(after, false, UNCLUSTERED_RUNS);
  writeResult(
    'console-map',
    {
      ...clustered,
      ...Object.fromEntries(Object.entries(unclustered).map(([k, v]) => [`unclustered.${k}`, v])),
    },
    empty,
  );
} finally {
  await bench.close();
}
