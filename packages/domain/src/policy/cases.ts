// Cases: who sees one, who takes a report, who may act (the transition table's `roles`, then the
// actor's scope), who sees the reporter's contact, where a case may be dispatched, who may be
// given a verification or check task, what a report-back must carry. See docs/domain.md, "Roles" and "Levels and tiers".

import type { ReportBackPhoto } from '../catalogue/index.ts';
import { type CommandTier, tierOfArea, tierOfLevel } from '../routing/types.ts';
import type { ActorRole, CaseAction, CaseLevel, Role, Transition, UnitSide } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { holdsAny, needsRole } from './roles.ts';
import { type CaseAccessFacts, canSeeCase, inArea } from './scope.ts';

/** The staff roles that take reports; the first of them a creator holds is the event's role. */
export const INTAKE_ROLES: readonly Role[] = ['inspector', 'intake_operator', 'shift_leader', 'road_chief'];
/** Who sees a reporter's name and phone (to call back); everyone else sees them masked. */
export const CONTACT_ROLES: readonly Role[] = ['intake_operator', 'shift_leader', 'admin'];

/**
 * Which role to act in: the first of the actor's the transition's `roles` allow — a person's
 * roles, or a gateway's channel (citizen, system).
 */
export function actingRole<R extends ActorRole>(roles: readonly R[], transition: Transition): R | null {
  return roles.find((r) => transition.roles.includes(r)) ?? null;
}

/** The role a staff report is recorded under. */
export function intakeRole(roles: readonly Role[]): ActorRole | null {
  return roles.find((r) => INTAKE_ROLES.includes(r)) ?? null;
}

const notInScope = (message: string): Refusal => ({ code: 'NOT_IN_SCOPE', message });

/** An area as the tier rules read it. */
export interface AreaRef {
  code: string;
  name: string;
  level: string;
}

/** The unit a dispatch would send the case to, the dispatcher's own area, the case's level and holder. */
export interface DispatchTarget {
  /** The area of the dispatcher's own unit (null for a unit without one). */
  ownArea: AreaRef | null;
  caseAreaPath: string;
  /** Absent: the rule about levels does not apply (a caller that checks only the unit). */
  caseLevel?: CaseLevel;
  /** The area of the street centre holding the case (found by the street, or handed down), if one does. */
  heldByStreet?: AreaRef | null;
  unit: { area_code: string; name: string; side: UnitSide };
}

/** A case passed up (上报) to a district or city centre, or down (下派) to a street centre. */
export interface HandOffTarget {
  action: 'escalate' | 'hand_down';
  ownArea: AreaRef | null;
  caseAreaPath: string;
  heldByStreet: AreaRef | null;
  /** The centre it would go to, with the area it covers. */
  centre: { name: string; side: UnitSide; area: AreaRef };
  /** The level the case would have there (escalate raises it to district or city, hand_down lowers it). */
  level: CaseLevel;
}

const tierOf = (area: AreaRef | null): CommandTier => (area ? tierOfArea(area.level) : 'city');
/** The actions whose who-may depends on the command tiers. */
export type TierAction = 'dispatch' | 'escalate' | 'hand_down';

/**
 * The part of 'case.dispatchTo' and 'case.handOff' that needs no target — whether a centre of
 * this tier may take the action on this case at all (the console offers the action by it): a
 * street centre dispatches cases of a street's level and escalates; a district or city centre
 * dispatches and hands down, but not a case a street centre holds.
 */
export function tierRefusal(
  action: TierAction,
  ownTier: CommandTier,
  caseLevel: CaseLevel | undefined,
  heldByStreet: AreaRef | null,
): Refusal | null {
  if (action === 'escalate')
    return ownTier === 'street'
      ? null
      : notInScope(
          'only a street centre escalates (上报); a district or city centre dispatches or hands down',
        );
  if (ownTier === 'street') {
    if (action === 'hand_down') return notInScope('only a district or city centre hands a case down (下派)');
    return caseLevel && tierOfLevel(caseLevel) === 'city'
      ? notInScope(
          `a ${caseLevel}-level case is dispatched by the district or city command centre; escalate it (上报)`,
        )
      : null;
  }
  if (!heldByStreet) return null;
  return notInScope(
    action === 'dispatch'
      ? `${heldByStreet.name}'s centre holds this case and dispatches it`
      : `${heldByStreet.name}'s centre already holds this case`,
  );
}

const covers = (area: AreaRef, caseAreaPath: string) => caseAreaPath.split('/').includes(area.code);
const ineligible = (message: string, field = 'unitId'): Refusal => ({
  code: 'UNIT_NOT_ELIGIBLE',
  message,
  field,
});

