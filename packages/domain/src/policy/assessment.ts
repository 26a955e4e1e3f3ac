// Assessment (考核): who reads rankings and results, publishes a month, files corrections, records
// the supervision office's findings, handles accountability items and configures schemes; and
// which subjects' results an actor sees (those in his scope). See docs/assessment.md.

import type { Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { needsRole } from './roles.ts';
import { inArea } from './scope.ts';

export const ASSESSMENT_READERS: readonly Role[] = ['leader', 'supervisor', 'admin', 'shift_leader'];
export const ASSESSMENT_PUBLISHERS: readonly Role[] = ['supervisor', 'leader', 'admin'];
export const SUPERVISION_OFFICE: readonly Role[] = ['supervisor', 'admin'];

/** Where a subject lies: its unit (unit and person subjects) and/or the path of its area. */
export interface SubjectPlace {
  unitId?: string;
  areaPath?: string;
}

export const assessmentRules = {
  'assessment.read': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ASSESSMENT_READERS, 'read assessment results'),
  /** Publish a month, file a correction into a later month. */
  'assessment.publish': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ASSESSMENT_PUBLISHERS, 'publish assessment results or corrections'),
  'assessment.handleAccountability': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ASSESSMENT_PUBLISHERS, 'handle accountability items'),
  /** Record or void a finding of the supervision office (百分扣分制). */
  'assessment.recordFinding': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, SUPERVISION_OFFICE, 'record findings'),
  /** Create or change a scheme. */
  'assessment.configure': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ['admin'], 'configure assessment schemes'),
  /** See one subject's results: its unit or area lies in the actor's scope (404 otherwise). */
  'assessment.seeSubject': (actor: PolicyActor | null, place: SubjectPlace): Refusal | null => {
    if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first (session cookie or API key)' };
    const { scope } = actor;
    if (scope.cityWide) return null;
    if (place.unitId !== undefined && scope.unitIds.includes(place.unitId)) return null;
    if (place.areaPath !== undefined && inArea(scope, place.areaPath)) return null;
    return { code: 'NOT_IN_SCOPE', message: 'this subject is outside your scope' };
  },
};
