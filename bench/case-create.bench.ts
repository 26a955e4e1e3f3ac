// Case creation through HTTP (auth, validation, grid lookup, catalogue, working-time deadline,
// case number, case row + intake event in one transaction) against the baseline: the same rows
// written by plain SQL (counter, case, event in one transaction each; bench/case-baseline.ts), on
// the same database in the same run. Sequential latency and throughput with 8 requests in flight.
//
//   npm run bench -- case-create            embedded PostgreSQL (throwaway)
//   BENCH_DATABASE_URL=postgres://… npm run bench -- case-create

import { buildApp } from '@xiuhua/server';
import { cellCentres, openCaseBaseline, staffIntake } from './case-baseline.ts';
import { openBenchDatabase } from './database.ts';
import { measureRequests, writeResult } from './lib.ts';

const shape = { runs: 5, perRun: 200, concurrency: 8 };

const { db, url, close } = await openBenchDatabase({ max: 16 });
const app = await buildApp({ db, publicRateLimit: 1_000_000 });
const createViaHttp = await staffIntake(app, await cellCentres(db));

await createViaHttp(); // warm-up: grid index, catalogue, calendar caches
const http = await measureRequests(createViaHttp, shape);
const baseline = await openCaseBaseline(db, url);
await baseline.insert();
const raw = await measureRequests(baseline.insert, shape);

writeResult(
  'case-create',
  {
    msPerCase: http.msPerRequest,
    casesPerSecondSequential: 1000 / http.msPerRequest,
    casesPerSecondConcurrent: http.perSecondConcurrent!,
  },
  {
    msPerCase: raw.msPerRequest,
    casesPerSecondSequential: 1000 / raw.msPerRequest,
    casesPerSecondConcurrent: raw.perSecondConcurrent!,
  },
);

await app.close();
await baseline.close();
await close();
