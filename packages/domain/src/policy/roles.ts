// Small helpers the subject files share: "one of these roles", and the refusal that says so.

import type { Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';

export function holdsAny(actor: PolicyActor | null, roles: readonly Role[]): actor is PolicyActor {
  return actor?.roles.some((r) => roles.includes(r)) ?? false;
}

/** Null when the actor holds one of the roles; otherwise the refusal naming them. */
export function needsRole(actor: PolicyActor | null, roles: readonly Role[], what: string): Refusal | null {
  if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first (session cookie or API key)' };
  return holdsAny(actor, roles)
    ? null
    : { code: 'ROLE_NOT_ALLOWED', message: `only ${roles.join(', ')} may ${what}` };
}
