// Photo uploads on a real temp disk: content checks (not names or declared types), re-encoding
// (orientation applied, EXIF/GPS gone), size limits, thumbnails, who may view, case photo
// references, and that a row never exists without its files.

import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { MONDAY_0900, startTestServer } from './fixture.ts';
import { JPEG_MAGIC, multipart, phoneJpeg, photoHelpers, solid } from './photos-helpers.ts';

const s = await startTestServer();

const S1 = '310112001'; // 江川路街道
const S2 = '310112006'; // 古美街道: inspector2's street

const { upload, fetchImage, photoCount, filesOnDisk } = photoHelpers(s);

test('a phone JPEG is re-encoded upright, without EXIF or GPS, and keeps its capture time', async () => {
  const original = await phoneJpeg();
  const before = await sharp(original).metadata();
  assert.equal(before.orientation, 6);
  assert.ok(original.includes('XiuhuaCam') && before.exif, 'the test image carries EXIF');

  const res = await upload(original);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const photo = res.body;
  assert.match(photo.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(photo.url, `/api/photos/${photo.id}`);
  assert.equal(photo.thumbUrl, `/api/photos/${photo.id}/thumb`);
  // Turned upright: 400×200 with orientation 6 shows as 200×400.
  assert.equal(photo.width, 200);
  assert.equal(photo.height, 400);
  assert.equal(photo.takenAt, '2026-09-27T06:30:05.000Z');

  const got = await fetchImage(photo.url, 'inspector2');
  assert.equal(got.status, 200);
  assert.equal(got.headers['content-type'], 'image/jpeg');
  assert.match(String(got.headers['cache-control']), /max-age=31536000/);
  assert.match(String(got.headers['cache-control']), /private/);
  assert.equal(got.bytes.length, photo.bytes);
  assert.equal(Number(got.headers['content-length']), photo.bytes);
  const meta = await sharp(got.bytes).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.exif, undefined, 'no EXIF block');
  assert.equal(meta.orientation, undefined);
  assert.equal(meta.width, 200);
  assert.equal(meta.height, 400);
  assert.ok(!got.bytes.includes('XiuhuaCam') && !got.bytes.includes('Exif'), 'no camera or GPS data left');
  // The left (red) half of the sensor image is on top once rotated clockwise.
  const { data, info } = await sharp(got.bytes).raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => [
    ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
  ];
  const [tr, , tb] = pixel(100, 50);
  const [br, , bb] = pixel(100, 350);
  assert.ok(tr! > 200 && tb! < 60, `top is red: ${pixel(100, 50)}`);
  assert.ok(br! < 60 && bb! > 200, `bottom is blue: ${pixel(100, 350)}`);

  // Conditional GET.
  const etag = String(got.headers.etag);
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await fetchImage(photo.url, 'inspector2', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.bytes.length, 0);

  // The thumbnail: longest side 320, same aspect, its own ETag.
  const thumb = await fetchImage(photo.thumbUrl, 'inspector2');
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.notEqual(thumb.headers.etag, etag);
  const tm = await sharp(thumb.bytes).metadata();
  assert.deepEqual([tm.format, tm.width, tm.height, tm.exif], ['jpeg', 160, 320, undefined]);
});

test('content decides, not the name or declared type', async () => {
  const n = await photoCount();
  const png = await solid(64, 48, '#00aa00').png().toBuffer();
  const asJpg = await upload(png, { filename: 'IMG_0001.jpg', type: 'image/jpeg' });
  assert.equal(asJpg.status, 201, JSON.stringify(asJpg.body));
  assert.deepEqual([asJpg.body.width, asJpg.body.height], [64, 48]);
  assert.equal(asJpg.body.takenAt, undefined);
  const stored = await fetchImage(asJpg.body.url, 'inspector2');
  assert.deepEqual(stored.bytes.subarray(0, 3), JPEG_MAGIC, 'stored as JPEG');

  const text = await upload('this is not a photo, just text pretending\n', {
    filename: 'IMG_0002.jpg',
    type: 'image/jpeg',
  });
  assert.equal(text.status, 415);
  assert.equal(text.body.code, 'UNSUPPORTED_MEDIA');
  assert.equal(text.body.field, 'file');

  // A real JPEG declared as text is fine.
  const jpeg = await solid(30, 20, '#123456').jpeg().toBuffer();
  const declaredText = await upload(jpeg, { filename: 'notes.txt', type: 'text/plain' });
  assert.equal(declaredText.status, 201);
  assert.equal(await photoCount(), n + 2);
});

