// Authentication: a session cookie or an API key, on every /api route not marked public. Sets
// request.actor; an integration account's key opens only the routes marked for integrations.

import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../platform/actor.ts';
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
    if (apiKey) request.actor = await auth.fromApiKey(apiKey);
    else if (token) request.actor = await auth.fromSession(token);
    if (!request.actor && !request.routeOptions.config.public) {
      throw new AppError(401, 'UNAUTHENTICATED', 'sign in first (session cookie or API key)');
    }
    // Another system's key is not a staff login: it reaches only the routes made for it.
    if (
      request.actor?.roles.length &&
      request.actor.roles.every((role) => role === 'integration') &&
      !request.routeOptions.config.integration
    ) {
      throw new AppError(
        403,
        'INTEGRATION_ONLY',
        'an integration account may call only the integration endpoints',
      );
    }
  });
}
