// User accounts as the admin manages them: list, create, change. Passwords are hashed here; a
// changed password or a deactivated account ends the user's sessions at once. Each change is
// recorded in the admin history (never the password or its hash: a new one shows as
// `passwordChanged`).

import type { Db } from '@xiuhua/db';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { recordAdminEvent, recordRowChange } from './history.ts';
import type { UserInput } from './schemas.ts';
import type { LoginThrottle } from '../auth/throttle.ts';

/** The columns an admin sees (never the password hash). */
const USER_COLUMNS = ['id', 'username', 'display_name', 'unit_id', 'roles', 'phone', 'active'] as const;

export interface AdminUser {
  id: number;
  username: string;
  display_name: string;
  unit_id: number;
  roles: string[];
  phone: string | null;
  active: boolean;
}

export type UserChanges = Partial<Omit<UserInput, 'username'>>;

export class UserAdmin {
  #s: { db: Db; clock: Clock; directory: DirectoryService };

  constructor(services: { db: Db; clock: Clock; directory: DirectoryService }) {
    this.#s = services;
  }

  async list(): Promise<AdminUser[]> {
    return await this.#s.db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute();
  }

  /** A new user; 422 for an unknown unit, 409 if the username is taken. */
  async create(input: UserInput, by: number | null): Promise<AdminUser> {
    await this.#checkUnit(input.unitId);
    const dup = await this.#s.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (dup) throw new AppError(409, 'DUPLICATE', `the username ${input.username} is taken`, 'username');
    const passwordHash = await hashPassword(input.password);
    return await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName,
          password_hash: passwordHash,
          unit_id: input.unitId,
          roles: input.roles,
          phone: input.phone ?? null,
          active: input.active ?? true,
        })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordRowChange(
        trx,
        { actorUserId: by, entity: 'user', at: this.#s.clock.now(), fields: userFields },
        null,
        row,
      );
      return row;
    });
  }

  /** Change the given fields of a user (the username never changes). */
  /**
   * Lift an account's login throttle (auth/throttle.ts): its failures forgotten, recorded in the
   * admin history. Whether it was held back.
   */
  async unlock(id: number, throttle: LoginThrottle, by: number | null): Promise<boolean> {
    return await this.#s.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
      if (!user) throw notFound('user');
      const was = await throttle.unlock(trx, id);
      if (!was) return false;
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'user',
        key: id,
        action: 'unlock',
        before: { failedSignIns: was.failures, lockedUntil: was.lockedUntil },
        after: { failedSignIns: 0, lockedUntil: null },
        at: this.#s.clock.now(),
      });
      return true;
    });
  }

  async update(id: number, changes: UserChanges, by: number | null): Promise<AdminUser> {
    if (changes.unitId !== undefined) await this.#checkUnit(changes.unitId);
    if (changes.password !== undefined) {
      const problem = passwordProblem(changes.password);
      if (problem) throw new AppError(400, 'INVALID_FIELD', problem, 'password');
    }
    const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
    return await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('user');
      const row = await trx
        .updateTable('users')
        .set({
          ...(changes.displayName !== undefined && { display_name: changes.displayName }),
          ...(passwordHash !== undefined && { password_hash: passwordHash }),
          ...(changes.unitId !== undefined && { unit_id: changes.unitId }),
          ...(changes.roles !== undefined && { roles: changes.roles }),
          ...(changes.phone !== undefined && { phone: changes.phone }),
          ...(changes.active !== undefined && { active: changes.active }),
          updated_at: this.#s.clock.now(),
        })
        .where('id', '=', id)
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      if (changes.active === false || changes.password !== undefined)
        await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'user',
        key: id,
        action: 'update',
        before: userFields(before),
        // A new password is worth a line in the history; what it is, is nobody's business.
        after: { ...userFields(row), ...(passwordHash !== undefined && { passwordChanged: true }) },
        at: this.#s.clock.now(),
      });
      return row;
    });
  }

  async #checkUnit(unitId: number): Promise<void> {
    if (!(await this.#s.directory.unit(unitId)))
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${unitId}`, 'unitId');
  }
}

/** A user as the admin sees it (and its history records it). */
export function userFields(u: AdminUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    roles: u.roles,
    phone: u.phone,
    active: u.active,
  };
}
