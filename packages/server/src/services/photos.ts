// Photo uploads from phones: checked by content (never by name or declared type), re-encoded to a
// plain JPEG (orientation applied, metadata such as GPS dropped), written to local disk durably
// (temp file + fsync + rename) and only then recorded in `photos`. Crash before the row: an
// orphan file, never a row without its file.
//
// Who may view a photo: its uploader, and anyone who can see a case whose intake photos or any
// event's attachments reference its URL (the same visibility as the case itself).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db, PhotoRow } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import { sql } from 'kysely';
import sharp, { type Metadata } from 'sharp';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Actor } from './auth.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Decoded size limit: a 10 MiB PNG can hold a billion pixels (decompression bomb). ~50 MP phones fit. */
export const MAX_INPUT_PIXELS = 64_000_000;
export const MAX_SIDE = 2048;
export const THUMB_SIDE = 320;
const JPEG_QUALITY = 82;
const THUMB_QUALITY = 75;
/** EXIF capture times carry no zone unless OffsetTimeOriginal is set; the cameras are in China. */
const DEFAULT_EXIF_OFFSET = '+08:00';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);
/** The only form of an uploaded photo's URL in case photos. */
const PHOTO_URL_RE = new RegExp(`^/api/photos/(${UUID})$`);

export const isPhotoId = (id: string) => UUID_RE.test(id);
export const photoUrl = (id: string) => `/api/photos/${id}`;

export interface PresentedPhoto {
  id: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  bytes: number;
  takenAt?: string;
}

export function presentPhoto(row: PhotoRow): PresentedPhoto {
  return {
    id: row.id,
    url: photoUrl(row.id),
    thumbUrl: `${photoUrl(row.id)}/thumb`,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    ...(row.taken_at ? { takenAt: new Date(row.taken_at).toISOString() } : {}),
  };
}

const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA', message, 'file');
const invalid = (message: string) => new AppError(400, 'INVALID_IMAGE', message, 'file');

export class PhotoService {
  readonly dir: string;
  #db: Db;
  #clock: Clock;

  constructor(db: Db, clock: Clock, dir: string) {
    this.#db = db;
    this.#clock = clock;
    this.dir = path.resolve(dir);
  }

  /** Store an upload. `created` is false when the same user already uploaded these exact bytes. */
  async upload(actor: Actor, data: Buffer): Promise<{ row: PhotoRow; created: boolean }> {
    if (data.length === 0) throw invalid('the file is empty');
    const sourceSha = sha256(data);
    const existing = await this.#bySource(actor.user.id, sourceSha);
    if (existing) return { row: existing, created: false };

    const { main, thumb, takenAt } = await this.#process(data);
    const now = this.#clock.now();
    const id = randomUUID();
    const [year, month] = cstDateOf(now).split('-');
    const rel = `${year}/${month}/${id}`;
    const files = this.files(rel);
    await mkdir(path.dirname(files.main), { recursive: true });
    try {
      await writeDurably(files.thumb, thumb.data);
      await writeDurably(files.main, main.data);
      await syncDir(path.dirname(files.main));
      const row = await this.#db
        .insertInto('photos')
        .values({
          id,
          path: rel,
          sha256: sha256(main.data),
          source_sha256: sourceSha,
          uploaded_by: actor.user.id,
          width: main.info.width,
          height: main.info.height,
          bytes: main.data.length,
          taken_at: takenAt,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { row, created: true };
    } catch (e) {
      // No row: leave no files behind either.
      await Promise.all([rm(files.main, { force: true }), rm(files.thumb, { force: true })]);
      // The same bytes uploaded twice at once: the other request's photo wins.
      if ((e as { code?: string }).code === '23505') {
        const winner = await this.#bySource(actor.user.id, sourceSha);
        if (winner) return { row: winner, created: false };
      }
      throw e;
    }
  }

  /** The photo if the actor may view it; otherwise (or unknown) 404. */
  async get(actor: Actor, id: string): Promise<PhotoRow> {
    const row = isPhotoId(id)
      ? await this.#db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row || !(await canViewPhoto(this.#db, actor, row)))
      throw new AppError(404, 'NOT_FOUND', 'photo not found');
    return row;
  }

  files(rel: string): { main: string; thumb: string } {
    const base = path.join(this.dir, ...rel.split('/'));
    return { main: `${base}.jpg`, thumb: `${base}_thumb.jpg` };
  }

  async #bySource(userId: number, sourceSha: string): Promise<PhotoRow | undefined> {
    return await this.#db
      .selectFrom('photos')
      .selectAll()
      .where('uploaded_by', '=', userId)
      .where('source_sha256', '=', sourceSha)
      .executeTakeFirst();
  }

  async #process(data: Buffer) {
    const options = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS } as const;
    let meta: Metadata;
    try {
      // Header only (no decoding): the pixel limit is checked below with a clear answer.
      meta = await sharp(data, { ...options, limitInputPixels: false }).metadata();
    } catch (e) {
      const message = (e as Error).message;
      if (/unsupported image format/i.test(message))
        throw unsupported('the file is not a JPEG, PNG, WebP, HEIF/AVIF or GIF image');
      throw invalid(`the image cannot be read (${firstLine(message)})`);
    }
    const format = meta.format as string;
    if (!['jpeg', 'png', 'webp', 'heif', 'gif'].includes(format))
      throw unsupported(`${format} images are not accepted; send JPEG, PNG, WebP, HEIF/AVIF or a still GIF`);
    if ((format === 'gif' || format === 'webp') && (meta.pages ?? 1) > 1)
      throw unsupported('animated images are not accepted; send a still photo');
    // The bundled libheif decodes AVIF only; HEVC (iPhone HEIC) needs a patent-encumbered codec.
    if (format === 'heif' && meta.compression !== 'av1')
      throw unsupported('HEIC (HEVC) photos are not supported; send JPEG (camera setting "Most Compatible")');
    if (!meta.width || !meta.height) throw invalid('the image has no size');
    if (meta.width * meta.height > MAX_INPUT_PIXELS)
      throw new AppError(
        413,
        'IMAGE_TOO_LARGE',
        `the image has ${meta.width}×${meta.height} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels`,
        'file',
      );
    try {
      // Re-encoding drops EXIF/XMP/ICC (GPS, device ids) and turns any colour space into sRGB.
      const main = await sharp(data, options)
        .autoOrient()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, progressive: true })
        .toBuffer({ resolveWithObject: true });
      const thumb = await sharp(main.data)
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: THUMB_QUALITY })
        .toBuffer({ resolveWithObject: true });
      return { main, thumb, takenAt: meta.exif ? exifTakenAt(meta.exif, this.#clock.now()) : null };
    } catch (e) {
      throw invalid(`the image is damaged (${firstLine((e as Error).message)})`);
    }
  }
}

