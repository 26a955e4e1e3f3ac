// An in-memory value built from tables that change rarely (the unit-cell index, the roads index),
// rebuilt when its row in `revisions` moves. A change bumps the revision in its own transaction;
// this instance notices at once (invalidate), other instances within REVISION_CHECK_MS.

import type { Db } from '@xiuhua/db';

const REVISION_CHECK_MS = 5_000;

/** Tell every instance the data behind `name` changed (call it in the changing transaction). */
export async function bumpRevision(trx: Db, name: string): Promise<void> {
  await trx
    .updateTable('revisions')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('name', '=', name)
    .execute();
}

export class RevisionCache<T> {
  #db: Db;
  #name: string;
  #build: () => Promise<T>;
  #value: T | null = null;
  #revision = -1;
  #checkedAt = 0;
  #loading: Promise<T> | null = null;

  constructor(db: Db, name: string, build: () => Promise<T>) {
    this.#db = db;
    this.#name = name;
    this.#build = build;
  }

  async get(): Promise<T> {
    const now = Date.now();
    if (this.#value && now - this.#checkedAt < REVISION_CHECK_MS) return this.#value;
    this.#checkedAt = now;
    const { revision } = await this.#db
      .selectFrom('revisions')
      .select('revision')
      .where('name', '=', this.#name)
      .executeTakeFirstOrThrow();
    if (this.#value && revision === this.#revision) return this.#value;
    this.#loading ??= this.#build()
      .then((value) => {
        this.#value = value;
        this.#revision = revision;
        return value;
      })
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  /** Check the revision on the next get (this instance just changed the data). */
  invalidate(): void {
    this.#checkedAt = 0;
  }
}
