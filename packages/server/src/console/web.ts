// The web apps, built into packages/web/dist and served on the same origin as the API (so the
// session cookie just works): the staff console at / and the citizen portal at /m/. Hashed assets
// are cached for a year; the HTML pages never, so a new build is picked up at once. Any other GET
// that is not /api or a file gets its app's index.html and that app's router takes it from there.

import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../platform/http-errors.ts';

export async function registerWebConsole(app: FastifyInstance, webDir: string): Promise<void> {
  if (!existsSync(path.join(webDir, 'index.html'))) {
    app.log.warn(`web console not built (${webDir}); run: npm run build:web`);
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    // scripts/build-web.ts writes .br and .gz beside each asset
    preCompressed: true,
    setHeaders: (res, file) => {
      res.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (reply: import('fastify').FastifyReply, page = 'index.html') =>
    reply.header('cache-control', 'no-cache').sendFile(page, webDir);
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(url)) {
      return sendError(request, reply, 404, 'NOT_FOUND', `no route ${request.method} ${url}`);
    }
    return sendIndex(reply, url === '/m' || url.startsWith('/m/') ? 'm/index.html' : 'index.html');
  });
}