test('other image formats: WebP, AVIF and still GIF pass; animation, TIFF and SVG do not', async () => {
  for (const [name, data] of [
    ['webp', await solid(40, 30, '#804020').webp().toBuffer()],
    ['avif', await solid(40, 30, '#204080').avif().toBuffer()],
    ['gif', await solid(40, 30, '#408020').gif().toBuffer()],
  ] as const) {
    const res = await upload(data, { filename: `x.${name}` });
    assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
    assert.deepEqual([res.body.width, res.body.height], [40, 30], name);
  }
  const frame = (c: string) => solid(20, 20, c).png().toBuffer();
  const frames = [await frame('#ff0000'), await frame('#0000ff')];
  const animatedGif = await sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
  const animatedWebp = await sharp(frames, { join: { animated: true } })
    .webp()
    .toBuffer();
  const tiff = await solid(40, 30, '#808080').tiff().toBuffer();
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>';
  const n = await photoCount();
  for (const [name, data] of [
    ['animated gif', animatedGif],
    ['animated webp', animatedWebp],
    ['tiff', tiff],
    ['svg', svg],
  ] as const) {
    const res = await upload(data, { filename: 'x.jpg' });
    assert.equal(res.status, 415, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, 'UNSUPPORTED_MEDIA', name);
    assert.equal(res.body.field, 'file', name);
  }
  assert.equal(await photoCount(), n);
});

test('empty and damaged files are 400', async () => {
  const n = await photoCount();
  const empty = await upload(Buffer.alloc(0));
  assert.equal(empty.status, 400);
  assert.equal(empty.body.code, 'INVALID_IMAGE');
  assert.equal(empty.body.field, 'file');
  const good = await solid(300, 200, '#336699').jpeg().toBuffer();
  for (const broken of [good.subarray(0, 300), good.subarray(0, good.length - 200)]) {
    const res = await upload(broken);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'INVALID_IMAGE');
  }
  assert.equal(await photoCount(), n);
});

