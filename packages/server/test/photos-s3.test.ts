// The S3-compatible photo store, against s3rver (an in-process fake S3 server: the object store is
// an outside system). The whole path through a second app on the same database: upload, serve,
// 304, read, a missing object, a store that refuses (no row), the sweep of orphan objects, and
// the store configuration from the environment.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import S3rver from 's3rver';
import sharp from 'sharp';
import { buildApp } from '../src/app.ts';
import { sweepPhotos } from '../src/photos/sweep.ts';
import { loadPhotoStoreConfig, S3PhotoStore, type S3StoreConfig } from '../src/photos/store.ts';
import { startTestServer } from './fixture.ts';
import { multipart, phoneJpeg, photoHelpers, solid } from './photos-helpers.ts';

const s = await startTestServer();
const { photoCount } = photoHelpers(s);

const s3dir = mkdtempSync(path.join(tmpdir(), 'xiuhua-s3-'));
const spool = mkdtempSync(path.join(tmpdir(), 'xiuhua-spool-'));
const fake = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory: s3dir,
  configureBuckets: [{ name: 'photos' }],
});
const { port } = await fake.run();
const config: S3StoreConfig = {
  bucket: 'photos',
  prefix: 'city/',
  endpoint: `http://127.0.0.1:${port}`,
  region: 'cn-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  forcePathStyle: true,
};
const store = new S3PhotoStore(config);
const appWith = (photoStore: S3PhotoStore) =>
  buildApp({ db: s.db, clock: s.clock, photoDir: spool, photoStore, publicRateLimit: 10_000 });
const app = await appWith(store);
after(async () => {
  await app.close();
  store.destroy();
  await fake.close();
  rmSync(s3dir, { recursive: true, force: true });
  rmSync(spool, { recursive: true, force: true });
});

