// The outbox: what a phone has to send, kept in IndexedDB until the server has it. An inspector
// on a weak or absent network reports a problem, goes on duty, records a patrol track; each is
// queued here first and sent when the network allows — on `online`, on app start, on a timer
// with backoff — exactly once: every item carries an id made when it was created, which the
// server uses as its idempotency key, so a retry after a lost response finds the first result.
//
// Items are sent one at a time in the order they were made. A refusal (4xx) is kept, with the
// server's reason, for the user to fix or discard — never retried forever; a network failure or
// a 5xx is retried later; a 401 waits for the user to sign in again. Items belong to the user who
// made them and are only ever sent under that user's session.

import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { ApiError } from '../api/client.ts';
import { randomId } from './random-id.ts';

export type OutboxStatus = 'pending' | 'sending' | 'failed' | 'sent';

export interface OutboxPhoto {
  /** Key of the blob in the `blobs` store (until the item is sent). */
  key: string;
  name: string;
  /** Set once uploaded, so a retry does not upload again. */
  url?: string;
}

export interface OutboxItem<P = Record<string, unknown>> {
  /** Made when the item is created; also its idempotency key at the server. */
  id: string;
  kind: string;
  /** The user who made it (users.id). */
  owner: number;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  /** The server's refusal (status failed), or the last transient problem (status pending). */
  error?: { status: number; code: string; message: string; field?: string };
  payload: P;
  photos: OutboxPhoto[];
  /** An item that must reach the server first (going off duty after going on duty). */
  after?: string;
  /** What the server answered (e.g. the case number), once sent. */
  result?: Record<string, unknown>;
  sentAt?: number;
}

/** A GPS fix waiting to be sent (POST /api/patrol/points). */
export interface QueuedPoint {
  owner: number;
  /** ms since epoch; with owner, the key (the server's key is the same). */
  at: number;
  lon: number;
  lat: number;
  accuracy?: number;
}

interface OutboxDb extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { owner: number } };
  blobs: { key: string; value: { key: string; itemId: string; blob: Blob } };
  points: { key: [number, number]; value: QueuedPoint };
  /** The last good answer to a few reads, so the app can open without a network. */
  cache: { key: string; value: { key: string; data: unknown; savedAt: number } };
}

