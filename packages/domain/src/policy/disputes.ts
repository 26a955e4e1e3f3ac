// Jurisdiction disputes (docs/disputes.md): who rules one, who appeals the ruling, who gives the
// final ruling after an appeal was overturned. Seeing a dispute is seeing its case ('case.see').

import type { Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { APPEAL_REVIEWERS } from './appeals.ts';
import { needsRole } from './roles.ts';

/** Who rules for a centre: its dispatchers and shift leaders. */
export const DISPUTE_RULERS: readonly Role[] = ['dispatcher', 'shift_leader'];
/** Who appeals for the unit ruled responsible: its handlers and shift leaders. */
export const DISPUTE_APPELLANTS: readonly Role[] = ['handler', 'shift_leader'];

/** The units a move belongs to: the ruling centre, the unit ruled responsible, the reviewing units. */
export interface DisputeFacts {
  unitIds: readonly string[];
}

const ofUnits = (actor: PolicyActor, facts: DisputeFacts, who: string): Refusal | null =>
  facts.unitIds.some((u) => actor.scope.unitIds.includes(u))
    ? null
    : { code: 'NOT_IN_SCOPE', message: `only ${who} may do this` };

export const disputeRules = {
  /** Rule which unit is responsible: the centre holding the case when the dispute opened. */
  'dispute.rule': (actor: PolicyActor | null, facts: DisputeFacts): Refusal | null =>
    needsRole(actor, DISPUTE_RULERS, 'rule jurisdiction disputes') ??
    ofUnits(actor!, facts, 'the centre the dispute belongs to'),

  /** Appeal a ruling one level up: the unit ruled responsible. */
  'dispute.appeal': (actor: PolicyActor | null, facts: DisputeFacts): Refusal | null =>
    needsRole(actor, DISPUTE_APPELLANTS, 'appeal a jurisdiction ruling') ??
    ofUnits(actor!, facts, 'the unit ruled responsible'),

  /** After an appeal was overturned, the final ruling: the reviewing level. */
  'dispute.finalRule': (actor: PolicyActor | null, facts: DisputeFacts): Refusal | null =>
    needsRole(actor, APPEAL_REVIEWERS, 'give a final jurisdiction ruling') ??
    ofUnits(actor!, facts, 'the level that reviewed the appeal'),
};
