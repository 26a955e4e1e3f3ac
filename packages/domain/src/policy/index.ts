// Who may do what: one place, pure, asked by the server's services and the console alike.
// `why(actor, verb, subject)` gives the refusal (a code and a sentence) or null; `can` is its
// boolean. Each subject's rules live in their own file; the table test
// (policy.test.ts) pins every role × verb × subject.

import type { PolicyActor, Refusal } from './actor.ts';
import { consoleRules, integrationRules } from './integrations.ts';
import { publicRules } from './public.ts';

export * from './actor.ts';
export * from './integrations-list.ts';
export {
  CONFIDENTIAL_SOURCES,
  isConfidentialSource,
  PRIVATE_FIELDS,
  PUBLIC_POSITION_DECIMALS,
  publicCoordinate,
} from './public.ts';

const RULES = { ...integrationRules, ...consoleRules, ...publicRules };

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
