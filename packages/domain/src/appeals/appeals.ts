// Appeals (申诉): a party asks for a decision to be looked at again — a dispute ruling first; later
// a survey finding, a shop finding. One state machine for every subject:
//
//   submitted ──start_review──▶ under_review ──uphold──▶ upheld      (the decision stands)
//                                            └─overturn─▶ overturned  (the decision falls)
//
// Upholding or overturning needs the reviewer's reason. Every move is an event naming who made
// it. The review runs on a timed item (docs/timed-items.md) from submission to decision.

import type { TimeLimit } from '../calendar/index.ts';
import type { Refusal } from '../policy/actor.ts';

export const APPEAL_STATES = ['submitted', 'under_review', 'upheld', 'overturned'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

export const APPEAL_STATE_NAMES: Record<AppealState, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  under_review: { zh: '复核中', en: 'Under review' },
  upheld: { zh: '维持原决定', en: 'Upheld' },
  overturned: { zh: '撤销原决定', en: 'Overturned' },
};

/** The outcomes of a review: the decision stands (upheld) or falls (overturned). */
export const APPEAL_OUTCOMES = ['upheld', 'overturned'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

export const APPEAL_ACTIONS = ['submit', 'start_review', 'uphold', 'overturn'] as const;
export type AppealAction = (typeof APPEAL_ACTIONS)[number];

export const APPEAL_ACTION_NAMES: Record<AppealAction, { zh: string; en: string }> = {
  submit: { zh: '提出申诉', en: 'Submit' },
  start_review: { zh: '开始复核', en: 'Start review' },
  uphold: { zh: '维持', en: 'Uphold' },
  overturn: { zh: '撤销', en: 'Overturn' },
};

interface AppealTransition {
  from: AppealState | null;
  to: AppealState;
  needsReason: boolean;
}

/** The one table of moves. `submit` starts an appeal (from nothing). */
export const APPEAL_TRANSITIONS: Record<AppealAction, AppealTransition> = {
  submit: { from: null, to: 'submitted', needsReason: true },
  start_review: { from: 'submitted', to: 'under_review', needsReason: false },
  uphold: { from: 'under_review', to: 'upheld', needsReason: true },
  overturn: { from: 'under_review', to: 'overturned', needsReason: true },
};

/** The action that reaches an outcome. */
export const OUTCOME_ACTION: Record<AppealOutcome, AppealAction> = {
  upheld: 'uphold',
  overturned: 'overturn',
};

/**
 * The time a reviewer has to decide, from submission: 3 working days on the reviewing unit's duty
 * schedule (22.5 working hours under the office's 7.5-hour day; 24 on an 8-hour schedule). A
 * capability may give its own limit when it submits.
 */
export const DEFAULT_APPEAL_REVIEW_LIMIT: TimeLimit = Object.freeze({ amount: 3, unit: 'workDay' });

/** The state after `action`, or why it cannot be taken from `state` (null for a new appeal). */
export function appealMove(
  state: AppealState | null,
  action: AppealAction,
  reason: string | null | undefined,
): { to: AppealState } | { refusal: Refusal } {
  const t = APPEAL_TRANSITIONS[action];
  if (t.from !== state)
    return {
      refusal: {
        code: 'CONFLICT',
        message: `an appeal ${state ? `that is ${state}` : 'not yet submitted'} cannot take ${action}; it must be ${t.from ?? 'new'}`,
      },
    };
  if (t.needsReason && !reason?.trim())
    return { refusal: { code: 'MISSING_FIELD', message: `${action} needs a reason`, field: 'reason' } };
  return { to: t.to };
}

/**
 * Who reviews "one level up": the unit above the decider's. `deciderChain` is the deciding unit,
 * then its parent, up to the top; empty when nobody is above (the subject must name reviewers).
 */
export function oneLevelUp(deciderChain: readonly string[]): string[] {
  return deciderChain.length > 1 ? [deciderChain[1]!] : [];
}
