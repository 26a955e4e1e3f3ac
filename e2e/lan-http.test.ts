// The apps over plain HTTP on a LAN-style address, as handlers and inspectors open them on their
// phones (http://192.168.x.x:3000): a host name that is not localhost, so the page is not a secure
// context — no geolocation, no service worker, no crypto.randomUUID. The console, the inspector
// app and the citizen portal must render and work: reports placed on the map, no console error.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { PHONE, startConsole } from './harness.ts';

const HOST = 'xiuhua.test';
const server = await startConsole({
  host: HOST,
  // the browser resolves the name to this machine, as a phone resolves a LAN address
  chromiumArgs: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
});
const S1 = '310112001'; // 江川路街道, inspector1's street
const S2 = '310112006'; // 古美街道

const INSECURE = '当前为非安全连接（HTTP），无法自动定位，请在地图上选点';

async function jpeg(colour: string) {
  return await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

/** The page really is plain HTTP on the LAN name, not a secure context, with no service worker. */
async function assertInsecure(page: Page) {
  const seen = await page.evaluate(() => ({
    host: location.hostname,
    protocol: location.protocol,
    secure: window.isSecureContext,
    serviceWorker: 'serviceWorker' in navigator,
    randomUUID: typeof crypto.randomUUID,
  }));
  assert.deepEqual(seen, {
    host: HOST,
    protocol: 'http:',
    secure: false,
    serviceWorker: false,
    randomUUID: 'undefined',
  });
}

/** Zoom the map (found on its element) to a point, then tap it there. */
async function tapOnMap(page: Page, testId: string, point: { lon: number; lat: number }) {
  const selector = `[data-testid="${testId}"]`;
  await page.waitForFunction((sel) => {
    const map = (document.querySelector(sel) as (HTMLElement & { xhMap?: any }) | null)?.xhMap;
    // loaded, with its own layers drawn (the picker fits itself to the cells once they arrive)
    return map?.loaded() && map.getStyle().layers.length > 1;
  }, selector);
  await page.evaluate(
    ([sel, p]) => {
      const map = (document.querySelector(sel as string) as HTMLElement & { xhMap: any }).xhMap;
      map.jumpTo({ center: [(p as any).lon, (p as any).lat], zoom: 17 });
    },
    [selector, point] as const,
  );
  const at = await page.evaluate(
    ([sel, p]) => {
      const map = (document.querySelector(sel as string) as HTMLElement & { xhMap: any }).xhMap;
      return map.project([(p as any).lon, (p as any).lat]) as { x: number; y: number };
    },
    [selector, point] as const,
  );
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
}

async function casesWith(description: string) {
  return await server.db.selectFrom('cases').selectAll().where('description', '=', description).execute();
}

test('the console renders over plain HTTP on a LAN name (no upgrade to https)', async () => {
  const p = await server.open('intake', { serviceWorkers: 'allow' });
  assert.equal(new URL(p.page.url()).pathname, '/intake');
  await assertInsecure(p.page);
  const me = await server.api('intake', 'GET', '/api/auth/me');
  await p.page.getByText(me.unit.name).first().waitFor();
  await p.screenshot('lan-console');
  await p.done();
});

test('inspector app over HTTP: no GPS, so the report is placed on the map and sent', async () => {
  const point = await server.pointIn(S1);
  const app = await server.open('inspector1', { viewport: PHONE, serviceWorkers: 'allow' });
  const { page } = app;
  assert.equal(new URL(page.url()).pathname, '/inspector');
  await assertInsecure(page);
  // once, unobtrusively: offline use needs HTTPS
  await page.getByTestId('https-note').getByText('离线使用需要 HTTPS 连接').waitFor();

  // On duty: the track cannot be recorded, and the app says why in its own words.
  await page.getByTestId('duty-switch').click();
  await page
    .getByTestId('duty-gps-problem')
    .getByText('当前为非安全连接（HTTP）', { exact: false })
    .waitFor();
  await page.getByTestId('duty-switch').click();
  await page.locator('[data-testid="duty-bar"][data-on-duty="false"]').waitFor();

  await page.getByRole('tab', { name: '上报' }).click();
  const form = page.getByTestId('report-form');
  await form.getByTestId('report-gps-problem').getByText(INSECURE).waitFor();
  assert.equal(
    await form.getByRole('button', { name: /重新定位/ }).count(),
    0,
    'no GPS button that cannot work',
  );
  await form.getByTestId('report-photo-input').setInputFiles({
    name: 'lan.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg('#5a7'),
  });
  await form.getByTestId('report-photo').first().waitFor();
  // the map picker is already open
  await tapOnMap(page, 'map-picker', point);
  await form.locator('[data-testid="report-position"][data-source="map"]').waitFor();
  await form.locator('[data-testid="quick-class"][data-code="06010"]').click();
  const description = '局域网 HTTP 上报：路口暴露垃圾';
  await form.getByLabel('问题描述').fill(description);
  await app.screenshot('lan-inspector-report');
  await form.getByTestId('report-submit').click();
  await page
    .locator('[data-testid="outbox-item"][data-kind="report"][data-status="sent"]')
    .filter({ hasText: description })
    .waitFor({ timeout: 30_000 });

  const cases = await casesWith(description);
  assert.equal(cases.length, 1);
  const [c] = cases;
  assert.equal(c!.source, 'inspector');
  assert.equal(c!.photos.length, 1);
  assert.ok(
    Math.abs(c!.lon - point.lon) < 0.0002 && Math.abs(c!.lat - point.lat) < 0.0002,
    'where it was tapped',
  );
  await app.done();
});

test('citizen portal over HTTP: a report placed on the map gets its tracking code', async () => {
  const point = await server.pointIn(S2);
  const p = await server.open(null, { viewport: PHONE, path: '/m/', serviceWorkers: 'allow' });
  const { page } = p;
  await assertInsecure(page);
  await page.getByTestId('https-note').getByText('离线使用需要 HTTPS 连接').waitFor();
  await page.getByTestId('start-report').click();

  await page.getByTestId('gps-blocked').getByText(INSECURE).waitFor();
  assert.equal(await page.getByRole('button', { name: '使用我的位置' }).count(), 0);
  await page.getByTestId('photo-input').setInputFiles({
    name: 'IMG_3001.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg('#a75'),
  });
  await page.getByText('上传中…').waitFor({ state: 'detached', timeout: 15_000 });
  await page.getByRole('button', { name: '在地图上选' }).click();
  await tapOnMap(page, 'place-map', point);
  await page.getByTestId('confirm-place').click();
  await page.getByTestId('place').getByText('已在地图上选定位置').waitFor();

  const description = '局域网 HTTP：小区门口垃圾';
  await page.getByRole('button', { name: '垃圾没人清理' }).click();
  await page.getByLabel('问题描述').fill(description);
  await p.screenshot('lan-citizen-form');
  await page.getByTestId('submit').click();
  const code = await page.getByTestId('tracking-code').getAttribute('data-code', { timeout: 20_000 });
  assert.match(code ?? '', /^[2-9A-HJ-NP-Z]{10}$/);

  const [c] = await casesWith(description);
  assert.ok(c, 'the report is a case');
  assert.equal(c.source, 'citizen_app');
  assert.equal(c.photos.length, 1);
  assert.ok(
    Math.abs(c.lon - point.lon) < 0.0002 && Math.abs(c.lat - point.lat) < 0.0002,
    'where it was tapped',
  );
  // the note was said once: not again on this phone
  await page.goto('/m/');
  await page.getByTestId('start-report').waitFor();
  assert.equal(await page.getByTestId('https-note').count(), 0);
  await p.done();
});
