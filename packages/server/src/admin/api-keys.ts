// API keys as the admin issues and revokes them. A key acts as its user; the key itself is made
// (and only its hash stored) by AuthService.

import type { Db } from '@xiuhua/db';
import type { AuthService } from '../auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';

export class ApiKeyAdmin {
  #s: { db: Db; clock: Clock; auth: AuthService };

  constructor(services: { db: Db; clock: Clock; auth: AuthService }) {
    this.#s = services;
  }

  /** A new key for the user; the key is in the answer and nowhere else. 422 for an unknown user. */
  async issue(userId: number, name: string): Promise<{ id: number; key: string; prefix: string }> {
    const user = await this.#s.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new AppError(422, 'UNKNOWN_USER', `there is no user ${userId}`, 'userId');
    return await this.#s.auth.createApiKey(user.id, name);
  }

  /** Revoke a live key; it stops working at once. 404 if there is none (or it is revoked already). */
  async revoke(id: number): Promise<void> {
    const r = await this.#s.db
      .updateTable('api_keys')
      .set({ revoked_at: this.#s.clock.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('API key');
  }
}
