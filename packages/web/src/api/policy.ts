// The console asks the server's policy (@xiuhua/domain/policy) what the signed-in user may do, to
// show or hide pages and buttons; the server asks it again on every request. The console knows
// the user's roles, unit and whether the scope is city-wide, not the area paths: it asks only
// questions a role answers (pages, publishing, findings…), never "is this case in scope".

import { can, type PolicyActor, type SubjectOf, type Verb } from '@xiuhua/domain/policy';
import { useMe } from './hooks.ts';
import type { Me } from './types.ts';

export function policyActorOf(me: Me): PolicyActor {
  return {
    roles: me.roles,
    scope: {
      userId: String(me.id),
      roles: me.roles,
      unitIds: [String(me.unit.id)],
      areaPaths: [],
      cityWide: me.cityWide,
    },
    via: 'session',
    integration: null,
  };
}

/** `may(verb, subject)`: false while the user is still loading. */
export function useCan(): <V extends Verb>(verb: V, subject: SubjectOf<V>) => boolean {
  const me = useMe();
  const actor = me.data ? policyActorOf(me.data) : null;
  return (verb, subject) => actor !== null && can(actor, verb, subject);
}
