// Authentication: a session cookie or an API key, on every /api route not marked public. Sets
// request.actor and asks the policy whether this credential may reach this kind of route: an
// integration's routes take a key issued for that integration; staff routes take staff. A state
// change carried by the cookie (and signing in) must come from our own origin (platform/csrf.ts).

import { why } from '@xiuhua/domain/policy';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../platform/actor.ts';
import { assertSameOrigin } from '../platform/csrf.ts';
import { AppError } from '../platform/errors.ts';

export function registerAuthentication(app: FastifyInstance): void {
  const { auth } = app.services;
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const apiKey = typeof header === 'string' ? header : bearer;
    const { config } = request.routeOptions;
    assertSameOrigin(request, { cookie: !apiKey && !!token, signsIn: config.signsIn === true });
    if (apiKey) request.actor = await auth.fromApiKey(apiKey);
    else if (token) request.actor = await auth.fromSession(token);
    if (config.public && !request.actor) return;
    const refusal = config.integration
      ? why(request.actor, 'integration.call', { integration: config.integration })
      : config.public
        ? null
        : why(request.actor, 'staff.call', null);
    if (refusal)
      throw new AppError(refusal.code === 'UNAUTHENTICATED' ? 401 : 403, refusal.code, refusal.message);
  });
}
