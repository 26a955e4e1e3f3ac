// Who may do what: one place, pure, asked by the server's services and the console alike.
// `why(actor, verb, subject)` gives the refusal (a code and a sentence) or null; `can` is its
// boolean. Each subject's rules live in their own file; the table test
// (policy.test.ts) pins every role × verb × subject.

import { disputeRules } from './disputes.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { appealRules } from './appeals.ts';
import { assessmentRules } from './assessment.ts';
import { caseRules } from './cases.ts';
import { consoleRules, integrationRules } from './integrations.ts';
import { publicRules } from './public.ts';
import { roadChiefRules } from './road-chiefs.ts';
import { scheduleRules } from './schedules.ts';
import { timedItemRules } from './timed-items.ts';
import { workRules } from './work.ts';
import { workbenchRules } from './workbenches.ts';

export * from './actor.ts';
export { type AppealFacts, APPEAL_REVIEWERS } from './appeals.ts';
export {
  ASSESSMENT_PUBLISHERS,
  ASSESSMENT_READERS,
  type SubjectPlace,
  SUPERVISION_OFFICE,
} from './assessment.ts';
export {
  actingRole,
  CONTACT_ROLES,
  type AreaRef,
  type DispatchTarget,
  HANDLING_ACTIONS,
  type HandOffTarget,
  INTAKE_ROLES,
  intakeRole,
  JUDGING_ACTIONS,
  ownHandling,
  type SeparationFacts,
  type TierAction,
  tierRefusal,
} from './cases.ts';
export * from './integrations-list.ts';
export * from './scope.ts';
export type { TimedItemFacts } from './timed-items.ts';
export { POST_READERS } from './road-chiefs.ts';
export { DISPUTE_APPELLANTS, DISPUTE_RULERS, type DisputeFacts } from './disputes.ts';
export { ADMIN_ENTITIES, type AdminEntity, HOTLINE_DESK, PATROL_ROLES, TRACK_READERS } from './work.ts';
export { landingOf, type Workbench, type WorkbenchPath, WORKBENCHES, workbenchesOf } from './workbenches.ts';
export {
  CONFIDENTIAL_SOURCES,
  isConfidentialSource,
  PRIVATE_FIELDS,
  PUBLIC_POSITION_DECIMALS,
  publicCoordinate,
} from './public.ts';

const RULES = {
  ...caseRules,
  ...assessmentRules,
  ...workRules,
  ...workbenchRules,
  ...integrationRules,
  ...consoleRules,
  ...publicRules,
  ...scheduleRules,
  ...timedItemRules,
  ...appealRules,
  ...disputeRules,
  ...roadChiefRules,
};

type Rules = typeof RULES;
export type Verb = keyof Rules;
export type SubjectOf<V extends Verb> = Parameters<Rules[V]>[1];

/** Every verb the policy knows (the table test iterates them). */
export const VERBS = Object.keys(RULES) as Verb[];

/** The refusal, or null when the actor may. */
export function why<V extends Verb>(
  actor: PolicyActor | null,
  verb: V,
  subject: SubjectOf<V>,
): Refusal | null {
  return (RULES[verb] as (a: PolicyActor | null, s: SubjectOf<V>) => Refusal | null)(actor, subject);
}

export function can<V extends Verb>(actor: PolicyActor | null, verb: V, subject: SubjectOf<V>): boolean {
  return why(actor, verb, subject) === null;
}
