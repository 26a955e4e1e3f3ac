// The CLI as an operator meets it (spawned, on an embedded database in a temporary DATA_DIR): an
// unknown command prints the usage without starting a database, `start` on a busy port fails
// before anything is built, a command while the server is up says the server owns the database,
// and a kill -9 of the server does not leave its PostgreSQL running.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort, processAlive as alive } from '@xiuhua/db';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-cli-'));
chmodSync(dataDir, 0o755); // the cluster runs as the postgres user when we are root
const running: ChildProcess[] = [];
after(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 1500)); // the watchdog stops a postmaster left behind
  rmSync(dataDir, { recursive: true, force: true });
});

function env(port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, ...rest } = process.env;
  return { ...rest, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
}

function cli(args: string[], port: number) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: env(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(what: string, check: () => boolean, ms: number) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('an unknown command prints the usage and exits 2 without starting a database', async () => {
  const run = cli(['frobnicate'], await freePort());
  assert.equal(await run.exited, 2);
  assert.match(run.output(), /unknown command frobnicate/);
  assert.match(run.output(), /usage: xiuhua <command>/);
  assert.equal(existsSync(path.join(dataDir, 'pg')), false, 'no database was started');
});

test('start on a busy port fails at once, before the database or the demo city', async () => {
  const port = await freePort();
  const busy: Server = createServer();
  await new Promise<void>((r) => busy.listen(port, '127.0.0.1', () => r()));
  try {
    const t0 = Date.now();
    const run = cli(['start', '--demo'], port);
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    assert.match(run.output(), new RegExp(`port ${port} is already in use`));
    assert.equal(existsSync(path.join(dataDir, 'pg')), false, 'no database was started');
    const check = cli(['check-port'], port);
    assert.equal(await check.exited, 1);
  } finally {
    busy.close();
  }
});

test('while the server is up a command says so; kill -9 of the server stops its PostgreSQL', async () => {
  const port = await freePort();
  const server = cli(['start'], port);
  await waitFor('the server to listen', () => /listening on/.test(server.output()), 120_000);
  const migrate = cli(['migrate'], await freePort());
  assert.equal(await migrate.exited, 1);
  assert.match(migrate.output(), /server \(process \d+\) is running on .* stop it first/);

  const postmaster = Number.parseInt(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
  assert.ok(alive(postmaster), 'the postmaster runs');
  server.child.kill('SIGKILL');
  await server.exited;
  await waitFor('the postmaster to stop', () => !alive(postmaster), 10_000);
});
