// Road chiefs (路长制): who may post and end road-chief posts, and who reads them. One role,
// `road_chief`; what a chief may do follows from the posts he holds (docs/road-chiefs.md).

import {
  CHIEF_LEVELS,
  type HeldPost,
  managesPost,
  type PostLevel,
  type PostTarget,
} from '../road-chiefs/posts.ts';
import { ROLES, type Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { holdsAny, needsRole } from './roles.ts';
import { inArea } from './scope.ts';
import { TRACK_READERS } from './work.ts';

/** Who reads the posts (the roster of chiefs is internal, never public). */
export const POST_READERS: readonly Role[] = ROLES.filter((r) => r !== 'integration');

export const roadChiefRules = {
  /**
   * Create or end a post: the admin anywhere; a road chief whose own post on the day is above the
   * post's level and contains its scope (a street's chiefs post the 二级路长 and 路段长 of their
   * street; a 二级路长 the duty staff and officers on his segments).
   */
  'roadPost.manage': (
    actor: PolicyActor | null,
    subject: { target: PostTarget; myPosts: readonly HeldPost[] },
  ): Refusal | null => {
    if (holdsAny(actor, ['admin'])) return null;
    const refusal = needsRole(actor, ['admin', 'road_chief'], 'post road chiefs');
    if (refusal) return refusal;
    return subject.myPosts.some((p) => managesPost(p, subject.target))
      ? null
      : { code: 'NOT_IN_SCOPE', message: 'your posts do not cover this post’s level and place' };
  },
  /**
   * Read patrol compliance: one's own; the supervising roles in their area; a road chief whose
   * area post (总路长, 一级, 辖区总路长) holds every street asked about.
   */
  'roadChief.readCompliance': (
    actor: PolicyActor | null,
    subject: { userId: string | null; streetPaths: readonly string[]; myPosts: readonly HeldPost[] },
  ): Refusal | null => {
    if (actor && subject.userId !== null && subject.userId === actor.scope.userId) return null;
    const refusal = needsRole(actor, [...TRACK_READERS, 'road_chief'], 'read others’ patrol compliance');
    if (refusal || !actor) return refusal;
    const inside = (own: string) => subject.streetPaths.every((p) => p === own || p.startsWith(`${own}/`));
    const byRole = holdsAny(actor, TRACK_READERS) && subject.streetPaths.every((p) => inArea(actor.scope, p));
    const byPost = subject.myPosts.some((p) => p.areaPath !== null && inside(p.areaPath));
    return subject.streetPaths.length > 0 && (byRole || byPost)
      ? null
      : { code: 'NOT_IN_SCOPE', message: 'outside your area and your posts' };
  },
  /**
   * Schedule or cancel a night check (夜查) over segments: the admin; a road chief whose post could
   * post duty staff on every one of them (a street's chiefs on the street, a 二级路长 on his road).
   */
  'nightCheck.schedule': (
    actor: PolicyActor | null,
    subject: { streetPaths: readonly string[]; segmentIds: readonly number[]; myPosts: readonly HeldPost[] },
  ): Refusal | null => {
    if (holdsAny(actor, ['admin'])) return null;
    const refusal = needsRole(actor, ['admin', 'road_chief'], 'schedule night checks');
    if (refusal) return refusal;
    const target: PostTarget = { level: 'duty', areaPath: null, ...subject };
    return subject.myPosts.some((p) => managesPost(p, target))
      ? null
      : { code: 'NOT_IN_SCOPE', message: 'your posts do not cover these segments' };
  },
  /**
   * Who may be given a post, whoever asks: the chiefs' own levels (总路长 … 路段长) go to a person
   * with the road_chief role; coordinators and posted officers keep their own roles.
   */
  'roadPost.hold': (
    _actor: PolicyActor | null,
    subject: { level: PostLevel; holderRoles: readonly string[] },
  ): Refusal | null =>
    CHIEF_LEVELS.includes(subject.level) && !subject.holderRoles.includes('road_chief')
      ? {
          code: 'ROLE_NOT_ALLOWED',
          message: `a ${subject.level} post is held by a road chief (路长)`,
          field: 'userId',
        }
      : null,
  /** Read the posts: staff only. */
  'roadPost.read': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, POST_READERS, 'read road-chief posts'),
};
