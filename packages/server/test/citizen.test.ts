// The citizen portal's API (/api/public): a report without an account reaches the intake queue
// with its photo and position; the citizen follows it by tracking code, sees the after-photo and
// rates the result (unsatisfied reopens it). Validation, anti-abuse, quotas, rate limits,
// idempotency, and privacy: no public answer ever carries the phone, a staff name, the
// description or a photo's EXIF position.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { fromWgs84 } from '@xiuhua/domain/geo';
import { sql } from 'kysely';
import sharp from 'sharp';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { IP_QUOTA, MAP_RECENT_DAYS, MIN_FORM_SECONDS, PHONE_QUOTA } from '../src/citizen/service.ts';
import { AFTER_PHOTOS, MONDAY_0900, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S2 = '310112006'; // 古美街道
const PHONE = '13912345678';
const REPORTER_NAME_IN_TEXT = '王小明';

let ipCounter = 0;
/** Each test that is not about quotas sends from its own address. */
const freshIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function pub(
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; ip?: string } = {},
) {
  const res = await s.app.inject({
    method,
    url,
    headers: options.headers,
    remoteAddress: options.ip ?? '10.0.0.1',
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, raw: res.body };
}

/** A form token old enough to be accepted (the clock moves past the minimum time). */
async function formToken(): Promise<string> {
  const res = await pub('GET', '/api/public/form-token');
  assert.equal(res.status, 200);
  s.clock.advanceMinutes((MIN_FORM_SECONDS + 1) / 60);
  return res.body.token;
}

/** A phone photo with a GPS position in its EXIF (which must never come out again). */
async function gpsJpeg(colour = '#6a4'): Promise<Buffer> {
  return await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'CitizenPhone' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 7/1 4321/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 23/1 1234/100',
      },
    })
    .toBuffer();
}

async function uploadPublic(data: Buffer, ip = '10.0.0.1') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), 'IMG_1.jpg');
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/public/photos',
    payload: form,
    remoteAddress: ip,
  });
  assert.equal(res.statusCode, 201, res.body);
  return JSON.parse(res.body) as { id: string; claim: string; thumbUrl: string };
}

async function report(body: Record<string, unknown> = {}, options: { ip?: string; key?: string } = {}) {
  const point = await s.pointIn(S2);
  return await pub('POST', '/api/public/reports', {
    ip: options.ip ?? freshIp(),
    headers: options.key ? { 'idempotency-key': options.key } : {},
    body: {
      category: 'garbage',
      description: '小区门口垃圾堆了三天',
      location: point,
      formToken: await formToken(),
      ...body,
    },
  });
}

const citizenCases = async () =>
  Number(
    (
      await s.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source', '=', 'citizen_app')
        .executeTakeFirstOrThrow()
    ).n,
  );