const DB_NAME = 'xiuhua-outbox';
let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('items', { keyPath: 'id' }).createIndex('owner', 'owner');
      d.createObjectStore('blobs', { keyPath: 'key' });
      d.createObjectStore('points', { keyPath: ['owner', 'at'] });
      d.createObjectStore('cache', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

// ------------------------------------------------------------------ change notifications

type Listener = () => void;
const listeners = new Set<Listener>();
// Other tabs of the app hear of changes too (they show the same queue).
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('xiuhua-outbox');
channel?.addEventListener('message', () => emit(false));

function emit(broadcast = true): void {
  for (const l of listeners) l();
  if (broadcast) channel?.postMessage('changed');
}

export function subscribeOutbox(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// ------------------------------------------------------------------ items

let persistenceAsked = false;
/** Ask the browser not to evict the queue under storage pressure (a report must not be lost). */
function askPersistence(): void {
  if (persistenceAsked) return;
  persistenceAsked = true;
  void navigator.storage?.persist?.().catch(() => undefined);
}

/** Queue something to send. Photos are stored as blobs beside the item until it is sent. */
export async function enqueue<P extends Record<string, unknown>>(
  kind: string,
  owner: number,
  payload: P,
  files: File[] = [],
  options: { after?: string } = {},
): Promise<OutboxItem<P>> {
  const id = randomId();
  const item: OutboxItem<P> = {
    id,
    kind,
    owner,
    createdAt: Date.now(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    payload,
    photos: files.map((f, i) => ({ key: `${id}:${i}`, name: f.name })),
    ...(options.after ? { after: options.after } : {}),
  };
  askPersistence();
  const d = await db();
  const tx = d.transaction(['items', 'blobs'], 'readwrite');
  for (const [i, f] of files.entries())
    await tx.objectStore('blobs').put({ key: `${id}:${i}`, itemId: id, blob: f });
  await tx.objectStore('items').put(item as OutboxItem);
  await tx.done;
  emit();
  return item;
}

/**
 * Change a refused item and queue it again (same id: the server refused it, so no result exists
 * under that key). `files` replaces the photos not yet uploaded; uploaded ones are kept if listed
 * in `keepPhotos`.
 */
export async function amend<P extends Record<string, unknown>>(
  id: string,
  payload: P,
  keepPhotos: OutboxPhoto[],
  files: File[] = [],
): Promise<void> {
  const d = await db();
  const tx = d.transaction(['items', 'blobs'], 'readwrite');
  const item = await tx.objectStore('items').get(id);
  if (!item || item.status === 'sent' || item.status === 'sending') {
    await tx.done;
    return;
  }
  const kept = new Set(keepPhotos.map((p) => p.key));
  for (const p of item.photos) if (!kept.has(p.key)) await tx.objectStore('blobs').delete(p.key);
  const stamp = Date.now();
  const added = files.map((f, i) => ({ key: `${id}:${stamp}:${i}`, name: f.name }));
  for (const [i, f] of files.entries())
    await tx.objectStore('blobs').put({ key: added[i]!.key, itemId: id, blob: f });
  await tx.objectStore('items').put({
    ...item,
    payload,
    photos: [...item.photos.filter((p) => kept.has(p.key)), ...added],
    status: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    error: undefined,
  });
  await tx.done;
  emit();
}

/** Discard an item (and its photos). */
export async function discard(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['items', 'blobs'], 'readwrite');
  const item = await tx.objectStore('items').get(id);
  for (const p of item?.photos ?? []) await tx.objectStore('blobs').delete(p.key);
  await tx.objectStore('items').delete(id);
  await tx.done;
  emit();
}

export async function outboxItems(owner: number): Promise<OutboxItem[]> {
  const all = await (await db()).getAllFromIndex('items', 'owner', owner);
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function photoBlob(key: string): Promise<Blob | undefined> {
  return (await (await db()).get('blobs', key))?.blob;
}

// ------------------------------------------------------------------ points

export async function queuePoint(point: QueuedPoint): Promise<void> {
  await (await db()).put('points', point);
  emit();
}

const ownerPoints = (owner: number) => IDBKeyRange.bound([owner, 0], [owner, Number.MAX_SAFE_INTEGER]);

/** The oldest queued points of a user (all of them without a limit). */
export async function queuedPoints(owner: number, limit = Infinity): Promise<QueuedPoint[]> {
  return await (await db()).getAll('points', ownerPoints(owner), Number.isFinite(limit) ? limit : undefined);
}

export async function countPoints(owner: number): Promise<number> {
  return await (await db()).count('points', ownerPoints(owner));
}

export async function dropPoints(points: QueuedPoint[]): Promise<void> {
  const d = await db();
  const tx = d.transaction('points', 'readwrite');
  for (const p of points) await tx.store.delete([p.owner, p.at]);
  await tx.done;
  emit();
}

// ------------------------------------------------------------------ cache of reads

export async function cachePut(key: string, data: unknown): Promise<void> {
  await (await db()).put('cache', { key, data, savedAt: Date.now() });
}

export async function cacheGet<T>(key: string): Promise<{ data: T; savedAt: number } | undefined> {
  const row = await (await db()).get('cache', key);
  return row ? { data: row.data as T, savedAt: row.savedAt } : undefined;
}

/**
 * A read that falls back to the last good answer when the network fails (not when the server
 * refuses: a 4xx is a real answer). For queries the app needs to open offline.
 */
export async function cachedRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  try {
    const data = await read();
    void cachePut(key, data).catch(() => undefined);
    return data;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const hit = await cacheGet<T>(key).catch(() => undefined);
    if (hit) return hit.data;
    throw e;
  }
}

// ------------------------------------------------------------------ sending

export interface SendContext {
  /** The stored photo's blob. */
  blob(photo: OutboxPhoto): Promise<Blob>;
  /** Record that a photo is uploaded (kept if a later step fails). */
  photoUploaded(photo: OutboxPhoto, url: string): Promise<void>;
}

export type Sender = (item: OutboxItem, ctx: SendContext) => Promise<Record<string, unknown> | undefined>;
/** Sends what is not an item (e.g. batches of GPS points); returns normally when all is sent. */
export type Flusher = (owner: number) => Promise<void>;

const senders = new Map<string, Sender>();
const flushers = new Map<string, Flusher>();

export function registerSender(kind: string, sender: Sender): void {
  senders.set(kind, sender);
}

export function registerFlusher(name: string, flusher: Flusher): void {
  flushers.set(name, flusher);
}

/** A refusal that will not get better by sending again. */
export function isRefusal(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status);
}

const BASE_DELAY = 5_000;
const MAX_DELAY = 5 * 60_000;
/** Sent items stay listed this long ("上报成功 2026000123"), then go. */
const KEEP_SENT_MS = 24 * 3600_000;

export function backoff(attempts: number): number {
  const raw = Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

async function put(item: OutboxItem): Promise<void> {
  await (await db()).put('items', item);
  emit();
}

const context: SendContext = {
  async blob(photo) {
    const blob = await photoBlob(photo.key);
    if (!blob)
      throw new ApiError(410, {
        code: 'PHOTO_LOST',
        message: `the photo ${photo.name} is no longer on this phone`,
      });
    return blob;
  },
  async photoUploaded(photo, url) {
    const d = await db();
    const id = photo.key.split(':')[0]!;
    const item = await d.get('items', id);
    if (!item) return;
    item.photos = item.photos.map((p) => (p.key === photo.key ? { ...p, url } : p));
    await d.put('items', item);
    photo.url = url;
  },
};

export interface SyncResult {
  sent: number;
  failed: number;
  /** Stopped early: offline, the server unreachable, or the session gone. */
  interrupted: boolean;
}

/**
 * Send what is due (everything when `force`: the network just came back or the user asked).
 * Across tabs one sync runs at a time (Web Locks); within a tab a call during a run waits for it
 * and then runs again.
 */
export async function syncOutbox(owner: number, options: { force?: boolean } = {}): Promise<SyncResult> {
  return await serialised(owner, options.force ?? false);
}

async function runSync(owner: number, force: boolean): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, failed: 0, interrupted: false };
  const now = Date.now();
  const items = await outboxItems(owner);
  const unsent = new Set(items.filter((i) => i.status !== 'sent').map((i) => i.id));
  const refused = new Set(items.filter((i) => i.status === 'failed').map((i) => i.id));
  for (const item of items) {
    if (item.status === 'sent') {
      if (now - (item.sentAt ?? now) > KEEP_SENT_MS) await discard(item.id);
      continue;
    }
    if (item.status === 'failed') continue;
    // 'sending' here is left over from a tab that closed mid-send: send it again (same id).
    if (!force && item.status === 'pending' && item.nextAttemptAt > Date.now()) continue;
    const sender = senders.get(item.kind);
    if (!sender) continue;
    // Not before what it depends on; if that was refused, this cannot go either.
    if (item.after && refused.has(item.after)) {
      await put({
        ...item,
        status: 'failed',
        error: {
          status: 0,
          code: 'DEPENDS_ON_REFUSED',
          message: 'an earlier item it depends on was refused',
        },
      });
      refused.add(item.id);
      result.failed++;
      continue;
    }
    if (item.after && unsent.has(item.after)) continue;
    await put({ ...item, status: 'sending' });
    try {
      const answer = await sender(item, context);
      const fresh = (await (await db()).get('items', item.id)) ?? item;
      for (const p of fresh.photos) await (await db()).delete('blobs', p.key);
      await put({ ...fresh, status: 'sent', sentAt: Date.now(), result: answer ?? {}, error: undefined });
      unsent.delete(item.id);
      result.sent++;
    } catch (e) {
      const fresh = (await (await db()).get('items', item.id)) ?? item;
      const error =
        e instanceof ApiError
          ? { status: e.status, code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) }
          : { status: 0, code: 'NETWORK', message: e instanceof Error ? e.message : String(e) };
      if (isRefusal(e)) {
        await put({ ...fresh, status: 'failed', error });
        refused.add(item.id);
        result.failed++;
        continue;
      }
      const attempts = fresh.attempts + 1;
      await put({
        ...fresh,
        status: 'pending',
        attempts,
        nextAttemptAt: Date.now() + backoff(attempts),
        error,
      });
      // The network or the session is the problem, not this item: stop here, keep the order.
      result.interrupted = true;
      return result;
    }
  }
  for (const flush of flushers.values()) {
    try {
      await flush(owner);
    } catch {
      result.interrupted = true;
      return result;
    }
  }
  return result;
}

