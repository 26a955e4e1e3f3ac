// Runs benchmarks, each in its own child process on the same node binary, one after another.
//   node bench/run.ts            every bench/*.bench.ts
//   node bench/run.ts NAME ...   bench/NAME.bench.ts for each NAME
// Exits non-zero when a benchmark is unknown or fails.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SUFFIX = '.bench.ts';
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => file.slice(0, -SUFFIX.length))
  .sort();

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ') || 'none'}`);
  process.exit(2);
}

const names = requested.length > 0 ? requested : available;
const failed: string[] = [];
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [`${benchDir}${name}${SUFFIX}`], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`=== ${name}: ok in ${seconds} s ===`);
  } else {
    const why =
      result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`);
    console.error(`=== ${name}: FAILED (${why}) after ${seconds} s ===`);
    failed.push(name);
  }
}

if (failed.length > 0) {
  console.error(`\n${failed.length} of ${names.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall ${names.length} benchmark(s) passed`);
