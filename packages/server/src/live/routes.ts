// /api/live: case changes as Server-Sent Events, for the console's queues, map and boards.
// `event: case` carries {caseId, action, state, colour, version} of a case the caller may see;
// `event: resync` means changes may have been missed (the listener reconnected): reload.

import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, authorize } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { errors } from '../platform/schemas.ts';

/** A client this far behind is cut off; its EventSource reconnects and the console reloads. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { live: hub } = app.services;
  if (hub) {
    // Open streams would keep the HTTP server from closing: end them first.
    app.addHook('preClose', (done) => {
      hub.endStreams();
      done();
    });
    app.addHook('onClose', async () => await hub.close());
  }

  app.get(
    '/',
    {
      schema: {
        tags: ['live'],
        summary:
          'Server-Sent Events: `event: case` with {caseId, action, state, colour, version} for every change to a case you may see; `event: resync` when changes may have been missed; `: ping` every 15 s',
        produces: ['text/event-stream'],
        response: { ...errors(401, 503) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!hub) throw new AppError(503, 'LIVE_UNAVAILABLE', 'live updates are not configured on this server');
      try {
        await hub.start();
      } catch (e) {
        throw new AppError(503, 'LIVE_UNAVAILABLE', `live updates are unavailable: ${(e as Error).message}`);
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
      });
      res.write('retry: 3000\n: connected\n\n');
      let open = true;
      const unsubscribe = hub.subscribe({
        actor,
        send: (chunk) => {
          if (!open) return;
          if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
          else res.write(chunk);
        },
        end: () => {
          if (open) res.end();
        },
      });
      res.on('close', () => {
        open = false;
        unsubscribe();
      });
    },
  );

  app.get(
    '/status',
    {
      schema: {
        tags: ['live'],
        summary: 'Whether this instance is listening for changes, and how many streams it serves. Admin.',
        response: {
          200: Type.Object({
            configured: Type.Boolean(),
            listening: Type.Boolean(),
            subscribers: Type.Integer(),
          }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'live' });
      return {
        configured: hub !== null,
        listening: hub?.listening ?? false,
        subscribers: hub?.subscribers ?? 0,
      };
    },
  );
};
