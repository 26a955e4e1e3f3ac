// The inspector's phone app on a weak network, in a real browser (390×844, GPS granted):
// reports made with the network cut wait in the outbox and are sent once it returns — exactly
// once, even when the server's answer is lost on the way back and when two tabs sync at once;
// patrol points recorded offline reach the server; a supervisor sees the track. Then the
// service worker: the app opens with no network at all.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { PHONE, startConsole } from './harness.ts';

const server = await startConsole();
const S1 = '310112001';
const here = await server.pointIn(S1);
const inspector1 = (await server.api('admin', 'GET', '/api/users')).find(
  (u: any) => u.username === 'inspector1',
);

async function photo(colour: string, name: string) {
  const buffer = await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

async function casesWith(description: string) {
  return await server.db.selectFrom('cases').selectAll().where('description', '=', description).execute();
}

async function patrolPoints(userId: number) {
  return await server.db
    .selectFrom('patrol_points')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('at')
    .execute();
}

/** Put the phone somewhere (metres east and north of the test point). */
async function moveTo(context: BrowserContext, east: number, north: number) {
  await context.setGeolocation({
    longitude: here.lon + east / (111_320 * Math.cos((here.lat * Math.PI) / 180)),
    latitude: here.lat + north / 110_574,
    accuracy: 12,
  });
}

const outboxItem = (page: Page, description: string) =>
  page.locator('[data-testid="outbox-item"][data-kind="report"]').filter({ hasText: description });

async function report(
  page: Page,
  description: string,
  file: Awaited<ReturnType<typeof photo>>,
  screenshot?: () => Promise<unknown>,
) {
  await page.getByRole('tab', { name: '上报' }).click();
  const form = page.getByTestId('report-form');
  await form.getByTestId('report-position').filter({ hasText: '±12' }).waitFor();
  await form.getByTestId('report-photo-input').setInputFiles(file);
  await form.getByTestId('report-photo').first().waitFor();
  await form.locator('[data-testid="quick-class"][data-code="06010"]').click();
  await form.getByLabel('问题描述').fill(description);
  await screenshot?.();
  await form.getByTestId('report-submit').click();
  // the app shows the queue with the new report on top
  await outboxItem(page, description).waitFor();
}

test('reports made offline sync exactly once; the patrol track recorded offline reaches the server', async () => {
  const app = await server.open('inspector1', { viewport: PHONE });
  const { page, context } = app;
  await context.grantPermissions(['geolocation'], { origin: server.url });
  await moveTo(context, 0, 0);
  assert.equal(new URL(page.url()).pathname, '/inspector');
  // A second tab of the app, to sync at the same moment as the first.
  const second = await context.newPage();
  await second.goto('/inspector?tab=queue');
  await second.getByTestId('outbox').waitFor();

  // The map: the inspector's own grid (江川路街道's communities).
  await page.getByRole('tab', { name: '地图' }).click();
  await page.getByTestId('grid-names').filter({ hasText: '责任网格' }).waitFor();
  await page.waitForFunction(() => {
    const host = document.querySelector('[data-testid="patrol-map"]') as
      | (HTMLElement & { xhMap?: any })
      | null;
    const map = host?.xhMap;
    return map?.loaded() && map.queryRenderedFeatures({ layers: ['cells-fill'] }).length > 0;
  });
  await app.screenshot('inspector-map');

  // Online once: the class buttons and the catalogue are loaded (and kept on the phone).
  await page.getByRole('tab', { name: '上报' }).click();
  await page.locator('[data-testid="quick-class"][data-code="06010"]').waitFor();

  // ---- the network goes
  app.expectHttpErrors('/api/'); // requests that fail while offline are the point of this test
  await context.setOffline(true);
  await page.getByTestId('offline-banner').waitFor();

  // On duty, walking: points are recorded on the phone.
  await page.getByTestId('duty-switch').click();
  await page.locator('[data-testid="duty-bar"][data-on-duty="true"]').waitFor();
  for (const [east, north] of [
    [0, 40],
    [0, 80],
    [40, 80],
    [80, 80],
  ] as const) {
    await moveTo(context, east, north);
    await page.waitForTimeout(300);
  }
  await page.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid="duty-points"]')?.textContent?.match(/\d+/)?.[0] ?? 0) >= 4,
  );

  const descA = '巡查离线上报：路口暴露垃圾';
  const descB = '巡查离线上报：绿化带暴露垃圾';
  await report(page, descA, await photo('#4a7', 'a.jpg'), () => app.screenshot('inspector-report'));
  await outboxItem(page, descA).and(page.locator('[data-status="pending"]')).waitFor();
  await app.screenshot('inspector-offline-queue');
  await report(page, descB, await photo('#a47', 'b.jpg'));
  // the other tab sees the same queue
  await outboxItem(second, descB).waitFor();
  await page.waitForTimeout(1500); // the sync timer runs, finds no network, sends nothing
  assert.equal((await casesWith(descA)).length, 0);
  assert.equal((await casesWith(descB)).length, 0);
  assert.equal((await patrolPoints(inspector1.id)).length, 0);

  // The first answer to a case POST is lost on the way back: the server made the case, the
  // phone never heard. It must try again and get that same case, not a second one.
  let lost = 0;
  let posted = 0;
  await context.route('**/api/cases', async (route) => {
    if (route.request().method() !== 'POST') return await route.fallback();
    posted++;
    if (lost > 0) return await route.fallback();
    lost++;
    await route.fetch();
    await route.abort('connectionreset');
  });

  // ---- the network comes back: both tabs sync at once
  await context.setOffline(false);
  await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
  for (const desc of [descA, descB]) {
    await outboxItem(page, desc).and(page.locator('[data-status="sent"]')).waitFor({ timeout: 30_000 });
  }
  assert.equal(lost, 1);
  assert.ok(posted >= 3, `the lost POST was sent again (${posted} case POSTs)`);

  const [a] = await casesWith(descA);
  const [b] = await casesWith(descB);
  assert.equal((await casesWith(descA)).length, 1, 'exactly one case for the report whose answer was lost');
  assert.equal((await casesWith(descB)).length, 1);
  for (const c of [a!, b!]) {
    assert.equal(c.source, 'inspector');
    assert.equal(c.class_code, '06010');
    assert.equal(c.created_by, inspector1.id);
    assert.equal(c.state, 'reported');
    assert.equal(c.photos.length, 1);
    assert.match((c.photos[0] as { url: string }).url, /^\/api\/photos\/[0-9a-f-]{36}$/);
    assert.equal(c.district_code, '310112');
  }
  // The photos were taken at the starting point… the reports at the point the phone was then.
  assert.ok(Math.abs(a!.lon - here.lon) < 0.002 && Math.abs(a!.lat - here.lat) < 0.002);
  // The case number shows on the queue card.
  await outboxItem(page, descA).getByTestId('outbox-case-number').filter({ hasText: a!.number }).waitFor();

  // The track recorded offline is on the server, with the shift.
  await page.waitForFunction(() => !document.querySelector('[data-testid="duty-points"]'), null, {
    timeout: 15_000,
  });
  const points = await patrolPoints(inspector1.id);
  assert.ok(points.length >= 4, `${points.length} points`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const track = await server.api(
    'inspector1',
    'GET',
    `/api/patrol/tracks?userId=${inspector1.id}&date=${today}`,
  );
  assert.equal(track.points.length, points.length);
  assert.equal(track.shifts.length, 1);
  assert.equal(track.shifts[0].endedAt, null);
  assert.ok(track.distanceM >= 100, `${track.distanceM} m`);

  // Syncing again — a reload, more online events in both tabs — sends nothing twice.
  await page.reload();
  await page.getByRole('tab', { name: /队列/ }).click();
  await outboxItem(page, descA).and(page.locator('[data-status="sent"]')).waitFor();
  for (const p of [page, second]) await p.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForTimeout(1500);
  assert.equal((await casesWith(descA)).length, 1);
  assert.equal((await casesWith(descB)).length, 1);
  const photos = await server.db
    .selectFrom('photos')
    .select('id')
    .where('uploaded_by', '=', inspector1.id)
    .execute();
  assert.equal(photos.length, 2, 'one stored photo per report');

  // Off duty: the shift ends on the server.
  await page.getByTestId('duty-switch').click();
  await page.locator('[data-testid="duty-bar"][data-on-duty="false"]').waitFor();
  await page.waitForFunction(
    async (id) => {
      const res = await fetch('/api/patrol/shifts/current');
      return res.ok && (await res.json()) === null && id > 0;
    },
    inspector1.id,
    { timeout: 15_000 },
  );

  // The new cases reach the intake queue.
  const intake = await server.api('intake', 'GET', '/api/cases?state=reported&source=inspector');
  assert.ok(intake.items.some((c: any) => c.id === a!.id));
  await second.close();
  await app.done();

  // A supervisor reads the day's track.
  const sup = await server.open('supervisor', { path: `/patrol?date=${today}&userId=${inspector1.id}` });
  await sup.page.locator(`[data-testid="track-person"][data-user-id="${inspector1.id}"]`).waitFor();
  await sup.page
    .getByTestId('track-points')
    .filter({ hasText: String(points.length) })
    .waitFor();
  // the track is drawn: a line through the points
  await sup.page.waitForFunction(() => {
    const host = document.querySelector('[data-testid="patrol-map"]') as
      | (HTMLElement & { xhMap?: any })
      | null;
    const map = host?.xhMap;
    return map?.loaded() && map.queryRenderedFeatures({ layers: ['track'] }).length > 0;
  });
  await sup.screenshot('patrol-track');
  await sup.done();
});

