// The cost of one accepted report through each door of the product, all in one app on one
// database, against one baseline: the same case rows written by plain SQL (counter, case, intake
// event in one transaction; bench/case-baseline.ts). Doors:
//   staff     POST /api/cases as inspector1 (the reference: case-create.bench.ts)
//   citizen   POST /api/public/reports: form token (the ManualClock is moved past the minimum
//             time on the form), honeypot, quotas (each report from its own address, no phone),
//             category, Idempotency-Key, case + tracking code in one transaction
//   open311   POST /open311/v2/requests.json, form-urlencoded, api_key of an integration user,
//             service E06010 with its required attribute
//   110       POST /api/integrations/110/transfers, X-Api-Key of an integration user, class from
//             the words 暴露垃圾, caller and address
//   sensor    POST /api/sensors/alarms: a first alarm (a new device each, registered beforehand,
//             so each opens a case) and a repeat alarm (joins the open case of a device)
// Sequential latency (ms per report, mean of PER_RUN reports one after another) for every door;
// reports per second with 8 in flight for the baseline and doors staff, citizen and open311.
// Runs are interleaved (each round times every door once) so that load from other processes
// on the machine falls on all doors alike; figures are medians over the rounds.
//
//   npm run bench -- intake-doors               embedded PostgreSQL (throwaway)
//   BENCH_QUICK=1 npm run bench -- intake-doors fewer, shorter rounds
//   BENCH_DATABASE_URL=postgres://… npm run bench -- intake-doors

import { randomUUID } from 'node:crypto';
import type { Integration } from '@xiuhua/domain/policy';
import { buildApp, ManualClock } from '@xiuhua/server';
import type { InjectOptions } from 'fastify';
import { cellCentres, openCaseBaseline, sessionCookie, staffIntake } from './case-baseline.ts';
import { openBenchDatabase } from './database.ts';
import { measureRequests, median, writeResult } from './lib.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 2 : 5;
const PER_RUN = QUICK ? 50 : 100;
const CONCURRENCY = 8;
// Device ids and incident numbers of this run, so that BENCH_DATABASE_URL can be reused.
const TAG = Date.now().toString(36).toUpperCase();

const { db, url, close } = await openBenchDatabase({ max: 16 });
const clock = new ManualClock(new Date());
const app = await buildApp({
  db,
  clock,
  publicRateLimit: 1_000_000,
  sensorRateLimit: 1_000_000,
  police110: null,
});
const points = await cellCentres(db);
const at = (i: number) => points[i % points.length]!;

async function inject<T = unknown>(what: string, expected: number, request: InjectOptions): Promise<T> {
  const res = await app.inject(request);
  if (res.statusCode !== expected) throw new Error(`${what}: HTTP ${res.statusCode}: ${res.body}`);
  return (res.body ? JSON.parse(res.body) : null) as T;
}

// ------------------------------------------------------------------ clients (as an admin would)

const admin = await sessionCookie(app, 'admin');
const units = await inject<{ id: number; code: string }[]>('units', 200, {
  method: 'GET',
  url: '/api/units',
  headers: { cookie: admin },
});
const supervision = units.find((u) => u.code === 'supervision')!;