async function caseOf(code: string) {
  const row = await s.db
    .selectFrom('citizen_reports as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .selectAll('c')
    .where('r.tracking_code', '=', code)
    .executeTakeFirstOrThrow();
  return row;
}

async function act(id: number, action: string, as: string, body: Record<string, unknown> = {}) {
  const res = await s.call('POST', `/api/cases/${id}/${action.replaceAll('_', '-')}`, { as, body });
  assert.equal(res.status, 200, `${action} by ${as}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Staff take a case from intake to closed; the handler reports back with an after-photo. */
async function driveToClosed(caseId: number, afterPhoto: Buffer) {
  await act(caseId, 'accept', 'intake');
  await act(caseId, 'file', 'shift');
  const units = await s.call('GET', `/api/lookups/dispatch-units?caseId=${caseId}`, { as: 'dispatch' });
  const sanitation = units.body.find((u: { code: string }) => u.code === 'sanitation');
  await act(caseId, 'dispatch', 'dispatch', { unitId: sanitation.id });
  await act(caseId, 'sign', 'sanitation');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(afterPhoto)], { type: 'image/jpeg' }), 'after.jpg');
  const up = await s.app.inject({
    method: 'POST',
    url: '/api/photos',
    payload: form,
    headers: { cookie: (await s.as('sanitation')).cookie },
  });
  assert.equal(up.statusCode, 201, up.body);
  const photo = JSON.parse(up.body);
  const back = await act(caseId, 'report_back', 'sanitation', {
    reason: '已清运完毕',
    photos: [{ url: photo.url }],
  });
  const inspector = await s.db
    .selectFrom('users')
    .select('username')
    .where('id', '=', back.assigneeUserId)
    .executeTakeFirstOrThrow();
  await act(caseId, 'check_pass', inspector.username);
  await act(caseId, 'close', 'shift');
  return photo.id as string;
}

/** Everything staff-personal that must never appear in a public answer. */
async function assertNothingPrivate(json: string) {
  assert.ok(!json.includes(PHONE), 'no phone number');
  assert.ok(!json.includes(REPORTER_NAME_IN_TEXT), 'no description text');
  assert.ok(!json.includes('小区门口'), 'no description text');
  const staff = await s.db.selectFrom('users').select(['display_name', 'username']).execute();
  for (const u of staff) assert.ok(!json.includes(u.display_name), `no staff name ${u.display_name}`);
  // the EXIF position of the test photos: 31°7'43.21" N, 121°23'12.34" E
  assert.ok(!json.includes('31.1286') && !json.includes('121.3867'), 'no EXIF position');
  assert.ok(
    !/"(claim|gps\w*|exif\w*|reporter\w*|phone|description|reason)":/i.test(json),
    'no claim, GPS, EXIF, reporter, description or reason fields',
  );
}

test('the category list speaks plainly and maps to catalogue classes; search finds the rest', async () => {
  const res = await pub('GET', '/api/public/categories');
  assert.equal(res.status, 200);
  const garbage = res.body.categories.find((c: { id: string }) => c.id === 'garbage');
  assert.deepEqual(garbage, {
    id: 'garbage',
    zh: '垃圾没人清理',
    en: 'Rubbish left lying around',
    kind: 'event',
    classCode: '06010',
  });
  assert.ok(res.body.categories.length >= 15);
  const search = await pub('GET', `/api/public/categories?q=${encodeURIComponent('消火栓')}`);
  assert.equal(search.status, 200);
  assert.ok(
    search.body.categories.some((c: { id: string }) => c.id === 'event:01013'),
    JSON.stringify(search.body),
  );
});

test('bad reports are refused with the field at fault, and nothing is written', async () => {
  const before = await citizenCases();
  const point = await s.pointIn(S2);
  const cases: [Record<string, unknown>, number, string, string][] = [
    [{ location: undefined }, 400, 'VALIDATION', 'location'],
    [{ location: { lon: 'east', lat: 31 } }, 400, 'VALIDATION', 'location.lon'],
    [{ category: 'unicorns' }, 400, 'INVALID_FIELD', 'category'],
    [{ category: 'event:99999' }, 422, 'UNKNOWN_CLASS', 'category'],
    [{ phone: '12345' }, 400, 'INVALID_FIELD', 'phone'],
    [{ description: 'x'.repeat(1001) }, 400, 'VALIDATION', 'description'],
    [{ location: { lon: 116.4, lat: 39.9 } }, 422, 'OUTSIDE_GRID', 'location'],
    [{ location: { ...point, crs: 'MARS' } }, 400, 'VALIDATION', 'location.crs'],
    [
      { photos: [{ id: '00000000-0000-4000-8000-000000000000', claim: 'nope' }] },
      400,
      'INVALID_PHOTO',
      'photos',
    ],
    [{ website: 'http://spam.example' }, 400, 'REJECTED', 'website'],
    [{ formToken: 'abc.def' }, 400, 'INVALID_FORM_TOKEN', 'formToken'],
    [{ extra: 1 }, 400, 'VALIDATION', 'extra'],
  ];
  for (const [patch, status, code, field] of cases) {
    const body = { ...patch };
    const res = await report(body);
    assert.equal(res.status, status, `${JSON.stringify(patch)} → ${res.raw}`);
    assert.equal(res.body.code, code, JSON.stringify(patch));
    assert.equal(res.body.field, field, JSON.stringify(patch));
    assert.equal(typeof res.body.message, 'string');
  }
  // A form sent at once is a script.
  const quick = await pub('GET', '/api/public/form-token');
  const fast = await pub('POST', '/api/public/reports', {
    ip: freshIp(),
    body: { category: 'garbage', location: point, formToken: quick.body.token },
  });
  assert.equal(fast.status, 400);
  assert.deepEqual([fast.body.code, fast.body.field], ['TOO_FAST', 'formToken']);
  // A week-old form is stale.
  s.clock.advanceMinutes(8 * 24 * 60);
  const stale = await pub('POST', '/api/public/reports', {
    ip: freshIp(),
    body: { category: 'garbage', location: point, formToken: quick.body.token },
  });
  assert.deepEqual([stale.status, stale.body.code], [400, 'FORM_EXPIRED']);
  const badKey = await report({}, { key: 'short' });
  assert.deepEqual([badKey.status, badKey.body.field], [400, 'Idempotency-Key']);
  assert.equal(await citizenCases(), before, 'nothing written');
});

test('a report with a photo and a GCJ-02 position reaches the intake queue; a retry gets the same code', async () => {
  const photo = await uploadPublic(await gpsJpeg());
  const wgs = await s.pointIn(S2);
  const gcj = fromWgs84(wgs.lon, wgs.lat, 'GCJ02');
  const key = crypto.randomUUID();
  const body = {
    category: 'garbage',
    description: `垃圾堆了三天，我是${REPORTER_NAME_IN_TEXT}`,
    location: { lon: gcj.lon, lat: gcj.lat, crs: 'GCJ02' },
    address: '古美路近平南路',
    phone: '139 1234 5678',
    photos: [{ id: photo.id, claim: photo.claim }],
  };
  const first = await report(body, { key });
  assert.equal(first.status, 201, first.raw);
  assert.match(first.body.trackingCode, /^[2-9A-HJ-NP-Z]{10}$/);
  assert.equal(first.body.stage, 'submitted');
  const again = await report(body, { key, ip: freshIp() }); // the phone changed networks
  assert.equal(again.status, 200);
  assert.equal(again.body.trackingCode, first.body.trackingCode);

  // In the intake queue, with its photo, its position (converted to WGS84) and the phone for staff.
  const queue = await s.call('GET', '/api/cases?source=citizen_app&state=reported', { as: 'intake' });
  const mine = queue.body.items.filter((c: { description: string }) =>
    c.description.includes('堆了三天，我是'),
  );
  assert.equal(mine.length, 1, 'one case for two submits');
  const c = mine[0];
  assert.equal(c.classCode, '06010');
  assert.equal(c.source, 'citizen_app');
  assert.ok(Math.abs(c.location.lon - wgs.lon) < 1e-5 && Math.abs(c.location.lat - wgs.lat) < 1e-5, 'WGS84');
  assert.deepEqual(c.photos, [{ url: `/api/photos/${photo.id}` }]);
  const detail = await s.call('GET', `/api/cases/${c.id}`, { as: 'intake' });
  assert.equal(detail.body.reporter.phone, PHONE);
  const pic = await s.app.inject({
    method: 'GET',
    url: `/api/photos/${photo.id}`,
    headers: { cookie: (await s.as('intake')).cookie },
  });
  assert.equal(pic.statusCode, 200, 'staff see the photo');
  // The upload cannot be attached to a second report.
  const reuse = await report({ photos: [{ id: photo.id, claim: photo.claim }] });
  assert.deepEqual([reuse.status, reuse.body.code], [400, 'INVALID_PHOTO']);
});

test('the same Idempotency-Key with another report is 422 naming the key; the first report stands', async () => {
  const key = crypto.randomUUID();
  const first = await report({ description: '路灯不亮' }, { key });
  assert.equal(first.status, 201, first.raw);
  const before = await citizenCases();
  const other = await report({ description: '井盖丢了' }, { key });
  assert.equal(other.status, 422, other.raw);
  assert.equal(other.body.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal(other.body.field, 'Idempotency-Key');
  assert.match(other.body.message, /Idempotency-Key/);
  assert.equal(await citizenCases(), before, 'nothing written');
  // the first report, retried, still gets its code
  const again = await report({ description: '路灯不亮' }, { key });
  assert.deepEqual([again.status, again.body.trackingCode], [200, first.body.trackingCode]);
});

test('tracking shows public progress only; the after-photo is served without metadata; rating once', async () => {
  const photo = await uploadPublic(await gpsJpeg('#a64'));
  const res = await report({
    description: `门口垃圾，联系${REPORTER_NAME_IN_TEXT} ${PHONE}`,
    phone: PHONE,
    photos: [{ id: photo.id, claim: photo.claim }],
  });
  assert.equal(res.status, 201, res.raw);
  const code: string = res.body.trackingCode;

  let t = await pub('GET', `/api/public/reports/${code.toLowerCase().replace(/^(.{5})/, '$1-')}`);
  assert.equal(t.status, 200, 'codes are typed in any case, with a dash');
  assert.equal(t.body.stage, 'submitted');
  assert.deepEqual(t.body.category, { id: 'garbage', zh: '垃圾没人清理', en: 'Rubbish left lying around' });
  assert.equal(t.body.photos.length, 1);
  assert.equal(t.body.canRate, false);
  await assertNothingPrivate(t.raw);

  const early = await pub('POST', `/api/public/reports/${code}/rating`, {
    body: { satisfaction: 'satisfied' },
  });
  assert.deepEqual([early.status, early.body.code], [409, 'NOT_CLOSED']);

  const row = await caseOf(code);
  const afterId = await driveToClosed(row.id, await gpsJpeg('#48f'));
  t = await pub('GET', `/api/public/reports/${code}`);
  assert.equal(t.body.stage, 'closed');
  assert.equal(t.body.unit.name, '闵行区环境卫生管理所');
  assert.equal(t.body.afterPhotos.length, 1);
  assert.ok(t.body.afterPhotos[0].url.endsWith(afterId));
  assert.deepEqual(
    t.body.milestones.map((m: { kind: string }) => m.kind),
    ['submitted', 'accepted', 'filed', 'dispatched', 'signed', 'handled', 'checked', 'closed'],
  );
  assert.equal(t.body.canRate, true);
  await assertNothingPrivate(t.raw);

  // The photos come through the code, re-encoded, without EXIF; nothing else does.
  for (const url of [t.body.photos[0].url, t.body.afterPhotos[0].url, t.body.afterPhotos[0].thumbUrl]) {
    const img = await s.app.inject({ method: 'GET', url });
    assert.equal(img.statusCode, 200, url);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    assert.equal(meta.exif, undefined, 'no EXIF');
    assert.ok(!img.rawPayload.includes('CitizenPhone'));
  }
  const other = await report({});
  const foreign = await s.app.inject({
    method: 'GET',
    url: `/api/public/reports/${other.body.trackingCode}/photos/${afterId}`,
  });
  assert.equal(foreign.statusCode, 404, 'another code does not open this photo');
  assert.equal((await pub('GET', '/api/public/reports/ABCDEFGHJK')).status, 404);
  const malformed = await pub('GET', '/api/public/reports/0000');
  assert.deepEqual([malformed.status, malformed.body.field], [400, 'code']);

  const rated = await pub('POST', `/api/public/reports/${code}/rating`, {
    body: { satisfaction: 'satisfied', comment: '很快，谢谢' },
  });
  assert.equal(rated.status, 200, rated.raw);
  assert.equal(rated.body.rating.satisfaction, 'satisfied');
  assert.equal(rated.body.canRate, false);
  assert.equal(rated.body.stage, 'closed');
  const twice = await pub('POST', `/api/public/reports/${code}/rating`, {
    body: { satisfaction: 'unsatisfied' },
  });
  assert.deepEqual([twice.status, twice.body.code], [409, 'ALREADY_RATED']);
  const bad = await pub('POST', `/api/public/reports/${code}/rating`, { body: { satisfaction: 'meh' } });
  assert.deepEqual([bad.status, bad.body.field], [400, 'satisfaction']);

  // The rating is the loop's callback event, by the citizen, with the comment for staff.
  const events = await s.call('GET', `/api/cases/${row.id}/events`, { as: 'admin' });
  const callback = events.body.at(-1);
  assert.equal(callback.action, 'callback');
  assert.equal(callback.actor.role, 'citizen');
  assert.equal(callback.actor.userId, null);
  assert.equal(callback.reason, '市民评价：很快，谢谢');
  assert.equal((await caseOf(code)).satisfaction, 'satisfied');
});

test('an unsatisfied rating reopens the case; once fixed again the new result can be rated', async () => {
  const res = await report({});
  const code = res.body.trackingCode;
  const row = await caseOf(code);
  await driveToClosed(row.id, await gpsJpeg('#333'));
  const r = await pub('POST', `/api/public/reports/${code}/rating`, {
    body: { satisfaction: 'unsatisfied', comment: '垃圾又堆起来了' },
  });
  assert.equal(r.status, 200, r.raw);
  assert.equal(r.body.stage, 'filed');
  assert.equal(r.body.canRate, false);
  assert.deepEqual(
    r.body.milestones.slice(-2).map((m: { kind: string; satisfaction?: string }) => [m.kind, m.satisfaction]),
    [
      ['rated', 'unsatisfied'],
      ['reopened', undefined],
    ],
  );
  const reopened = await caseOf(code);
  assert.equal(reopened.state, 'filed');
  assert.equal(reopened.reopen_count, 1);
  const events = await s.call('GET', `/api/cases/${row.id}/events`, { as: 'admin' });
  assert.deepEqual(
    events.body.slice(-2).map((e: { action: string; actor: { role: string } }) => [e.action, e.actor.role]),
    [
      ['callback', 'citizen'],
      ['reopen', 'citizen'],
    ],
  );
  // Fixed again: the second result is rated on its own.
  await act(row.id, 'dispatch', 'dispatch', { unitId: reopened.assignee_unit_id ?? (await sanitationId()) });
  await act(row.id, 'sign', 'sanitation');
  const back = await act(row.id, 'report_back', 'sanitation', { reason: '再次清运', photos: AFTER_PHOTOS });
  const inspector = await s.db
    .selectFrom('users')
    .select('username')
    .where('id', '=', back.assigneeUserId)
    .executeTakeFirstOrThrow();
  await act(row.id, 'check_pass', inspector.username);
  await act(row.id, 'close', 'shift');
  const second = await pub('POST', `/api/public/reports/${code}/rating`, {
    body: { satisfaction: 'basically_satisfied' },
  });
  assert.equal(second.status, 200, second.raw);
  assert.equal(second.body.rating.satisfaction, 'basically_satisfied');
});

test('a merged duplicate follows the case it joined; a rejection shows no reason', async () => {
  const first = await report({});
  const dup = await report({});
  const [a, b] = [await caseOf(first.body.trackingCode), await caseOf(dup.body.trackingCode)];
  await act(b.id, 'merge', 'intake', { targetCaseId: a.id });
  await act(a.id, 'accept', 'intake');
  const t = await pub('GET', `/api/public/reports/${dup.body.trackingCode}`);
  assert.equal(t.body.stage, 'merged');
  assert.equal(t.body.mergedStage, 'accepted');
  assert.deepEqual(
    t.body.milestones.map((m: { kind: string }) => m.kind),
    ['submitted', 'merged', 'accepted'],
  );
  assert.equal(t.body.canRate, false);

  const spam = await report({});
  const c = await caseOf(spam.body.trackingCode);
  await act(c.id, 'reject', 'intake', { reason: `不属于城管范围，已电话告知 ${PHONE}` });
  const r = await pub('GET', `/api/public/reports/${spam.body.trackingCode}`);
  assert.equal(r.body.stage, 'rejected');
  assert.deepEqual(r.body.milestones.at(-1).kind, 'rejected');
  await assertNothingPrivate(r.raw);
});

async function sanitationId(): Promise<number> {
  const u = await s.db
    .selectFrom('units')
    .select('id')
    .where('code', '=', 'sanitation')
    .executeTakeFirstOrThrow();
  return u.id;
}

test('the public map shows open and recently fixed problems as rounded points with no personal data', async () => {
  const res = await pub('GET', '/api/public/map');
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'FeatureCollection');
  assert.ok(res.body.features.length >= 3);
  for (const f of res.body.features) {
    assert.deepEqual(Object.keys(f.properties).sort(), [
      'category',
      'closed',
      'name',
      'nameEn',
      'reported',
      'stage',
    ]);
    for (const x of f.geometry.coordinates)
      assert.equal(Math.round(x * 1e4) / 1e4, x, 'rounded to 4 decimals');
  }
  assert.ok(
    res.body.features.some((f: { properties: { stage: string } }) => f.properties.stage === 'closed'),
  );
  await assertNothingPrivate(res.raw);
  const config = await pub('GET', '/api/public/config');
  assert.equal(config.status, 200);
  const [w, south, e, n] = config.body.bbox;
  const inBox = await pub('GET', `/api/public/map?bbox=${w},${south},${e},${n}`);
  assert.equal(inBox.body.features.length, res.body.features.length);
  const bad = await pub('GET', '/api/public/map?bbox=10,10,5,5');
  assert.deepEqual([bad.status, bad.body.field], [400, 'bbox']);
  const areas = await pub('GET', '/api/public/areas');
  assert.ok(
    areas.body.features.some((f: { properties: { name: string } }) => f.properties.name === '古美街道'),
  );

  // A month later the closed ones are gone, the open ones stay.
  s.clock.advanceMinutes((MAP_RECENT_DAYS + 1) * 24 * 60);
  const later = await pub('GET', '/api/public/map');
  assert.ok(
    later.body.features.every((f: { properties: { stage: string } }) => f.properties.stage !== 'closed'),
  );
  assert.ok(later.body.features.length > 0);
});

test('a number is stored as the hotline stores it, however it was typed', async () => {
  // The portal had its own normaliser and refused the 0086 and dotted spellings the hotline takes.
  const typed = await report({ phone: '0086 139.0000.4444' }, { ip: freshIp() });
  assert.equal(typed.status, 201, typed.raw);
  const lookup = await s.call('GET', '/api/hotline/lookup?phone=13900004444', { as: 'intake' });
  assert.equal(lookup.status, 200, JSON.stringify(lookup.body));
  assert.equal(lookup.body.cases.length, 1);
});

test('quotas: per phone number per day and per network per hour', async () => {
  const ip = '10.9.9.9';
  for (let i = 0; i < PHONE_QUOTA.max; i++) {
    const ok = await report({ phone: '13800001111' }, { ip: freshIp() });
    assert.equal(ok.status, 201, ok.raw);
  }
  const over = await report({ phone: '+86 138-0000-1111' }, { ip: freshIp() });
  assert.deepEqual([over.status, over.body.code, over.body.field], [429, 'QUOTA_EXCEEDED', 'phone']);

  for (let i = 0; i < IP_QUOTA.max; i++) {
    const ok = await report({}, { ip });
    assert.equal(ok.status, 201, ok.raw);
  }
  const busy = await report({}, { ip });
  assert.deepEqual([busy.status, busy.body.code], [429, 'QUOTA_EXCEEDED']);
  s.clock.advanceMinutes(IP_QUOTA.minutes);
  assert.equal((await report({}, { ip })).status, 201, 'an hour later the network may report again');
});

test('public endpoints are rate-limited per IP', async () => {
  const database = await createTestDatabase();
  const clock = new ManualClock(MONDAY_0900);
  await seedDemo(database.db, { now: clock.now(), cases: 0 });
  const app = await buildApp({ db: database.db, clock, publicRateLimit: 3 });
  try {
    const get = (ip: string) =>
      app.inject({ method: 'GET', url: '/api/public/categories', remoteAddress: ip });
    for (let i = 0; i < 3; i++) assert.equal((await get('10.2.0.1')).statusCode, 200);
    const limited = await get('10.2.0.1');
    assert.equal(limited.statusCode, 429);
    assert.equal(JSON.parse(limited.body).code, 'RATE_LIMITED');
    assert.equal((await get('10.2.0.2')).statusCode, 200, 'another address is not affected');
  } finally {
    await app.close();
    await database.drop();
  }
});

test('a report and its tracking code are stored together or not at all', async () => {
  // Make the tracking-code insert fail inside the database (a test-only trigger): the case that
  // was being created with it must not survive without a code the citizen could follow.
  await sql`
    create function refuse_citizen_report() returns trigger language plpgsql as
    $$ begin raise exception 'refused for the test'; end $$;
    create trigger refuse_citizen_report before insert on citizen_reports
      for each row execute function refuse_citizen_report();
  `.execute(s.db);
  try {
    const before = await citizenCases();
    const refused = await report({ description: '这条不应留下' });
    assert.equal(refused.status, 500, JSON.stringify(refused.body));
    assert.equal(await citizenCases(), before);
  } finally {
    await sql`drop trigger refuse_citizen_report on citizen_reports; drop function refuse_citizen_report();`.execute(
      s.db,
    );
  }
  const ok = await report({ description: '这条应当留下' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.ok((await caseOf(ok.body.trackingCode)).id);
});