test('a road chief patrols offline: a report on the way, the patrol ends; sync makes one patrol and one case on his segment', async () => {
  const chief = (await server.api('admin', 'GET', '/api/users')).find((u: any) => u.username === 's1-chief');
  const road = await server.db
    .selectFrom('roads')
    .select('id')
    .where('street_code', '=', S1)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const segment = await server.db
    .selectFrom('road_segments')
    .select(['id', 'geometry'])
    .where('road_id', '=', road.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const line = (segment.geometry as { coordinates: [number, number][] }).coordinates;
  const app = await server.open('s1-chief', { viewport: PHONE });
  const { page, context } = app;
  await context.grantPermissions(['geolocation'], { origin: server.url });
  const standAt = async ([longitude, latitude]: [number, number]) =>
    await context.setGeolocation({ longitude, latitude, accuracy: 12 });
  await standAt(line[0]!);
  assert.equal(new URL(page.url()).pathname, '/inspector', 'a road chief lands on the phone app');

  // 我的路段: his posts with today's windows; the map draws his segments.
  await page.locator('[data-testid="road-post"][data-level="street_general"]').waitFor();
  await page.locator('[data-testid="road-post"][data-level="second"]').first().waitFor();
  await app.screenshot('road-chief-workbench');
  await page.getByRole('tab', { name: '地图' }).click();
  await page.waitForFunction(() => {
    const host = document.querySelector('[data-testid="patrol-map"]') as
      | (HTMLElement & { xhMap?: any })
      | null;
    const map = host?.xhMap;
    return map?.loaded() && map.queryRenderedFeatures({ layers: ['segments'] }).length > 0;
  });
  await page.getByRole('tab', { name: '上报' }).click();
  await page.locator('[data-testid="quick-class"][data-code="06010"]').waitFor();

  // ---- offline: on duty, walk the segment, report on the way, off duty
  app.expectHttpErrors('/api/');
  await context.setOffline(true);
  await page.getByTestId('offline-banner').waitFor();
  await page.getByTestId('duty-switch').click();
  await page.locator('[data-testid="duty-bar"][data-on-duty="true"]').waitFor();
  for (const position of line.slice(1, 4)) {
    await standAt(position);
    await page.waitForTimeout(300);
  }
  const desc = '路长巡查：路段暴露垃圾约3袋';
  await report(page, desc, await photo('#7a4', 'road.jpg'));
  await page.getByTestId('duty-switch').click();
  await page.locator('[data-testid="duty-bar"][data-on-duty="false"]').waitFor();
  assert.equal((await casesWith(desc)).length, 0);

  // ---- back online: everything is sent once
  await context.setOffline(false);
  await outboxItem(page, desc).and(page.locator('[data-status="sent"]')).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="duty-points"]'), null, {
    timeout: 15_000,
  });
  const shifts = await server.db
    .selectFrom('patrol_shifts')
    .selectAll()
    .where('user_id', '=', chief.id)
    .execute();
  assert.equal(shifts.length, 1, 'one patrol');
  assert.ok(shifts[0]!.ended_at, 'the patrol ended');
  assert.ok((await patrolPoints(chief.id)).length >= 3);
  const cases = await casesWith(desc);
  assert.equal(cases.length, 1, 'one case');
  assert.equal(cases[0]!.segment_id, segment.id, 'the case is on his segment');
  assert.equal(cases[0]!.created_by, chief.id);
  const intake = await server.db
    .selectFrom('case_events')
    .select('actor_role')
    .where('case_id', '=', cases[0]!.id)
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  assert.equal(intake.actor_role, 'road_chief');
  await app.done();
});

