// Login throttling per account (a per-address rate limit alone let 300 addresses guess 300
// passwords): after FREE_FAILURES failed sign-ins, attempts on the account wait — 1 s, doubling
// with each further failure, at most 15 min — unless they come from a browser or an address that
// signed into this account in the last 30 days (the browser by a random cookie token set at a
// successful sign-in, stored hashed like sessions). A success clears the count; so does an admin
// (unlock). Time comes from the injected Clock.

import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@xiuhua/db';
import type { Clock } from '../platform/clock.ts';

export const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60_000;
const KNOWN_FOR_MS = 30 * 24 * 3600_000;

/** The cookie that marks a browser as one that has signed in here. */
export const KNOWN_BROWSER_COOKIE = 'xh_known';
export const KNOWN_BROWSER_DAYS = 30;

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** How long attempts wait after `failures` failures (0 while under FREE_FAILURES). */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES, 30), MAX_DELAY_MS);
}

/** Where a sign-in comes from: the client address and the browser's cookie token, if any. */
export interface LoginOrigin {
  address: string;
  browserToken?: string | undefined;
}

export class LoginThrottle {
  #db: Db;
  #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Whether this browser or address signed into the account in the last 30 days. */
  async #known(userId: number, origin: LoginOrigin): Promise<boolean> {
    const since = new Date(this.#clock.now().getTime() - KNOWN_FOR_MS);
    const keys = [
      { kind: 'address' as const, key: hash(origin.address) },
      ...(origin.browserToken ? [{ kind: 'browser' as const, key: hash(origin.browserToken) }] : []),
    ];
    const hit = await this.#db
      .selectFrom('login_known')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('last_login_at', '>=', since)
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('kind', '=', k.kind), eb('key_hash', '=', k.key)]))))
      .executeTakeFirst();
    return hit !== undefined;
  }

  /** Milliseconds this attempt must still wait (0: go ahead). */
  async wait(userId: number, origin: LoginOrigin): Promise<number> {
    const row = await this.#db
      .selectFrom('login_throttles')
      .select('locked_until')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const left = row?.locked_until ? row.locked_until.getTime() - this.#clock.now().getTime() : 0;
    if (left <= 0) return 0;
    return (await this.#known(userId, origin)) ? 0 : left;
  }

  /** A failed attempt: one more failure, and the wait it brings. */
  async failed(userId: number): Promise<void> {
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('login_throttles')
        .values({ user_id: userId, failures: 1, locked_until: null })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({ failures: eb('login_throttles.failures', '+', 1) })),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      const delay = delayAfter(row.failures);
      if (delay > 0)
        await trx
          .updateTable('login_throttles')
          .set({ locked_until: new Date(now.getTime() + delay) })
          .where('user_id', '=', userId)
          .execute();
    });
  }

  /** A successful sign-in: the count cleared, browser and address remembered; the browser's token. */
  async succeeded(userId: number, origin: LoginOrigin): Promise<string> {
    const now = this.#clock.now();
    const token = origin.browserToken ?? randomBytes(24).toString('base64url');
    await this.#db.deleteFrom('login_throttles').where('user_id', '=', userId).execute();
    await this.#db
      .insertInto('login_known')
      .values([
        { user_id: userId, kind: 'address', key_hash: hash(origin.address), last_login_at: now },
        { user_id: userId, kind: 'browser', key_hash: hash(token), last_login_at: now },
      ])
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'key_hash']).doUpdateSet({ last_login_at: now }))
      .execute();
    return token;
  }

  /** An admin's unlock: the failures forgotten. Whether the account was held back. */
  async unlock(trx: Db, userId: number): Promise<{ failures: number; lockedUntil: Date | null } | null> {
    const row = await trx
      .deleteFrom('login_throttles')
      .where('user_id', '=', userId)
      .returning(['failures', 'locked_until'])
      .executeTakeFirst();
    return row ? { failures: row.failures, lockedUntil: row.locked_until } : null;
  }
}
