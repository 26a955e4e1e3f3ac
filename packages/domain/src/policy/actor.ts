// Who asks: the part of a signed-in actor the policy reads. The server's Actor satisfies it; an
// anonymous caller (the public portal, Open311 reads) is `null`.

import type { Role } from '../workflow/index.ts';
import type { Integration } from './integrations-list.ts';
import type { ActorScope } from './scope.ts';

export interface PolicyActor {
  roles: readonly Role[];
  scope: ActorScope;
  /** How the request was authenticated: a console session or an API key. */
  via: 'session' | 'api_key';
  /** The integration the API key was issued for; null for a session or a staff member's key. */
  integration: Integration | null;
}

/** Why something is refused: a stable code and a sentence for the caller. */
export interface Refusal {
  code: string;
  message: string;
  /** The input field the refusal is about, when there is one. */
  field?: string;
}

/** An account that exists only for another system (its only role is `integration`). */
export function isIntegrationAccount(actor: { roles: readonly string[] }): boolean {
  return actor.roles.length > 0 && actor.roles.every((r) => r === 'integration');
}