test('size limits: over 20 MiB is 413, a 9 MiB photo is fine and scaled to 2048 px', async () => {
  const n = await photoCount();
  const tooBig = await upload(randomBytes(20 * 1024 * 1024 + 1));
  assert.equal(tooBig.status, 413);
  assert.equal(tooBig.body.code, 'FILE_TOO_LARGE');
  assert.equal(tooBig.body.field, 'file');

  // Random noise does not compress: a ~9 MB PNG, well over the 1 MiB JSON body limit.
  const noise = await sharp(randomBytes(2500 * 1200 * 3), { raw: { width: 2500, height: 1200, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  assert.ok(noise.length > 8 * 1024 * 1024 && noise.length < 10 * 1024 * 1024, `${noise.length} bytes`);
  const big = await upload(noise, { filename: 'big.png', type: 'image/png' });
  assert.equal(big.status, 201, JSON.stringify(big.body));
  assert.equal(big.body.width, 2048);
  assert.ok(Math.abs(big.body.height - 983) <= 1, `height ${big.body.height}`);
  const thumb = await sharp((await fetchImage(big.body.thumbUrl, 'inspector2')).bytes).metadata();
  assert.equal(thumb.width, 320);
  assert.ok(Math.abs(thumb.height! - 154) <= 1, `thumb height ${thumb.height}`);

  // Small file, huge canvas (decompression bomb): refused before decoding.
  const bomb = await solid(8200, 8000, '#888888').png().toBuffer();
  assert.ok(bomb.length < 1024 * 1024);
  const refused = await upload(bomb, { filename: 'bomb.png', type: 'image/png' });
  assert.equal(refused.status, 413);
  assert.equal(refused.body.code, 'IMAGE_TOO_LARGE');
  assert.equal(await photoCount(), n + 1);
});

test('the request itself: sign-in, multipart, field name', async () => {
  const jpeg = await solid(30, 20, '#abcdef').jpeg().toBuffer();
  const form = multipart([{ name: 'file', filename: 'a.jpg', type: 'image/jpeg', data: jpeg }]);
  const anonymous = await s.call('POST', '/api/photos', { body: form.body, headers: form.headers });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.code, 'UNAUTHENTICATED');

  const json = await s.call('POST', '/api/photos', { as: 'inspector2', body: { file: 'x' } });
  assert.equal(json.status, 415);
  assert.equal(json.body.code, 'UNSUPPORTED_MEDIA');

  const wrongField = await upload(jpeg, { field: 'photo' });
  assert.equal(wrongField.status, 400);
  assert.equal(wrongField.body.field, 'file');

  const noFile = multipart([{ name: 'caption', data: 'hello' }]);
  const missing = await s.call('POST', '/api/photos', {
    as: 'inspector2',
    body: noFile.body,
    headers: noFile.headers,
  });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.code, 'MISSING_FIELD');
  assert.equal(missing.body.field, 'file');

  const two = multipart([
    { name: 'file', filename: 'a.jpg', type: 'image/jpeg', data: jpeg },
    { name: 'file', filename: 'b.jpg', type: 'image/jpeg', data: jpeg },
  ]);
  const twoFiles = await s.call('POST', '/api/photos', {
    as: 'inspector2',
    body: two.body,
    headers: two.headers,
  });
  assert.equal(twoFiles.status, 413, JSON.stringify(twoFiles.body));

  const uploaded = await upload(jpeg);
  assert.equal(uploaded.status, 201);
  for (const url of [uploaded.body.url, uploaded.body.thumbUrl]) {
    const res = await fetchImage(url, null);
    assert.equal(res.status, 401, url);
  }
  for (const url of [
    `/api/photos/${randomUUID()}`,
    `/api/photos/${randomUUID()}/thumb`,
    '/api/photos/nope',
  ]) {
    const res = await fetchImage(url, 'inspector2');
    assert.equal(res.status, 404, url);
    assert.equal(JSON.parse(res.body).code, 'NOT_FOUND');
  }
});

test('the OpenAPI document describes the photo routes', async () => {
  const doc = (await s.call('GET', '/openapi.json', { as: 'inspector2' })).body;
  assert.ok(doc.paths['/api/photos/']?.post, Object.keys(doc.paths).join(' '));
  assert.ok(doc.paths['/api/photos/{id}']?.get);
  assert.ok(doc.paths['/api/photos/{id}/thumb']?.get);
});

test('the same bytes twice by the same user return the same photo', async () => {
  const jpeg = await solid(50, 50, '#fedcba').jpeg().toBuffer();
  const first = await upload(jpeg);
  assert.equal(first.status, 201);
  const n = await photoCount();
  const second = await upload(jpeg, { filename: 'again.jpg' });
  assert.equal(second.status, 200);
  assert.equal(second.body.id, first.body.id);
  const other = await upload(jpeg, { as: 'intake' });
  assert.equal(other.status, 201);
  assert.notEqual(other.body.id, first.body.id);
  assert.equal(await photoCount(), n + 1);
});

test('who may view: the uploader, then whoever sees a case showing the photo', async () => {
  const mine = (await upload(await solid(60, 40, '#aa0000').jpeg().toBuffer())).body;
  const theirs = (await upload(await solid(60, 40, '#00aa00').jpeg().toBuffer(), { as: 'intake' })).body;
  for (const user of ['s2-dispatch', 'intake', 's1-dispatch', 'leader'])
    assert.equal((await fetchImage(mine.url, user)).status, 404, `${user} before the photo is on a case`);

  const body = (photos: { url: string; caption?: string }[]) => ({
    source: 'inspector',
    kind: 'event',
    classCode: '06010',
    description: '路边暴露垃圾',
    location: undefined as unknown,
    photos,
  });
  const report = async (photos: { url: string; caption?: string }[]) =>
    await s.call('POST', '/api/cases', {
      as: 'inspector2',
      body: { ...body(photos), location: await s.pointIn(S2) },
    });

  // Unknown, malformed and not-yours uploaded photos are refused, naming the entry.
  const unknown = await report([{ url: `/api/photos/${randomUUID()}` }]);
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.code, 'UNKNOWN_PHOTO');
  assert.equal(unknown.body.field, 'photos.0.url');
  const malformed = await report([{ url: mine.url }, { url: `${mine.url}/thumb` }]);
  assert.equal(malformed.status, 422);
  assert.equal(malformed.body.field, 'photos.1.url');
  const notMine = await report([{ url: '/demo/photos/06010.jpg' }, { url: mine.url }, { url: theirs.url }]);
  assert.equal(notMine.status, 422);
  assert.equal(notMine.body.field, 'photos.2.url');
  assert.equal(
    Number(
      (
        await s.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    0,
    'no case was created',
  );

  const created = await report([{ url: mine.url, caption: '现场' }, { url: '/demo/photos/06010.jpg' }]);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.photos[0], { url: mine.url, caption: '现场' });
  for (const user of ['s2-dispatch', 'intake', 'leader']) {
    assert.equal((await fetchImage(mine.url, user)).status, 200, `${user} sees the case in ${S2}`);
    assert.equal((await fetchImage(mine.thumbUrl, user)).status, 200, `${user} thumb`);
  }
  assert.equal((await fetchImage(mine.url, 's1-dispatch')).status, 404, `s1-dispatch sees only ${S1}`);
  assert.equal((await fetchImage(theirs.url, 's2-dispatch')).status, 404);

  // Actions: the same check; a refused action changes nothing.
  const caseId = created.body.id;
  const bad = await s.call('POST', `/api/cases/${caseId}/accept`, {
    as: 'intake',
    body: { photos: [{ url: `/api/photos/${randomUUID()}` }] },
  });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'UNKNOWN_PHOTO');
  assert.equal(bad.body.field, 'photos.0.url');
  assert.equal((await s.call('GET', `/api/cases/${caseId}`, { as: 'intake' })).body.state, 'reported');

  const accepted = await s.call('POST', `/api/cases/${caseId}/accept`, {
    as: 'intake',
    body: { photos: [{ url: theirs.url, caption: '受理' }] },
  });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  // Shown through an event's attachments: visible to whoever sees the case.
  assert.equal((await fetchImage(theirs.url, 's2-dispatch')).status, 200);
  assert.equal((await fetchImage(theirs.url, 'inspector2')).status, 200);
  assert.equal((await fetchImage(theirs.url, 's1-dispatch')).status, 404);
});

