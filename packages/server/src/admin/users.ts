// User accounts as the admin manages them: list, create, change. Passwords are hashed here; a
// changed password or a deactivated account ends the user's sessions at once.

import type { Db } from '@xiuhua/db';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { UserInput } from './schemas.ts';

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
  async create(input: UserInput): Promise<AdminUser> {
    await this.#checkUnit(input.unitId);
    const dup = await this.#s.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (dup) throw new AppError(409, 'DUPLICATE', `the username ${input.username} is taken`, 'username');
    return await this.#s.db
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: await hashPassword(input.password),
        unit_id: input.unitId,
        roles: input.roles,
        phone: input.phone ?? null,
        active: input.active ?? true,
      })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Change the given fields of a user (the username never changes). */
  async update(id: number, changes: UserChanges): Promise<AdminUser> {
    if (changes.unitId !== undefined) await this.#checkUnit(changes.unitId);
    if (changes.password !== undefined) {
      const problem = passwordProblem(changes.password);
      if (problem) throw new AppError(400, 'INVALID_FIELD', problem, 'password');
    }
    const row = await this.#s.db
      .updateTable('users')
      .set({
        ...(changes.displayName !== undefined && { display_name: changes.displayName }),
        ...(changes.password !== undefined && { password_hash: await hashPassword(changes.password) }),
        ...(changes.unitId !== undefined && { unit_id: changes.unitId }),
        ...(changes.roles !== undefined && { roles: changes.roles }),
        ...(changes.phone !== undefined && { phone: changes.phone }),
        ...(changes.active !== undefined && { active: changes.active }),
        updated_at: this.#s.clock.now(),
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row) throw notFound('user');
    if (changes.active === false || changes.password !== undefined)
      await this.#s.db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    return row;
  }

  async #checkUnit(unitId: number): Promise<void> {
    if (!(await this.#s.directory.unit(unitId)))
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${unitId}`, 'unitId');
  }
}
