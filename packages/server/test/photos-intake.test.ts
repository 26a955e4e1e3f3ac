// Photos as intake channels need them (issue 4): a 50 MB upload refused as it arrives, files that
// are no image (named .jpg) and HEIC refused naming what they are, truncated JPEGs refused, the
// EXIF position kept for staff and absent from every stored byte and public answer, anonymous
// uploads with claims for the citizen portal, and the sweep of unclaimed uploads and orphans.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { sweepPhotos } from '../src/photos/sweep.ts';
import type { LocalPhotoStore } from '../src/photos/store.ts';
import { assertPhotoClaims, photoUrl } from '../src/photos/service.ts';
import { MONDAY_0900, startTestServer } from './fixture.ts';
import { GPS_MINHANG, heic, multipart, noise, phoneJpeg, photoHelpers, solid } from './photos-helpers.ts';

const s = await startTestServer();
const { upload, uploadPublic, fetchImage, photoCount, filesOnDisk } = photoHelpers(s);
const photos = s.app.services.photos;
const S2 = '310112006'; // 古美街道: inspector2's street, s2-dispatch's area

const MB = 1024 * 1024;
const HOUR = 3_600_000;

/** A citizen report through the portal's gateway, showing the given photos. */
async function citizenReport(photoIds: string[]) {
  const { row } = await s.app.services.cases.create(
    { channel: 'citizen', label: 'portal test' },
    {
      source: 'citizen_app',
      kind: 'event',
      classCode: '06010',
      description: '路边垃圾没人清理',
      location: await s.pointIn(S2),
      reporter: { phone: '13900001111' },
      photos: photoIds.map((id) => ({ url: photoUrl(id) })),
    },
  );
  return row;
}

const errorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (e) {
    return e as { status: number; code: string; message: string; field?: string };
  }
  assert.fail('expected an error');
};

test('a 50 MB upload is refused with 413 as it arrives: nothing read to the end, nothing stored', async (t) => {
  const rows = await photoCount();
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = s.app.server.address() as AddressInfo;
  const { cookie } = await s.as('inspector2');
  const { boundary, headers } = multipart([]);
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const chunk = Buffer.alloc(MB, 0x5a);

  /** Send up to 50 MB; resolve with the answer and how much had been sent when it came. */
  const send = (url: string, declareLength: boolean) =>
    new Promise<{ status: number; body: any; sentMB: number }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: url,
        headers: {
          ...headers,
          cookie,
          ...(declareLength ? { 'content-length': String(50 * MB + preamble.length) } : {}),
        },
      });
      let sent = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode!,
            body: JSON.parse(Buffer.concat(chunks).toString()),
            sentMB: sent / MB,
          });
          req.destroy();
        });
      });
      req.on('error', (e) => {
        if (!answered) reject(e);
      });
      req.write(preamble);
      const pump = () => {
        while (!answered && sent < 50 * MB) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });

  // Declared length over the limit: answered before the body is read at all.
  const declared = await send('/api/photos', true);
  assert.equal(declared.status, 413, JSON.stringify(declared.body));
  assert.deepEqual(
    [declared.body.code, declared.body.field],
    ['FILE_TOO_LARGE', 'file'],
    JSON.stringify(declared.body),
  );
  assert.match(declared.body.detail, /20 MiB/);
  // (what was sent sits in socket buffers; well under the 20 MiB a read would have taken)
  assert.ok(declared.sentMB < 16, `answered after ${declared.sentMB} MB`);

  // Streamed without a length (chunked), anonymously: refused once the limit is crossed.
  const streamed = await send('/api/public/photos', false);
  assert.equal(streamed.status, 413, JSON.stringify(streamed.body));
  assert.equal(streamed.body.code, 'FILE_TOO_LARGE');
  assert.ok(streamed.sentMB < 50, `answered after ${streamed.sentMB} MB`);
  t.diagnostic(`413 after ${declared.sentMB} MB sent (declared length), ${streamed.sentMB} MB (chunked)`);

  // The whole 50 MB in one request (as a proxy might deliver it).
  const whole = await upload(Buffer.alloc(50 * MB, 0x5a), { filename: 'big.jpg' });
  assert.equal(whole.status, 413);
  assert.equal(whole.body.code, 'FILE_TOO_LARGE');

  assert.equal(await photoCount(), rows, 'no row');
  assert.deepEqual(filesOnDisk(), [], 'no photo, temp or spool file');
  // The server still works afterwards.
  const ok = await upload(await solid(40, 30, '#336699').jpeg().toBuffer());
  assert.equal(ok.status, 201);
});

