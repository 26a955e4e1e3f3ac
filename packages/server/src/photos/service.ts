// Photo uploads from phones: checked by content (never by name or declared type), re-encoded to a
// plain JPEG (orientation applied, all metadata dropped), stored durably in the photo store
// (photos/store.ts) and only then recorded in `photos`. Crash before the row: an orphan
// object the sweep removes (photos/sweep.ts), never a row without its files.
//
// The original's EXIF position is kept in the row (staff only, see presentPhotoForStaff); the
// stored JPEG carries none.
//
// Who may view a photo: its uploader, and anyone who can see a case whose intake photos or any
// event's attachments reference its URL (the same visibility as the case itself). Anonymous
// uploads (citizen portal) have no uploader: whoever holds the upload's claim may attach it to a
// report once, within a day (assertPhotoClaims).

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db, PhotoRow } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import exifReader from 'exif-reader';
import { sql } from 'kysely';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import { LocalPhotoStore, type PhotoStore, type StoredObject } from './store.ts';

/**
 * 20 MiB: phone photos are 3–8 MB, 48–50 MP modes up to ~18 MB. Anything larger is refused as
 * it arrives (413), before it is read to the end.
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Decoded size limit: a small PNG can hold a billion pixels (decompression bomb). ~50 MP phones fit. */
export const MAX_INPUT_PIXELS = 64_000_000;
export const MAX_SIDE = 2048;
export const THUMB_SIDE = 320;
/** An anonymous upload must be attached to a report within this time; the sweep removes it an hour later. */
export const PUBLIC_CLAIM_HOURS = 24;
const JPEG_QUALITY = 82;
const THUMB_QUALITY = 75;
/** EXIF capture times carry no zone unless OffsetTimeOriginal is set; the cameras are in China. */
const DEFAULT_EXIF_OFFSET = '+08:00';
/** Uploads being received, inside the local photo directory (removed when done; swept after a day). */
export const SPOOL_DIR = '.incoming';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);
/** The only form of an uploaded photo's URL in case photos. */
const PHOTO_URL_RE = new RegExp(`^/api/photos/(${UUID})$`);

export const isPhotoId = (id: string) => UUID_RE.test(id);
export const photoUrl = (id: string) => `/api/photos/${id}`;

export type PhotoVariant = 'main' | 'thumb';

/** An upload received into the spool directory (see PhotoService.spool). */
export interface SpooledUpload {
  file: string;
  bytes: number;
  sha256: string;
}

export interface PhotoLocation {
  /** WGS84 as the camera wrote it. */
  lon: number;
  lat: number;
  /** Metres above sea level. */
  altitude?: number;
  /** Where the camera pointed, degrees from north. */
  direction?: number;
}

export interface PresentedPhoto {
  id: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  bytes: number;
  takenAt?: string;
}

/** What anyone who may view the photo sees: never the EXIF position. */
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

export interface StaffPhoto extends PresentedPhoto {
  origin: 'staff' | 'public';
  uploadedAt: string;
  location?: PhotoLocation & { crs: 'WGS84' };
}

/** For signed-in staff who may view the photo: adds where it was taken and where it came from. */
export function presentPhotoForStaff(row: PhotoRow): StaffPhoto {
  return {
    ...presentPhoto(row),
    origin: row.origin,
    uploadedAt: new Date(row.created_at).toISOString(),
    ...(row.gps_lon !== null && row.gps_lat !== null
      ? {
          location: {
            lon: row.gps_lon,
            lat: row.gps_lat,
            crs: 'WGS84' as const,
            ...(row.gps_altitude !== null ? { altitude: row.gps_altitude } : {}),
            ...(row.gps_direction !== null ? { direction: row.gps_direction } : {}),
          },
        }
      : {}),
  };
}

const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA', message, 'file');
const invalid = (message: string) => new AppError(400, 'INVALID_IMAGE', message, 'file');
export const fileTooLarge = () =>
  new AppError(
    413,
    'FILE_TOO_LARGE',
    `the file is over the ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB limit; send a smaller photo`,
    'file',
  );
const ACCEPTED = 'send a JPEG, PNG, WebP, AVIF or still GIF photo';

interface Processed {
  main: { data: Buffer; info: OutputInfo };
  thumb: { data: Buffer; info: OutputInfo };
  takenAt: Date | null;
  location: PhotoLocation | null;
}