/** The actions that judge handling (核查, 结案, 回访): nobody takes them on his own work (监管分离). */
export const JUDGING_ACTIONS: readonly CaseAction[] = [
  'check_pass',
  'check_fail',
  'close',
  'callback',
  'callback_failed',
];
/** The actions that make a case someone's work. */
export const HANDLING_ACTIONS: readonly CaseAction[] = ['sign', 'report_back'];

/** A judging action and who asks, against the case's handling events. */
export interface SeparationFacts {
  action: CaseAction;
  userId: string;
  /** The actor's unit, then its parent, up to the top: a unit's handling binds it and its sub-units. */
  unitChain: readonly string[];
  /** The actor's unit is one an admin marked dualRole (a small street office that does both). */
  dualRole: boolean;
  handling: readonly { seq: number; action: string; userId: string | null; unitId: string | null }[];
}

/** The handling event that makes this the actor's own work, if any. */
export function ownHandling(facts: SeparationFacts): SeparationFacts['handling'][number] | null {
  return (
    facts.handling.find(
      (e) =>
        HANDLING_ACTIONS.includes(e.action as CaseAction) &&
        (e.userId === facts.userId || (e.unitId !== null && facts.unitChain.includes(e.unitId))),
    ) ?? null
  );
}

export const caseRules = {
  /** See a case at all. Refused cases are answered 404: their existence does not leak. */
  'case.see': (actor: PolicyActor | null, facts: CaseAccessFacts): Refusal | null =>
    actor && canSeeCase(actor.scope, facts) ? null : notInScope('the case is outside your scope'),

  /** Take a report (intake at the desk or in the street). */
  'case.create': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, INTAKE_ROLES, 'take reports'),

  /**
   * Act on a case: the transition table's roles, then scope. Handlers act only on cases assigned
   * to their unit; an inspector on a task given to him, or on an unassigned task in his area (the
   * area of his unit and of his responsibility grids); everyone else in their area.
   */
  'case.act': (
    actor: PolicyActor | null,
    subject: { transition: Transition; facts: CaseAccessFacts },
  ): Refusal | null => {
    const { transition, facts } = subject;
    const verb = transition.en.toLowerCase();
    if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first (session cookie or API key)' };
    const role = actingRole(actor.roles, transition);
    if (!role)
      return {
        code: 'ROLE_NOT_ALLOWED',
        message: `your roles (${actor.roles.join(', ')}) may not ${verb} a case`,
      };
    const scope = actor.scope;
    if (role === 'handler')
      return facts.assigneeUnitId !== null && scope.unitIds.includes(facts.assigneeUnitId)
        ? null
        : notInScope(`the case is not assigned to your unit; you cannot ${verb} it`);
    if (role === 'inspector') {
      if (facts.assigneeUserId === scope.userId) return null;
      // A task given to one inspector is his; others in the area take only tasks nobody was given.
      if (facts.assigneeUserId !== null)
        return notInScope(`this task is assigned to another inspector; you cannot ${verb} it`);
    }
    return inArea(scope, facts.areaPath)
      ? null
      : notInScope(`the case is outside your area; you cannot ${verb} it`);
  },

  /** See the reporter's name and phone. */
  'case.seeContact': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    holdsAny(actor, CONTACT_ROLES)
      ? null
      : { code: 'ROLE_NOT_ALLOWED', message: `only ${CONTACT_ROLES.join(', ')} see the reporter's contact` },

  /**
   * Dispatch to a unit (the four find/handle modes, docs/domain.md "Levels and tiers"): a handling
   * unit whose area contains the case. A street (or community) command centre dispatches only to
   * its own street's units, and only cases of a street's level (community, segment, street) — a
   * district or city case, or one needing their units, it escalates (上报). A district or city
   * centre dispatches to any handling unit over the case, but not a case a street centre holds.
   */
  'case.dispatchTo': (_actor: PolicyActor | null, target: DispatchTarget): Refusal | null => {
    const { ownArea, caseAreaPath, unit, caseLevel, heldByStreet } = target;
    if (unit.side !== 'handling')
      return {
        code: 'UNIT_NOT_ELIGIBLE',
        message: `${unit.name} is on the ${unit.side} side; cases are dispatched to handling units`,
        field: 'unitId',
      };
    if (!caseAreaPath.split('/').includes(unit.area_code))
      return {
        code: 'UNIT_NOT_ELIGIBLE',
        message: `${unit.name} does not cover the case's area`,
        field: 'unitId',
      };
    if (
      ownArea &&
      (ownArea.level === 'street' || ownArea.level === 'community') &&
      !unit.area_code.startsWith(ownArea.code)
    )
      return {
        code: 'NOT_IN_SCOPE',
        message: `a street command centre dispatches to its own street's units; ${unit.name} is outside ${ownArea.name} — report the case up to the district command centre`,
        field: 'unitId',
      };
    return tierRefusal('dispatch', tierOf(ownArea), caseLevel, heldByStreet ?? null);
  },

  /**
   * Pass a case up (上报) or down (下派) between the command tiers. Up: from the street centre
   * holding it (or whose street it is in) to a district or city command centre over the case, at
   * a district or city level. Down: from a district or city centre to the command centre of the
   * case's street, at a street's level; not a case a street already holds.
   */
  'case.handOff': (_actor: PolicyActor | null, t: HandOffTarget): Refusal | null => {
    const mine = tierOf(t.ownArea);
    const offered = tierRefusal(t.action, mine, undefined, t.heldByStreet);
    if (offered) return offered;
    if (t.centre.side !== 'command')
      return ineligible(`${t.centre.name} is not a command centre; cases are passed between centres`);
    if (!covers(t.centre.area, t.caseAreaPath))
      return ineligible(`${t.centre.name} does not cover the case's area`);
    const theirs = tierOfArea(t.centre.area.level);
    if (t.action === 'escalate') {
      if (t.ownArea && !covers(t.ownArea, t.caseAreaPath))
        return notInScope(`the case is outside ${t.ownArea.name}`);
      if (theirs !== 'city')
        return ineligible(`${t.centre.name} is a street centre; escalate to the district or city`);
      if (tierOfLevel(t.level) !== 'city')
        return {
          code: 'INVALID_FIELD',
          message: 'an escalated case is of the district or city level',
          field: 'level',
        };
      return null;
    }
    if (theirs !== 'street' || t.centre.area.level !== 'street')
      return ineligible(`${t.centre.name} is not a street centre; hand cases down to the case's street`);
    if (tierOfLevel(t.level) !== 'street')
      return {
        code: 'INVALID_FIELD',
        message: 'a case handed down is of a community, segment or street level',
        field: 'level',
      };
    return null;
  },

  /**
   * Separation of duties (监管分离): nobody checks, closes or calls back on a case he — or his
   * unit, or a unit above his — signed for or reported back on. The parent of the handling unit
   * may judge it. Allowed only in a unit marked dualRole, and then recorded as waived.
   */
  'case.separateDuties': (_actor: PolicyActor | null, facts: SeparationFacts): Refusal | null => {
    if (!JUDGING_ACTIONS.includes(facts.action) || facts.dualRole) return null;
    const own = ownHandling(facts);
    if (!own) return null;
    const who = own.userId === facts.userId ? 'you' : 'your unit';
    return {
      code: 'SEPARATION_OF_DUTIES',
      message: `${who} took ${own.action} on this case (event ${own.seq}); the handling side may not ${facts.action} it`,
    };
  },

  /**
   * Ask for (or grant) a postponement: the extra time must be of the running step's kind of time
   * — working time (workDay, workHour, workMinute) on a working-time limit, natural time (day,
   * hour, minute) on a natural-time one — so it is refused when asked, not later at approval.
   */
  'case.postpone': (
    _actor: PolicyActor | null,
    subject: { stepWorking: boolean | null; extension: { amount: number; unit: string } },
  ): Refusal | null => {
    if (subject.stepWorking === null) return null;
    const working = subject.extension.unit.startsWith('work');
    if (working === subject.stepWorking) return null;
    const kind = (w: boolean) =>
      w ? 'working time (workDay, workHour, workMinute)' : 'natural time (day, hour, minute)';
    return {
      code: 'INVALID_FIELD',
      message: `the running limit is in ${kind(subject.stepWorking)}; ask for the extension in ${kind(subject.stepWorking)}, not ${subject.extension.amount} ${subject.extension.unit}`,
      field: 'extension',
    };
  },

  /**
   * Report back (处置反馈) with the after-photos given: at least one, unless the case's class
   * version waives it (catalogue `reportBackPhoto: optional`, e.g. a noise nuisance that stopped).
   */
  'case.reportBack': (
    _actor: PolicyActor | null,
    subject: { reportBackPhoto: ReportBackPhoto; photos: number },
  ): Refusal | null =>
    subject.reportBackPhoto === 'optional' || subject.photos > 0
      ? null
      : {
          code: 'PHOTO_REQUIRED',
          message: 'a report-back on this class needs at least one after-photo',
          field: 'photos',
        },

  /** Give a verification or check task to this user by name: an active inspector only. */
  'case.assignInspector': (
    _actor: PolicyActor | null,
    assignee: { id: number; active: boolean; roles: readonly string[] } | null,
  ): Refusal | null =>
    assignee?.active && assignee.roles.includes('inspector')
      ? null
      : {
          code: 'UNKNOWN_INSPECTOR',
          message: `there is no active inspector${assignee ? ` ${assignee.id}` : ''}`,
          field: 'inspectorId',
        },
};
