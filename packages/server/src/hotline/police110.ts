// Police and emergency matters handed to 110: an outbox. The transfer is written with the call in
// one transaction (status pending); a sender then posts it to the configured 110 endpoint, and a
// failed or unanswered attempt is retried with growing pauses until 110 confirms, so a transfer
// is never lost to a network hiccup or a restart. 110 dedupes retries by our reference, which is
// sent as the Idempotency-Key.

import type { Db } from '@xiuhua/db';
import type { Clock } from '../platform/clock.ts';

/** What 110 receives (docs/hotline.md). */
export interface PoliceMessage {
  transferId: string;
  category: string;
  description: string;
  address: string | null;
  location: { lon: number; lat: number; crs: 'WGS84' } | null;
  caller: { phone: string | null; name: string | null };
  call: { startedAt: string; line: string; callRef: string | null } | null;
  operator: { name: string; unit: string };
  caseNumber: string | null;
  createdAt: string;
}

export class PoliceSendError extends Error {
  /** Worth trying again later (network, timeout, 408, 429, 5xx); false for other refusals. */
  readonly retry: boolean;
  constructor(message: string, retry: boolean) {
    super(message);
    this.retry = retry;
  }
}

/** Delivers one message to 110. Resolves with 110's own incident number when it gives one. */
export interface PoliceSender {
  send(message: PoliceMessage & { sentAt: string }): Promise<{ incidentNumber: string | null }>;
}

/** POST JSON to 110's endpoint with a bearer token; any 2xx is a delivery. */
export class HttpPoliceSender implements PoliceSender {
  readonly #url: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(url: string, token?: string, timeoutMs = 10_000) {
    this.#url = url;
    this.#token = token;
    this.#timeoutMs = timeoutMs;
  }

  async send(message: PoliceMessage & { sentAt: string }): Promise<{ incidentNumber: string | null }> {
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.transferId,
          ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw new PoliceSendError(`110 endpoint unreachable: ${(e as Error).message}`, true);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new PoliceSendError(`110 answered ${response.status}: ${text.slice(0, 200)}`, retry);
    }
    try {
      const body = JSON.parse(text) as { incidentNumber?: unknown };
      return { incidentNumber: typeof body.incidentNumber === 'string' ? body.incidentNumber : null };
    } catch {
      return { incidentNumber: null };
    }
  }
}

/** The 110 endpoint from POLICE110_URL (and POLICE110_TOKEN), or null when unset. */
export function loadPolice110(env: NodeJS.ProcessEnv = process.env): PoliceSender | null {
  const url = env.POLICE110_URL?.trim();
  if (!url) return null;
  const parsed = new URL(url); // throws on a malformed URL at start-up, not on the first transfer
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`POLICE110_URL must be http(s): ${url}`);
  return new HttpPoliceSender(url, env.POLICE110_TOKEN?.trim() || undefined);
}

/** After this many failed attempts a transfer is marked failed (and shown to operators). */
export const MAX_ATTEMPTS = 12;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … capped at an hour. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

export class PoliceOutbox {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly sender: PoliceSender | null;

  constructor(db: Db, clock: Clock, sender: PoliceSender | null) {
    this.#db = db;
    this.#clock = clock;
    this.sender = sender;
  }

  /**
   * One delivery attempt for a pending transfer (skipped when another worker holds it, it is no
   * longer pending, or no 110 endpoint is configured). The row stays locked during the request,
   * so two workers never send the same transfer at once.
   */
  async deliver(id: number): Promise<void> {
    const sender = this.sender;
    if (!sender) return;
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('police_transfers')
        .select(['id', 'payload', 'attempts'])
        .where('id', '=', id)
        .where('direction', '=', 'outbound')
        .where('status', '=', 'pending')
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return;
      const attempts = row.attempts + 1;
      try {
        const sentAt = this.#clock.now();
        const answer = await sender.send({
          ...(row.payload as unknown as PoliceMessage),
          sentAt: sentAt.toISOString(),
        });
        await trx
          .updateTable('police_transfers')
          .set({
            status: 'delivered',
            attempts,
            delivered_at: this.#clock.now(),
            next_attempt_at: null,
            last_error: null,
            external_ref: answer.incidentNumber,
          })
          .where('id', '=', id)
          .execute();
      } catch (e) {
        const retry = e instanceof PoliceSendError ? e.retry : true;
        const giveUp = !retry || attempts >= MAX_ATTEMPTS;
        const next = new Date(this.#clock.now().getTime() + retryDelayMinutes(attempts) * 60_000);
        await trx
          .updateTable('police_transfers')
          .set({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            next_attempt_at: giveUp ? null : next,
            last_error: (e as Error).message.slice(0, 500),
          })
          .where('id', '=', id)
          .execute();
      }
    });
  }

  /** Attempt every pending transfer whose time has come (oldest first). Returns how many were tried. */
  async deliverDue(limit = 50): Promise<number> {
    if (!this.sender) return 0;
    const due = await this.#db
      .selectFrom('police_transfers')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', this.#clock.now())
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    for (const { id } of due) await this.deliver(id);
    return due.length;
  }

  /** Put a failed transfer back in the queue for an immediate attempt. */
  async requeue(id: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('police_transfers')
      .set({ status: 'pending', next_attempt_at: this.#clock.now() })
      .where('id', '=', id)
      .where('direction', '=', 'outbound')
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

/** Retry due transfers every `intervalMs` until stopped (the CLI runs this beside the sweeper). */
export function startPoliceOutbox(
  outbox: PoliceOutbox,
  log: (m: string) => void = () => {},
  intervalMs = 30_000,
): { stop: () => Promise<void> } {
  if (!outbox.sender) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => outbox.deliverDue())
      .catch((e) => log(`110 outbox: ${(e as Error).message}`));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
