// The closed loop as ONE table: every action a person can take on a case, the states it may be
// taken from, the state it leads to, who may take it, what it must carry, and what it does to the
// step clock. Services never decide state changes themselves; they ask `decide()`.

import type { ActorRole } from './roles.ts';
import { CASE_STATES, type CaseState, OPEN_STATES, type Step } from './states.ts';

export const CASE_ACTIONS = [
  'accept',
  'request_verification',
  'verify_confirm',
  'verify_deny',
  'merge',
  'reject',
  'file',
  'dispatch',
  'redispatch',
  'escalate',
  'hand_down',
  'sign',
  'return',
  'report_back',
  'request_postponement',
  'approve_postponement',
  'refuse_postponement',
  'suspend',
  'resume',
  'check_pass',
  'check_fail',
  'close',
  'callback',
  'callback_failed',
  'reopen',
  'remind',
  'urge',
  'supervise',
  'hold_accountable',
  'first_reply',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The creation of a case is recorded as an event with this action. */
export const INTAKE_ACTION = 'intake';
export type EventAction = CaseAction | typeof INTAKE_ACTION;

/** Inputs an action cannot be taken without. */
export type Requirement =
  | 'reason' // a written reason or note
  | 'unit' // the unit the case goes to
  | 'target' // the case a duplicate is merged into
  | 'extension' // the extra time asked for or granted
  | 'satisfaction'; // the reporter's rating

/** What an action does to the step clock (see calendar/StepClock). */
export type ClockEffect =
  | { kind: 'start'; step: Step } // a new step begins with its own limit
  | { kind: 'keep' } // the current step runs on
  | { kind: 'extend' } // postponement granted: the current limit grows
  | { kind: 'suspend' } // the clock stops, remaining time is kept
  | { kind: 'resume' } // the clock runs again from where it stopped
  | { kind: 'stop' }; // the loop is finished (or paused until reopened)

export interface Transition {
  action: CaseAction;
  zh: string;
  en: string;
  from: readonly CaseState[];
  /** 'same' keeps the state (supervision, callback); 'previous' goes back to where it was suspended. */
  to: CaseState | 'same' | 'previous';
  roles: readonly ActorRole[];
  requires: readonly Requirement[];
  clock: ClockEffect;
  /** Counts against the handling unit in assessment. */
  counter?: 'rework_count' | 'reopen_count' | 'postpone_count' | 'return_count';
}

const INTAKE_STATES: readonly CaseState[] = ['reported', 'verifying', 'accepted'];
const SUSPENDABLE: readonly CaseState[] = [
  'filed',
  'dispatched',
  'handling',
  'postponement_requested',
  'returned',
];
const CENTRE: readonly ActorRole[] = ['intake_operator', 'shift_leader'];
const COMMAND: readonly ActorRole[] = ['dispatcher', 'shift_leader'];
const SUPERVISING: readonly ActorRole[] = ['supervisor', 'leader'];

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'accept',
    zh: '受理',
    en: 'Accept',
    from: ['reported'],
    to: 'accepted',
    roles: CENTRE,
    requires: [],
    clock: { kind: 'start', step: 'file' },
  },
  {
    action: 'request_verification',
    zh: '派发核实',
    en: 'Request verification',
    from: ['reported'],
    to: 'verifying',
    roles: CENTRE,
    requires: [],
    clock: { kind: 'start', step: 'verify' },
  },
  {
    action: 'verify_confirm',
    zh: '核实属实',
    en: 'Confirm on the spot',
    from: ['verifying'],
    to: 'accepted',
    roles: ['inspector'],
    requires: [],
    clock: { kind: 'start', step: 'file' },
  },
  {
    action: 'verify_deny',
    zh: '核实不属实',
    en: 'Not found on the spot',
    from: ['verifying'],
    to: 'rejected',
    roles: ['inspector'],
    requires: ['reason'],
    clock: { kind: 'stop' },
  },
  {
    action: 'merge',
    zh: '并单',
    en: 'Merge duplicate',
    from: INTAKE_STATES,
    to: 'merged',
    roles: CENTRE,
    requires: ['target'],
    clock: { kind: 'stop' },
  },
  {
    action: 'reject',
    zh: '不予立案',
    en: 'Reject',
    from: INTAKE_STATES,
    to: 'rejected',
    roles: CENTRE,
    requires: ['reason'],
    clock: { kind: 'stop' },
  },
  {
    action: 'file',
    zh: '立案',
    en: 'File',
    from: ['reported', 'accepted'],
    to: 'filed',
    roles: ['shift_leader'],
    requires: [],
    clock: { kind: 'start', step: 'dispatch' },
  },
  {
    action: 'dispatch',
    zh: '派遣',
    en: 'Dispatch',
    from: ['filed'],
    to: 'dispatched',
    roles: COMMAND,
    requires: ['unit'],
    clock: { kind: 'start', step: 'handle' },
  },
  {
    action: 'redispatch',
    zh: '重新派遣',
    en: 'Re-dispatch',
    from: ['returned', 'dispatched'],
    to: 'dispatched',
    roles: COMMAND,
    requires: ['unit'],
    clock: { kind: 'start', step: 'handle' },
  },
  {
    // 上报: a street centre passes a case it should not dispatch (its level is the district's or
    // the city's, or it needs their units) up to the district or city centre; a new dispatch step
    // starts there.
    action: 'escalate',
    zh: '上报上级',
    en: 'Escalate',
    from: ['filed', 'returned'],
    to: 'filed',
    roles: COMMAND,
    requires: ['reason'],
    clock: { kind: 'start', step: 'dispatch' },
  },
  {
    // 下派: a district or city centre passes a case to the street centre whose street it is in; a
    // new dispatch step starts there.
    action: 'hand_down',
    zh: '下派',
    en: 'Hand down',
    from: ['filed', 'returned'],
    to: 'filed',
    roles: COMMAND,
    requires: ['unit'],
    clock: { kind: 'start', step: 'dispatch' },
  },
  {
    action: 'sign',
    zh: '签收',
    en: 'Sign for',
    from: ['dispatched'],
    to: 'handling',
    roles: ['handler'],
    requires: [],
    clock: { kind: 'keep' },
  },
  {
    action: 'return',
    zh: '退回',
    en: 'Return to dispatcher',
    from: ['dispatched', 'handling'],
    to: 'returned',
    roles: ['handler'],
    requires: ['reason'],
    clock: { kind: 'start', step: 'dispatch' },
    counter: 'return_count',
  },
  {
    action: 'report_back',
    zh: '处置反馈',
    en: 'Report back',
    from: ['handling'],
    to: 'checking',
    roles: ['handler'],
    requires: ['reason'],
    clock: { kind: 'start', step: 'check' },
  },
  {
    action: 'request_postponement',
    zh: '申请延期',
    en: 'Request postponement',
    from: ['handling'],
    to: 'postponement_requested',
    roles: ['handler'],
    requires: ['reason', 'extension'],
    clock: { kind: 'keep' },
  },
  {
    action: 'approve_postponement',
    zh: '同意延期',
    en: 'Approve postponement',
    from: ['postponement_requested'],
    to: 'handling',
    roles: COMMAND,
    requires: [],
    clock: { kind: 'extend' },
    counter: 'postpone_count',
  },
  {
    action: 'refuse_postponement',
    zh: '不同意延期',
    en: 'Refuse postponement',
    from: ['postponement_requested'],
    to: 'handling',
    roles: COMMAND,
    requires: ['reason'],
    clock: { kind: 'keep' },
  },
  {
    action: 'suspend',
    zh: '挂账',
    en: 'Suspend',
    from: SUSPENDABLE,
    to: 'suspended',
    roles: COMMAND,
    requires: ['reason'],
    clock: { kind: 'suspend' },
  },
  {
    action: 'resume',
    zh: '恢复办理',
    en: 'Resume',
    from: ['suspended'],
    to: 'previous',
    roles: COMMAND,
    requires: [],
    clock: { kind: 'resume' },
  },
  {
    action: 'check_pass',
    zh: '核查通过',
    en: 'Check passed',
    from: ['checking'],
    to: 'to_close',
    roles: ['inspector'],
    requires: [],
    clock: { kind: 'start', step: 'close' },
  },
  {
    action: 'check_fail',
    zh: '核查不通过（返工）',
    en: 'Check failed (rework)',
    from: ['checking'],
    to: 'handling',
    roles: ['inspector'],
    requires: ['reason'],
    clock: { kind: 'start', step: 'handle' },
    counter: 'rework_count',
  },
  {
    action: 'close',
    zh: '结案',
    en: 'Close',
    from: ['to_close'],
    to: 'closed',
    roles: ['shift_leader'],
    requires: [],
    clock: { kind: 'stop' },
  },
  {
    action: 'callback',
    zh: '回访',
    en: 'Call back',
    from: ['closed'],
    to: 'same',
    roles: ['intake_operator', 'shift_leader', 'citizen'],
    requires: ['satisfaction'],
    clock: { kind: 'keep' },
  },
  {
    // 回访未接通: the attempt is kept on the case; the hotline service takes it out of the callback
    // queue after a few of them.
    action: 'callback_failed',
    zh: '回访未接通',
    en: 'Callback not reached',
    from: ['closed'],
    to: 'same',
    roles: CENTRE,
    requires: ['reason'],
    clock: { kind: 'keep' },
  },
  {
    action: 'reopen',
    zh: '重办',
    en: 'Reopen',
    from: ['closed'],
    to: 'filed',
    roles: ['intake_operator', 'shift_leader', 'citizen', 'system'],
    requires: ['reason'],
    clock: { kind: 'start', step: 'dispatch' },
    counter: 'reopen_count',
  },
  ...(
    [
      ['remind', '提醒', 'Remind'],
      ['urge', '催办', 'Urge'],
      ['supervise', '督办', 'Supervise'],
      ['hold_accountable', '问效', 'Hold to account'],
    ] as const
  ).map(
    ([action, zh, en]): Transition => ({
      action,
      zh,
      en,
      from: OPEN_STATES,
      to: 'same',
      roles: SUPERVISING,
      requires: ['reason'],
      clock: { kind: 'keep' },
    }),
  ),
  {
    // 先行回复: what the hotline operator told the caller, in any state (a caller may ring about a
    // case at any point of the loop).
    action: 'first_reply',
    zh: '先行回复',
    en: 'First reply',
    from: CASE_STATES,
    to: 'same',
    roles: CENTRE,
    requires: ['reason'],
    clock: { kind: 'keep' },
  },
];

const BY_ACTION = new Map<CaseAction, Transition>(TRANSITIONS.map((t) => [t.action, t]));

export function transitionOf(action: CaseAction): Transition {
  const t = BY_ACTION.get(action);
  if (!t) throw new Error(`no transition for action ${action}`);
  return t;
}

export function isCaseAction(value: string): value is CaseAction {
  return BY_ACTION.has(value as CaseAction);
}

/** The actions a holder of these roles could take on a case in this state (for UIs). */
export function availableActions(state: CaseState, roles: readonly ActorRole[]): CaseAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(state) && t.roles.some((r) => roles.includes(r))).map(
    (t) => t.action,
  );
}
