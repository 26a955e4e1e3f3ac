// Helpers shared by every benchmark (bench/*.bench.ts). Each benchmark measures its metrics,
// measures a baseline (the simple way of doing the same thing) and calls writeResult.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface TimeOptions {
  /** Measured runs (default 5). */
  runs?: number;
  /** Unmeasured runs first, to let the JIT settle (default 1). */
  warmup?: number;
}

/** Runs `fn` warmup + runs times and returns the duration of each measured run in ms. */
export function timeIt(fn: () => unknown, { runs = 5, warmup = 1 }: TimeOptions = {}): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function machineDescription(): string {
  const cpuList = cpus();
  const model = cpuList[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${model}, ${cpuList.length} cores, ${memoryGiB} GiB, node ${process.version}`;
}

function formatNumber(x: number | undefined): string {
  if (x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 0.1 ? 3 : 4;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * Prints a table (metric, value, baseline, ratio = value / baseline) and writes
 * bench/results/NAME.json as { name, metrics, baseline, machine }. Metrics and baseline share
 * keys where they measure the same thing; a key present in only one of them gets no ratio.
 */
export function writeResult(
  name: string,
  metrics: Record<string, number>,
  baseline: Record<string, number>,
): string {
  const machine = machineDescription();
  const keys = [...Object.keys(metrics), ...Object.keys(baseline).filter((k) => !(k in metrics))];
  const rows = keys.map((key) => {
    const value = metrics[key];
    const base = baseline[key];
    const ratio =
      value !== undefined && base !== undefined && base !== 0 ? `${formatNumber(value / base)}×` : '—';
    return [key, formatNumber(value), formatNumber(base), ratio];
  });
  const header = ['metric', 'value', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const formatRow = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(`\n${name} — ${machine}`);
  console.log(formatRow(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(formatRow(row));

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name}.json`;
  writeFileSync(file, `${JSON.stringify({ name, metrics, baseline, machine }, null, 2)}\n`);
  console.log(`written ${file}`);
  return file;
}

export interface RequestFigures {
  /** Median over runs of the mean time of one request sent alone, in ms. */
  msPerRequest: number;
  /** Median over runs of requests per second with `concurrency` in flight; absent when not asked. */
  perSecondConcurrent?: number;
}

/**
 * Times an async operation: per run, `perRun` calls one after another, then (when `concurrency`
 * is given) `perRun` more in batches of `concurrency` at once. Medians over `runs` runs.
 */
export async function measureRequests(
  fn: () => Promise<unknown>,
  { runs, perRun, concurrency }: { runs: number; perRun: number; concurrency?: number },
): Promise<RequestFigures> {
  const perCallMs: number[] = [];
  const throughput: number[] = [];
  for (let run = 0; run < runs; run++) {
    let start = performance.now();
    for (let i = 0; i < perRun; i++) await fn();
    perCallMs.push((performance.now() - start) / perRun);
    if (!concurrency) continue;
    start = performance.now();
    for (let i = 0; i < perRun; i += concurrency)
      await Promise.all(Array.from({ length: Math.min(concurrency, perRun - i) }, fn));
    throughput.push(perRun / ((performance.now() - start) / 1000));
  }
  return {
    msPerRequest: median(perCallMs),
    ...(concurrency ? { perSecondConcurrent: median(throughput) } : {}),
  };
}
