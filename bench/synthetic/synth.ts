// npm run synth -- --size small|medium|large [--districts N] [--seed S] [--until DATE]
//                  [--database-url URL] [--name DB] [--start]
// Builds a synthetic city (city.ts) into a fresh database DB (default xh_synth_<size>[_N]) on the
// PostgreSQL server at URL (default $DATABASE_URL): created, or dropped and re-created when it
// exists and its name starts with xh_synth_; migrated; loaded (load.ts). Prints the generation
// and each load phase's time, and the counts. The year of cases ends at DATE (default: today's
// midnight, China time, so that a screen looks current; give a date to rebuild the same city).
// --start then serves the console on it (`xiuhua start` with DATABASE_URL) until Ctrl-C.
// docs/synthetic-city.md.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateToLatest, openDb } from '@xiuhua/db';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../packages/server/src/demo/seed.ts';
import { buildWeb, WEB_DIST } from '../../scripts/build-web.ts';
import { CITY_SIZES, type CitySize, cityCounts, syntheticCity } from './city.ts';
import { loadCity } from './load.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    districts: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    until: { type: 'string' },
    'database-url': { type: 'string' },
    name: { type: 'string' },
    start: { type: 'boolean', default: false },
  },
});
const size = values.size as CitySize;
if (!CITY_SIZES.includes(size)) throw new Error(`--size must be one of ${CITY_SIZES.join(', ')}`);
const districts = Number(values.districts);
const seed = Number(values.seed);
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('synth: give --database-url postgres://… (a server; the command creates its own database)');
  process.exit(2);
}
const name = values.name ?? `xh_synth_${size}${districts > 1 ? `_${districts}` : ''}`;
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();

let t = performance.now();
const CST = 8 * 3_600_000;
const until = values.until
  ? new Date(values.until)
  : new Date(Math.floor((Date.now() + CST) / 86_400_000) * 86_400_000 - CST);
if (Number.isNaN(until.getTime())) throw new Error(`--until ${values.until} is not a date`);
const city = syntheticCity({ size, districts, seed, until });
console.log(`generated ${size} × ${districts} (seed ${seed}) in ${seconds(performance.now() - t)}`);
console.log(`  year of cases: ${city.from.toISOString()} – ${city.until.toISOString()}`);
for (const [key, n] of Object.entries(cityCounts(city)))
  console.log(`  ${key.padEnd(12)} ${n.toLocaleString('en-US')}`);

t = performance.now();
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
if (exists) {
  if (!name.startsWith('xh_synth_'))
    throw new Error(`database ${name} exists; synth replaces only xh_synth_* ones`);
  await admin.query(`drop database ${name} with (force)`);
}
await admin.query(`create database ${name}`);
await admin.end();
const target = new URL(url);
target.pathname = `/${name}`;
const db = openDb(target.toString(), { max: 2 });
try {
  await migrateToLatest(db);
  console.log(`database ${name} created and migrated in ${seconds(performance.now() - t)}`);
  const phases = await loadCity(db, city, { log: (m) => console.log(`  ${m}`) });
  const loadMs = phases.reduce((a, p) => a + p.ms, 0);
  console.log(`loaded in ${seconds(loadMs)}; total ${seconds(performance.now() - started)}`);
  if (!values.start)
    console.log(
      `serve it: DATABASE_URL=${target.toString()} npm run xiuhua -- start   (or run synth with --start)`,
    );
} finally {
  await db.destroy();
}
console.log(`users: leader, admin, <district>-dispatch1, …; password ${DEMO_PASSWORD}`);

if (values.start) {
  await buildWeb();
  const cli = fileURLToPath(new URL('../../packages/server/src/cli.ts', import.meta.url));
  const server = spawn(process.execPath, [cli, 'start'], {
    stdio: 'inherit',
    env: { WEB_DIR: WEB_DIST, ...process.env, DATABASE_URL: target.toString() },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}