test('a non-image named .jpg is 415 naming what it is; HEIC says what to do instead', async () => {
  const rows = await photoCount();
  const files = filesOnDisk();
  const cases: [string, Buffer | string, RegExp][] = [
    ['pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n', /PDF document/],
    ['zip', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 1)]), /ZIP archive/],
    [
      'mp4',
      Buffer.concat([
        Buffer.from([0, 0, 0, 0x18]),
        Buffer.from('ftypisom\0\0\x02\0isommp41'),
        Buffer.alloc(64),
      ]),
      /video/,
    ],
    ['text', '这不是照片 — just text pretending to be a photo\n', /is text/],
    ['html', '<!DOCTYPE html><html><body>hi</body></html>', /HTML page/],
    ['exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), /Windows program/],
    [
      'random',
      Buffer.from([0x00, 0x9f, 0x13, 0x80, 0xee, 0x01, 0x02, 0x03, 0xff, 0x00]),
      /not an image format/,
    ],
  ];
  for (const [name, data, what] of cases) {
    for (const send of [upload, uploadPublic]) {
      const res = await send(data, { filename: 'IMG_2024.jpg', type: 'image/jpeg' });
      assert.equal(res.status, 415, `${name}: ${res.text}`);
      assert.equal(res.body.code, 'UNSUPPORTED_MEDIA', name);
      assert.equal(res.body.field, 'file', name);
      assert.match(res.body.detail, what, name);
      assert.match(res.body.detail, /send a JPEG/, name);
    }
  }
  const phone = heic(4032, 3024);
  const meta = await sharp(phone).metadata();
  assert.deepEqual([meta.format, meta.compression], ['heif', 'hevc'], 'a real HEIC header');
  for (const send of [upload, uploadPublic]) {
    const res = await send(phone, { filename: 'IMG_0001.HEIC', type: 'image/heic' });
    assert.equal(res.status, 415, res.text);
    assert.equal(res.body.code, 'UNSUPPORTED_MEDIA');
    assert.match(res.body.detail, /HEIC/);
    assert.match(res.body.detail, /Most Compatible/);
  }
  assert.equal(await photoCount(), rows);
  assert.deepEqual(filesOnDisk(), files, 'nothing written');
});

test('a truncated JPEG is 400 INVALID_IMAGE, baseline or progressive, wherever it is cut', async () => {
  const rows = await photoCount();
  const files = filesOnDisk();
  for (const progressive of [false, true]) {
    const photo = await noise(1600, 1200).jpeg({ quality: 85, progressive }).toBuffer();
    for (const keep of [0.1, 0.5, 0.98]) {
      const cut = photo.subarray(0, Math.floor(photo.length * keep));
      const res = await upload(cut, { filename: 'cut.jpg' });
      const label = `${progressive ? 'progressive' : 'baseline'} cut at ${keep * 100}%`;
      assert.equal(res.status, 400, `${label}: ${res.text}`);
      assert.equal(res.body.code, 'INVALID_IMAGE', label);
      assert.equal(res.body.field, 'file', label);
      assert.match(res.body.detail, /damaged or incomplete/, label);
    }
  }
  assert.equal(await photoCount(), rows);
  assert.deepEqual(filesOnDisk(), files, 'nothing written');
  // The same photo whole is fine.
  const whole = await upload(await noise(1600, 1200).jpeg({ quality: 85 }).toBuffer());
  assert.equal(whole.status, 201, whole.text);
});