export class PhotoService {
  readonly store: PhotoStore;
  /** Local directory for uploads being received. */
  readonly spoolDir: string;
  #db: Db;
  #clock: Clock;

  constructor(db: Db, clock: Clock, store: PhotoStore, spoolDir: string) {
    this.#db = db;
    this.#clock = clock;
    this.store = store;
    this.spoolDir = path.resolve(spoolDir);
  }

  /**
   * Receive an upload into a spool file, hashing it on the way. More than `limit` bytes: the
   * stream is abandoned at once (the caller stops reading the request) and 413 FILE_TOO_LARGE.
   * On any failure the spool file is gone.
   */
  async spool(stream: Readable, limit = MAX_UPLOAD_BYTES): Promise<SpooledUpload> {
    await mkdir(this.spoolDir, { recursive: true });
    const file = path.join(this.spoolDir, `${randomUUID()}.upload`);
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(fileTooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, meter, createWriteStream(file, { flags: 'wx', mode: 0o640 }));
      // busboy's own limit truncates silently; ours is set below it, but be sure
      if ((stream as { truncated?: boolean }).truncated) throw fileTooLarge();
    } catch (e) {
      await rm(file, { force: true });
      throw e;
    }
    return { file, bytes, sha256: hash.digest('hex') };
  }

  /** Remove a spool file once its upload is stored or refused. */
  async discard(upload: SpooledUpload | undefined): Promise<void> {
    if (upload) await rm(upload.file, { force: true });
  }

  /** Store a staff upload. `created` is false when the same user already uploaded these exact bytes. */
  async upload(actor: Actor, source: Buffer | SpooledUpload): Promise<{ row: PhotoRow; created: boolean }> {
    const sourceSha = Buffer.isBuffer(source) ? sha256(source) : source.sha256;
    const existing = await this.#bySource(actor.user.id, sourceSha);
    if (existing) return { row: existing, created: false };
    const processed = await this.#process(source);
    try {
      const row = await this.#save(processed, sourceSha, {
        uploaded_by: actor.user.id,
        origin: 'staff',
        claim_hash: null,
      });
      return { row, created: true };
    } catch (e) {
      // The same bytes uploaded twice at once: the other request's photo wins.
      if ((e as { code?: string }).code === '23505') {
        const winner = await this.#bySource(actor.user.id, sourceSha);
        if (winner) return { row: winner, created: false };
      }
      throw e;
    }
  }

  /** Store an anonymous upload; the claim is shown once and stored only as a hash. */
  async uploadPublic(source: Buffer | SpooledUpload): Promise<{ row: PhotoRow; claim: string }> {
    const sourceSha = Buffer.isBuffer(source) ? sha256(source) : source.sha256;
    const processed = await this.#process(source);
    const claim = randomBytes(24).toString('base64url');
    const row = await this.#save(processed, sourceSha, {
      uploaded_by: null,
      origin: 'public',
      claim_hash: sha256(Buffer.from(claim)),
    });
    return { row, claim };
  }

  /** The photo if the actor may view it; otherwise (or unknown) 404. */
  async get(actor: Actor, id: string): Promise<PhotoRow> {
    const row = await this.#byId(id);
    if (!row || !(await canViewPhoto(this.#db, actor, row)))
      throw new AppError(404, 'NOT_FOUND', 'photo not found');
    return row;
  }

  /** An anonymous upload shown to the holder of its claim while it is not yet attached; otherwise 404. */
  async getClaimed(id: string, claim: string): Promise<PhotoRow> {
    const row = await this.#byId(id);
    if (!row || (await claimProblem(this.#db, row, claim, this.#clock.now())))
      throw new AppError(404, 'NOT_FOUND', 'photo not found');
    return row;
  }

  /** The store keys of a photo's two files. */
  keys(rel: string): Record<PhotoVariant, string> {
    return { main: `${rel}.jpg`, thumb: `${rel}_thumb.jpg` };
  }

  /** The stored JPEG as a stream with its size, or null when the file is missing. */
  async open(row: PhotoRow, variant: PhotoVariant): Promise<StoredObject | null> {
    return await this.store.open(this.keys(row.path)[variant]);
  }

  /** The stored JPEG's bytes; 404 when the file is missing. */
  async read(row: PhotoRow, variant: PhotoVariant): Promise<Buffer> {
    const object = await this.open(row, variant);
    if (!object) throw new AppError(404, 'NOT_FOUND', 'photo not found');
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async #byId(id: string): Promise<PhotoRow | undefined> {
    if (!isPhotoId(id)) return undefined;
    return await this.#db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async #bySource(userId: number, sourceSha: string): Promise<PhotoRow | undefined> {
    return await this.#db
      .selectFrom('photos')
      .selectAll()
      .where('uploaded_by', '=', userId)
      .where('source_sha256', '=', sourceSha)
      .executeTakeFirst();
  }

  /** Files first (durably), then the row; if the row fails, the files go again. */
  async #save(
    { main, thumb, takenAt, location }: Processed,
    sourceSha: string,
    who: Pick<PhotoRow, 'uploaded_by' | 'origin' | 'claim_hash'>,
  ): Promise<PhotoRow> {
    const now = this.#clock.now();
    const id = randomUUID();
    const [year, month] = cstDateOf(now).split('-');
    const rel = `${year}/${month}/${id}`;
    const keys = this.keys(rel);
    try {
      await this.store.put(keys.thumb, thumb.data, 'image/jpeg');
      await this.store.put(keys.main, main.data, 'image/jpeg');
      return await this.#db
        .insertInto('photos')
        .values({
          id,
          path: rel,
          sha256: sha256(main.data),
          source_sha256: sourceSha,
          ...who,
          gps_lon: location?.lon ?? null,
          gps_lat: location?.lat ?? null,
          gps_altitude: location?.altitude ?? null,
          gps_direction: location?.direction ?? null,
          width: main.info.width,
          height: main.info.height,
          bytes: main.data.length,
          taken_at: takenAt,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (e) {
      // No row: leave no files behind either (if this fails too, the orphan sweep will).
      await Promise.all([this.store.delete(keys.main), this.store.delete(keys.thumb)]).catch(() => {});
      throw e;
    }
  }

  async #process(source: Buffer | SpooledUpload): Promise<Processed> {
    const input = Buffer.isBuffer(source) ? source : source.file;
    const size = Buffer.isBuffer(source) ? source.length : source.bytes;
    if (size === 0) throw invalid('the file is empty');
    // 'error' also fails on truncated data (a photo cut off in transfer), which libvips would
    // otherwise fill with grey. 'warning' would refuse real phone photos with harmless quirks.
    const options = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS } as const;
    let meta: Metadata;
    try {
      // Header only (no decoding): the pixel limit is checked below with a clear answer.
      meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
    } catch (e) {
      const message = (e as Error).message;
      if (/unsupported image format/i.test(message)) {
        const what = describeContent(await head(source));
        throw unsupported(`the file is ${what}, not a photo; ${ACCEPTED}`);
      }
      throw invalid(`the image cannot be read (${firstLine(message)})`);
    }
    const format = meta.format as string;
    if (!['jpeg', 'png', 'webp', 'heif', 'gif'].includes(format))
      throw unsupported(`the file is a ${format.toUpperCase()} image, which is not accepted; ${ACCEPTED}`);
    if ((format === 'gif' || format === 'webp') && (meta.pages ?? 1) > 1)
      throw unsupported('animated images are not accepted; send a still photo');
    // The bundled libheif decodes AVIF only; HEVC (iPhone/Huawei HEIC) needs a patent-encumbered codec.
    if (format === 'heif' && meta.compression !== 'av1')
      throw unsupported(
        'HEIC photos cannot be read here; send JPEG instead (iPhone: Settings › Camera › Formats › Most Compatible; most phones: turn off "HEIF/efficient" in the camera settings)',
      );
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
      const main = await sharp(input, options)
        .autoOrient()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, progressive: true })
        .toBuffer({ resolveWithObject: true });
      const thumb = await sharp(main.data)
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: THUMB_QUALITY })
        .toBuffer({ resolveWithObject: true });
      const exif = meta.exif ? readExif(meta.exif, this.#clock.now()) : { takenAt: null, location: null };
      return { main, thumb, ...exif };
    } catch (e) {
      throw invalid(`the image is damaged or incomplete (${firstLine((e as Error).message)})`);
    }
  }
}

/** Where the photo service keeps its files: a store (default: the local directory) and the spool. */
export interface PhotoStorageOptions {
  /** Local photo directory (default ./data/photos); the spool lives inside it. */
  dir?: string;
  /** Another store (S3); absent = the local directory. */
  store?: PhotoStore;
}

export function createPhotoService(db: Db, clock: Clock, options: PhotoStorageOptions = {}): PhotoService {
  const dir = path.resolve(options.dir ?? path.join('data', 'photos'));
  return new PhotoService(db, clock, options.store ?? new LocalPhotoStore(dir), path.join(dir, SPOOL_DIR));
}

/**
 * Case photos: URLs under /api/photos/ must name an uploaded photo the caller may view (its
 * uploader, or someone who sees a case already showing it); anything else is UNKNOWN_PHOTO.
 * Other URLs (external links, demo pictures) pass as before. Gateways without an actor (the
 * citizen portal) may show anonymous uploads only, proven with assertPhotoClaims first: never a
 * staff photo, whose id they could only have learnt by accident.
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
    if (!row || (actor ? !(await canViewPhoto(db, actor, row)) : row.origin !== 'public')) {
      throw new AppError(
        422,
        'UNKNOWN_PHOTO',
        id ? `there is no photo ${id}` : 'a photo URL must be /api/photos/<id> as returned by the upload',
        `photos.${i}.url`,
      );
    }
  }
}

/**
 * Anonymous uploads about to be attached to a report: each must exist as a public upload, match
 * its claim, be at most PUBLIC_CLAIM_HOURS old and not be on any case yet. Otherwise 400
 * INVALID_PHOTO with field 'photos' (unknown and wrong claim read the same). Returns the rows in
 * the given order; use photoUrl(row.id) as the case photo URL.
 */
export async function assertPhotoClaims(
  db: Db,
  photos: readonly { id: string; claim: string }[],
  now: Date = new Date(),
): Promise<PhotoRow[]> {
  const rows: PhotoRow[] = [];
  const seen = new Set<string>();
  for (const [i, photo] of photos.entries()) {
    const fail = (why: string) =>
      new AppError(
        400,
        'INVALID_PHOTO',
        `photo ${i + 1} (${String(photo.id).slice(0, 64)}) ${why}`,
        'photos',
      );
    if (seen.has(photo.id)) throw fail('is listed twice');
    seen.add(photo.id);
    const row =
      typeof photo.id === 'string' && isPhotoId(photo.id)
        ? await db.selectFrom('photos').selectAll().where('id', '=', photo.id).executeTakeFirst()
        : undefined;
    const problem = row ? await claimProblem(db, row, photo.claim, now) : 'unknown';
    if (problem === 'unknown') throw fail('is unknown or its claim does not match; upload it again');
    if (problem === 'expired')
      throw fail(`was uploaded more than ${PUBLIC_CLAIM_HOURS} hours ago; upload it again`);
    if (problem === 'attached') throw fail('is already attached to a report');
    rows.push(row!);
  }
  return rows;
}

/** Why a claim does not (or no longer) hold for an anonymous upload, or null when it does. */
async function claimProblem(
  db: Db,
  row: PhotoRow,
  claim: unknown,
  now: Date,
): Promise<'unknown' | 'expired' | 'attached' | null> {
  if (row.origin !== 'public' || !row.claim_hash || typeof claim !== 'string' || claim.length > 100)
    return 'unknown';
  const given = Buffer.from(sha256(Buffer.from(claim)), 'hex');
  if (!timingSafeEqual(given, Buffer.from(row.claim_hash, 'hex'))) return 'unknown';
  if (now.getTime() - new Date(row.created_at).getTime() > PUBLIC_CLAIM_HOURS * 3_600_000) return 'expired';
  if (await isAttached(db, row.id)) return 'attached';
  return null;
}

/** Cases showing the photo at intake or in any event (both jsonb columns are GIN-indexed). */
function casesShowing(db: Db, id: string) {
  const ref = JSON.stringify([{ url: photoUrl(id) }]);
  return db
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
}

export async function isAttached(db: Db, id: string): Promise<boolean> {
  return (await casesShowing(db, id).limit(1).executeTakeFirst()) !== undefined;
}

async function canViewPhoto(db: Db, actor: Actor, row: PhotoRow): Promise<boolean> {
  if (row.uploaded_by === actor.user.id) return true;
  let q = casesShowing(db, row.id);
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

async function head(source: Buffer | SpooledUpload): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source.subarray(0, 512);
  const handle = await open(source.file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** What a file that is no image we read looks like, for the refusal message ("a PDF document"). */
export function describeContent(start: Buffer): string {
  const ascii = start.toString('latin1');
  const at = (s: string, offset = 0) => ascii.startsWith(s, offset);
  if (at('%PDF')) return 'a PDF document';
  if (at('PK\x03\x04')) return 'a ZIP archive (or an Office document or app package)';
  if (at('ftyp', 4)) {
    const brand = ascii.slice(8, 12);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return 'a HEIC photo';
    return 'a video (MP4/MOV)';
  }
  if (at('RIFF') && at('WAVE', 8)) return 'a WAV sound file';
  if (at('RIFF') && at('AVI ', 8)) return 'an AVI video';
  if (at('ID3') || at('OggS') || at('fLaC') || at('#!AMR')) return 'a sound file';
  if (at('\x1aE\xdf\xa3')) return 'a video (WebM/MKV)';
  if (at('BM')) return 'a BMP image';
  if (at('8BPS')) return 'a Photoshop document';
  if (at('\0\0\x01\0')) return 'an icon file';
  if (at('\x1f\x8b')) return 'a gzip archive';
  if (at('Rar!')) return 'a RAR archive';
  if (at("7z\xbc\xaf'\x1c")) return 'a 7z archive';
  if (at('MZ')) return 'a Windows program';
  if (at('\x7fELF')) return 'a program';
  if (at('\xd0\xcf\x11\xe0')) return 'an old Office document';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(start);
  // Printable UTF-8 (the last few characters may be a sequence cut by the 512-byte window).
  const printable = [...text.slice(0, -4)].every((c) => {
    const n = c.codePointAt(0)!;
    return n === 9 || n === 10 || n === 13 || (n >= 32 && n !== 127 && n !== 0xfffd);
  });
  if (printable) {
    if (/^\s*<(!doctype html|html)/i.test(text)) return 'an HTML page';
    if (/^\s*(<\?xml|<svg)/i.test(text)) return 'an XML/SVG document';
    return 'text';
  }
  return 'not an image format we know';
}

// ---------------------------------------------------------------- EXIF

/**
 * Capture time and GPS position from a raw EXIF block. The time is DateTimeOriginal (or
 * DateTimeDigitized) with OffsetTimeOriginal when present, China time otherwise; null when
 * absent, malformed or implausible (a camera clock years off, or in the future). The position is
 * null when absent, marked void, out of range, or 0,0 (what some cameras write without a fix).
 */
export function readExif(exif: Buffer, now: Date): { takenAt: Date | null; location: PhotoLocation | null } {
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch {
    return { takenAt: null, location: null }; // a broken block is no reason to refuse the photo
  }
  return { takenAt: exifTime(tags.Photo, now), location: exifLocation(tags.GPSInfo) };
}

function exifTime(photo: ReturnType<typeof exifReader>['Photo'], now: Date): Date | null {
  // exif-reader reads the camera's wall-clock time as if it were UTC.
  const wall = photo?.DateTimeOriginal ?? photo?.DateTimeDigitized;
  if (!(wall instanceof Date) || Number.isNaN(wall.getTime())) return null;
  const offset = photo?.OffsetTimeOriginal ?? photo?.OffsetTimeDigitized;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : DEFAULT_EXIF_OFFSET;
  const sign = zone.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const at = new Date(wall.getTime() - minutes * 60_000);
  if (at.getUTCFullYear() < 2000 || at.getTime() > now.getTime() + 86_400_000) return null;
  return at;
}

function exifLocation(gps: ReturnType<typeof exifReader>['GPSInfo']): PhotoLocation | null {
  if (!gps || gps.GPSStatus === 'V') return null;
  const degrees = (dms: unknown, ref: unknown, negative: string) => {
    if (!Array.isArray(dms) || dms.length === 0 || !dms.every((n) => Number.isFinite(n))) return null;
    const [d = 0, m = 0, s = 0] = dms as number[];
    const value = d + m / 60 + s / 3600;
    return ref === negative ? -value : value;
  };
  const lat = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const lon = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (lat === 0 && lon === 0) return null;
  const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
  const location: PhotoLocation = { lon: round(lon, 7), lat: round(lat, 7) };
  const altitude = gps.GPSAltitude;
  if (typeof altitude === 'number' && Number.isFinite(altitude) && Math.abs(altitude) < 12_000)
    location.altitude = round(gps.GPSAltitudeRef === 1 ? -altitude : altitude, 1);
  const direction = gps.GPSImgDirection;
  if (typeof direction === 'number' && Number.isFinite(direction) && direction >= 0 && direction <= 360)
    location.direction = round(direction, 1) % 360;
  return location;
}
