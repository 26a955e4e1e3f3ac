// What a citizen is shown of a case: internal states become a few public stages, and the event
// log becomes public milestones (without staff names, reasons or notes).

import type { CaseState } from './states.ts';
import type { EventAction } from './transitions.ts';

export const PUBLIC_STAGES = [
  'submitted', // 已提交，待受理
  'accepted', // 已受理
  'filed', // 已立案
  'handling', // 处理中
  'deferred', // 暂缓处理 (挂账)
  'closed', // 已办结
  'rejected', // 不予受理
  'merged', // 已合并 (the same problem reported by someone else)
] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

export const PUBLIC_STAGE_OF_STATE: Record<CaseState, PublicStage> = {
  reported: 'submitted',
  verifying: 'accepted',
  accepted: 'accepted',
  filed: 'filed',
  dispatched: 'filed',
  returned: 'filed',
  handling: 'handling',
  postponement_requested: 'handling',
  checking: 'handling',
  to_close: 'handling',
  suspended: 'deferred',
  closed: 'closed',
  rejected: 'rejected',
  merged: 'merged',
};

export const MILESTONES = [
  'submitted',
  'accepted',
  'filed',
  'dispatched',
  'signed',
  'handled',
  'rework',
  'checked',
  'closed',
  'rated',
  'reopened',
  'deferred',
  'resumed',
  'rejected',
  'merged',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Event actions a citizen is shown; everything else (returns, postponements, supervision) is internal. */
export const MILESTONE_OF_ACTION: Partial<Record<EventAction, Milestone>> = {
  intake: 'submitted',
  accept: 'accepted',
  verify_confirm: 'accepted',
  file: 'filed',
  dispatch: 'dispatched',
  redispatch: 'dispatched',
  sign: 'signed',
  report_back: 'handled',
  check_fail: 'rework',
  check_pass: 'checked',
  close: 'closed',
  callback: 'rated',
  reopen: 'reopened',
  suspend: 'deferred',
  resume: 'resumed',
  reject: 'rejected',
  verify_deny: 'rejected',
  merge: 'merged',
};