test('GPS EXIF: staff see where it was taken; stored bytes and public answers carry none', async () => {
  const original = await phoneJpeg();
  assert.ok((await sharp(original).metadata()).exif, 'the test photo has EXIF with GPS');
  const expected = { lon: 121.3700944, lat: 31.1583333, crs: 'WGS84', altitude: 12, direction: 270.5 };

  // Staff upload: the answer and the meta route show the position to those who may view it.
  const staff = await upload(original);
  assert.equal(staff.status, 201, staff.text);
  assert.deepEqual(staff.body.location, expected);
  assert.equal(staff.body.origin, 'staff');
  const meta = await s.call('GET', `${staff.body.url}/meta`, { as: 'inspector2' });
  assert.equal(meta.status, 200);
  assert.deepEqual(meta.body.location, expected);
  assert.equal((await s.call('GET', `${staff.body.url}/meta`, { as: 's2-dispatch' })).status, 404);
  assert.equal((await s.call('GET', `${staff.body.url}/meta`)).status, 401);

  // The stored files: no EXIF, XMP, GPS or camera name at all.
  const stored = [
    (await fetchImage(staff.body.url, 'inspector2')).bytes,
    (await fetchImage(staff.body.thumbUrl, 'inspector2')).bytes,
  ];
  for (const bytes of stored) {
    const m = await sharp(bytes).metadata();
    assert.deepEqual([m.exif, m.xmp, m.iptc], [undefined, undefined, undefined]);
    for (const marker of ['Exif', 'GPS', 'XiuhuaCam', 'http://ns.adobe.com'])
      assert.ok(!bytes.includes(marker), `no ${marker} in the stored JPEG`);
  }

  // Anonymous upload of the same photo: the answer has no position; the row keeps it for staff.
  const pub = await uploadPublic(original);
  assert.equal(pub.status, 201, pub.text);
  assert.deepEqual(Object.keys(pub.body).sort(), ['claim', 'height', 'id', 'thumbUrl', 'width']);
  for (const leak of ['121.37', '31.158', 'location', 'GPS', 'lon', 'lat'])
    assert.ok(!pub.text.includes(leak), `public answer shows no ${leak}: ${pub.text}`);
  const preview = await fetchImage(pub.body.thumbUrl, null);
  assert.equal(preview.status, 200);
  assert.equal((await sharp(preview.bytes).metadata()).exif, undefined);
  assert.ok(!preview.bytes.includes('GPS') && !preview.bytes.includes('Exif'));
  const row = await s.db
    .selectFrom('photos')
    .selectAll()
    .where('id', '=', pub.body.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual([row.gps_lon, row.gps_lat], [expected.lon, expected.lat]);
  // Once on a case, staff who see the case see the position too; PhotoService.read gives the same clean bytes.
  await citizenReport([pub.body.id]);
  const seen = await s.call('GET', `${photoUrl(pub.body.id)}/meta`, { as: 's2-dispatch' });
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.body.location, expected);
  assert.equal(seen.body.origin, 'public');
  const main = await photos.read(row, 'main');
  assert.deepEqual(main, (await fetchImage(photoUrl(row.id), 's2-dispatch')).bytes);
  assert.equal((await sharp(main).metadata()).exif, undefined);

  // No fix (0,0) or a void measurement is no position.
  for (const gps of [
    { ...GPS_MINHANG, GPSLatitude: '0/1 0/1 0/1', GPSLongitude: '0/1 0/1 0/1' },
    { ...GPS_MINHANG, GPSStatus: 'V' },
  ]) {
    const res = await upload(await phoneJpeg(gps), { as: 'intake' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.location, undefined, JSON.stringify(gps));
  }
  // Southern and western hemispheres are signed.
  const south = await upload(
    await phoneJpeg({
      GPSLatitudeRef: 'S',
      GPSLatitude: '33/1 52/1 0/1',
      GPSLongitudeRef: 'W',
      GPSLongitude: '70/1 40/1 0/1',
    }),
    { as: 'shift' },
  );
  assert.deepEqual(south.body.location, { lon: -70.6666667, lat: -33.8666667, crs: 'WGS84' });
});

test('anonymous uploads: a claim to attach each once within a day; nobody else sees them', async () => {
  const jpeg = await solid(64, 48, '#2a9d8f').jpeg().toBuffer();
  const res = await uploadPublic(jpeg, { ip: '203.0.113.20' });
  assert.equal(res.status, 201, res.text);
  const { id, claim, thumbUrl } = res.body;
  assert.deepEqual([res.body.width, res.body.height], [64, 48]);
  assert.match(claim, /^[A-Za-z0-9_-]{32}$/);
  const row = await s.db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.origin, row.uploaded_by], ['public', null]);
  assert.ok(row.claim_hash && !row.claim_hash.includes(claim), 'only a hash of the claim is stored');

  // The same bytes again: a photo of its own (another citizen may send the same picture).
  const again = await uploadPublic(jpeg, { ip: '203.0.113.20' });
  assert.equal(again.status, 201);
  assert.notEqual(again.body.id, id);

  // Not a staff photo: nobody may view it until it is on a case they see.
  for (const user of ['admin', 'leader', 'intake'])
    assert.equal((await fetchImage(photoUrl(id), user)).status, 404, user);
  // The preview works with the claim only.
  assert.equal((await fetchImage(thumbUrl, null)).status, 200);
  assert.equal((await fetchImage(`/api/public/photos/${id}/thumb?claim=wrong`, null)).status, 404);
  assert.equal((await fetchImage(`/api/public/photos/${id}/thumb`, null)).status, 400);
  assert.equal(
    (await fetchImage(`/api/public/photos/${randomUUID()}/thumb?claim=${claim}`, null)).status,
    404,
  );

  // Claims: wrong, unknown, malformed, a staff photo, listed twice → 400 on field 'photos'.
  const staffPhoto = (await upload(await solid(20, 20, '#000000').jpeg().toBuffer())).body.id;
  const now = s.clock.now();
  for (const [label, list, why] of [
    ['wrong claim', [{ id, claim: 'x'.repeat(32) }], /claim does not match/],
    ['unknown', [{ id: randomUUID(), claim }], /unknown/],
    ['malformed', [{ id: 'nope', claim }], /unknown/],
    ['staff photo', [{ id: staffPhoto, claim }], /unknown/],
    [
      'twice',
      [
        { id, claim },
        { id, claim },
      ],
      /photo 2 .* listed twice/,
    ],
  ] as const) {
    const e = await errorOf(assertPhotoClaims(s.db, list, now));
    assert.deepEqual([e.status, e.code, e.field], [400, 'INVALID_PHOTO', 'photos'], label);
    assert.match(e.message, why, label);
  }
  // A gateway cannot show a staff photo, whatever it claims.
  const viaGateway = await errorOf(citizenReport([staffPhoto]));
  assert.deepEqual(
    [viaGateway.status, viaGateway.code, viaGateway.field],
    [422, 'UNKNOWN_PHOTO', 'photos.0.url'],
  );
  const rows = await assertPhotoClaims(s.db, [{ id, claim }, again.body], now);
  assert.deepEqual(
    rows.map((r) => r.id),
    [id, again.body.id],
  );

  // Attached: the claim is spent, the preview gone; staff who see the case see the photo.
  const report = await citizenReport([id]);
  const spent = await errorOf(assertPhotoClaims(s.db, [{ id, claim }], now));
  assert.match(spent.message, /already attached/);
  assert.equal((await fetchImage(thumbUrl, null)).status, 404);
  assert.equal((await fetchImage(photoUrl(id), 's2-dispatch')).status, 200);
  assert.equal((await fetchImage(photoUrl(id), 's1-dispatch')).status, 404);
  const staffView = await s.call('GET', `/api/cases/${report.id}`, { as: 'intake' });
  assert.deepEqual(staffView.body.photos, [{ url: photoUrl(id) }]);

  // Too old: a day after the upload the claim no longer holds.
  const late = new Date(new Date(row.created_at).getTime() + 24 * HOUR + 60_000);
  const expired = await errorOf(assertPhotoClaims(s.db, [again.body], late));
  assert.match(expired.message, /more than 24 hours ago/);
  s.clock.set(late);
  try {
    assert.equal((await fetchImage(again.body.thumbUrl, null)).status, 404);
  } finally {
    s.clock.set(MONDAY_0900);
  }
});

