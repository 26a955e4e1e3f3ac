// Assessment facts (考评事实): what a case's immutable events mean for assessment, derived by ONE
// pure function. Events are the truth; facts are derived data, rewritten whenever a case gets an
// event and rebuilt from all events on demand. Indicators (indicators.ts) only count facts.
//
// Timed facts (a step of the loop, a sign-for task, a case's handling cycle) have a deadline and
// are PLACED in the period of the instant their result became known: when they were done, or when
// their deadline passed while they were still running, whichever came first. Point facts (a
// report decided, a filing, a dispatch, a callback) are placed at their own instant. The rules in
// plain words are in docs/assessment.md.

import type { Step } from '../workflow/states.ts';
import { type CaseAction, isCaseAction, transitionOf } from '../workflow/transitions.ts';

export const FACT_KINDS = [
  // the timed steps of the loop (one fact per step instance)
  'accept', // 受理: report → accepted / verification asked / filed / rejected / merged
  'verify', // 核实: the inspector's verification
  'file', // 立案: accepted → filed / rejected / merged
  'dispatch', // 派遣: filed or returned → dispatched
  'handle', // 处置: dispatched → reported back (a rework starts a new one)
  'check', // 核查: reported back → check passed / failed
  'close', // 结案: check passed → closed
  'sign', // 签收: a dispatch → the unit signs for it (or returns it)
  'cycle', // 办理周期: filing (or reopening) → closure, judged by its handling deadline
  // point facts
  'report', // 上报: a report and how it was decided (filed, rejected, merged)
  'filed', // 立案: a filing, for the shift leader who filed it
  'grid_filed', // 立案: the same filing, for the inspector of the case's grid (漏报)
  'dispatched', // 派遣: one dispatch to a unit, for the dispatcher (returned or not)
  'returned', // 退回: a unit returned the case, for that unit (a dispute ruling may find it unjustified)
  'callback', // 回访: a rating of a closed case
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** The result of a fact. Timed: on_time | late | withdrawn | open. Reports: filed | rejected | merged | open. Others: done. */
export const FACT_OUTCOMES = [
  'on_time', // done by its deadline
  'late', // its deadline passed before it was done (or before it ended otherwise)
  'withdrawn', // ended before its deadline by someone else's action (returned, re-dispatched): not assessed
  'open', // still running (placed at its deadline once that passes; not placed while the clock is stopped)
  'filed',
  'rejected',
  'merged',
  'closed',
  'done',
] as const;
export type FactOutcome = (typeof FACT_OUTCOMES)[number];

export const FACT_TAGS = [
  'inspector_report', // report: made through the inspector channel
  'rework', // handle: started by a failed check
  'postponed', // handle: a postponement was granted during it
  'handled_on_time', // cycle: its (last) handling was done by its deadline
  'reworked', // cycle: a check failed during it
  'reopened', // cycle: closed, then reopened (unsatisfied callback or reopen)
  'voided', // filed: the filed case was later rejected or merged (作废)
  'public_verified', // filed: a report from the public, confirmed on the spot by an inspector
  'missed', // grid_filed: reported by someone other than the grid's inspector
  'returned', // dispatched: the unit returned it as not theirs (not once a ruling found the return unjustified)
  'unjustified', // returned: a jurisdiction ruling found the unit was responsible after all (退回不当)
  'satisfied', // callback: satisfied or basically satisfied
] as const;
export type FactTag = (typeof FACT_TAGS)[number];

export interface Fact {
  /** Position in the case's fact list; the same events always give the same list. */
  ord: number;
  kind: FactKind;
  outcome: FactOutcome;
  tags: FactTag[];
  /** When it began (a point fact: when it happened). */
  startedAt: Date;
  /** The deadline in force when it ended (postponements included); while open, the one in force now; null while the clock is stopped. */
  dueAt: Date | null;
  /** When it was done or ended; null while open. */
  doneAt: Date | null;
  /** The instant that places it in a period; null while it cannot be judged yet (clock stopped, report undecided). */
  placedAt: Date | null;
  /** The unit it is counted for (the handling unit; the acting unit of centre steps). */
  unitId: number | null;
  /** The person it is counted for, and the role they acted in. */
  userId: number | null;
  role: string | null;
}

export interface FactCase {
  source: string;
  /** The case's current sign-for deadline (events written before dispatches recorded theirs fall back to it). */
  signDueAt?: Date | null;
  /** The inspector of the responsibility grid holding the case's cell (for 漏报), if any. */
  gridInspectorId?: number | null;
}

export interface FactEvent {
  seq: number;
  action: string;
  actorUserId: number | null;
  actorRole: string;
  actorUnitId: number | null;
  at: Date;
  data: Record<string, unknown>;
}

/** The actions that complete each step; any other action that ends a step withdraws it. */
export const COMPLETING_ACTIONS: Record<Step | 'sign', readonly string[]> = {
  accept: ['accept', 'request_verification', 'file', 'reject', 'merge'],
  verify: ['verify_confirm', 'verify_deny'],
  file: ['file', 'reject', 'merge'],
  // passing a case up or down ends the holding centre's dispatch step as done (its on-time rate)
  dispatch: ['dispatch', 'redispatch', 'escalate', 'hand_down'],
  handle: ['report_back'],
  check: ['check_pass', 'check_fail'],
  close: ['close'],
  sign: ['sign', 'return'],
};

/** Events that end a sign-for task (the unit signed, returned it, or the centre sent it elsewhere). */
const SIGN_ENDING = ['sign', 'return', 'redispatch'];
const DECIDING_REPORT: Partial<Record<string, FactOutcome>> = {
  file: 'filed',
  reject: 'rejected',
  verify_deny: 'rejected',
  merge: 'merged',
};
const SATISFIED = ['satisfied', 'basically_satisfied'];

const dateOf = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const d = new Date(value as string);
  return Number.isNaN(d.getTime()) ? null : d;
};
const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const earlier = (a: Date | null, b: Date | null): Date | null =>
  a === null ? b : b === null ? a : a.getTime() <= b.getTime() ? a : b;

