// The console is built once into dist/ and served by the API server (same origin, session cookie).
// `npm run dev -w @xiuhua/web` proxies /api to a server on :3000 for hot reloading.

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    // dist/.vite/manifest.json: the chunk graph, read by bench/console.bench.ts to size the first screen
    manifest: true,
    // Two apps: the staff console (/) and the citizen portal (/m/), each with its own entry.
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('index.html', import.meta.url)),
        citizen: fileURLToPath(new URL('m/index.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
