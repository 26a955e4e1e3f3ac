// The database a benchmark runs on: BENCH_DATABASE_URL, or a throwaway embedded PostgreSQL;
// migrated, with the demo city (no cases) when empty.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Db, migrateToLatest, openDb, startEmbeddedPostgres } from '@xiuhua/db';
import { seedDemo } from '@xiuhua/server';

export interface BenchDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(options: { max: number }): Promise<BenchDatabase> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!url) {
    tmp = mkdtempSync(path.join(tmpdir(), 'xiuhua-bench-'));
    chmodSync(tmp, 0o755); // the cluster runs as the postgres user when we are root
    const server = await startEmbeddedPostgres({ pgDir: path.join(tmp, 'pg') });
    url = server.url;
    stop = server.stop;
  }
  const db = openDb(url, { max: options.max });
  await migrateToLatest(db);
  const seeded = await db.selectFrom('areas').select('code').limit(1).executeTakeFirst();
  if (!seeded) await seedDemo(db, { cases: 0 });
  return {
    db,
    url,
    close: async () => {
      await db.destroy();
      if (stop) await stop();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
