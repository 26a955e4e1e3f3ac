// Case creation through HTTP (auth, validation, grid lookup, catalogue, working-time deadline,
// case number, case row + intake event in one transaction) against the baseline: the same rows
// written by plain SQL (counter, case, event in one transaction each), on the same database in
// the same run. Sequential latency and throughput with 8 requests in flight.
//
//   npm run bench -- case-create            embedded PostgreSQL (throwaway)
//   BENCH_DATABASE_URL=postgres://… npm run bench -- case-create

import { buildApp, DEMO_PASSWORD } from '@xiuhua/server';
import pg from 'pg';
import { openBenchDatabase } from './database.ts';
import { median, writeResult } from './lib.ts';

const PER_RUN = 200;
const RUNS = 5;
const CONCURRENCY = 8;

const { db, url, close } = await openBenchDatabase({ max: 16 });

const app = await buildApp({ db, publicRateLimit: 1_000_000 });
const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: 'inspector1', password: DEMO_PASSWORD },
});
const cookie = `xh_session=${login.cookies.find((c) => c.name === 'xh_session')!.value}`;
const cells = await db
  .selectFrom('grid_cells')
  .select(['code', 'geometry'])
  .orderBy('code')
  .limit(400)
  .execute();
const points = cells.map((c) => {
  const ring = (c.geometry as { coordinates: number[][][] }).coordinates[0]!;
  return { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 };
});

let n = 0;
async function createViaHttp(): Promise<void> {
  const i = n++;
  const res = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { cookie },
    payload: {
      source: 'inspector',
      kind: 'event',
      classCode: '06010',
      description: `基准测试 ${i}`,
      location: points[i % points.length],
    },
  });
  if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
}

// The baseline writes exactly what the service writes, with values computed up front.
let template: Awaited<ReturnType<typeof latestCase>>;
const latestCase = () =>
  db.selectFrom('cases').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
const pool = new pg.Pool({ connectionString: url, max: 16 });
pool.on('error', () => {});
async function createViaSql(): Promise<void> {
  const t = template;
  const i = n++;
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query(
      `insert into case_counters (year, last_seq) values (2099, 1)
       on conflict (year) do update set last_seq = case_counters.last_seq + 1 returning last_seq`,
    );
    const number = `2099${String(rows[0].last_seq).padStart(6, '0')}`;
    const inserted = await client.query(
      `insert into cases (number, source, kind, class_id, class_code, description, lon, lat, cell_code,
         community_code, street_code, district_code, area_path, area_class, photos, urgency, level, state,
         step, step_clock, due_at, colour, next_colour_at, created_by, reported_at, updated_at)
       values ($1, 'inspector', 'event', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '[]', $13, $14,
         'reported', 'accept', $15, $16, 'blue', $17, $18, now(), now()) returning id`,
      [
        number,
        t.class_id,
        t.class_code,
        `基准 ${i}`,
        t.lon,
        t.lat,
        t.cell_code,
        t.community_code,
        t.street_code,
        t.district_code,
        t.area_path,
        t.area_class,
        t.urgency,
        t.level,
        JSON.stringify(t.step_clock),
        t.due_at,
        t.next_colour_at,
        t.created_by,
      ],
    );
    await client.query(
      `insert into case_events (case_id, seq, action, to_state, actor_user_id, actor_role, actor_unit_id, at, data)
       values ($1, 1, 'intake', 'reported', $2, 'inspector', null, now(), '{}')`,
      [inserted.rows[0].id, t.created_by],
    );
    await client.query('commit');
  } finally {
    client.release();
  }
}

async function measure(fn: () => Promise<void>) {
  const perCaseMs: number[] = [];
  const throughput: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    for (let i = 0; i < PER_RUN; i++) await fn();
    perCaseMs.push((performance.now() - start) / PER_RUN);
    start = performance.now();
    for (let i = 0; i < PER_RUN; i += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, fn));
    throughput.push(PER_RUN / ((performance.now() - start) / 1000));
  }
  return { msPerCase: median(perCaseMs), casesPerSecondConcurrent: median(throughput) };
}

await createViaHttp(); // warm-up: grid index, catalogue, calendar caches
const http = await measure(createViaHttp);
template = await latestCase();
await createViaSql();
const raw = await measure(createViaSql);

writeResult(
  'case-create',
  {
    msPerCase: http.msPerCase,
    casesPerSecondSequential: 1000 / http.msPerCase,
    casesPerSecondConcurrent: http.casesPerSecondConcurrent,
  },
  {
    msPerCase: raw.msPerCase,
    casesPerSecondSequential: 1000 / raw.msPerCase,
    casesPerSecondConcurrent: raw.casesPerSecondConcurrent,
  },
);

await app.close();
await pool.end();
await close();