test('anonymous uploads are rate-limited per address (429), with the same checks as staff uploads', async () => {
  const jpeg = await solid(16, 16, '#e76f51').jpeg().toBuffer();
  const ip = '203.0.113.77';
  // Every request counts, refused ones too.
  for (let i = 0; i < 30; i++) {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/public/photos',
      payload: { file: 'x' },
      remoteAddress: ip,
    });
    assert.equal(res.statusCode, 415, res.body);
  }
  const limited = await uploadPublic(jpeg, { ip });
  assert.equal(limited.status, 429, limited.text);
  assert.equal(limited.body.code, 'RATE_LIMITED');
  assert.match(limited.body.detail, /try again in/);
  // Another address is not affected.
  assert.equal((await uploadPublic(jpeg, { ip: '203.0.113.78' })).status, 201);

  const missing = multipart([{ name: 'caption', data: 'hello' }]);
  const noFile = await s.app.inject({
    method: 'POST',
    url: '/api/public/photos',
    payload: missing.body,
    headers: missing.headers,
    remoteAddress: '203.0.113.79',
  });
  assert.equal(noFile.statusCode, 400);
  assert.equal(JSON.parse(noFile.body).code, 'MISSING_FIELD');
  const empty = await uploadPublic(Buffer.alloc(0), { ip: '203.0.113.79' });
  assert.deepEqual([empty.status, empty.body.code], [400, 'INVALID_IMAGE']);
  const bomb = await uploadPublic(await solid(8200, 8000, '#888888').png().toBuffer(), {
    ip: '203.0.113.79',
  });
  assert.deepEqual([bomb.status, bomb.body.code], [413, 'IMAGE_TOO_LARGE']);

  const doc = (await s.call('GET', '/openapi.json', { as: 'inspector2' })).body;
  assert.ok(doc.paths['/api/public/photos/']?.post);
  assert.ok(doc.paths['/api/photos/{id}/meta']?.get);
});