let running: Promise<SyncResult> | null = null;
/** A sync asked for while one runs: runs after it (forced if any of the asks was). */
let queued: { owner: number; force: boolean } | null = null;

async function serialised(owner: number, force: boolean): Promise<SyncResult> {
  if (running) {
    queued = { owner, force: force || (queued?.owner === owner && queued.force) };
    return await running;
  }
  const once = async (o: number, f: boolean) => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return await runSync(o, f);
    // Another tab is sending: it sends ours too (items are per user, not per tab).
    const r = await locks.request('xiuhua-outbox', { ifAvailable: true }, async (lock) =>
      lock ? await runSync(o, f) : null,
    );
    return r ?? { sent: 0, failed: 0, interrupted: true };
  };
  running = (async () => {
    try {
      let r = await once(owner, force);
      while (queued) {
        const next: { owner: number; force: boolean } = queued;
        queued = null;
        r = await once(next.owner, next.force);
      }
      return r;
    } finally {
      running = null;
    }
  })();
  return await running;
}

/** When the next item is due (ms since epoch), or null if nothing waits. */
export async function nextDue(owner: number): Promise<number | null> {
  const waiting = (await outboxItems(owner)).filter((i) => i.status === 'pending' || i.status === 'sending');
  const points = await queuedPoints(owner, 1);
  if (waiting.length === 0 && points.length === 0) return null;
  return Math.min(...waiting.map((i) => i.nextAttemptAt), points.length > 0 ? Date.now() : Infinity);
}

