// Appeals (docs/appeals.md): who sees one and who reviews it. The subject's capability supplies the
// facts when the appeal is submitted — which units may review it (e.g. one level above the
// decider: appeals/oneLevelUp), who made the decision appealed — so the rule stays one function
// for every subject. Nobody reviews a decision he made or an appeal he submitted.

import type { Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { needsRole } from './roles.ts';
import { type CaseAccessFacts, canSeeCase } from './scope.ts';

/** The roles that review appeals (in a reviewing unit). */
export const APPEAL_REVIEWERS: readonly Role[] = ['shift_leader', 'supervisor', 'leader'];

/** The facts of an appeal the rules read. */
export interface AppealFacts {
  /** The submitter's unit: it (and the units above it) see the appeal. */
  submitterUnitId: string;
  submittedByUserId: string;
  /** The units whose reviewers decide it (and the units above them). */
  reviewUnitIds: readonly string[];
  /** Who made the decision appealed against, when a person did. */
  decidedByUserId: string | null;
  /** The case the subject belongs to, if any: whoever sees the case sees its appeals. */
  case: CaseAccessFacts | null;
}

const inUnits = (actor: PolicyActor, units: readonly string[]) =>
  units.some((u) => actor.scope.unitIds.includes(u));

export const appealRules = {
  /** See an appeal and its events. Refused appeals are answered 404. */
  'appeal.see': (actor: PolicyActor | null, facts: AppealFacts): Refusal | null =>
    actor &&
    (inUnits(actor, [facts.submitterUnitId, ...facts.reviewUnitIds]) ||
      (facts.case !== null && canSeeCase(actor.scope, facts.case)))
      ? null
      : { code: 'NOT_IN_SCOPE', message: 'the appeal is outside your scope' },

  /** Start reviewing and decide an appeal: a reviewer of a reviewing unit, not a party to it. */
  'appeal.review': (actor: PolicyActor | null, facts: AppealFacts): Refusal | null => {
    const role = needsRole(actor, APPEAL_REVIEWERS, 'review appeals');
    if (role || !actor) return role;
    if (!inUnits(actor, facts.reviewUnitIds))
      return { code: 'NOT_IN_SCOPE', message: 'this appeal is reviewed by another unit' };
    const userId = actor.scope.userId;
    if (userId === facts.decidedByUserId)
      return {
        code: 'OWN_DECISION',
        message: 'you made the decision appealed against; another reviewer decides',
      };
    if (userId === facts.submittedByUserId)
      return { code: 'OWN_DECISION', message: 'you submitted this appeal; another reviewer decides' };
    return null;
  },
};
