// Live updates for the console. Every case change runs pg_notify('case_changes', {caseId, action})
// inside its transaction, so listeners hear of it only after commit, from whichever instance made
// it. Each process keeps ONE dedicated connection listening (opened on the first subscriber,
// re-opened with backoff if it drops) and fans each change out to the subscribers allowed to see
// the case: the row is loaded once, the visibility rule applied per subscriber.

import type { Db } from '@xiuhua/db';
import pg from 'pg';
import type { Actor } from '../platform/actor.ts';
import { isVisible } from '../cases/visibility.ts';

export const CHANNEL = 'case_changes';
export const PING_MS = 15_000;
/** The listening connection's application_name (visible in pg_stat_activity). */
export const LISTENER_NAME = 'xiuhua-live';
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 30_000;
/** Rows loaded per query when changes arrive in a burst (the sweeper recolouring many cases). */
const BATCH = 500;

export interface Subscriber {
  actor: Actor;
  /** Write one SSE chunk; the stream decides what to do with a slow reader. */
  send(chunk: string): void;
  /** End the stream (the hub is closing). */
  end(): void;
}

export interface LiveLog {
  warn(message: string): void;
}

export class LiveHub {
  #url: string;
  #db: Db;
  #log: LiveLog;
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #subscribers = new Set<Subscriber>();
  #pending: { caseId: number; action: string }[] = [];
  #draining = false;
  #pingTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs = RETRY_MIN_MS;
  #closed = false;

  constructor(options: { databaseUrl: string; db: Db; log?: LiveLog }) {
    this.#url = options.databaseUrl;
    this.#db = options.db;
    this.#log = options.log ?? { warn: () => {} };
  }

  get listening(): boolean {
    return this.#client !== null;
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** Resolves once this process is listening (connecting on first use); rejects if it cannot. */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the live hub is closed'));
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  /** Add a subscriber; returns its removal (call it when the client goes away). */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    if (!this.#pingTimer) {
      this.#pingTimer = setInterval(() => this.#ping(), PING_MS);
      this.#pingTimer.unref();
    }
    return () => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0 && this.#pingTimer) {
        clearInterval(this.#pingTimer);
        this.#pingTimer = null;
      }
    };
  }

  /** End every stream (so that the HTTP server can close) and stop listening. */
  async close(): Promise<void> {
    this.#closed = true;
    this.endStreams();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#connecting?.catch(() => {});
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  endStreams(): void {
    for (const s of [...this.#subscribers]) s.end();
    this.#subscribers.clear();
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#url,
      keepAlive: true,
      application_name: LISTENER_NAME,
    });
    // Attached before connecting: an error event without a listener would crash the process.
    client.on('error', (e) => this.#dropped(client, e));
    client.on('end', () => this.#dropped(client));
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) this.#received(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      throw new Error('the live hub is closed');
    }
    this.#client = client;
    this.#retryMs = RETRY_MIN_MS;
  }

  #dropped(client: pg.Client, error?: Error): void {
    if (this.#client !== client) return; // still connecting (start() reports it) or already replaced
    this.#client = null;
    client.end().catch(() => {});
    this.#log.warn(
      `live updates: the listening connection dropped (${error?.message ?? 'closed'}); reconnecting`,
    );
    this.#reconnect();
  }

  #reconnect(): void {
    if (this.#closed || this.#retryTimer || this.#subscribers.size === 0) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.start().then(
        // Changes made while we were deaf are lost: tell the clients to reload what they show.
        () => this.#broadcast('event: resync\ndata: {}\n\n'),
        (e: Error) => {
          this.#log.warn(`live updates: reconnect failed (${e.message}); retrying in ${this.#retryMs} ms`);
          this.#reconnect();
        },
      );
    }, delay);
    this.#retryTimer.unref();
  }

  #ping(): void {
    this.#broadcast(': ping\n\n');
    // A half-open connection never reports an error by itself: ask it something.
    const client = this.#client;
    client?.query('select 1').catch((e: Error) => this.#dropped(client, e));
  }

  #broadcast(chunk: string): void {
    for (const s of this.#subscribers) s.send(chunk);
  }

  #received(payload: string): void {
    if (this.#subscribers.size === 0) return;
    let message: { caseId?: unknown; action?: unknown };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    const caseId = Number(message.caseId);
    if (!Number.isSafeInteger(caseId)) return;
    this.#pending.push({ caseId, action: String(message.action ?? 'change') });
    if (!this.#draining) void this.#drain();
  }

  /** Deliver pending changes in the order they were committed, loading their rows in batches. */
  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, BATCH);
        let rows: Awaited<ReturnType<typeof loadCases>>;
        try {
          rows = await loadCases(this.#db, [...new Set(batch.map((c) => c.caseId))]);
        } catch (e) {
          this.#log.warn(`live updates: could not load changed cases (${(e as Error).message})`);
          this.#broadcast('event: resync\ndata: {}\n\n');
          continue;
        }
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const change of batch) {
          const row = byId.get(change.caseId);
          if (!row) continue;
          const data = JSON.stringify({
            caseId: row.id,
            action: change.action,
            state: row.state,
            colour: row.colour,
            version: row.version,
          });
          const chunk = `event: case\ndata: ${data}\n\n`;
          for (const s of this.#subscribers) if (isVisible(s.actor, row)) s.send(chunk);
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}

/** What a live message says about a case, and what deciding its visibility needs. */
function loadCases(db: Db, ids: number[]) {
  return db
    .selectFrom('cases')
    .select(['id', 'state', 'colour', 'version'])
    .select(['area_path', 'assignee_unit_id', 'assignee_user_id', 'involved_unit_ids', 'created_by'])
    .where('id', 'in', ids)
    .execute();
}
