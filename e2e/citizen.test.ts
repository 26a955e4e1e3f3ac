// The citizen portal in a real browser on a phone-sized screen: a citizen reports exposed garbage
// with a photo and the phone's position, gets a tracking code; the report is in the intake queue
// with its photo and position; staff take it through the loop with an after-photo; the citizen
// opens the tracking page, sees the after-photo and rates the result. A second report places
// the problem on the map instead. Screenshots: e2e/screenshots/citizen-*.png.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD } from '../packages/server/src/demo/seed.ts';
import { PHONE, startConsole } from './harness.ts';

const server = await startConsole({ cases: 20 });
const S2 = '310112006'; // 古美街道

async function jpeg(colour: string, gps = false): Promise<Buffer> {
  const image = sharp({ create: { width: 800, height: 600, channels: 3, background: colour } }).jpeg();
  if (gps)
    image.withExif({
      IFD0: { Make: 'CitizenPhone' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 7/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 23/1 0/1',
      },
    });
  return await image.toBuffer();
}

/** Staff upload (multipart) as a demo user; the harness api() speaks JSON only. */
async function staffUpload(username: string, data: Buffer): Promise<{ url: string }> {
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const cookie = `xh_session=${login.cookies.find((c) => c.name === 'xh_session')!.value}`;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), 'after.jpg');
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/photos',
    payload: form,
    headers: { cookie },
  });
  assert.equal(res.statusCode, 201, res.body);
  return JSON.parse(res.body);
}

/** Whether every <img> inside the selector has loaded real pixels. */
async function imagesLoaded(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      const imgs = [...document.querySelectorAll(`${sel} img`)] as HTMLImageElement[];
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0) ? imgs.length : false;
    },
    selector,
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Fill and send the report form; returns the tracking code shown. */
async function submitForm(page: Page, description: string): Promise<string> {
  await page.getByRole('button', { name: '垃圾没人清理' }).click();
  await page.getByLabel('问题描述').fill(description);
  await page.getByLabel('手机号（选填）').fill('139 0000 1234');
  await page.getByTestId('submit').click();
  const code = page.getByTestId('tracking-code');
  await code.waitFor({ timeout: 20_000 });
  return (await code.getAttribute('data-code'))!;
}

