// Opening the database: the external server named by a URL, or the embedded one under DATA_DIR.

import path from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, startEmbeddedPostgres } from './embedded.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

// int8 (bigint ids, count(*)) as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// `date` columns as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

export function openDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process; the
  // pool replaces it on next use.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface Database_ {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL if given, else the embedded server in DATA_DIR (locked for this process). */
export async function openConfiguredDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: (line: string) => void;
}): Promise<Database_> {
  if (opts.databaseUrl) {
    const db = openDb(opts.databaseUrl);
    return { db, url: opts.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const unlock = lockDataDir(opts.dataDir);
  try {
    const server = await startEmbeddedPostgres({ pgDir: path.join(opts.dataDir, 'pg'), log: opts.log });
    const db = openDb(server.url);
    return {
      db,
      url: server.url,
      embedded: true,
      close: async () => {
        await db.destroy();
        await server.stop();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