test('a report the server refuses is kept with the reason, fixed and sent', async () => {
  const app = await server.open('inspector1', { viewport: PHONE, path: '/inspector?tab=report' });
  const { page, context } = app;
  await context.grantPermissions(['geolocation'], { origin: server.url });
  // Somewhere outside the city's grid: the server refuses the place (422 OUTSIDE_GRID).
  await context.setGeolocation({ longitude: 116.4, latitude: 39.9, accuracy: 12 });
  app.expectHttpErrors('/api/cases');
  const desc = '网格外的上报';
  await report(page, desc, await photo('#47a', 'c.jpg'));
  const card = outboxItem(page, desc).and(page.locator('[data-status="failed"]'));
  await card.waitFor({ timeout: 15_000 });
  await card.getByTestId('outbox-error').waitFor();
  assert.equal((await casesWith(desc)).length, 0);

  // Fix it: place it inside the grid (GPS again, now in the district) and send again.
  await moveTo(context, 10, 10);
  await card.getByTestId('outbox-fix').click();
  const form = page.getByTestId('report-form');
  await form.getByTestId('report-photo').first().waitFor(); // the photo is kept
  await form.getByRole('button', { name: /重新定位/ }).click();
  await form.getByTestId('report-position').filter({ hasText: '±12' }).waitFor();
  await form.getByTestId('report-submit').click();
  await outboxItem(page, desc).and(page.locator('[data-status="sent"]')).waitFor({ timeout: 15_000 });
  const cases = await casesWith(desc);
  assert.equal(cases.length, 1);
  assert.equal(cases[0]!.photos.length, 1);
  await app.done();
});

