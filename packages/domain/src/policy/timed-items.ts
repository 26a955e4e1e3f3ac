// Timed items (docs/timed-items.md): who sees one and who prompts it. An item on a case is seen as
// the case is seen (case.see); an item without a case by its owner unit (and the units above it)
// and by the area offices over the owner's area. Remind, urge and supervise are the case's
// prompts, with the same roles as on a case (the transition table's `remind`/`urge`/`supervise`)
// and the same scope: the case's area, or the owner's.

import type { TimedItemPrompt } from '../timed/index.ts';
import { transitionOf } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { type CaseAccessFacts, canSeeCase, inArea } from './scope.ts';

/** What decides who sees a timed item. */
export interface TimedItemFacts {
  /** The case the item belongs to, if any: then the case's visibility decides. */
  case: CaseAccessFacts | null;
  ownerUnitId: string;
  /** The area path of the owner unit's area ('310100/310112'). */
  ownerAreaPath: string;
}

function seesItem(actor: PolicyActor, item: TimedItemFacts): boolean {
  if (item.case) return canSeeCase(actor.scope, item.case);
  return actor.scope.unitIds.includes(item.ownerUnitId) || inArea(actor.scope, item.ownerAreaPath);
}

const notInScope: Refusal = { code: 'NOT_IN_SCOPE', message: 'the timed item is outside your scope' };

export const timedItemRules = {
  /** See a timed item. Refused items are answered 404, like cases. */
  'timedItem.see': (actor: PolicyActor | null, item: TimedItemFacts): Refusal | null =>
    actor && seesItem(actor, item) ? null : notInScope,

  /** Remind, urge or supervise an open item: a case's supervising roles, in the item's area. */
  'timedItem.prompt': (
    actor: PolicyActor | null,
    subject: { prompt: TimedItemPrompt; item: TimedItemFacts },
  ): Refusal | null => {
    if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first (session cookie or API key)' };
    const transition = transitionOf(subject.prompt);
    if (!actor.roles.some((r) => transition.roles.includes(r)))
      return {
        code: 'ROLE_NOT_ALLOWED',
        message: `only ${transition.roles.join(', ')} may ${subject.prompt} a timed item`,
      };
    const { item } = subject;
    const area = item.case ? item.case.areaPath : item.ownerAreaPath;
    return inArea(actor.scope, area) || (!item.case && actor.scope.unitIds.includes(item.ownerUnitId))
      ? null
      : {
          code: 'NOT_IN_SCOPE',
          message: `the timed item is outside your area; you cannot ${subject.prompt} it`,
        };
  },
};
