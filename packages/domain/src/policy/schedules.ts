// Duty schedules and rosters: the admin keeps the schedules (whose hours a limit runs on); a unit's
// roster (who is on duty) is kept by the unit's head — the user the unit names as its head — or
// the admin. Every staff member may read who is on duty.

import { ROLES, type Role } from '../workflow/index.ts';
import { isIntegrationAccount, type PolicyActor, type Refusal } from './actor.ts';
import { needsRole } from './roles.ts';

const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'integration');

export const scheduleRules = {
  /** Create or change a duty schedule, or which schedule a unit runs on. */
  'schedule.manage': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ['admin'], 'change duty schedules'),
  /** Read schedules, rosters and who is on duty. */
  'roster.read': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, STAFF, 'read duty rosters'),
  /** Change a unit's roster: its head, or the admin. */
  'roster.edit': (actor: PolicyActor | null, unit: { headUserId: string | null }): Refusal | null => {
    if (!actor) return needsRole(actor, ['admin'], 'edit rosters');
    if (isIntegrationAccount(actor)) return needsRole(actor, ['admin'], 'edit rosters');
    if (actor.roles.includes('admin')) return null;
    if (unit.headUserId !== null && unit.headUserId === actor.scope.userId) return null;
    return { code: 'ROLE_NOT_ALLOWED', message: 'only the unit’s head or an admin may edit its roster' };
  },
};