test('installed app: the service worker opens the inspector app with no network', async () => {
  const app = await server.open('inspector1', { viewport: PHONE, serviceWorkers: 'allow' });
  const { page, context } = app;
  // The worker installs after the first load and takes over the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
  });
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  assert.ok(cached.includes('/index.html'), cached.join(' '));
  assert.ok(
    cached.some((u) => /\/assets\/InspectorPage-.*\.js$/.test(u)),
    'the inspector chunk is precached',
  );
  assert.ok(!cached.some((u) => u.startsWith('/api/')), 'no API answer is cached');
  assert.ok(!cached.some((u) => /\/assets\/AdminPage-/.test(u)), 'not every workbench');
  const served = await page.evaluate(async () => {
    const [sw, manifest] = await Promise.all([fetch('/sw.js'), fetch('/manifest.webmanifest')]);
    return {
      swCache: sw.headers.get('cache-control'),
      manifestType: manifest.headers.get('content-type'),
      manifest: await manifest.json(),
    };
  });
  assert.equal(served.swCache, 'no-cache', 'a new worker is picked up at once');
  assert.match(served.manifestType ?? '', /application\/manifest\+json/);
  assert.equal(served.manifest.start_url, '/inspector');
  assert.equal(served.manifest.display, 'standalone');

  // Pages go to the network first (an online user always gets the current build) …
  await page.goto('/inspector?tab=map');
  await page.getByTestId('inspector-app').waitFor();
  const pagesCached = () =>
    page.evaluate(async () =>
      (await (await caches.open('xiuhua-pages')).keys()).map(
        (r) => new URL(r.url).pathname + new URL(r.url).search,
      ),
    );
  assert.ok((await pagesCached()).includes('/inspector?tab=map'), 'an online page load went to the network');

  // … and with no network the worker opens the app from its cache.
  app.expectHttpErrors('/api/');
  await context.setOffline(true);
  await page.goto('/inspector?tab=report');
  await page.getByTestId('inspector-app').waitFor();
  await page.getByTestId('offline-banner').waitFor();
  await page.getByTestId('report-form').waitFor();
  assert.ok(
    !(await pagesCached()).includes('/inspector?tab=report'),
    'the offline load never reached the server',
  );
  await context.setOffline(false);
  await app.done();
});
