// Migrations in order. Forward-only: never edit one that has shipped; add the next.

import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