test('the sweep: unclaimed anonymous uploads after a day, orphan files, temp and spool leftovers', async () => {
  // Ten days on: everything the earlier tests uploaded anonymously is long unclaimed; clear it first.
  const t0 = new Date('2026-10-08T01:00:00.000Z');
  s.clock.set(t0);
  await sweepPhotos(s.db, photos, t0);
  const up = async (colour: string) =>
    (await uploadPublic(await solid(30, 30, colour).jpeg().toBuffer(), { ip: '203.0.113.90' })).body;
  const unclaimed = await up('#101010');
  const attached = await up('#202020');
  await citizenReport([attached.id]);
  s.clock.set(new Date(t0.getTime() + 20 * HOUR));
  const young = await up('#303030');
  s.clock.set(t0);
  const staffOld = (await upload(await solid(30, 30, '#404040').jpeg().toBuffer())).body;

  const store = photos.store as LocalPhotoStore;
  const rowOf = (id: string) => s.db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  const filesOf = async (id: string) => {
    const keys = photos.keys((await rowOf(id))!.path);
    return [store.file(keys.main), store.file(keys.thumb)];
  };
  const unclaimedFiles = await filesOf(unclaimed.id);

  // Leftovers of crashes, dated well before the sweep; and a young orphan, still being written.
  const old = new Date(t0.getTime() - 3 * 24 * HOUR);
  const orphanId = randomUUID();
  const lastMonthOrphan = randomUUID();
  const leftovers = [
    `2026/10/${orphanId}.jpg`,
    `2026/10/${orphanId}_thumb.jpg`,
    `2026/09/${lastMonthOrphan}.jpg`,
    `2026/10/${randomUUID()}.jpg.0a1b2c3d4e5f.tmp`,
  ];
  for (const key of leftovers) {
    mkdirSync(path.dirname(store.file(key)), { recursive: true });
    writeFileSync(store.file(key), 'left behind');
    utimesSync(store.file(key), old, old);
  }
  const recent = new Date(t0.getTime() + 24 * HOUR);
  const youngOrphan = `2026/10/${randomUUID()}.jpg`;
  writeFileSync(store.file(youngOrphan), 'being written');
  utimesSync(store.file(youngOrphan), recent, recent);
  const notOurs = '2026/10/README.txt';
  writeFileSync(store.file(notOurs), 'someone else’s');
  utimesSync(store.file(notOurs), old, old);
  mkdirSync(photos.spoolDir, { recursive: true });
  const staleSpool = path.join(photos.spoolDir, `${randomUUID()}.upload`);
  const freshSpool = path.join(photos.spoolDir, `${randomUUID()}.upload`);
  writeFileSync(staleSpool, 'half an upload');
  utimesSync(staleSpool, old, old);
  writeFileSync(freshSpool, 'an upload arriving now');
  utimesSync(freshSpool, recent, recent);

  // 24 h 30 min later: still within the hour of grace after the claim ran out; the leftovers go.
  const early = await sweepPhotos(s.db, photos, new Date(t0.getTime() + 24.5 * HOUR));
  assert.deepEqual(early, { expired: 0, kept: 0, orphans: 4, spool: 1 });
  assert.ok(await rowOf(unclaimed.id));
  let disk = filesOnDisk().map((f) => path.join(s.photoDir, f));
  for (const key of leftovers) assert.ok(!disk.includes(store.file(key)), `${key} swept`);
  assert.ok(disk.includes(store.file(youngOrphan)), 'a young orphan may still get its row');
  assert.ok(disk.includes(store.file(notOurs)), 'files that are not ours stay');
  assert.ok(disk.includes(freshSpool) && !disk.includes(staleSpool), 'only the stale spool file goes');

  const later = new Date(t0.getTime() + 25 * HOUR + 60_000);
  const report = await sweepPhotos(s.db, photos, later);
  assert.deepEqual(report, { expired: 1, kept: 1, orphans: 0, spool: 0 });
  assert.equal(await rowOf(unclaimed.id), undefined, 'the unclaimed upload is gone');
  disk = filesOnDisk().map((f) => path.join(s.photoDir, f));
  for (const f of unclaimedFiles) assert.ok(!disk.includes(f), `${f} deleted`);
  assert.ok((await rowOf(attached.id))?.kept_at, 'the attached one is kept for good');
  assert.ok(await rowOf(young.id), 'the young one waits');
  assert.ok(await rowOf(staffOld.id), 'staff uploads are never swept');
  for (const id of [attached.id, young.id, staffOld.id])
    for (const f of await filesOf(id)) assert.ok(disk.includes(f), `${f} still there`);
  // A claim for the swept upload fails as unknown; the young one is still good.
  assert.match((await errorOf(assertPhotoClaims(s.db, [unclaimed], later))).message, /unknown/);
  assert.equal((await assertPhotoClaims(s.db, [young], later)).length, 1);

  // Nothing left to do; the kept photo is not looked at again.
  const again = await sweepPhotos(s.db, photos, later);
  assert.deepEqual(again, { expired: 0, kept: 0, orphans: 0, spool: 0 });
  s.clock.set(MONDAY_0900);
});
