// Migrations in order. Forward-only: never edit one that has shipped; add the next.

import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_console.ts';
import * as m0003 from './0003_photos.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_console': m0002,
  '0003_photos': m0003,
};
