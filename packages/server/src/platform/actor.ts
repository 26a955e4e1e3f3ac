// Who is calling: the actor a request was authenticated as (auth/authenticate.ts sets it), and the
// guards route handlers use to require one. Route files import these from here, never from app.ts.

import type { UserRow } from '@xiuhua/db';
import {
  type ActorScope,
  type Integration,
  type Refusal,
  type SubjectOf,
  type Verb,
  why,
} from '@xiuhua/domain/policy';
import { ERROR_CODES, isErrorCode } from '@xiuhua/domain/errors';
import type { Role } from '@xiuhua/domain/workflow';
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
    /** Starts a session: refused from another origin even without a cookie (login CSRF). */
    signsIn?: boolean;
  }
}

/** The signed-in actor; 401 when there is none. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'UNAUTHENTICATED', 'sign in first (session cookie or API key)');
  return request.actor;
}

/** A refusal as an API error, with its code's usual status (@xiuhua/domain/errors). */
export function refusalError(refusal: Refusal): AppError {
  const status = isErrorCode(refusal.code) ? ERROR_CODES[refusal.code].status : 403;
  return new AppError(status, refusal.code, refusal.message, refusal.field);
}

/** Throws the policy's refusal (@xiuhua/domain/policy) as an AppError; returns when allowed. */
export function assertMay<V extends Verb>(actor: Actor | null, verb: V, subject: SubjectOf<V>): void {
  const refusal = why(actor, verb, subject);
  if (refusal) throw refusalError(refusal);
}

/** The signed-in actor, if the policy lets them do this; 401 or 403 otherwise. */
export function authorize<V extends Verb>(request: FastifyRequest, verb: V, subject: SubjectOf<V>): Actor {
  const actor = requireActor(request);
  assertMay(actor, verb, subject);
  return actor;
}
