// Integration accounts: another system's API key reaches only the routes of the integration it was
// issued for, and never the console. Staff keys (a person's own key for a script) reach an
// integration's routes only where a person of that role may do the same by hand.

import type { Role } from '../workflow/index.ts';
import { isIntegrationAccount, type PolicyActor, type Refusal } from './actor.ts';
import { INTEGRATION_NAMES, type Integration } from './integrations-list.ts';

/** Staff roles whose own API key may call an integration's routes. */
const STAFF_ROLES_FOR: Record<Integration, readonly Role[]> = {
  // 110 handovers are what an intake operator types in anyway; the centre may script them.
  police110: ['intake_operator'],
  open311: [],
  sensors: [],
};

export const integrationRules = {
  /** Call the routes of an integration (110 transfers, sensor alarms, an Open311 POST). */
  'integration.call': (actor: PolicyActor | null, subject: { integration: Integration }): Refusal | null => {
    const name = INTEGRATION_NAMES[subject.integration].en;
    if (!actor) return { code: 'UNAUTHENTICATED', message: `the ${name} endpoints take an API key` };
    if (actor.via !== 'api_key')
      return {
        code: 'API_KEY_REQUIRED',
        message: 'this endpoint takes an API key (X-Api-Key), not a session',
      };
    if (actor.integration === subject.integration) return null;
    if (actor.integration !== null || isIntegrationAccount(actor))
      return {
        code: 'WRONG_INTEGRATION',
        message: actor.integration
          ? `this API key was issued for the ${INTEGRATION_NAMES[actor.integration].en}, not the ${name}`
          : `this API key is bound to no integration; the administrator issues a key for the ${name}`,
      };
    const roles = STAFF_ROLES_FOR[subject.integration];
    if (roles.some((r) => actor.roles.includes(r))) return null;
    return {
      code: 'ROLE_NOT_ALLOWED',
      message:
        roles.length > 0
          ? `the ${name} endpoints take a key issued for it, or a key of a ${roles.join(' or ')}`
          : `the ${name} endpoints take a key issued for it`,
    };
  },

  /** Reach a staff route (anything not made for an integration) with this credential. */
  'staff.call': (actor: PolicyActor | null, _subject: null): Refusal | null => {
    if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first (session cookie or API key)' };
    if (actor.integration !== null || isIntegrationAccount(actor))
      return {
        code: 'INTEGRATION_ONLY',
        message: 'an integration account may call only the endpoints of its integration',
      };
    return null;
  },
};

/** Signing in to the console: the account that tries it is the subject (no actor yet). */
export const consoleRules = {
  'console.signIn': (_actor: PolicyActor | null, account: { roles: readonly Role[] }): Refusal | null => {
    if (isIntegrationAccount(account))
      return {
        code: 'INTEGRATION_NO_SIGN_IN',
        message: 'an integration account has an API key, not a console login',
      };
    return null;
  },
};
