// Who is calling: the actor a request was authenticated as (auth/authenticate.ts sets it), and the
// guards route handlers use to require one. Route files import these from here, never from app.ts.

import type { UserRow } from '@xiuhua/db';
import type { Integration } from '@xiuhua/domain/policy';
import type { ActorScope, Role } from '@xiuhua/domain/workflow';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export interface Actor {
  user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'unit_id' | 'roles'>;
  roles: Role[];
  scope: ActorScope;
  via: 'session' | 'api_key';
  /** The integration the API key was issued for; null for a session or a staff member's key. */
  integration: Integration | null;
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'xh_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** The integration whose routes these are (sensor alarms, 110): the only routes its keys open. */
    integration?: Integration;
  }
}

/** The signed-in actor; 401 when there is none. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'UNAUTHENTICATED', 'sign in first (session cookie or API key)');
  return request.actor;
}

/** The signed-in actor, if they hold one of the roles; 403 otherwise. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(request);
  if (!actor.roles.some((r) => roles.includes(r))) {
    throw new AppError(403, 'ROLE_NOT_ALLOWED', `this needs the role ${roles.join(' or ')}`);
  }
  return actor;
}
