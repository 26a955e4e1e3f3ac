// Jurisdiction disputes (权属争议), the pure rules. A unit returning a case says why; the second
// return "not our duty" (非本单位职责) since the case was last filed — by any units — opens a dispute.
// The centre holding the case rules which unit is responsible, within a limit (a timed item); the
// ruling judges every return of the dispute: a return by the unit ruled responsible was unjustified
// (it counts against that unit, 退回不当率), any other was justified (it counts against dispatch
// accuracy, 准确派遣率). The ruled unit may appeal one level up; the reviewer's word is final.

import type { TimeLimit } from '../catalogue/types.ts';

export const RETURN_KINDS = ['not_our_duty', 'wrong_location', 'insufficient_info', 'other'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export const RETURN_KIND_NAMES: Readonly<Record<ReturnKind, { zh: string; en: string }>> = {
  not_our_duty: { zh: '非本单位职责', en: 'Not our duty' },
  wrong_location: { zh: '位置不准确', en: 'Wrong location' },
  insufficient_info: { zh: '信息不全', en: 'Not enough information' },
  other: { zh: '其他', en: 'Other' },
};

/** How long the centre has to rule (a timed item on its duty schedule). */
export const DISPUTE_RULING_LIMIT: TimeLimit = { amount: 1, unit: 'workDay' };

export const DISPUTE_STATES = ['open', 'ruled', 'appealed', 'final'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/** The case events a dispute writes (not transitions: the case's state does not change). */
export const DISPUTE_EVENTS: Readonly<Record<string, { zh: string; en: string }>> = {
  dispute_opened: { zh: '权属争议', en: 'Jurisdiction dispute' },
  dispute_ruled: { zh: '争议裁定', en: 'Dispute ruling' },
  dispute_appealed: { zh: '裁定申诉', en: 'Ruling appealed' },
  dispute_final: { zh: '终局裁定', en: 'Final ruling' },
};

/** The events of a case as the dispute rule reads them (in order). */
export interface DisputeEvent {
  seq: number;
  action: string;
  actorUnitId: number | null;
  data: Record<string, unknown>;
}

export interface DisputedReturn {
  seq: number;
  unitId: number;
  /** The unit the returning unit believes responsible, if it named one. */
  suggestedUnitId: number | null;
}

/** The events that start a new filing cycle: returns before them no longer count. */
const CYCLE_STARTS = ['file', 'reopen'];

/**
 * The "not our duty" returns since the case was last filed (or reopened), when they make a new
 * dispute: at least two, the latest being the last event, and no dispute opened since the filing.
 */
export function returnsOpeningDispute(events: readonly DisputeEvent[]): DisputedReturn[] | null {
  let start = 0;
  events.forEach((e, i) => {
    if (CYCLE_STARTS.includes(e.action)) start = i + 1;
  });
  const cycle = events.slice(start);
  if (cycle.some((e) => e.action === 'dispute_opened')) return null;
  const last = cycle.at(-1);
  if (last?.action !== 'return' || last.data.returnKind !== 'not_our_duty') return null;
  const returns = cycle
    .filter((e) => e.action === 'return' && e.data.returnKind === 'not_our_duty' && e.actorUnitId !== null)
    .map((e) => ({
      seq: e.seq,
      unitId: e.actorUnitId!,
      suggestedUnitId: typeof e.data.suggestedUnitId === 'number' ? e.data.suggestedUnitId : null,
    }));
  return returns.length >= 2 ? returns : null;
}

export interface JudgedReturn extends DisputedReturn {
  justified: boolean;
}

/** A ruling judges each return: unjustified when the returning unit is the one ruled responsible. */
export function judgeReturns(returns: readonly DisputedReturn[], responsibleUnitId: number): JudgedReturn[] {
  return returns.map((r) => ({ ...r, justified: r.unitId !== responsibleUnitId }));
}

export type DisputeMove = 'rule' | 'appeal' | 'final';

/** Which moves a dispute in `state` allows; null when it does, else why not. */
export function disputeMoveRefusal(state: DisputeState, move: DisputeMove): string | null {
  const allowed: Record<DisputeMove, DisputeState[]> = {
    rule: ['open'],
    appeal: ['ruled'],
    final: ['appealed'],
  };
  return allowed[move].includes(state)
    ? null
    : `a dispute that is ${state} cannot be ${move === 'rule' ? 'ruled' : move === 'appeal' ? 'appealed' : 'finally ruled'}`;
}