/**
 * Keep syncing while the app is open: now, whenever the network comes back or the app comes to
 * the front, and on a timer that follows the backoff of what is waiting. Returns a stop function.
 */
export function startOutboxSync(owner: number, options: { tickMs?: number } = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = async () => {
    clearTimeout(timer);
    if (stopped) return;
    const due = navigator.onLine ? await nextDue(owner).catch(() => null) : null;
    // At least every tick (points keep coming while on duty), sooner when something is due;
    // offline, the `online` event is what wakes it.
    const wait = Math.max(1_000, Math.min(options.tickMs ?? 60_000, (due ?? Infinity) - Date.now()));
    timer = setTimeout(() => void tick(false), wait);
  };
  const tick = async (force: boolean) => {
    if (stopped) return;
    if (navigator.onLine) await syncOutbox(owner, { force }).catch(() => undefined);
    await schedule();
  };
  const online = () => void tick(true);
  const visible = () => {
    if (document.visibilityState === 'visible') void tick(false);
  };
  const changed = () => void schedule();
  window.addEventListener('online', online);
  document.addEventListener('visibilitychange', visible);
  const unsubscribe = subscribeOutbox(changed);
  void tick(true);
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('online', online);
    document.removeEventListener('visibilitychange', visible);
    unsubscribe();
  };
}
