// API keys as the admin issues and revokes them. A key acts as its user; the key itself is made
// (and only its hash stored) by AuthService. The admin history records the key's id, user, name
// and prefix — never the key or its hash.

import type { Db } from '@xiuhua/db';
import { INTEGRATION_NAMES, type Integration, isIntegrationAccount } from '@xiuhua/domain/policy';
import type { AuthService } from '../auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { recordRowChange } from './history.ts';

export class ApiKeyAdmin {
  #s: { db: Db; clock: Clock; auth: AuthService };

  constructor(services: { db: Db; clock: Clock; auth: AuthService }) {
    this.#s = services;
  }

  /**
   * A new key for the user; the key is in the answer and nowhere else. An integration account's key
   * is issued for one integration and opens only its routes; a staff member's key acts as the
   * person and is bound to none. 422 for an unknown user or a binding that does not fit.
   */
  async issue(
    userId: number,
    name: string,
    integration: Integration | null,
    by: number | null,
  ): Promise<{ id: number; key: string; prefix: string }> {
    const user = await this.#s.db
      .selectFrom('users')
      .select(['id', 'roles'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new AppError(422, 'UNKNOWN_USER', `there is no user ${userId}`, 'userId');
    if (isIntegrationAccount(user) && !integration)
      throw new AppError(
        422,
        'INTEGRATION_REQUIRED',
        `an integration account's key is issued for one integration: ${Object.values(INTEGRATION_NAMES)
          .map((n) => n.en)
          .join(', ')}`,
        'integration',
      );
    if (!isIntegrationAccount(user) && integration)
      throw new AppError(
        422,
        'STAFF_KEY_UNBOUND',
        'a staff member’s key acts as the person; keys for an integration belong to an integration account',
        'integration',
      );
    return await this.#s.db.transaction().execute(async (trx) => {
      const issued = await this.#s.auth.createApiKey(user.id, name, integration, trx);
      const after = { id: issued.id, userId: user.id, name, prefix: issued.prefix, integration };
      await recordRowChange(
        trx,
        { actorUserId: by, entity: 'api_key', at: this.#s.clock.now() },
        null,
        after,
      );
      return issued;
    });
  }

  /** Revoke a live key; it stops working at once. 404 if there is none (or it is revoked already). */
  async revoke(id: number, by: number | null): Promise<void> {
    await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('api_keys')
        .set({ revoked_at: this.#s.clock.now() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'user_id', 'name', 'prefix', 'revoked_at'])
        .executeTakeFirst();
      if (!row) throw notFound('API key');
      const key = { id: row.id, userId: row.user_id, name: row.name, prefix: row.prefix };
      const change = {
        actorUserId: by,
        entity: 'api_key',
        action: 'revoke',
        at: this.#s.clock.now(),
      } as const;
      await recordRowChange(trx, change, { ...key, revokedAt: null }, { ...key, revokedAt: row.revoked_at });
    });
  }
}
