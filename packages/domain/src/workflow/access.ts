// Who may see and act on a case, beyond the role check of the transition table.
// Area offices (supervision and command centres, street offices) see the cases in their area;
// departments see the cases that were ever sent to them; a city-wide scope sees everything.

import { DomainError } from '../errors/index.ts';
import type { Role } from './roles.ts';
import type { Transition } from './transitions.ts';

export interface ActorScope {
  userId: string;
  roles: readonly Role[];
  /** The user's own unit and every unit below it. */
  unitIds: readonly string[];
  /** Area paths ('310100/310112/310112001') whose cases the user sees; empty for departments. */
  areaPaths: readonly string[];
  cityWide: boolean;
}

export interface CaseAccessFacts {
  areaPath: string;
  assigneeUnitId: string | null;
  assigneeUserId: string | null;
  involvedUnitIds: readonly string[];
  createdByUserId: string | null;
}

export function inArea(scope: ActorScope, areaPath: string): boolean {
  return scope.cityWide || scope.areaPaths.some((p) => areaPath === p || areaPath.startsWith(`${p}/`));
}

export function canSeeCase(scope: ActorScope, facts: CaseAccessFacts): boolean {
  return (
    inArea(scope, facts.areaPath) ||
    facts.involvedUnitIds.some((u) => scope.unitIds.includes(u)) ||
    facts.assigneeUserId === scope.userId ||
    facts.createdByUserId === scope.userId
  );
}

/**
 * Handlers act only on cases currently assigned to their unit; inspectors on tasks given to them
 * or in their area; everyone else (centre, command, supervision) in their area.
 */
export function assertCanAct(
  scope: ActorScope,
  role: Role,
  transition: Transition,
  facts: CaseAccessFacts,
): void {
  if (role === 'handler') {
    if (facts.assigneeUnitId === null || !scope.unitIds.includes(facts.assigneeUnitId)) {
      throw new DomainError(
        'NOT_IN_SCOPE',
        `the case is not assigned to your unit; you cannot ${transition.en.toLowerCase()} it`,
      );
    }
    return;
  }
  if (role === 'inspector') {
    if (facts.assigneeUserId === scope.userId) return;
    // A verification or check task given to one inspector is his; others in the area may take
    // only tasks nobody was given.
    if (facts.assigneeUserId !== null) {
      throw new DomainError(
        'NOT_IN_SCOPE',
        `this task is assigned to another inspector; you cannot ${transition.en.toLowerCase()} it`,
      );
    }
  }
  if (!inArea(scope, facts.areaPath)) {
    throw new DomainError(
      'NOT_IN_SCOPE',
      `the case is outside your area; you cannot ${transition.en.toLowerCase()} it`,
    );
  }
}

/** Which of the user's roles to act in: the first of theirs the transition allows. */
export function actingRole(roles: readonly Role[], transition: Transition): Role | null {
  return roles.find((r) => transition.roles.includes(r)) ?? null;
}
