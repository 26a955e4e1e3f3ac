// The console's own speed, in Chromium against the real server with 10,000 open cases:
//  - first screen: navigation to the dispatcher's queue showing its first rows (cold cache), vs
//    the sign-in page (the bare shell: entry chunk only, no data) measured the same way;
//  - JavaScript for the first screen (entry + the dispatch chunk and their static imports, from
//    Vite's manifest), raw and gzip, vs all the JavaScript a single bundle would ship;
//  - scrolling a 10,000-case queue top to bottom (pages load as it scrolls): frame times and
//    long tasks, vs the same page's frames when idle, and the number of table rows in the DOM.
//
//   npm run bench -- console          (BENCH_DATABASE_URL=… for an external PostgreSQL)

import { WEB_DIST } from '../scripts/build-web.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { insertBenchCases, startConsoleBench } from './console-setup.ts';
import { median, writeResult } from './lib.ts';

const CASES = 10_000;
const RUNS = process.env.BENCH_QUICK === '1' ? 1 : 5;
const DIST = WEB_DIST;

// ---------------------------------------------------------------- JavaScript on the first screen
interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}
const manifest = (): Record<string, ManifestChunk> =>
  JSON.parse(readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8'));

function chunkClosure(keys: string[], m: Record<string, ManifestChunk>): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = m[key]!;
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return files;
}

function sizes(files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const body = readFileSync(path.join(DIST, f));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip };
}

const bench = await startConsoleBench();
const m = manifest();
const firstScreen = sizes(chunkClosure(['index.html', 'src/features/dispatch/DispatchPage.tsx'], m));
const shellOnly = sizes(chunkClosure(['index.html'], m));
const allJs = sizes(
  new Set(
    Object.values(m)
      .map((c) => c.file)
      .filter((f) => f.endsWith('.js')),
  ),
);
console.log(
  `first screen JS: ${(firstScreen.gzip / 1024).toFixed(0)} KiB gzip (${(firstScreen.raw / 1024).toFixed(0)} KiB raw); ` +
    `entry alone ${(shellOnly.gzip / 1024).toFixed(0)} KiB gzip; all chunks ${(allJs.gzip / 1024).toFixed(0)} KiB gzip`,
);

// ---------------------------------------------------------------- timings in the browser
await insertBenchCases(bench.db, CASES, { prefix: '2097', states: ['filed'] });
const session = await bench.session('dispatch');

