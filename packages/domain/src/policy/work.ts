// The other desks and the street: the hotline desk, patrols and their tracks, and the admin's
// entities. See docs/hotline.md, docs/inspector-app.md and docs/api.md.

import type { Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { needsRole } from './roles.ts';

/** The hotline desk (calls, callbacks, 110 handovers): the centre's intake staff. */
export const HOTLINE_DESK: readonly Role[] = ['intake_operator', 'shift_leader'];
/** Who walks a patrol and records its track. */
export const PATROL_ROLES: readonly Role[] = ['inspector', 'road_chief'];
/** Who reads other people's patrol tracks. */
export const TRACK_READERS: readonly Role[] = ['supervisor', 'leader', 'shift_leader', 'admin'];

/** What the admin manages; each change of them is written to the admin history. */
export const ADMIN_ENTITIES = [
  'catalogue',
  'unit',
  'user',
  'api_key',
  'routing_rule',
  'calendar',
  'setting',
  'device',
  'area',
  'responsibility_grid',
  'place',
  'road',
  'open311_attribute',
  'assessment_scheme',
  'live',
] as const;
export type AdminEntity = (typeof ADMIN_ENTITIES)[number];

export const workRules = {
  'hotline.work': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, HOTLINE_DESK, 'work the hotline desk'),
  /** Record a patrol: the patrolling roles, or anyone a road-chief post binds (duty staff, posted officers). */
  'patrol.record': (actor: PolicyActor | null, subject: { holdsPost: boolean }): Refusal | null =>
    actor && subject.holdsPost ? null : needsRole(actor, PATROL_ROLES, 'record patrols'),
  /** Read a patrol track: one's own, or anyone's (in scope) for the supervising roles. */
  'patrol.readTrack': (actor: PolicyActor | null, track: { userId: string | null }): Refusal | null =>
    actor && track.userId !== null && track.userId === actor.scope.userId
      ? null
      : needsRole(actor, TRACK_READERS, 'read other people’s patrol tracks'),
  /** Read the admin history (who changed which admin entity, before and after). */
  'admin.readHistory': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, ['admin'], 'read the admin history'),
  /** Change (and read the full records of) an admin entity. */
  'admin.manage': (actor: PolicyActor | null, _subject: { entity: AdminEntity }): Refusal | null =>
    needsRole(actor, ['admin'], 'change this'),
};
