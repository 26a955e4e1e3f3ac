// The city map in a real browser: it draws with no tile or font server, its layers switch on and
// off, the seeded open cases appear as points (clustered), filters refetch them, a click on a case
// opens its popup and the popup's link opens the case, and it fits a phone.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { OPEN_STATES } from '@xiuhua/domain/workflow';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { wgs84ToGcj02 } from '../packages/web/src/features/map/gcj02.ts';
import { type ConsolePage, PHONE, startConsole } from './harness.ts';

const server = await startConsole({ cases: 120 });

const MAP = '[data-testid="city-map"]';

/** Wait until the map has drawn the case points it was given; returns how many. */
async function pointsRendered(page: Page, expected?: number): Promise<number> {
  await page.locator(`${MAP} canvas`).waitFor();
  const handle = await page.waitForFunction(
    ([sel, n]) => {
      const v = (document.querySelector(sel) as HTMLElement | null)?.dataset.points;
      if (v === undefined) return false;
      return n === null || Number(v) === n ? Number(v) : false;
    },
    [MAP, expected ?? null] as const,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Resolves after the map's next idle frame (all sources loaded, nothing moving). */
async function idle(page: Page): Promise<void> {
  await page.evaluate(
    (sel) =>
      new Promise<void>((resolve) => {
        const map = (document.querySelector(sel) as any).xhMap;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
    MAP,
  );
}

/** How many features of these style layers are drawn right now. */
async function rendered(page: Page, layers: string[]): Promise<number> {
  await idle(page);
  return await page.evaluate(
    ([sel, ids]) => {
      const map = (document.querySelector(sel) as any).xhMap;
      return map.queryRenderedFeatures({ layers: ids }).length as number;
    },
    [MAP, layers] as const,
  );
}

async function apiCount(p: ConsolePage, query: string): Promise<number> {
  return await p.page.evaluate(async (q) => {
    const res = await fetch(`/api/cases/points?${q}&limit=20000`);
    return ((await res.json()) as { features: unknown[] }).features.length;
  }, query);
}

const openQuery = OPEN_STATES.map((s) => `state=${s}`).join('&');

test('the map draws the areas and every open case with no tile or font server', async () => {
  const p = await server.open('leader', { path: '/map' });
  const foreign: string[] = [];
  p.page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
      foreign.push(r.url());
  });
  const shown = await pointsRendered(p.page);
  const open = await server.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirstOrThrow();
  assert.ok(Number(open.n) > 20, `the demo has open cases (${open.n})`);
  // The leader sees the whole city: every open case is on the map.
  assert.equal(shown, Number(open.n));
  assert.equal(await apiCount(p, openQuery), shown);
  await p.page.getByTestId('map-status').getByText(`地图显示 ${shown} 件`).waitFor();

  assert.ok((await rendered(p.page, ['district-line'])) > 0, 'district outline drawn');
  assert.ok((await rendered(p.page, ['streets-line'])) > 0, 'street outlines drawn');
  assert.ok((await rendered(p.page, ['streets-label'])) > 0, 'street names drawn with local fonts');
  assert.ok((await rendered(p.page, ['case-clusters', 'case-points'])) > 0, 'case points drawn');
  // Legend names every warning colour.
  for (const label of ['正常', '黄灯', '橙灯', '红灯（超时）']) {
    await p.page.getByTestId('map-legend').getByText(label, { exact: true }).waitFor();
  }
  await p.screenshot('map');
  assert.deepEqual(foreign, [], 'nothing fetched from another origin');
  await p.done();
});

test('layers switch on and off; clustering too; unit cells load when zoomed in', async () => {
  const p = await server.open('leader', { path: '/map' });
  const shown = await pointsRendered(p.page);
  const panel = p.page.getByTestId('layer-panel');

  await panel.getByText('街道', { exact: true }).click();
  assert.equal(await rendered(p.page, ['streets-line', 'streets-label']), 0, 'streets hidden');
  assert.match((await p.page.locator(MAP).getAttribute('data-layers')) ?? '', /^district,communities,cases$/);
  await panel.getByText('街道', { exact: true }).click();
  assert.ok((await rendered(p.page, ['streets-line'])) > 0, 'streets back');

  await panel.getByText('案件', { exact: true }).click();
  assert.equal(await rendered(p.page, ['case-clusters', 'case-points']), 0, 'cases hidden');
  await panel.getByText('案件', { exact: true }).click();
  assert.ok((await rendered(p.page, ['case-clusters', 'case-points'])) > 0, 'cases back');

  // Unclustered, every case is its own point; clustered again, some are grouped.
  await panel.getByText('聚合显示', { exact: true }).click();
  let single = 0;
  for (let i = 0; i < 20 && single !== shown; i++) single = await rendered(p.page, ['case-points']);
  assert.equal(single, shown, 'every case drawn on its own');
  assert.equal(await rendered(p.page, ['case-clusters']), 0);
  await panel.getByText('聚合显示', { exact: true }).click();
  let clusters = 0;
  for (let i = 0; i < 20 && clusters === 0; i++) clusters = await rendered(p.page, ['case-clusters']);
  assert.ok(clusters > 0, 'clustered again');

  // Cells: none at the district view, a hint instead; zoomed in, the cells of the streets in view.
  await panel.getByText('单元网格', { exact: true }).click();
  await panel.getByText(/放大地图或选择街道/).waitFor();
  assert.equal(await rendered(p.page, ['cells-line']), 0);
  const cellsLoaded = p.page.waitForResponse((r) => r.url().includes('/api/grid/cells?areaCode='));
  await p.page.evaluate((sel) => {
    const map = (document.querySelector(sel) as any).xhMap;
    map.jumpTo({ center: map.getCenter(), zoom: 15 });
  }, MAP);
  await cellsLoaded;
  await p.page.waitForFunction(
    (sel) =>
      ((document.querySelector(sel) as any).xhMap.getSource('cells')._data?.geojson?.features?.length ?? 1) >
      0,
    MAP,
  );
  let cells = 0;
  for (let i = 0; i < 20 && cells === 0; i++) {
    cells = await rendered(p.page, ['cells-line']);
    if (cells === 0) await p.page.waitForTimeout(200);
  }
  assert.ok(cells > 0, 'cells drawn when zoomed in');
  // The choice is remembered for the next visit.
  const stored = await p.page.evaluate(() => JSON.parse(localStorage.getItem('xh.map.layers') ?? '{}'));
  assert.equal(stored.cells, true);
  await p.done();
});

test('filters refetch the points: red only, then one street', async () => {
  const p = await server.open('leader', { path: '/map' });
  await pointsRendered(p.page);
  const red = await apiCount(p, `${openQuery}&colour=red`);
  await p.page.getByLabel('预警').click();
  await p.page.locator('.ant-select-item-option', { hasText: '红灯（超时）' }).click();
  await p.page.keyboard.press('Escape');
  assert.equal(await pointsRendered(p.page, red), red);

  await p.page.getByTestId('map-reset').click();
  const street = '310112001';
  const inStreet = await apiCount(p, `${openQuery}&areaCode=${street}`);
  assert.ok(inStreet > 0);
  await p.page.getByLabel('区域').click();
  await p.page.getByLabel('区域').fill('江川路');
  await p.page.locator('.ant-select-tree-node-content-wrapper', { hasText: '江川路街道' }).first().click();
  assert.equal(await pointsRendered(p.page, inStreet), inStreet);
  await p.done();
});

test('a click on a case point opens its popup, whose link opens the case', async () => {
  const p = await server.open('leader', { path: '/map' });
  await pointsRendered(p.page);
  // Zoom in on one case until it stands alone, then click it where it is drawn.
  const target = await p.page.evaluate(async () => {
    const res = await fetch('/api/cases/points?state=handling&state=dispatched&state=filed&limit=1');
    return (
      (await res.json()) as {
        features: { geometry: { coordinates: number[] }; properties: { id: number; number: string } }[];
      }
    ).features[0]!;
  });
  await p.page.evaluate(
    ([sel, c]) => {
      (document.querySelector(sel) as any).xhMap.jumpTo({ center: c, zoom: 18 });
    },
    [MAP, target.geometry.coordinates] as const,
  );
  await idle(p.page);
  const pixel = await p.page.evaluate(
    ([sel, id]) => {
      const map = (document.querySelector(sel) as any).xhMap;
      const f = map
        .queryRenderedFeatures({ layers: ['case-points'] })
        .find((x: any) => x.properties.id === id);
      if (!f) return null;
      const pt = map.project(f.geometry.coordinates);
      return { x: pt.x, y: pt.y };
    },
    [MAP, target.properties.id] as const,
  );
  assert.ok(pixel, 'the case is drawn as a single point at zoom 18');
  const box = (await p.page.locator(MAP).boundingBox())!;
  await p.page.mouse.click(box.x + pixel.x, box.y + pixel.y);
  const popup = p.page.getByTestId('case-popup');
  await popup.waitFor();
  assert.equal(await popup.getAttribute('data-case-id'), String(target.properties.id));
  await popup.getByText(target.properties.number).waitFor();
  await popup.getByText('案件类别').waitFor();
  await p.screenshot('map-popup');
  await popup.getByTestId('popup-open').click();
  await p.page.waitForURL((u) => u.pathname === `/cases/${target.properties.id}`);
  await p.done();
});

test('on a phone the map fills the screen, filters and layers fold away', async () => {
  const p = await server.open('leader', { path: '/map', viewport: PHONE });
  await pointsRendered(p.page);
  const box = (await p.page.locator(MAP).boundingBox())!;
  assert.ok(box.width >= 280 && box.height > 350, `map is ${box.width}×${box.height}`);
  assert.equal(await p.page.getByTestId('layer-panel').count(), 0, 'layer panel folded');
  await p.page.getByRole('button', { name: /图\s*层/ }).click();
  await p.page.getByTestId('layer-panel').waitFor();
  await p.page.getByRole('button', { name: /筛\s*选/ }).click();
  await p.page.getByTestId('map-filters').waitFor();
  await p.screenshot('map-phone');
  await p.done();
});

test('a street office sees only its own cases, and English labels on switching language', async () => {
  const p = await server.open('s1-chief', { path: '/map' });
  const shown = await pointsRendered(p.page);
  assert.equal(shown, await apiCount(p, openQuery));
  const all = await server.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirstOrThrow();
  assert.ok(shown < Number(all.n), `a street sees part of the city (${shown} of ${all.n})`);
  await p.page.getByTestId('lang-switch').click();
  await p.page.getByTestId('layer-panel').getByText('Unit cells').waitFor();
  await p.page.getByTestId('map-status').getByText(`${shown} cases on the map`).waitFor();
  await p.done();
});

// A configured raster base map in GCJ02 (as AMap or Tencent tiles are): the tiles load from their
// own origin (allowed by the CSP, else the console reports a violation), and case points are
// shifted onto them.
const tilePng = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#e9eef3' } })
  .png()
  .toBuffer();
let tileRequests = 0;
const tileServer = createServer((_req, res) => {
  tileRequests++;
  res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
  res.end(tilePng);
});
await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
after(() => tileServer.close());
const tilePort = (tileServer.address() as AddressInfo).port;
process.env.BASEMAP_URL = `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png`;
process.env.BASEMAP_CRS = 'GCJ02';
process.env.BASEMAP_ATTRIBUTION = '© 测试底图';
const withBaseMap = await startConsole({ cases: 20 });
delete process.env.BASEMAP_URL;
delete process.env.BASEMAP_CRS;
delete process.env.BASEMAP_ATTRIBUTION;

test('a GCJ02 base map loads from its own origin and the points are shifted onto it', async () => {
  const p = await withBaseMap.open('leader', { path: '/map' });
  await pointsRendered(p.page);
  assert.ok(tileRequests > 0, 'tiles were fetched');
  await p.page.getByText('© 测试底图').waitFor({ state: 'attached' });
  const { drawn, stored } = await p.page.evaluate(async (sel) => {
    const res = await fetch('/api/cases/points?limit=1');
    const f = (
      (await res.json()) as {
        features: { geometry: { coordinates: number[] }; properties: { id: number } }[];
      }
    ).features[0]!;
    const map = (document.querySelector(sel) as any).xhMap;
    const source = map.getSource('cases');
    const leaves = (await source.getData()) as {
      features: { geometry: { coordinates: number[] }; properties: { id: number } }[];
    };
    const mine = leaves.features.find((x) => x.properties.id === f.properties.id)!;
    return { drawn: mine.geometry.coordinates, stored: f.geometry.coordinates };
  }, MAP);
  const expected = wgs84ToGcj02(stored[0]!, stored[1]!);
  assert.ok(
    Math.abs(drawn[0]! - expected[0]) < 1e-9 && Math.abs(drawn[1]! - expected[1]) < 1e-9,
    `${drawn} vs ${expected}`,
  );
  assert.ok(Math.abs(drawn[0]! - stored[0]!) > 0.002, 'shifted by a few hundred metres');
  await p.screenshot('map-basemap');
  await p.done();
});
