// Road chiefs (路长制): who may post and end road-chief posts, and who reads them. One role,
// `road_chief`; what a chief may do follows from the posts he holds (docs/road-chiefs.md).

import { type HeldPost, managesPost, type PostTarget } from '../road-chiefs/posts.ts';
import { ROLES, type Role } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';
import { holdsAny, needsRole } from './roles.ts';

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
  /** Read the posts: staff only. */
  'roadPost.read': (actor: PolicyActor | null, _subject: null): Refusal | null =>
    needsRole(actor, POST_READERS, 'read road-chief posts'),
};