interface Timed {
  fact: Fact;
  step: Step | 'sign';
  /** Set when a suspension interrupted a sign-for task: its deadline no longer applies. */
  interrupted?: boolean;
}

/**
 * Ends a timed fact at `ev`: late if its deadline passed first, on time if `ev` completes it,
 * withdrawn otherwise. Records the completing person.
 */
function finish(t: Timed, ev: FactEvent, due: Date | null): void {
  const f = t.fact;
  const completes = COMPLETING_ACTIONS[t.step].includes(ev.action);
  f.dueAt = due;
  f.doneAt = ev.at;
  if (t.interrupted) f.outcome = 'withdrawn';
  else if (due !== null && ev.at.getTime() > due.getTime()) f.outcome = 'late';
  else f.outcome = completes ? 'on_time' : 'withdrawn';
  f.placedAt = f.outcome === 'late' ? due : ev.at;
  if (completes) {
    f.userId = ev.actorUserId;
    f.role = ev.actorRole;
    if (t.step !== 'handle' && t.step !== 'sign') f.unitId = ev.actorUnitId;
  }
}

function setTag(fact: Fact, tag: FactTag, on: boolean): void {
  const has = fact.tags.includes(tag);
  if (on && !has) fact.tags.push(tag);
  if (!on && has) fact.tags.splice(fact.tags.indexOf(tag), 1);
}

/** An open timed fact: placed at its deadline (counted as late once that passes), unplaced while the clock is stopped. */
function leaveOpen(t: Timed, due: Date | null): void {
  const f = t.fact;
  f.dueAt = t.interrupted ? null : due;
  f.doneAt = null;
  f.outcome = 'open';
  f.placedAt = f.dueAt;
}

/**
 * The assessment facts of one case from its events in order (seq ascending). Pure: the same
 * events give the same facts, which is what `xiuhua rebuild-facts` relies on.
 */
