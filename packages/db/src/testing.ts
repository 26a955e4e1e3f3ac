// Test databases: each test file gets its own database, cloned from a migrated template that
// scripts/test.ts prepares once per run (on the embedded server or on TEST_DATABASE_URL).

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openDb } from './connect.ts';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.XIUHUA_TEST_SERVER_URL;
  const template = process.env.XIUHUA_TEST_TEMPLATE;
  if (!serverUrl || !template) {
    throw new Error('run the tests with `npm test` (scripts/test.ts prepares the test database server)');
  }
  const name = `xh_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = openDb(url, { max: 12 });
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