async function post(target: typeof app, url: string, data: Buffer, as?: string) {
  const form = multipart([{ name: 'file', filename: 'p.jpg', type: 'image/jpeg', data }]);
  const res = await target.inject({
    method: 'POST',
    url,
    payload: form.body,
    headers: { ...form.headers, ...(as ? { cookie: (await s.as(as)).cookie } : {}) },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const get = async (url: string, as: string, headers: Record<string, string> = {}) =>
  await app.inject({ method: 'GET', url, headers: { ...headers, cookie: (await s.as(as)).cookie } });

/** Files on local disk: with S3 only the spool is there, and only while an upload arrives. */
const localFiles = () =>
  readdirSync(spool, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());

async function keysIn(prefix: string) {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys.sort();
}

test('S3 store: upload, serve, 304, read, and a missing object', async () => {
  const res = await post(app, '/api/photos', await phoneJpeg(), 'inspector2');
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.location.crs, 'WGS84', 'EXIF position kept with S3 too');
  const row = await s.db
    .selectFrom('photos')
    .selectAll()
    .where('id', '=', res.body.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(await keysIn(row.path.slice(0, 7)), [`${row.path}.jpg`, `${row.path}_thumb.jpg`]);
  assert.deepEqual(localFiles(), [], 'no photo files on local disk');

  const main = await get(res.body.url, 'inspector2');
  assert.equal(main.statusCode, 200);
  assert.equal(main.headers['content-type'], 'image/jpeg');
  assert.equal(Number(main.headers['content-length']), row.bytes);
  const meta = await sharp(main.rawPayload).metadata();
  assert.deepEqual([meta.width, meta.height, meta.exif], [200, 400, undefined]);
  const again = await get(res.body.url, 'inspector2', { 'if-none-match': String(main.headers.etag) });
  assert.equal(again.statusCode, 304);
  const thumb = await get(res.body.thumbUrl, 'inspector2');
  assert.equal(thumb.statusCode, 200);
  assert.equal((await sharp(thumb.rawPayload).metadata()).height, 320);

  const photos = app.services.photos;
  assert.deepEqual(await photos.read(row, 'main'), main.rawPayload);

  // Anonymous uploads go to the same store.
  const pub = await post(app, '/api/public/photos', await solid(50, 40, '#e9c46a').jpeg().toBuffer());
  assert.equal(pub.status, 201, JSON.stringify(pub.body));
  const preview = await app.inject({ method: 'GET', url: pub.body.thumbUrl });
  assert.equal(preview.statusCode, 200);

  // An object lost behind our back: 404, not a crash.
  await store.delete(`${row.path}_thumb.jpg`);
  assert.equal((await get(res.body.thumbUrl, 'inspector2')).statusCode, 404);
  await assert.rejects(photos.read(row, 'thumb'), { code: 'NOT_FOUND' });
  assert.equal((await get(res.body.url, 'inspector2')).statusCode, 200);
});

test('S3 store refusing: 500 and no row, nothing left in the spool', async () => {
  const broken = new S3PhotoStore({ ...config, bucket: 'no-such-bucket' });
  const brokenApp = await appWith(broken);
  try {
    const n = await photoCount();
    const res = await post(
      brokenApp,
      '/api/photos',
      await solid(30, 30, '#264653').jpeg().toBuffer(),
      'intake',
    );
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'INTERNAL');
    assert.equal(await photoCount(), n, 'no row without its object');
    assert.deepEqual(localFiles(), [], 'nothing left in the spool');
  } finally {
    await brokenApp.close();
    broken.destroy();
  }
});

test('S3 store: the sweep removes orphan objects and unclaimed uploads', async () => {
  // Objects carry the fake server's real modification time; sweep "two days from now".
  const now = new Date(Date.now() + 2 * 24 * 3_600_000);
  const month = now.toISOString().slice(0, 7).replace('-', '/');
  const orphan = `${month}/${randomUUID()}.jpg`;
  await store.put(orphan, Buffer.from('crashed before its row'), 'image/jpeg');
  const foreign = `${month}/notes.txt`;
  await store.put(foreign, Buffer.from('not ours'), 'text/plain');
  const pub = await post(app, '/api/public/photos', await solid(20, 20, '#f4a261').jpeg().toBuffer());
  const row = await s.db
    .selectFrom('photos')
    .selectAll()
    .where('id', '=', pub.body.id)
    .executeTakeFirstOrThrow();

  const report = await sweepPhotos(s.db, app.services.photos, now);
  assert.ok(report.orphans >= 1, JSON.stringify(report));
  assert.ok(report.expired >= 1, JSON.stringify(report));
  assert.deepEqual(await keysIn(month), [foreign]);
  assert.deepEqual(await keysIn(row.path.slice(0, 7)).then((k) => k.filter((x) => x.includes(row.id))), []);
  assert.equal(
    await s.db.selectFrom('photos').select('id').where('id', '=', row.id).executeTakeFirst(),
    undefined,
  );
});

test('store configuration from the environment', () => {
  const local = loadPhotoStoreConfig({}, '/data/photos');
  assert.deepEqual(local, { kind: 'local', dir: '/data/photos' });
  const minio = loadPhotoStoreConfig(
    {
      PHOTO_S3_BUCKET: 'xiuhua',
      PHOTO_S3_ENDPOINT: 'http://minio:9000',
      PHOTO_S3_ACCESS_KEY_ID: 'AK',
      PHOTO_S3_SECRET_ACCESS_KEY: 'SK',
      PHOTO_S3_PREFIX: '/photos',
    },
    '/data/photos',
  );
  assert.deepEqual(minio, {
    kind: 's3',
    bucket: 'xiuhua',
    prefix: 'photos/',
    endpoint: 'http://minio:9000',
    region: 'us-east-1',
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    forcePathStyle: true,
  });
  const aws = loadPhotoStoreConfig(
    { PHOTO_S3_BUCKET: 'xiuhua', PHOTO_S3_REGION: 'cn-north-1', PHOTO_S3_FORCE_PATH_STYLE: 'false' },
    '/d',
  );
  assert.equal(aws.kind === 's3' && aws.forcePathStyle, false);
  assert.equal(aws.kind === 's3' && aws.credentials, undefined, 'the default AWS credential chain');
  for (const [env, message] of [
    [{ PHOTO_S3_ENDPOINT: 'http://minio:9000' }, /PHOTO_S3_BUCKET is not/],
    [{ PHOTO_S3_BUCKET: 'b', PHOTO_S3_ACCESS_KEY_ID: 'AK' }, /both/],
    [{ PHOTO_S3_BUCKET: 'b', PHOTO_S3_ENDPOINT: 'minio:9000' }, /http\(s\) URL/],
    [{ PHOTO_S3_BUCKET: 'b', PHOTO_S3_FORCE_PATH_STYLE: 'yes' }, /true or false/],
  ] as const)
    assert.throws(() => loadPhotoStoreConfig(env, '/d'), message);
});
