import type { Role } from '@xiuhua/domain/workflow';
import type { FastifyRequest } from 'fastify';
import { requireActor } from '../app.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../services/auth.ts';

/** The signed-in actor, if they hold one of the roles; 403 otherwise. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(request);
  if (!actor.roles.some((r) => roles.includes(r))) {
    throw new AppError(403, 'ROLE_NOT_ALLOWED', `this needs the role ${roles.join(' or ')}`);
  }
  return actor;
}