async function firstScreenMs(pathname: string, ready: string, signedIn: boolean): Promise<number> {
  const context = await bench.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  if (signedIn) await context.addCookies([{ name: 'xh_session', value: session, url: bench.origin }]);
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${bench.origin}${pathname}`);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  const ms = performance.now() - t0;
  await context.close();
  return ms;
}

const queueRow = '[data-testid="dispatch-queue"] [data-case-id]';
await firstScreenMs('/dispatch', queueRow, true); // warm-up: server caches, Chromium start
const queueLoads: number[] = [];
const loginLoads: number[] = [];
for (let i = 0; i < RUNS; i++) {
  queueLoads.push(await firstScreenMs('/dispatch', queueRow, true));
  loginLoads.push(await firstScreenMs('/login', 'button[type=submit]', false));
  console.log(
    `  first screen: queue ${queueLoads.at(-1)!.toFixed(0)} ms, sign-in page ${loginLoads.at(-1)!.toFixed(0)} ms`,
  );
}

interface ScrollSample {
  scrollMs: number;
  frameMedianMs: number;
  frameP95Ms: number;
  frameMaxMs: number;
  longTasks: number;
  domRows: number;
  idleFrameMedianMs: number;
}

async function scrollQueue(): Promise<ScrollSample> {
  const context = await bench.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addCookies([{ name: 'xh_session', value: session, url: bench.origin }]);
  await context.addInitScript(() => {
    // biome-ignore lint/suspicious/noExplicitAny: browser globals
    const g = globalThis as any;
    g.__longtasks = [];
    new g.PerformanceObserver((list: { getEntries(): { startTime: number }[] }) => {
      for (const e of list.getEntries()) g.__longtasks.push(e.startTime);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${bench.origin}/dispatch`);
  await page.locator(queueRow).first().waitFor();
  const result = await page.evaluate(async (total: number) => {
    // biome-ignore lint/suspicious/noExplicitAny: browser globals
    const g = globalThis as any;
    const doc = g.document;
    const frame = () => new Promise<number>((r) => g.requestAnimationFrame(r));
    const deltas = async (ms: number) => {
      const out: number[] = [];
      let last = await frame();
      const end = last + ms;
      while (last < end) {
        const now = await frame();
        out.push(now - last);
        last = now;
      }
      return out;
    };
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const idle = sorted(await deltas(1000));
    const holder = doc.querySelector('[data-testid="dispatch-queue"] .ant-table-tbody-virtual-holder');
    const loaded = () => Number(doc.querySelectorAll('[data-testid="dispatch-queue"] [data-case-id]').length);
    const start = performance.now();
    const frames: number[] = [];
    let maxRows = 0;
    let last = await frame();
    // Scroll like a fast wheel: 400 px a frame; wait at the end of what is loaded until the next page arrives.
    for (;;) {
      holder.scrollTop += 400;
      const now = await frame();
      frames.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, loaded());
      const atEnd = holder.scrollTop + holder.clientHeight >= holder.scrollHeight - 2;
      const label = doc.querySelector('[data-testid="dispatch-queue"] [data-testid="queue-total"]');
      const done = label?.textContent?.includes(String(total)) && !label.textContent.includes('/');
      if (atEnd && done) break;
      if (now - start > 120_000) throw new Error('scrolling did not reach the end in 2 minutes');
    }
    const scrollMs = performance.now() - start;
    const f = sorted(frames);
    const tasks = (g.__longtasks as number[]).filter((t) => t >= start).length;
    return {
      scrollMs,
      frameMedianMs: f[Math.floor(f.length / 2)]!,
      frameP95Ms: f[Math.floor(f.length * 0.95)]!,
      frameMaxMs: f[f.length - 1]!,
      longTasks: tasks,
      domRows: maxRows,
      idleFrameMedianMs: idle[Math.floor(idle.length / 2)]!,
    };
  }, CASES);
  await context.close();
  return result;
}

const scrolls: ScrollSample[] = [];
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  scrolls.push(await scrollQueue());
  const s = scrolls.at(-1)!;
  console.log(
    `  scroll ${CASES} rows: ${(s.scrollMs / 1000).toFixed(1)} s, frames median ${s.frameMedianMs.toFixed(1)} ms / p95 ${s.frameP95Ms.toFixed(1)} ms, ${s.longTasks} long tasks, ≤ ${s.domRows} rows in the DOM`,
  );
}
const med = (k: keyof ScrollSample) => median(scrolls.map((s) => s[k]));

writeResult(
  'console',
  {
    firstScreenMs: median(queueLoads),
    firstScreenJsGzipBytes: firstScreen.gzip,
    firstScreenJsRawBytes: firstScreen.raw,
    scrollFrameMedianMs: med('frameMedianMs'),
    scrollFrameP95Ms: med('frameP95Ms'),
    scrollFrameMaxMs: med('frameMaxMs'),
    scrollLongTasks: med('longTasks'),
    scrollThrough10kMs: med('scrollMs'),
    tableRowsInDom: med('domRows'),
  },
  {
    firstScreenMs: median(loginLoads),
    firstScreenJsGzipBytes: allJs.gzip,
    firstScreenJsRawBytes: allJs.raw,
    scrollFrameMedianMs: med('idleFrameMedianMs'),
    tableRowsInDom: CASES,
  },
);
await bench.close();
