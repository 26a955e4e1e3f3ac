// Where photo files live. The local disk is the default; an S3-compatible object store (AWS S3,
// MinIO, Aliyun OSS, Tencent COS, Ceph…) is the option for several app servers or large cities.
// Keys are the same in both ('YYYY/MM/<id>.jpg', 'YYYY/MM/<id>_thumb.jpg'), so moving from disk
// to a bucket is a plain copy (`aws s3 sync DATA_DIR/photos s3://bucket/prefix`).
//
// put() resolves only when the object is durable: fsync + rename + directory fsync on disk, a
// successful PutObject (with Content-MD5) on S3. The photos row is written after that.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface PhotoStore {
  /** 'local' or 's3', for logs. */
  readonly kind: string;
  /** Store the bytes durably under key (keys are never reused). */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  open(key: string): Promise<StoredObject | null>;
  /** Remove the object; a missing one is fine. */
  delete(key: string): Promise<void>;
  /** The objects directly under a 'YYYY/MM/' prefix with their modification time (for the orphan sweep). */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
}

// ---------------------------------------------------------------- local disk

export class LocalPhotoStore implements PhotoStore {
  readonly kind = 'local';
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  file(key: string): string {
    return path.join(this.dir, ...key.split('/'));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeDurably(file, data);
    await syncDir(path.dirname(file));
  }

  async open(key: string): Promise<StoredObject | null> {
    const file = this.file(key);
    const size = await stat(file).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    return size === null ? null : { body: createReadStream(file), size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const dir = this.file(prefix.replace(/\/$/, ''));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // no uploads that month
    }
    for (const name of names) {
      const s = await stat(path.join(dir, name)).catch(() => null);
      if (s?.isFile()) yield { key: `${prefix.replace(/\/$/, '')}/${name}`, modifiedAt: s.mtime };
    }
  }
}

/** Write to a temp file, fsync, then rename: readers see the whole file or none. */
export async function writeDurably(file: string, data: Buffer): Promise<void> {
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

// ---------------------------------------------------------------- S3-compatible

export interface S3StoreConfig {
  bucket: string;
  /** Key prefix inside the bucket, '' or ending in '/'. */
  prefix: string;
  /** Absent = AWS itself. */
  endpoint?: string;
  region: string;
  /** Absent = the AWS default credential chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** bucket in the path (MinIO, most self-hosted stores) instead of the host name. */
  forcePathStyle: boolean;
}

export class S3PhotoStore implements PhotoStore {
  readonly kind = 's3';
  readonly config: S3StoreConfig;
  #client: S3Client;

  constructor(config: S3StoreConfig) {
    this.config = config;
    this.#client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      // Many S3-compatible stores reject the SDK's newer default checksum headers; Content-MD5
      // (below) is understood everywhere and still guards the bytes in transit.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.config.prefix + key,
        Body: data,
        ContentType: contentType,
        ContentLength: data.length,
        ContentMD5: createHash('md5').update(data).digest('base64'),
      }),
    );
  }

  async open(key: string): Promise<StoredObject | null> {
    try {
      const res = await this.#client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key }),
      );
      return { body: res.Body as Readable, size: Number(res.ContentLength) };
    } catch (e) {
      const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(
      new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key }),
    );
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const full = this.config.prefix + prefix.replace(/\/?$/, '/');
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.config.bucket,
          Prefix: full,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key && o.LastModified)
          yield { key: o.Key.slice(this.config.prefix.length), modifiedAt: o.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.#client.destroy();
  }
}

// ---------------------------------------------------------------- configuration

export type PhotoStoreConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StoreConfig);

/**
 * The photo store from the environment: S3 when PHOTO_S3_BUCKET is set, else the local
 * directory. Throws on a half-given configuration rather than starting with the wrong store.
 */
export function loadPhotoStoreConfig(env: NodeJS.ProcessEnv, localDir: string): PhotoStoreConfig {
  const bucket = env.PHOTO_S3_BUCKET?.trim();
  const s3Vars = Object.keys(env).filter((k) => k.startsWith('PHOTO_S3_') && env[k]?.trim());
  if (!bucket) {
    if (s3Vars.length > 0) throw new Error(`${s3Vars.join(', ')} set but PHOTO_S3_BUCKET is not`);
    return { kind: 'local', dir: localDir };
  }
  const endpoint = env.PHOTO_S3_ENDPOINT?.trim() || undefined;
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`PHOTO_S3_ENDPOINT must be an http(s) URL, got ${endpoint}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`PHOTO_S3_ENDPOINT must be an http(s) URL, got ${endpoint}`);
  }
  const accessKeyId = env.PHOTO_S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.PHOTO_S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw new Error('set both PHOTO_S3_ACCESS_KEY_ID and PHOTO_S3_SECRET_ACCESS_KEY, or neither');
  const pathStyle = env.PHOTO_S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  if (pathStyle && !['true', 'false', '1', '0'].includes(pathStyle))
    throw new Error(`PHOTO_S3_FORCE_PATH_STYLE must be true or false, got ${pathStyle}`);
  const prefix = (env.PHOTO_S3_PREFIX?.trim() ?? '').replace(/^\/+/, '');
  return {
    kind: 's3',
    bucket,
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    endpoint,
    region: env.PHOTO_S3_REGION?.trim() || 'us-east-1',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // self-hosted stores mostly need path style; AWS itself prefers virtual hosts
    forcePathStyle: pathStyle ? pathStyle === 'true' || pathStyle === '1' : Boolean(endpoint),
  };
}

export function createPhotoStore(config: PhotoStoreConfig): PhotoStore {
  return config.kind === 'local' ? new LocalPhotoStore(config.dir) : new S3PhotoStore(config);
}