test('a citizen reports from a phone, follows the case to the fix and rates it', async () => {
  const point = await server.pointIn(S2);
  const p = await server.open(null, { viewport: PHONE, path: '/m/' });
  const { page, context } = p;
  await context.grantPermissions(['geolocation'], { origin: server.url });
  await context.setGeolocation({ longitude: point.lon, latitude: point.lat, accuracy: 12 });

  await page.getByTestId('start-report').waitFor();
  await p.screenshot('citizen-home');
  await page.getByTestId('start-report').click();

  // 1. A photo with a GPS position in its EXIF, uploaded at once.
  await page.getByTestId('photo-input').setInputFiles({
    name: 'IMG_2001.jpg',
    mimeType: 'image/jpeg',
    buffer: await jpeg('#7a5', true),
  });
  await imagesLoaded(page, '[data-testid="photo-slot"]');
  await page.getByText('上传中…').waitFor({ state: 'detached' });
  // 2. The phone's position.
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await page.getByTestId('place').getByText('已定位（约 12 米内）').waitFor();
  await p.screenshot('citizen-form');
  // 3–4. What it is, a few words, a phone number for the call back.
  const code = await submitForm(page, '小区门口垃圾堆了好几天');
  assert.match(code, /^[2-9A-HJ-NP-Z]{10}$/);
  await p.screenshot('citizen-code');

  // In the intake queue with its photo and position.
  const queue = await server.api('intake', 'GET', '/api/cases?source=citizen_app&state=reported');
  const mine = queue.items.filter((c: { description: string }) => c.description === '小区门口垃圾堆了好几天');
  assert.equal(mine.length, 1);
  const c = mine[0];
  assert.equal(c.classCode, '06010');
  assert.ok(Math.abs(c.location.lon - point.lon) < 1e-6 && Math.abs(c.location.lat - point.lat) < 1e-6);
  assert.equal(c.photos.length, 1);
  const detail = await server.api('intake', 'GET', `/api/cases/${c.id}`);
  assert.equal(detail.reporter.phone, '13900001234');

  // Staff: accept, file, dispatch, sign, report back with an after-photo, check, close.
  await server.api('intake', 'POST', `/api/cases/${c.id}/accept`, {});
  await server.api('shift', 'POST', `/api/cases/${c.id}/file`, {});
  const units = await server.api('dispatch', 'GET', `/api/lookups/dispatch-units?caseId=${c.id}`);
  const sanitation = units.find((u: { code: string }) => u.code === 'sanitation');
  await server.api('dispatch', 'POST', `/api/cases/${c.id}/dispatch`, { unitId: sanitation.id });
  await server.api('sanitation', 'POST', `/api/cases/${c.id}/sign`, {});
  const after = await staffUpload('sanitation', await jpeg('#48c'));
  const back = await server.api('sanitation', 'POST', `/api/cases/${c.id}/report-back`, {
    reason: '已清运',
    photos: [{ url: after.url }],
  });
  const inspector = await server.db
    .selectFrom('users')
    .select('username')
    .where('id', '=', back.assigneeUserId)
    .executeTakeFirstOrThrow();
  await server.api(inspector.username, 'POST', `/api/cases/${c.id}/check-pass`, {});
  await server.api('shift', 'POST', `/api/cases/${c.id}/close`, {});

  // The citizen comes back later: "我的上报" on the home screen → the tracking page.
  await page.goto('/m/');
  await page.getByTestId('my-reports').getByText('已办结').waitFor();
  await page.getByTestId('my-reports').getByRole('link').first().click();
  await page.locator('[data-testid="track"][data-stage="closed"]').waitFor();
  assert.equal(await imagesLoaded(page, '[data-testid="after-photos"]'), 1, 'the after-photo shows');
  await page.getByText('闵行区环境卫生管理所 处理完毕').waitFor();
  await p.screenshot('citizen-fixed');
  // the facts' labels (提交时间, 地址, 处理单位) keep one line on a phone, whatever the value beside them
  const wrapped = await page.evaluate(() =>
    [...document.querySelectorAll('.c-facts dt')]
      .filter(
        (dt) => dt.getBoundingClientRect().height > Number.parseFloat(getComputedStyle(dt).lineHeight) * 1.5,
      )
      .map((dt) => dt.textContent),
  );
  assert.deepEqual(wrapped, [], 'labels wrapped');

  await page.getByRole('button', { name: '满意', exact: true }).click();
  await page.getByLabel('想说的话（选填）').fill('处理得很快，谢谢');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByTestId('rated').getByText('感谢评价：满意').waitFor();
  await p.screenshot('citizen-rated');
  const closed = await server.api('intake', 'GET', `/api/cases/${c.id}`);
  assert.equal(closed.state, 'closed');
  assert.equal(closed.satisfaction, 'satisfied');
  await p.done();
});

test('a report placed on the map; the public map and English', async () => {
  const point = await server.pointIn(S2);
  const p = await server.open(null, { viewport: PHONE, path: '/m/report' });
  const { page, context } = p;
  await context.grantPermissions(['geolocation'], { origin: server.url });
  await context.setGeolocation({ longitude: point.lon, latitude: point.lat, accuracy: 30 });

  // GPS first (so the map opens there), then adjust by tapping the map a little to the east.
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await page.getByTestId('place').waitFor();
  await page.getByRole('button', { name: '在地图上选' }).click();
  const map = page.getByTestId('place-map');
  await map.locator('canvas').waitFor();
  await page.waitForFunction(() => {
    const m = (document.querySelector('[data-testid="place-map"]') as any)?.xhMap;
    return m?.loaded() && m.getZoom() > 15;
  });
  const box = (await map.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2 + 10, box.y + box.height / 2);
  await p.screenshot('citizen-picker');
  await page.getByTestId('confirm-place').click();
  await page.getByTestId('place').getByText('已在地图上选定位置').waitFor();
  const code = await submitForm(page, '地图上选的位置');
  const queue = await server.api('intake', 'GET', '/api/cases?source=citizen_app');
  const c = queue.items.find((x: { description: string }) => x.description === '地图上选的位置');
  assert.ok(c, 'the map-placed report is in the queue');
  assert.ok(c.location.lon > point.lon, 'a little east of the GPS fix');
  assert.ok(Math.abs(c.location.lon - point.lon) < 0.001 && Math.abs(c.location.lat - point.lat) < 0.0005);

  // The public map shows open and fixed problems; the page in English.
  await page.goto('/m/map');
  await page
    .getByTestId('map-summary')
    .getByText(/处理中 \d+ 个/)
    .waitFor({ timeout: 20_000 });
  await p.screenshot('citizen-map');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.goto(`/m/t/${code}`);
  await page.getByText('Rubbish left lying around').waitFor();
  await p.screenshot('citizen-track-en');
  await p.done();
});
