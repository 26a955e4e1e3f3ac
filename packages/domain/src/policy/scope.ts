// An actor's scope, and what of a case decides whether it is in it. Area offices (supervision and
// command centres, street offices) see the cases in their area; departments see the cases that
// were ever sent to them; a city-wide scope sees everything.

import type { Role } from '../workflow/roles.ts';

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
