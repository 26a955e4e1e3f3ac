// Timed items (时限事项): deadlines beyond a case's own step — a dispute ruling, an appeal's review,
// later a co-unit's part, a meeting decision, a notice, a ledger item. Each runs a step clock of
// the calendar module (warning.ts: the same colours, thresholds and working time as a case step)
// and is open, done or cancelled. Supervisors prompt an open item as they prompt a case: remind
// (提醒) → urge (催办) → supervise (督办). The pure rules: which names, which moves.

import type { Refusal } from '../policy/actor.ts';

export const TIMED_ITEM_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TimedItemStatus = (typeof TIMED_ITEM_STATUSES)[number];

export const TIMED_ITEM_STATUS_NAMES: Record<TimedItemStatus, { zh: string; en: string }> = {
  open: { zh: '进行中', en: 'Open' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** The prompts a supervisor sends on an open item, in rising order of weight. */
export const TIMED_ITEM_PROMPTS = ['remind', 'urge', 'supervise'] as const;
export type TimedItemPrompt = (typeof TIMED_ITEM_PROMPTS)[number];

/** What happens to an item: its events, each with who and when (timed_item_events, append-only). */
export const TIMED_ITEM_ACTIONS = ['open', ...TIMED_ITEM_PROMPTS, 'done', 'cancelled'] as const;
export type TimedItemAction = (typeof TIMED_ITEM_ACTIONS)[number];

export const TIMED_ITEM_ACTION_NAMES: Record<TimedItemAction, { zh: string; en: string }> = {
  open: { zh: '开始计时', en: 'Opened' },
  remind: { zh: '提醒', en: 'Remind' },
  urge: { zh: '催办', en: 'Urge' },
  supervise: { zh: '督办', en: 'Supervise' },
  done: { zh: '完成', en: 'Done' },
  cancelled: { zh: '撤销', en: 'Cancelled' },
};

/**
 * The kinds of subject an item times. Open-ended: a later capability adds its own name (co_unit_part,
 * meeting_decision, notice, survey_appeal, ledger_item …); the names below are the ones in use.
 */
export const TIMED_SUBJECT_TYPES = ['dispute', 'appeal'] as const;

/** A subject type is a lower-case identifier (it names a table or a capability). */
export const SUBJECT_TYPE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

const conflict = (message: string): Refusal => ({ code: 'CONFLICT', message });

/** Why an item in `status` cannot move to `to` (done or cancelled) or take a prompt; null when it can. */
export function timedItemRefusal(
  status: TimedItemStatus,
  action: Exclude<TimedItemAction, 'open'>,
): Refusal | null {
  if (status === 'open') return null;
  return conflict(`the timed item is ${status}; it cannot take ${action} any more`);
}
