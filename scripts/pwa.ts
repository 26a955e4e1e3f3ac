// Service workers for the built web apps, generated with Workbox after the Vite build:
//   /sw.js    staff console, scope /   — precaches the console shell and the inspector's phone app
//                                         (its chunks and everything they import), not every workbench
//   /m/sw.js  citizen portal, scope /m/ — precaches the portal entry and its chunks
// Navigations go to the network first, so an online user always gets the current build (a cached
// page of an old build would ask for lazy chunks the server no longer has); with no network, or
// none within NAV_TIMEOUT seconds (a weak one), the cached index.html opens the app. Neither
// worker touches /api/: data always comes from the network, and the inspector's offline queue
// lives in IndexedDB (packages/web/src/shared/outbox.ts), not in the worker.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateSW } from 'workbox-build';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
type ViteManifest = Record<string, ManifestChunk>;

/**
 * The files a set of chunks needs: each chunk's file, its CSS and assets, and the same for every
 * chunk it imports. Dynamic imports are followed only when `dynamic` is set (a feature's lazy
 * parts, e.g. its map, belong to it; the entry's lazy routes do not).
 */
export function chunkFiles(manifest: ViteManifest, roots: string[], dynamic: boolean): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string, followDynamic: boolean) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`pwa: chunk ${key} not in the Vite manifest`);
    seen.add(key);
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const dep of chunk.imports ?? []) visit(dep, false);
    if (followDynamic) for (const dep of chunk.dynamicImports ?? []) visit(dep, true);
  };
  for (const root of roots) visit(root, dynamic);
  return [...files];
}

/** Pages the console worker precaches besides the entry: the inspector's phone app. */
const OFFLINE_PAGES = ['src/features/inspector/InspectorPage.tsx'];

const NAV_TIMEOUT = 5;

// The route matchers are copied into the worker as source: each must stand alone.
/** Console pages: not /api, the portal, the API docs, Open311, or a path with a file extension (mirrors console/web.ts in the server). */
const consolePage = ({ request, url }: { request: Request; url: URL }) =>
  request.mode === 'navigate' && !/^\/(api|m|docs|open311)(\/|$)|\.[a-z0-9]+$/i.test(url.pathname);
const portalPage = ({ request, url }: { request: Request; url: URL }) =>
  request.mode === 'navigate' && /^\/m(\/|$)/.test(url.pathname) && !/\.[a-z0-9]+$/i.test(url.pathname);

/**
 * Network first for an app's pages; without an answer in time, the page as last loaded, or else
 * the app's precached index.html.
 */
const pages = (matcher: typeof consolePage, cacheName: string, fallbackURL: string) => [
  {
    urlPattern: matcher,
    handler: 'NetworkFirst' as const,
    options: {
      cacheName,
      networkTimeoutSeconds: NAV_TIMEOUT,
      expiration: { maxEntries: 20 },
      precacheFallback: { fallbackURL },
    },
  },
];

// Hashed file names (Vite's name-[hash].ext) already change with their content: no revision needed.
const HASHED = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export async function generateServiceWorkers(dist: string): Promise<{ console: number; citizen: number }> {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as ViteManifest;
  const common = {
    globDirectory: dist,
    // absolute URLs: /m/sw.js would otherwise resolve "m/index.html" to /m/m/index.html
    modifyURLPrefix: { '': '/' },
    dontCacheBustURLsMatching: HASHED,
    // The map library alone is ~1 MB; the default 2 MB cap would silently drop a bigger chunk.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    inlineWorkboxRuntime: true,
    sourcemap: false,
    mode: 'production',
  } as const;

  const consoleFiles = [
    'index.html',
    ...chunkFiles(manifest, ['index.html'], false),
    ...chunkFiles(manifest, OFFLINE_PAGES, true), // throws if a page was renamed
    ...optional(dist, ['manifest.webmanifest', 'icons']),
  ];
  const consoleSw = await generateSW({
    ...common,
    globPatterns: [...new Set(consoleFiles)],
    swDest: path.join(dist, 'sw.js'),
    runtimeCaching: pages(consolePage, 'xiuhua-pages', '/index.html'),
  });

  let citizen = 0;
  if (manifest['m/index.html']) {
    const citizenFiles = ['m/index.html', ...chunkFiles(manifest, ['m/index.html'], true)];
    const citizenSw = await generateSW({
      ...common,
      globPatterns: [...new Set([...citizenFiles, ...optional(dist, ['m/manifest.webmanifest', 'm/icons'])])],
      swDest: path.join(dist, 'm/sw.js'),
      runtimeCaching: pages(portalPage, 'xiuhua-portal-pages', '/m/index.html'),
    });
    warn(citizenSw.warnings);
    citizen = citizenSw.count;
  }
  warn(consoleSw.warnings);
  return { console: consoleSw.count, citizen };
}

/** The install manifest and icons (from packages/web/public) where the build has them: a folder means its images. */
function optional(dist: string, paths: string[]): string[] {
  return paths
    .filter((p) => existsSync(path.join(dist, p)))
    .map((p) => (statSync(path.join(dist, p)).isDirectory() ? `${p}/*.{png,svg}` : p));
}

function warn(warnings: string[]): void {
  for (const w of warnings) console.warn(`[xiuhua] service worker: ${w}`);
}
