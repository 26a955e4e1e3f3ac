// Sessions (cookie) and API keys (header). Tokens are random; only their SHA-256 is stored, so a
// database leak does not hand out live sessions. Passwords are argon2id (passwords.ts).

import { createHash, randomBytes } from 'node:crypto';
import type { Db, UserRow } from '@xiuhua/db';
import { type Integration, isIntegration, why } from '@xiuhua/domain/policy';
import type { Role } from '@xiuhua/domain/workflow';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { type LoginOrigin, LoginThrottle } from './throttle.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The user columns an Actor is built from, for sessions and API keys alike. */
const ACTOR_USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.unit_id',
  'users.roles',
  'users.active',
] as const;
// Verifying against a fixed hash when the user is unknown keeps login timing uniform.
let dummyHash: Promise<string> | null = null;

/** How stale an API key's last_used_at may get before a request refreshes it. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export class AuthService {
  #db: Db;
  #clock: Clock;
  #directory: DirectoryService;
  #sessionMs: number;
  /** Failed sign-ins per account (throttle.ts). */
  readonly throttle: LoginThrottle;

  constructor(db: Db, clock: Clock, directory: DirectoryService, sessionHours: number) {
    this.throttle = new LoginThrottle(db, clock);
    this.#db = db;
    this.#clock = clock;
    this.#directory = directory;
    this.#sessionMs = sessionHours * 3600_000;
  }

  /**
   * Sign in. An account with 5 failures behind it makes browsers and addresses that have not
   * signed into it in 30 days wait (429 ACCOUNT_LOCKED); `browserToken` is the token for the
   * browser's known-browser cookie.
   */
  async login(
    username: string,
    password: string,
    origin: LoginOrigin,
  ): Promise<{ token: string; expiresAt: Date; userId: number; browserToken: string }> {
    const user = await this.#db
      .selectFrom('users')
      .select(['id', 'password_hash', 'active', 'roles'])
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    if (user) {
      const wait = await this.throttle.wait(user.id, origin);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60_000);
        throw new AppError(
          429,
          'ACCOUNT_LOCKED',
          `too many failed sign-ins on this account; try again in ${minutes} minute(s) or ask an administrator to unlock it`,
          undefined,
          { retryAfterMinutes: minutes },
        );
      }
    }
    dummyHash ??= hashPassword('not-a-real-password');
    const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
    if (!user || !ok || !user.active) {
      if (user) await this.throttle.failed(user.id);
      throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
    }
    const refusal = why(null, 'console.signIn', { roles: user.roles as Role[] });
    if (refusal) throw new AppError(403, refusal.code, refusal.message);
    const token = randomBytes(32).toString('base64url');
    const now = this.#clock.now();
    const expiresAt = new Date(now.getTime() + this.#sessionMs);
    await this.#db
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        created_at: now,
        expires_at: expiresAt,
        last_seen_at: now,
      })
      .execute();
    const browserToken = await this.throttle.succeeded(user.id, origin);
    return { token, expiresAt, userId: user.id, browserToken };
  }

  async logout(token: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
  }

  async fromSession(token: string): Promise<Actor | null> {
    const now = this.#clock.now();
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(ACTOR_USER_COLUMNS)
      .select(['sessions.expires_at', 'sessions.last_seen_at'])
      .where('sessions.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row?.active || row.expires_at.getTime() <= now.getTime()) return null;
    // Sliding expiry, written at most once a minute per session.
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
      await this.#db
        .updateTable('sessions')
        .set({ last_seen_at: now, expires_at: new Date(now.getTime() + this.#sessionMs) })
        .where('token_hash', '=', sha256(token))
        .execute();
    }
    return this.#actor(row, 'session');
  }

  async fromApiKey(key: string): Promise<Actor | null> {
    const row = await this.#db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .select(ACTOR_USER_COLUMNS)
      .select(['api_keys.id as key_id', 'api_keys.last_used_at', 'api_keys.integration'])
      .where('api_keys.key_hash', '=', sha256(key))
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row?.active) return null;
    // "Last used" to the minute is enough for admins; writing it on every call would make each
    // request of a busy gateway commit twice and queue on this one row.
    const now = this.#clock.now();
    if (
      !row.last_used_at ||
      now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_RESOLUTION_MS
    ) {
      await this.#db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('id', '=', row.key_id)
        .where((eb) =>
          eb.or([
            eb('last_used_at', 'is', null),
            eb('last_used_at', '<=', new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
          ]),
        )
        .execute();
    }
    return this.#actor(row, 'api_key', isIntegration(row.integration) ? row.integration : null);
  }

  /**
   * A new key acting as the user; `integration` binds it to one integration's routes; `db` is the
   * caller's transaction when the key rides with other writes.
   */
  async createApiKey(
    userId: number,
    name: string,
    integration: Integration | null = null,
    db: Db = this.#db,
  ): Promise<{ id: number; key: string; prefix: string }> {
    const prefix = randomBytes(4).toString('hex');
    const key = `xh_${prefix}_${randomBytes(24).toString('base64url')}`;
    const row = await db
      .insertInto('api_keys')
      .values({
        name,
        user_id: userId,
        prefix,
        key_hash: sha256(key),
        created_at: this.#clock.now(),
        integration,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, key, prefix };
  }

  async #actor(
    row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'unit_id' | 'roles'>,
    via: Actor['via'],
    integration: Integration | null = null,
  ): Promise<Actor> {
    const user = {
      id: row.id,
      username: row.username,
      display_name: row.display_name,
      unit_id: row.unit_id,
      roles: row.roles,
    };
    return {
      user,
      roles: row.roles as Role[],
      scope: await this.#directory.scopeOf(user),
      via,
      integration,
    };
  }
}