export function caseFacts(kase: FactCase, events: readonly FactEvent[]): Fact[] {
  const facts: Fact[] = [];
  const add = (f: Omit<Fact, 'ord'>): Fact => {
    const fact = { ...f, ord: facts.length } as Fact;
    facts.push(fact);
    return fact;
  };
  /** A point fact done by the event's actor, for him and his unit. */
  const done = (kind: FactKind, ev: FactEvent): Fact =>
    add({
      kind,
      outcome: 'done',
      tags: [],
      startedAt: ev.at,
      dueAt: null,
      doneAt: ev.at,
      placedAt: ev.at,
      unitId: ev.actorUnitId,
      userId: ev.actorUserId,
      role: ev.actorRole,
    });
  const timed = (kind: FactKind, at: Date, unitId: number | null = null): Fact =>
    add({
      kind,
      outcome: 'open',
      tags: [],
      startedAt: at,
      dueAt: null,
      doneAt: null,
      placedAt: null,
      unitId,
      userId: null,
      role: null,
    });

  // The deadline in force after the latest event that recorded one (null: clock stopped).
  let due: Date | null = null;
  let step: Timed | null = null;
  let sign: Timed | null = null;
  let signDue: Date | null = null;
  let unitId: number | null = null; // the unit the case is (or was last) sent to
  let signer: { userId: number | null; role: string } | null = null;
  let report: Fact | null = null;
  let intakeActor: number | null = null;
  let verified = false;
  let filed: Fact[] = [];
  let dispatched: Fact | null = null;
  let cycle: { fact: Fact; handle: Timed | null } | null = null;
  let lastClosed: Fact | null = null;
  // every cycle, settled at the end; each callback with the cycle it rates (it takes its unit)
  const cycles: { fact: Fact; handle: Timed | null }[] = [];
  // each return's facts by its event, for a later jurisdiction ruling to judge
  const returns = new Map<number, { returned: Fact; dispatched: Fact | null }>();
  const callbacks: { fact: Fact; cycle: Fact | null }[] = [];

  for (const ev of events) {
    const action = ev.action;
    const transition = isCaseAction(action) ? transitionOf(action as CaseAction) : null;

    // --- the sign-for task of the latest dispatch
    if (sign && SIGN_ENDING.includes(action)) {
      finish(sign, ev, signDue);
      if (action === 'sign') signer = { userId: ev.actorUserId, role: ev.actorRole };
      sign = null;
    }
    if (sign && action === 'suspend') sign.interrupted = true;

    // --- the step clock: a step ends where another starts or the loop stops
    if (action === 'intake' || transition?.clock.kind === 'start' || transition?.clock.kind === 'stop') {
      if (step) {
        finish(step, ev, due);
        if (step.step === 'handle' && step.fact.outcome !== 'withdrawn' && cycle) cycle.handle = step;
        step = null;
      }
      const next: Step | null =
        action === 'intake' ? 'accept' : transition?.clock.kind === 'start' ? transition.clock.step : null;
      if (next) {
        if (action === 'dispatch' || action === 'redispatch') unitId = numberOf(ev.data.unitId);
        // a dispatch step after a hand-off is owed by the centre that now holds the case
        const owner =
          next === 'handle' ? unitId : next === 'dispatch' ? numberOf(ev.data.centreUnitId) : null;
        const fact = timed(next, ev.at, owner);
        step = { fact, step: next };
        if (next === 'handle') {
          if (action === 'check_fail') fact.tags.push('rework');
          if (signer && action === 'check_fail') {
            fact.userId = signer.userId;
            fact.role = signer.role;
          }
        }
        if ((next === 'verify' || next === 'check') && numberOf(ev.data.inspectorId) !== null) {
          fact.userId = numberOf(ev.data.inspectorId);
          fact.role = 'inspector';
        }
      }
    }
    if (action === 'sign' && step?.step === 'handle' && step.fact.userId === null) {
      step.fact.userId = ev.actorUserId;
      step.fact.role = ev.actorRole;
    }
    if (action === 'approve_postponement' && step?.step === 'handle' && !step.fact.tags.includes('postponed'))
      step.fact.tags.push('postponed');

    // --- point facts
    switch (action) {
      case 'intake':
        intakeActor = ev.actorRole === 'inspector' ? ev.actorUserId : null;
        report = add({
          kind: 'report',
          outcome: 'open',
          tags: kase.source === 'inspector' ? ['inspector_report'] : [],
          startedAt: ev.at,
          dueAt: null,
          doneAt: null,
          placedAt: null,
          unitId: null,
          userId: intakeActor,
          role: intakeActor === null ? null : 'inspector',
        });
        break;
      case 'verify_confirm':
        verified = true;
        break;
      case 'file': {
        const point = (kind: FactKind, userId: number | null, role: string | null, unit: number | null) =>
          add({
            kind,
            outcome: 'done',
            tags: [],
            startedAt: ev.at,
            dueAt: null,
            doneAt: ev.at,
            placedAt: ev.at,
            unitId: unit,
            userId,
            role,
          });
        const byShift = point('filed', ev.actorUserId, ev.actorRole, ev.actorUnitId);
        if (kase.source !== 'inspector' && verified) byShift.tags.push('public_verified');
        const grid = kase.gridInspectorId ?? null;
        const byGrid = point('grid_filed', grid, grid === null ? null : 'inspector', null);
        if (grid === null || intakeActor !== grid) byGrid.tags.push('missed');
        filed = [byShift, byGrid];
        break;
      }
      case 'dispatch':
      case 'redispatch': {
        signDue = dateOf(ev.data.signDueAt);
        dispatched = done('dispatched', ev);
        sign = { fact: timed('sign', ev.at, unitId), step: 'sign' };
        signer = null;
        break;
      }
      case 'return': {
        if (dispatched && !dispatched.tags.includes('returned')) dispatched.tags.push('returned');
        const returned = done('returned', ev);
        returns.set(ev.seq, { returned, dispatched });
        dispatched = null;
        break;
      }
      case 'dispute_ruled':
      case 'dispute_final':
        // the latest ruling judges each disputed return: an unjustified one is the returning
        // unit's (退回不当), not the dispatcher's (准确派遣率)
        for (const judged of (ev.data.returns ?? []) as { seq: number; justified: boolean }[]) {
          const r = returns.get(judged.seq);
          if (!r) continue;
          setTag(r.returned, 'unjustified', !judged.justified);
          if (r.dispatched) setTag(r.dispatched, 'returned', judged.justified);
        }
        break;
      case 'close':
        if (cycle) {
          cycle.fact.outcome = 'closed';
          cycle.fact.doneAt = ev.at;
          lastClosed = cycle.fact;
          cycle = null;
        }
        break;
      case 'callback': {
        const satisfaction = ev.data.satisfaction;
        const fact = add({
          kind: 'callback',
          outcome: 'done',
          tags: typeof satisfaction === 'string' && SATISFIED.includes(satisfaction) ? ['satisfied'] : [],
          startedAt: ev.at,
          dueAt: null,
          doneAt: ev.at,
          placedAt: ev.at,
          unitId: null,
          userId: null,
          role: null,
        });
        callbacks.push({ fact, cycle: lastClosed });
        break;
      }
      case 'check_fail':
        if (cycle && !cycle.fact.tags.includes('reworked')) cycle.fact.tags.push('reworked');
        break;
      case 'reopen':
        if (lastClosed && !lastClosed.tags.includes('reopened')) lastClosed.tags.push('reopened');
        break;
      default:
        break;
    }
    // A decision on the report; a filed case turned down afterwards is voided (作废).
    const decided = DECIDING_REPORT[action];
    if (decided && report && report.outcome === 'open') {
      report.outcome = decided;
      report.doneAt = ev.at;
      report.placedAt = ev.at;
    } else if (decided && decided !== 'filed') {
      for (const f of filed) if (!f.tags.includes('voided')) f.tags.push('voided');
    }
    // A handling cycle runs from filing (or reopening) to closure.
    if (action === 'file' || action === 'reopen') {
      cycle = { fact: timed('cycle', ev.at), handle: null };
      cycles.push(cycle);
    }

    // The deadline now in force (recorded on every event while a step clock exists).
    if (Object.hasOwn(ev.data, 'dueAt')) due = dateOf(ev.data.dueAt);
    if (action === 'dispatch' || action === 'redispatch') {
      // events from before dispatches recorded their sign-for deadline: the case's current one
      signDue ??= kase.signDueAt ?? null;
    }
  }

  if (step) {
    leaveOpen(step, due);
    if (step.step === 'handle' && cycle) cycle.handle = step;
  }
  if (sign) leaveOpen(sign, signDue);
  for (const c of cycles) settleCycle(c.fact, c.handle);
  for (const c of callbacks) c.fact.unitId = c.cycle?.unitId ?? null;
  for (const f of facts) f.tags.sort();
  return facts;
}

/**
 * A cycle is judged by its handling: its deadline is that of its last handling step that was not
 * withdrawn, its unit that step's unit; it is placed when closed or when that deadline passed,
 * whichever came first.
 */
function settleCycle(cycle: Fact, handle: Timed | null): void {
  const h = handle?.fact ?? null;
  cycle.dueAt = h?.dueAt ?? null;
  cycle.unitId = h?.unitId ?? null;
  if (h?.outcome === 'on_time') cycle.tags.push('handled_on_time');
  if (cycle.outcome !== 'closed') cycle.outcome = 'open';
  cycle.placedAt = earlier(cycle.doneAt, cycle.dueAt);
}