/** An API key of an integration user (created if missing), as docs/open311.md issues one. */
async function integrationKey(username: string, integration: Integration): Promise<string> {
  let id = (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
    ?.id;
  if (id === undefined) {
    const user = await inject<{ id: number }>(`create user ${username}`, 201, {
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: {
        username,
        displayName: `Bench client ${username}`,
        password: 'not-used-for-login',
        unitId: supervision.id,
        roles: ['integration'],
      },
    });
    id = user.id;
  }
  const key = await inject<{ key: string }>(`api key for ${username}`, 201, {
    method: 'POST',
    url: '/api/api-keys',
    headers: { cookie: admin },
    payload: { userId: id, name: `bench ${TAG}`, integration },
  });
  return key.key;
}

const open311Key = await integrationKey('bench-open311', 'open311');
const key110 = await integrationKey('bench-110', 'police110');
const sensorKey = await integrationKey('sensor-gateway', 'sensors');

// One device per first alarm (a device's open case absorbs its later alarms).
const FIRST_ALARMS = 1 + RUNS * PER_RUN;
const registerStart = performance.now();
for (let j = 0; j < FIRST_ALARMS; j++) {
  await inject('register device', 201, {
    method: 'POST',
    url: '/api/devices',
    headers: { cookie: admin },
    payload: {
      deviceId: `BENCH-${TAG}-${j}`,
      deviceType: 'water_level',
      name: `基准积水监测 ${j}`,
      location: at(j),
      alarmClasses: { water_high: { kind: 'event', classCode: '10003' } },
    },
  });
}
console.log(
  `registered ${FIRST_ALARMS} devices in ${((performance.now() - registerStart) / 1000).toFixed(1)} s`,
);

// ------------------------------------------------------------------ the doors

const staff = await staffIntake(app, points);

let formToken = '';
/** A form token, then the clock past the minimum time on the form (it stays frozen after). */
async function openForm(): Promise<void> {
  const { token, minSeconds } = await inject<{ token: string; minSeconds: number }>('form token', 200, {
    method: 'GET',
    url: '/api/public/form-token',
  });
  formToken = token;
  clock.advanceMinutes((minSeconds + 1) / 60);
}
let citizenN = 0;
async function citizen(): Promise<void> {
  const i = citizenN++;
  await inject('citizen report', 201, {
    method: 'POST',
    url: '/api/public/reports',
    // One report per address: the per-network quota (20 an hour) never bites.
    remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    headers: { 'idempotency-key': randomUUID() },
    payload: { category: 'garbage', description: `基准随手拍 ${i}`, location: at(i), formToken },
  });
}

let open311N = 0;
async function open311(): Promise<void> {
  const i = open311N++;
  const p = at(i);
  const form = new URLSearchParams({
    api_key: open311Key,
    service_code: 'E06010',
    lat: String(p.lat),
    long: String(p.lon),
    'attribute[AMOUNT]': 'BAGS_4_10',
    description: `基准 Open311 ${i}`,
  });
  await inject('open311 request', 200, {
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
}

let police110N = 0;
async function police110(): Promise<void> {
  const i = police110N++;
  await inject('110 transfer', 201, {
    method: 'POST',
    url: '/api/integrations/110/transfers',
    headers: { 'x-api-key': key110 },
    payload: {
      incidentNumber: `JJ${TAG}-${i}`,
      receivedAt: clock.now().toISOString(),
      caller: { name: '李先生', phone: '13812345678' },
      location: at(i),
      address: '江川路东川路口',
      description: `报警人称路口有大量垃圾堆放，非警情，转城管处置。基准 ${i}`,
      categoryHint: '暴露垃圾',
    },
  });
}

let alarmN = 0;
const alarm = (deviceNo: number, expected: number, outcome: string) =>
  inject(`sensor alarm (${outcome})`, expected, {
    method: 'POST',
    url: '/api/sensors/alarms',
    headers: { 'x-api-key': sensorKey },
    payload: {
      deviceId: `BENCH-${TAG}-${deviceNo}`,
      alarmType: 'water_high',
      alarmId: `bench-${alarmN++}`,
      at: clock.now().toISOString(),
      reading: 32,
      unit: 'cm',
    },
  });
let firstN = 0;
const sensorFirst = () => alarm(firstN++, 201, 'created');
// Repeats go round the devices whose first alarm has opened a case.
let repeatN = 0;
const sensorRepeat = () => alarm(repeatN++ % firstN, 200, 'attached');

// ------------------------------------------------------------------ measure

await staff(); // warm-up of every door: grid index, catalogue, calendar, keys, statements
const baseline = await openCaseBaseline(db, url); // template: the staff case just written
await baseline.insert();
await openForm();
await citizen();
await open311();
await police110();
await sensorFirst();
await sensorRepeat();

interface Door {
  key: string;
  label: string;
  fn: () => Promise<unknown>;
  concurrent: boolean;
}
const doors: Door[] = [
  { key: 'baseline', label: 'baseline: plain SQL', fn: baseline.insert, concurrent: true },
  { key: 'staff', label: 'staff POST /api/cases', fn: staff, concurrent: true },
  { key: 'citizen', label: 'citizen POST /api/public/reports', fn: citizen, concurrent: true },
  { key: 'open311', label: 'Open311 POST requests.json', fn: open311, concurrent: true },
  { key: 'police110', label: '110 POST transfers', fn: police110, concurrent: false },
  { key: 'sensorFirst', label: 'sensor alarm, first (new case)', fn: sensorFirst, concurrent: false },
  { key: 'sensorRepeat', label: 'sensor alarm, repeat (attached)', fn: sensorRepeat, concurrent: false },
];
const samples = new Map(doors.map((d) => [d.key, { ms: [] as number[], perSecond: [] as number[] }]));
const started = performance.now();
for (let run = 0; run < RUNS; run++) {
  for (const door of doors) {
    const r = await measureRequests(door.fn, {
      runs: 1,
      perRun: PER_RUN,
      ...(door.concurrent ? { concurrency: CONCURRENCY } : {}),
    });
    samples.get(door.key)!.ms.push(r.msPerRequest);
    if (r.perSecondConcurrent !== undefined) samples.get(door.key)!.perSecond.push(r.perSecondConcurrent);
  }
  console.log(`round ${run + 1}/${RUNS} done at ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const figures = doors.map((d) => {
  const s = samples.get(d.key)!;
  return { ...d, ms: median(s.ms), perSecond: s.perSecond.length > 0 ? median(s.perSecond) : undefined };
});
const base = figures[0]!;

const table = [
  ['door', 'median ms/report', '×baseline', `reports/s, ${CONCURRENCY} in flight`, '×baseline'],
  ...figures.map((f) => [
    f.label,
    f.ms.toFixed(2),
    `${(f.ms / base.ms).toFixed(1)}×`,
    f.perSecond === undefined ? '—' : f.perSecond.toFixed(0),
    f.perSecond === undefined ? '—' : `${(f.perSecond / base.perSecond!).toFixed(2)}×`,
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(`\none accepted report per door (${RUNS} rounds × ${PER_RUN} reports)`);
for (const row of table)
  console.log(
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );

// Every door's figure beside the same baseline figure, so writeResult shows the ratios too.
const metrics: Record<string, number> = {};
const baselines: Record<string, number> = {};
for (const f of figures.slice(1)) {
  metrics[`${f.key}.msPerReport`] = f.ms;
  baselines[`${f.key}.msPerReport`] = base.ms;
  if (f.perSecond !== undefined) {
    metrics[`${f.key}.reportsPerSecondConcurrent`] = f.perSecond;
    baselines[`${f.key}.reportsPerSecondConcurrent`] = base.perSecond!;
  }
}
writeResult('intake-doors', metrics, baselines);

await app.close();
await baseline.close();
await close();
