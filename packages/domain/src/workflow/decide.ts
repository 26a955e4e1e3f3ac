// decide(): the single gate for every state change. Pure: given the case as it is now, an action,
// the actor's role and the input, it returns the change to make or the reason it is refused.

import { DomainError } from '../errors/index.ts';
import type { ActorRole } from './roles.ts';
import type { CaseState } from './states.ts';
import { type CaseAction, type ClockEffect, type Transition, transitionOf } from './transitions.ts';

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export interface CaseSnapshot {
  state: CaseState;
  /** The state a suspended case returns to on resume. */
  suspendedFrom: CaseState | null;
}

export interface ActionInput {
  reason?: string | null;
  unitId?: string | null;
  targetCaseId?: string | null;
  extension?: { amount: number; unit: string } | null;
  satisfaction?: Satisfaction | null;
}

export interface Decision {
  transition: Transition;
  from: CaseState;
  to: CaseState;
  clock: ClockEffect;
  /** The state to remember for `resume`, set when suspending, cleared otherwise. */
  suspendedFrom: CaseState | null;
}

/** The input field each requirement of the transition table is read from. */
export const REQUIREMENT_FIELDS = {
  reason: 'reason',
  unit: 'unitId',
  target: 'targetCaseId',
  extension: 'extension',
  satisfaction: 'satisfaction',
} as const;

export function decide(
  snapshot: CaseSnapshot,
  action: CaseAction,
  role: ActorRole,
  input: ActionInput,
): Decision {
  const transition = transitionOf(action);
  if (!transition.roles.includes(role)) {
    throw new DomainError(
      'ROLE_NOT_ALLOWED',
      `the role ${role} may not ${transition.en.toLowerCase()} (allowed: ${transition.roles.join(', ')})`,
    );
  }
  if (!transition.from.includes(snapshot.state)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `cannot ${transition.en.toLowerCase()} a case in state ${snapshot.state} (allowed from: ${transition.from.join(', ')})`,
    );
  }
  for (const requirement of transition.requires) {
    const field = REQUIREMENT_FIELDS[requirement];
    const value = input[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      throw new DomainError('MISSING_FIELD', `${field} is required to ${transition.en.toLowerCase()}`, field);
    }
  }

  let to: CaseState;
  if (transition.to === 'same') to = snapshot.state;
  else if (transition.to === 'previous') {
    if (!snapshot.suspendedFrom) {
      throw new DomainError('INVALID_TRANSITION', 'the case has no state to resume to');
    }
    to = snapshot.suspendedFrom;
  } else to = transition.to;

  return {
    transition,
    from: snapshot.state,
    to,
    clock: transition.clock,
    suspendedFrom: to === 'suspended' ? snapshot.state : null,
  };
}

/**
 * A callback rated "unsatisfied" reopens the case (重办): the service records the callback and
 * then the reopen, both in the same transaction.
 */
export function followUpOfCallback(satisfaction: Satisfaction): CaseAction | null {
  return satisfaction === 'unsatisfied' ? 'reopen' : null;
}
