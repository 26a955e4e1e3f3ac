// Shared by the photo tests: multipart bodies, uploads (staff and anonymous), fetching image
// bytes, and test images (a phone JPEG with EXIF/GPS, a HEIC container).

import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { TestServer } from './fixture.ts';

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

export function multipart(parts: Part[]) {
  const boundary = `----xiuhua${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename ? `\r\nContent-Type: ${p.type ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    boundary,
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface UploadOptions {
  as?: string;
  filename?: string;
  type?: string;
  field?: string;
  /** The client address (anonymous uploads are rate-limited per address). */
  ip?: string;
}

export function photoHelpers(s: TestServer) {
  const form = (data: Buffer | string, options: UploadOptions) =>
    multipart([
      {
        name: options.field ?? 'file',
        filename: options.filename ?? 'photo.jpg',
        type: options.type ?? 'image/jpeg',
        data,
      },
    ]);
  const send = async (url: string, data: Buffer | string, options: UploadOptions) => {
    const { body, headers } = form(data, options);
    const res = await s.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { ...headers, ...(options.as ? { cookie: (await s.as(options.as)).cookie } : {}) },
      ...(options.ip ? { remoteAddress: options.ip } : {}),
    });
    return { status: res.statusCode, body: JSON.parse(res.body), text: res.body };
  };
  return {
    /** Staff upload (default inspector2). */
    upload: (data: Buffer | string, options: UploadOptions = {}) =>
      send('/api/photos', data, { as: 'inspector2', ...options }),
    /** Anonymous upload (citizen portal). */
    uploadPublic: (data: Buffer | string, options: UploadOptions = {}) =>
      send('/api/public/photos', data, { ip: '198.51.100.1', ...options }),
    /** GET an image as bytes (the fixture's call() would decode it as text). */
    fetchImage: async (url: string, as: string | null, headers: Record<string, string> = {}) => {
      const res = await s.app.inject({
        method: 'GET',
        url,
        headers: { ...headers, ...(as ? { cookie: (await s.as(as)).cookie } : {}) },
      });
      return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, body: res.body };
    },
    photoCount: async () =>
      Number(
        (
          await s.db
            .selectFrom('photos')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** Every file under the photo directory (spool included), relative. */
    filesOnDisk: (): string[] =>
      (readdirSync(s.photoDir, { recursive: true }) as string[])
        .filter((f) => statSync(path.join(s.photoDir, f)).isFile())
        .sort(),
  };
}

export const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

export const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } });

/** Sensor noise: does not compress, so sizes are predictable. */
export const noise = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });

/** 400×200: left half red, right half blue; EXIF says "rotate 90° clockwise" and where it was taken. */
export async function phoneJpeg(gps: Record<string, string> = GPS_MINHANG): Promise<Buffer> {
  const red = await solid(200, 200, '#ff0000').png().toBuffer();
  return await solid(400, 200, '#0000ff')
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'XiuhuaCam', Model: 'GPS-1' },
      IFD2: { DateTimeOriginal: '2026:09:27 14:30:05', OffsetTimeOriginal: '+08:00' },
      IFD3: gps,
    })
    .toBuffer();
}

/** 31°9′30″N 121°22′12.34″E, 12 m, facing 270.5° (west). */
export const GPS_MINHANG = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '31/1 9/1 30/1',
  GPSLongitudeRef: 'E',
  GPSLongitude: '121/1 22/1 1234/100',
  GPSAltitudeRef: '0',
  GPSAltitude: '12/1',
  GPSImgDirectionRef: 'T',
  GPSImgDirection: '2705/10',
};

/**
 * A HEIC (HEVC) container as phones write it: ftyp heic, one hvc1 item with hvcC and its size.
 * The pixel data is filler: only the header is read before the upload is refused.
 */
export function heic(width: number, height: number): Buffer {
  const box = (type: string, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const full = (type: string, version: number, ...parts: Buffer[]) =>
    box(type, Buffer.from([version, 0, 0, 0]), ...parts);
  const u8 = (...n: number[]) => Buffer.from(n);
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const str = (t: string) => Buffer.from(t, 'latin1');
  const ftyp = box('ftyp', str('heic'), u32(0), str('mif1'), str('heic'));
  // HEVCDecoderConfigurationRecord: version 1, Main profile, level 3, no parameter-set arrays
  const hvcC = box(
    'hvcC',
    u8(1, 1),
    u32(0x60000000),
    Buffer.alloc(6),
    u8(90),
    u16(0xf000),
    u8(0xfc, 0xfd, 0xf8, 0xf8),
    u16(0),
    u8(0x0f, 0),
  );
  const iprp = box(
    'iprp',
    box('ipco', hvcC, full('ispe', 0, u32(width), u32(height))),
    full('ipma', 0, u32(1), u16(1), u8(2), u8(0x81, 0x02)),
  );
  const hdlr = full('hdlr', 0, u32(0), str('pict'), Buffer.alloc(12), u8(0));
  const pitm = full('pitm', 0, u16(1));
  const iinf = full('iinf', 0, u16(1), full('infe', 2, u16(1), u16(0), str('hvc1'), u8(0)));
  const data = Buffer.alloc(64, 0x11);
  const meta = (offset: number) =>
    full(
      'meta',
      0,
      hdlr,
      pitm,
      full('iloc', 0, u8(0x44, 0), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(data.length)),
      iinf,
      iprp,
    );
  const dataAt = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(dataAt), box('mdat', data)]);
}
