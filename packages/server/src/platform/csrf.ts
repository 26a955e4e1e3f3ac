// Cross-site request forgery: a state change carried by the session cookie must come from one of
// our own pages. The cookie is SameSite=Lax, which stops other sites but not another port of the
// same host (browsers call that `same-site`), so the request's origin is checked as well:
// `Sec-Fetch-Site: same-origin` or `none` (typed in, a bookmark), or an `Origin` equal to this
// request's scheme://host:port (behind TRUST_PROXY, the proxy's X-Forwarded-Proto/Host). Signing in
// is checked even without a cookie (login CSRF: a page must not sign a browser into its account).
// A request with neither header is let through: every browser sends one of them on a cross-origin
// POST, so such a request comes from a program (curl, an integration), not from a forged page.
// API-key calls are not cookie-authenticated and are not checked; neither is Open311 (not /api/).

import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's own origin (scheme://host[:port]) as a browser writes it; null if unreadable. */
function ownOrigin(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

/** Why a request's origin is not ours; null when it is ours, or when the request names none. */
export function crossOriginReason(request: FastifyRequest): string | null {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is ${site}`;
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return null;
  let theirs: string | null;
  try {
    theirs = new URL(origin).origin;
  } catch {
    theirs = null;
  }
  const ours = ownOrigin(request);
  return theirs !== null && theirs !== 'null' && theirs === ours
    ? null
    : `Origin ${origin} is not ${ours ?? 'this server'}`;
}

/**
 * Refuses (403 CROSS_SITE_REQUEST) a state change from another origin when it rides on the
 * session cookie, or when it signs in.
 */
export function assertSameOrigin(
  request: FastifyRequest,
  options: { cookie: boolean; signsIn: boolean },
): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!options.cookie && !options.signsIn) return;
  const reason = crossOriginReason(request);
  if (reason)
    throw new AppError(
      403,
      'CROSS_SITE_REQUEST',
      `a state change from another origin is refused (${reason}); use the application's own pages`,
    );
}