test('crash safety: a row only with its files, files only with their row', async () => {
  const jpeg = await solid(120, 90, '#13579b').jpeg().toBuffer();
  const ok = await upload(jpeg);
  assert.equal(ok.status, 201);
  const row = await s.db
    .selectFrom('photos')
    .selectAll()
    .where('id', '=', ok.body.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.path, `2026/09/${row.id}`); // month of the (CST) upload time
  const main = path.join(s.photoDir, '2026', '09', `${row.id}.jpg`);
  const thumbFile = path.join(s.photoDir, '2026', '09', `${row.id}_thumb.jpg`);
  const stored = readFileSync(main);
  assert.equal(stored.length, row.bytes);
  assert.equal(createHash('sha256').update(stored).digest('hex'), row.sha256);
  assert.ok(existsSync(thumbFile));

  // Every row has both files; nothing else (no temp files, no orphans) is on disk.
  const rows = await s.db.selectFrom('photos').select('path').execute();
  const expected = rows
    .flatMap((r) => [`${r.path}.jpg`, `${r.path}_thumb.jpg`])
    .map((f) => path.normalize(f));
  assert.deepEqual(filesOnDisk(), expected.sort());

  // The disk refuses (the month's directory is a file): 500, and no row.
  const n = await photoCount();
  s.clock.set('2026-11-02T01:00:00.000Z');
  const blocker = path.join(s.photoDir, '2026', '11');
  writeFileSync(blocker, 'not a directory');
  try {
    const failed = await upload(await solid(120, 90, '#2468ac').jpeg().toBuffer());
    assert.equal(failed.status, 500);
    assert.equal(await photoCount(), n);
  } finally {
    rmSync(blocker);
    s.clock.set(MONDAY_0900);
  }

  // The database refuses after the files were written: they are removed again.
  const disk = filesOnDisk();
  await sql`create function refuse_photo() returns trigger language plpgsql as $$
    begin raise exception 'refused for the test'; end $$`.execute(s.db);
  await sql`create trigger refuse_photo before insert on photos for each row execute function refuse_photo()`.execute(
    s.db,
  );
  try {
    const failed = await upload(await solid(120, 90, '#9bdf13').jpeg().toBuffer());
    assert.equal(failed.status, 500);
    assert.equal(await photoCount(), n);
    assert.deepEqual(filesOnDisk(), disk);
  } finally {
    await sql`drop trigger refuse_photo on photos`.execute(s.db);
    await sql`drop function refuse_photo()`.execute(s.db);
  }

  // A file lost behind our back is a 404, not a crash.
  unlinkSync(thumbFile);
  assert.equal((await fetchImage(ok.body.thumbUrl, 'inspector2')).status, 404);
  assert.equal((await fetchImage(ok.body.url, 'inspector2')).status, 200);
});
