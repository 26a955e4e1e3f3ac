// Build the web console into packages/web/dist when its sources are newer than the last build.
// `npm start` and `npm test` call this, so a fresh clone serves a current console with no extra step.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'packages/web');
/** XIUHUA_WEB_DIST builds elsewhere (parallel work on one checkout must not share dist/). */
export const WEB_DIST = process.env.XIUHUA_WEB_DIST
  ? path.resolve(process.env.XIUHUA_WEB_DIST)
  : path.join(web, 'dist');
const stamp = path.join(WEB_DIST, '.built');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export function webIsStale(): boolean {
  if (!existsSync(stamp)) return true;
  const sources = Math.max(
    newest(web),
    newest(path.join(root, 'packages/domain/src')),
    statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  return sources > statSync(stamp).mtimeMs;
}

/** Brotli and gzip copies beside each text asset, served as they are (no compression per request). */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) precompress(full);
    else if (/\.(js|mjs|css|html|svg|json)$/.test(entry.name)) {
      const body = readFileSync(full);
      if (body.length < 1024) continue;
      writeFileSync(
        `${full}.br`,
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
      );
      writeFileSync(`${full}.gz`, gzipSync(body, { level: 9 }));
    }
  }
}

export async function buildWeb(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !webIsStale()) return false;
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({
    root: web,
    configFile: path.join(web, 'vite.config.ts'),
    logLevel: options.quiet ? 'warn' : 'info',
    build: { outDir: WEB_DIST },
  });
  // the service workers precache what the build just wrote (scripts/pwa.ts)
  const { generateServiceWorkers } = await import('./pwa.ts');
  await generateServiceWorkers(WEB_DIST);
  precompress(WEB_DIST);
  writeFileSync(stamp, new Date().toISOString());
  console.log(`[xiuhua] web console built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

if (import.meta.main) {
  await buildWeb({ force: process.argv.includes('--force') });
}
