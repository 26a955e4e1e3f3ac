// Security headers (helmet) for every answer: the Content-Security-Policy of the console, the
// inspector app and the citizen portal, plus helmet's defaults. The apps must also work over plain
// HTTP on a LAN address (http://192.168.x.x:3000), so two headers are sent only for HTTPS
// requests: `upgrade-insecure-requests` (over HTTP it makes the browser fetch the app's own scripts
// over https, which nothing serves, and the page stays white) and Cross-Origin-Opener-Policy
// (browsers ignore it on an untrustworthy origin and log an error on every page).

import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const CSP = 'content-security-policy';
const UPGRADE = 'upgrade-insecure-requests';
const COOP = 'cross-origin-opener-policy';

export interface SecurityHeaderOptions {
  /** Other origins the pages load from (a configured base map's tile server). */
  mapOrigins?: string[];
}

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeaderOptions = {},
): Promise<void> {
  const mapOrigins = options.mapOrigins ?? [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        // a configured base map's tile server (MapLibre fetches tiles, then decodes them as images)
        'img-src': ["'self'", 'data:', 'blob:', ...mapOrigins],
        'connect-src': ["'self'", ...mapOrigins],
        // MapLibre runs its workers from blob: URLs
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        // added per request below, for HTTPS only
        [UPGRADE]: null,
      },
    },
    crossOriginOpenerPolicy: false, // added per request below, for HTTPS only
  });
  // Runs after helmet's own onRequest hooks (registered first), so its CSP is already set.
  // request.protocol is https for a TLS connection and, under TRUST_PROXY, for a proxy's
  // X-Forwarded-Proto: https.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') {
      reply.raw.setHeader(COOP, 'same-origin'); // helmet's default
      const csp = reply.raw.getHeader(CSP);
      if (typeof csp === 'string' && !csp.includes(UPGRADE)) reply.raw.setHeader(CSP, `${csp};${UPGRADE}`);
    }
    done();
  });
}

/**
 * The API docs page (/docs) sets its own CSP, with `upgrade-insecure-requests` always: drop that
 * directive so the page also works over plain HTTP (there is nothing to upgrade to on a LAN).
 */
export const withoutUpgradeInsecureRequests = (policy: string): string =>
  policy.replace(/\s*upgrade-insecure-requests;?/g, '').trim();
