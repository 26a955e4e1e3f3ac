// The LA check (docs/open311.md): build the demo jurisdiction from LA's 99 neighbourhood councils,
// POST the 10,000 LA 311 requests of ../shared/data/us311/ through the Open311 endpoint, and print
// the share of rows with coordinates whose case lands in the same council as LA's `nc`, with every
// miss explained.
//
//   node scripts/import-la311.ts [--every N] [--tolerance METRES] [--concurrency 4] [--misses FILE.json]
//
// It works in a throwaway database: on TEST_DATABASE_URL's server if set (postgres://…/any), else
// on an embedded PostgreSQL in a temp directory. Nothing is kept.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateToLatest, openDb } from '../packages/db/src/connect.ts';
import { startEmbeddedPostgres } from '../packages/db/src/embedded.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { ManualClock } from '../packages/server/src/platform/clock.ts';
import { seedDemo } from '../packages/server/src/demo/seed.ts';
import {
  buildLaJurisdiction,
  type LaMiss,
  postLaRequests,
  readCouncils,
  readRequests,
  scoreLa,
} from '../packages/server/src/open311/la-demo.ts';
import { open311ConfigFromEnv } from '../packages/server/src/open311/service.ts';

const { values: args } = parseArgs({
  options: {
    every: { type: 'string', default: '1' },
    tolerance: { type: 'string' },
    misses: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
  },
});
const every = Number(args.every);
if (!Number.isInteger(every) || every < 1) throw new Error('--every must be a positive integer');
const concurrency = Number(args.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error('--concurrency must be a positive integer');
if (args.tolerance !== undefined) process.env.OPEN311_EDGE_TOLERANCE_M = args.tolerance;

const tmp = mkdtempSync(path.join(tmpdir(), 'xiuhua-la311-'));
chmodSync(tmp, 0o755); // the embedded cluster runs as the postgres user when we are root
let serverUrl = process.env.TEST_DATABASE_URL;
let stopServer: (() => Promise<void>) | undefined;
if (!serverUrl) {
  const server = await startEmbeddedPostgres({ pgDir: path.join(tmp, 'pg'), ephemeral: true });
  serverUrl = server.url;
  stopServer = server.stop;
}
const name = `xh_la311_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const db = openDb(url.toString(), { max: 4 });

try {
  const started = Date.now();
  const clock = new ManualClock('2026-09-28T01:00:00.000Z'); // a Monday, 09:00 in Shanghai
  await migrateToLatest(db);
  await seedDemo(db, { now: clock.now(), cases: 0 }); // catalogue, users and the Minhang demo city
  const councils = readCouncils();
  await buildLaJurisdiction(db, councils);
  const app = await buildApp({ db, clock, publicRateLimit: 1_000_000, photoDir: path.join(tmp, 'photos') });
  const supervision = await db
    .selectFrom('units')
    .select('id')
    .where('code', '=', 'supervision')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      username: 'la311-import',
      display_name: 'LA 311 import (Open311 client)',
      password_hash: '!', // API key only
      unit_id: supervision.id,
      roles: ['integration'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { key } = await app.services.auth.createApiKey(user.id, 'LA 311 import');

  const rows = readRequests().filter((_, i) => i % every === 0);
  console.log(`${councils.length} councils; posting ${rows.length} requests (every ${every}. row)…`);
  const postStarted = Date.now();
  const outcomes = await postLaRequests(app, key, rows, {
    concurrency,
    onProgress: (done) => {
      if (done % 1000 === 0)
        console.log(`  ${done} posted (${((Date.now() - postStarted) / 1000).toFixed(0)} s)`);
    },
  });
  const postSeconds = (Date.now() - postStarted) / 1000;
  const score = scoreLa(councils, outcomes);
  const byKind = new Map<LaMiss['kind'], LaMiss[]>();
  for (const m of score.misses) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
  const accepted = outcomes.filter((o) => o.status === 200).length;
  const noCoordinates = outcomes.filter((o) => o.row.lat === null || o.row.lon === null);

  console.log('');
  console.log(`edge tolerance: ${open311ConfigFromEnv().edgeToleranceM} m`);
  console.log(
    `requests posted: ${outcomes.length}; accepted ${accepted}, refused ${outcomes.length - accepted}`,
  );
  console.log(
    `  without coordinates: ${noCoordinates.length} (${noCoordinates.filter((o) => o.status === 400).length} refused: the address is not in our gazetteer)`,
  );
  console.log(`rows with coordinates: ${score.withCoordinates}`);
  console.log(
    `  LA names a council absent from the 2019 layer (or none): ${score.councilNotInLayer}; refused by us as outside every council: ${score.councilNotInLayerRefused}`,
  );
  console.log(
    `  placed by the edge tolerance (outside every council, LA's council nearest): ${score.placedByEdgeTolerance}`,
  );
  console.log(
    `same council as LA: ${score.matched} / ${score.withCoordinates} = ${(score.share * 100).toFixed(2)} %`,
  );
  console.log(`misses: ${score.misses.length}`);
  const describe = {
    boundary: "inside exactly one council, not LA's (a point on a boundary street)",
    overlap: 'inside two overlapping councils; the lower code took it, LA chose the other',
    edge: 'outside every council; the tolerance placed it in the nearest, LA names another',
    outside: 'outside every council by more than the tolerance; LA names one',
    placed_without_council: 'LA names no council of the layer; we placed it in one',
    error: 'refused for another reason',
  } as const;
  for (const [kind, list] of byKind) {
    const d = list.map((m) => m.toExpectedM).filter((x): x is number => x !== null);
    const range = d.length
      ? ` (distance to LA's council: ${Math.min(...d).toFixed(1)}–${Math.max(...d).toFixed(1)} m)`
      : '';
    console.log(`  ${kind}: ${list.length} — ${describe[kind]}${range}`);
  }
  if (args.misses) {
    writeFileSync(args.misses, `${JSON.stringify(score.misses, null, 2)}\n`);
    console.log(`misses written to ${args.misses}`);
  }
  console.log(
    `time: ${((Date.now() - started) / 1000).toFixed(1)} s in all, posting ${postSeconds.toFixed(1)} s (${((postSeconds * 1000) / outcomes.length).toFixed(1)} ms per request)`,
  );
  await app.close();
} finally {
  await db.destroy();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  if (stopServer) await stopServer();
  rmSync(tmp, { recursive: true, force: true });
}