/**
 * Case photos: URLs under /api/photos/ must name an uploaded photo the caller may view (its
 * uploader, or someone who sees a case already showing it); anything else is UNKNOWN_PHOTO.
 * Other URLs (external links, demo pictures) pass as before.
 */
export async function assertKnownPhotos(
  db: Db,
  actor: Actor | null,
  photos: readonly { url: string }[] | undefined,
): Promise<void> {
  for (const [i, photo] of (photos ?? []).entries()) {
    if (!photo.url.startsWith('/api/photos/')) continue;
    const id = PHOTO_URL_RE.exec(photo.url)?.[1];
    const row = id
      ? await db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row || (actor && !(await canViewPhoto(db, actor, row)))) {
      throw new AppError(
        422,
        'UNKNOWN_PHOTO',
        id ? `there is no photo ${id}` : 'a photo URL must be /api/photos/<id> as returned by the upload',
        `photos.${i}.url`,
      );
    }
  }
}

async function canViewPhoto(db: Db, actor: Actor, row: PhotoRow): Promise<boolean> {
  if (row.uploaded_by === actor.user.id) return true;
  const ref = JSON.stringify([{ url: photoUrl(row.id) }]);
  // Cases showing the photo at intake or in any event (both jsonb columns are GIN-indexed)…
  let q = db
    .selectFrom('cases')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(sql`photos`, '@>', sql`${ref}::jsonb`),
        eb(
          'id',
          'in',
          eb.selectFrom('case_events').select('case_id').where(sql`attachments`, '@>', sql`${ref}::jsonb`),
        ),
      ]),
    );
  // …that the actor may see: the same scope rule as listCases / canSeeCase.
  const { scope } = actor;
  if (!scope.cityWide) {
    const unitIds = scope.unitIds.map(Number);
    q = q.where((eb) =>
      eb.or([
        ...scope.areaPaths.flatMap((p) => [eb('area_path', '=', p), eb('area_path', 'like', `${p}/%`)]),
        ...(unitIds.length > 0 ? [eb('involved_unit_ids', '&&', sql<number[]>`${unitIds}::int[]`)] : []),
        eb('assignee_user_id', '=', actor.user.id),
        eb('created_by', '=', actor.user.id),
      ]),
    );
  }
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const firstLine = (s: string) => s.split('\n')[0]!.trim();

/** Write to a temp file, fsync, then rename: readers see the whole file or none. */
async function writeDurably(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'wx', 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Make the renames themselves durable. Some platforms cannot open a directory: skip there. */
async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here (e.g. Windows)
  } finally {
    await handle?.close();
  }
}

// ---------------------------------------------------------------- EXIF capture time

/**
 * DateTimeOriginal (or DateTimeDigitized) from a raw EXIF block ("Exif\0\0" + TIFF), with
 * OffsetTimeOriginal when present. Null when absent, malformed, or implausible (a camera clock
 * years off, or in the future).
 */
export function exifTakenAt(exif: Buffer, now: Date): Date | null {
  try {
    const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
    const order = tiff.toString('latin1', 0, 2);
    if (order !== 'II' && order !== 'MM') return null;
    const le = order === 'II';
    const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
    const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
    if (u16(2) !== 42) return null;
    const readIfd = (offset: number) => {
      const tags = new Map<number, string | number>();
      const count = u16(offset);
      for (let i = 0; i < count && i < 512; i++) {
        const entry = offset + 2 + i * 12;
        const tag = u16(entry);
        const type = u16(entry + 2);
        const n = u32(entry + 4);
        if (type === 2) {
          // ASCII: inline when ≤ 4 bytes, else at an offset
          const at = n <= 4 ? entry + 8 : u32(entry + 8);
          tags.set(tag, tiff.toString('latin1', at, at + n).replace(/\0.*$/s, ''));
        } else if (type === 4) tags.set(tag, u32(entry + 8));
      }
      return tags;
    };
    const ifd0 = readIfd(u32(4));
    const exifOffset = ifd0.get(0x8769);
    if (typeof exifOffset !== 'number') return null;
    const exifIfd = readIfd(exifOffset);
    const original = (exifIfd.get(0x9003) ?? exifIfd.get(0x9004)) as string | undefined;
    const offset = (exifIfd.get(0x9011) ?? exifIfd.get(0x9012)) as string | undefined;
    const m = original?.match(/^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/);
    if (!m) return null;
    const zone =
      typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : DEFAULT_EXIF_OFFSET;
    const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
    if (Number.isNaN(at.getTime())) return null;
    if (at.getUTCFullYear() < 2000 || at.getTime() > now.getTime() + 86_400_000) return null;
    return at;
  } catch {
    return null; // out-of-range offsets in a broken block
  }
}
