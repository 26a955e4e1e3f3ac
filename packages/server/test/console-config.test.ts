import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { buildApp } from '../src/app.ts';
import { loadBaseMap } from '../src/platform/config.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();

test('console config: signed-in users only, no base map unless configured', async () => {
  const anon = await s.call('GET', '/api/console-config');
  assert.equal(anon.status, 401);
  const res = await s.call('GET', '/api/console-config', { as: 'inspector1' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { baseMap: null });
});

test('area outlines per level, filtered by an ancestor, from the stored geometry', async () => {
  const streets = await s.call('GET', '/api/areas/geometry?level=street', { as: 'leader' });
  assert.equal(streets.status, 200);
  assert.equal(streets.body.type, 'FeatureCollection');
  assert.deepEqual(
    streets.body.features.map((f: { properties: { code: string } }) => f.properties.code),
    ['310112001', '310112006', '310112008', '310112009'],
  );
  const first = streets.body.features[0];
  assert.ok(['Polygon', 'MultiPolygon'].includes(first.geometry.type));
  assert.equal(typeof first.properties.name, 'string');
  assert.equal(first.properties.parentCode, '310112');

  const district = await s.call('GET', '/api/areas/geometry?level=district', { as: 'leader' });
  assert.deepEqual(
    district.body.features.map((f: { properties: { code: string } }) => f.properties.code),
    ['310112'],
  );

  const all = await s.call('GET', '/api/areas/geometry?level=community', { as: 'leader' });
  const inStreet = await s.call('GET', '/api/areas/geometry?level=community&within=310112006', {
    as: 'leader',
  });
  assert.ok(inStreet.body.features.length > 0);
  assert.ok(inStreet.body.features.length < all.body.features.length);
  for (const f of inStreet.body.features) assert.ok(f.properties.code.startsWith('310112006'));

  const bad = await s.call('GET', '/api/areas/geometry?level=cell', { as: 'leader' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'VALIDATION');
  assert.equal((await s.call('GET', '/api/areas/geometry?level=street')).status, 401);
});

test('area outlines revalidate with the ETag and change when an area changes', async () => {
  const { cookie } = await s.as('admin');
  const first = await s.app.inject({
    method: 'GET',
    url: '/api/areas/geometry?level=street',
    headers: { cookie },
  });
  const etag = first.headers.etag as string;
  assert.ok(etag);
  const again = await s.app.inject({
    method: 'GET',
    url: '/api/areas/geometry?level=street',
    headers: { cookie, 'if-none-match': etag },
  });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');

  const street = first.json().features[0];
  const put = await s.call('PUT', `/api/areas/${street.properties.code}`, {
    as: 'admin',
    body: {
      level: 'street',
      parentCode: street.properties.parentCode,
      name: `${street.properties.name}（改）`,
      geometry: street.geometry,
    },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const changed = await s.app.inject({
    method: 'GET',
    url: '/api/areas/geometry?level=street',
    headers: { cookie, 'if-none-match': etag },
  });
  assert.equal(changed.statusCode, 200);
  assert.equal(changed.json().features[0].properties.name, `${street.properties.name}（改）`);
});

test('BASEMAP_* is validated', () => {
  assert.equal(loadBaseMap({}), null);
  assert.deepEqual(
    loadBaseMap({
      BASEMAP_URL: 'https://a.example.cn/{z}/{x}/{y}.png, https://b.example.cn/{z}/{x}/{y}.png',
      BASEMAP_CRS: 'gcj02',
      BASEMAP_ATTRIBUTION: '© 示例',
    }),
    {
      urls: ['https://a.example.cn/{z}/{x}/{y}.png', 'https://b.example.cn/{z}/{x}/{y}.png'],
      attribution: '© 示例',
      crs: 'GCJ02',
    },
  );
  assert.throws(() => loadBaseMap({ BASEMAP_URL: 'https://a.example.cn/tiles.png' }), /\{z\}/);
  assert.throws(() => loadBaseMap({ BASEMAP_URL: 'ftp://a.example.cn/{z}/{x}/{y}' }), /http/);
  assert.throws(
    () => loadBaseMap({ BASEMAP_URL: 'https://a/{z}/{x}/{y}', BASEMAP_CRS: 'BD09' }),
    /BASEMAP_CRS/,
  );
});

test('a configured base map is served to the console and allowed by the CSP', async () => {
  const database = await createTestDatabase();
  await seedDemo(database.db, { now: new Date(), cases: 0 });
  const app = await buildApp({
    db: database.db,
    publicRateLimit: 10_000,
    baseMap: {
      urls: ['https://tiles.example.cn/vec/{z}/{x}/{y}.png'],
      attribution: '© 示例底图',
      crs: 'GCJ02',
    },
  });
  after(async () => {
    await app.close();
    await database.drop();
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'leader', password: 'xiuhua-demo' },
  });
  const cookie = `xh_session=${login.cookies.find((c) => c.name === 'xh_session')!.value}`;
  const res = await app.inject({ method: 'GET', url: '/api/console-config', headers: { cookie } });
  assert.deepEqual(res.json(), {
    baseMap: {
      url: 'https://tiles.example.cn/vec/{z}/{x}/{y}.png',
      urls: ['https://tiles.example.cn/vec/{z}/{x}/{y}.png'],
      attribution: '© 示例底图',
      crs: 'GCJ02',
    },
  });
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /img-src [^;]*https:\/\/tiles\.example\.cn/);
  assert.match(csp, /connect-src 'self' https:\/\/tiles\.example\.cn/);

  // without one, tiles may come from nowhere but this origin
  const plain = await s.app.inject({ method: 'GET', url: '/healthz' });
  const plainCsp = String(plain.headers['content-security-policy']);
  assert.match(plainCsp, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(plainCsp, /example\.cn/);
});
