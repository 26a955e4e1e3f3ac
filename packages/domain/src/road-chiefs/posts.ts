// The road-chief hierarchy (路长制) as dated posts. There is one role, `road_chief`; what a person
// may do and must patrol follows from the posts he holds on a date:
//
//   总路长 / 副总路长   the city's (or district's) chiefs        scope: an area (city or district)
//   一级路长            a leader in charge of one street        scope: a street
//   辖区总路长          the head of the street office           scope: a street
//   二级路长            one road or a group of segments         scope: segments (a road = all its segments)
//   路段长              head of the unit that adopts a segment  scope: segments + the adopting unit
//   轮值人员            duty staff a unit posts to a segment     scope: segments + the unit (people from its roster)
//   路段管理专干        a segment's coordinator                  scope: segments
//   下沉人员            officers posted from an agency           scope: segments + their agency's unit
//
// A post is never deleted: it ends (validTo) and a new one starts, so history answers "who was the
// chief of this segment on 3 March". Pure: the server stores posts and asks these functions.

export const POST_LEVELS = [
  'general',
  'deputy_general',
  'first',
  'street_general',
  'second',
  'segment_head',
  'duty',
  'coordinator',
  'posted',
] as const;
export type PostLevel = (typeof POST_LEVELS)[number];
/** The chiefs' own levels: held by a person with the `road_chief` role (the rest keep their roles). */
export const CHIEF_LEVELS: readonly PostLevel[] = POST_LEVELS.slice(
  0,
  POST_LEVELS.indexOf('segment_head') + 1,
);

export const POST_LEVEL_NAMES: Record<PostLevel, { zh: string; en: string }> = {
  general: { zh: '总路长', en: 'Chief road chief' },
  deputy_general: { zh: '副总路长', en: 'Deputy chief road chief' },
  first: { zh: '一级路长', en: 'First-level road chief' },
  street_general: { zh: '辖区总路长', en: 'Street chief road chief' },
  second: { zh: '二级路长', en: 'Second-level road chief' },
  segment_head: { zh: '路段长', en: 'Segment head' },
  duty: { zh: '轮值人员', en: 'Duty staff' },
  coordinator: { zh: '路段管理专干', en: 'Segment coordinator' },
  posted: { zh: '下沉人员', en: 'Posted officer' },
};

/** What a level's post covers. */
export type PostScopeKind = 'area' | 'street' | 'segments';
export const POST_SCOPE: Record<PostLevel, PostScopeKind> = {
  general: 'area',
  deputy_general: 'area',
  first: 'street',
  street_general: 'street',
  second: 'segments',
  segment_head: 'segments',
  duty: 'segments',
  coordinator: 'segments',
  posted: 'segments',
};

/** The agencies that post officers to segments (下沉力量). */
export const POSTED_AGENCIES = ['enforcement', 'traffic_police', 'market', 'housing', 'grid'] as const;
export type PostedAgency = (typeof POSTED_AGENCIES)[number];
export const POSTED_AGENCY_NAMES: Record<PostedAgency, { zh: string; en: string }> = {
  enforcement: { zh: '城管执法', en: 'City enforcement' },
  traffic_police: { zh: '交警', en: 'Traffic police' },
  market: { zh: '市场监管', en: 'Market regulation' },
  housing: { zh: '房管', en: 'Housing' },
  grid: { zh: '网格', en: 'Grid staff' },
};

/** Levels from the top: a post may manage the posts below its own level in its scope. */
export const LEVEL_RANK: Record<PostLevel, number> = {
  general: 0,
  deputy_general: 1,
  first: 2,
  street_general: 3,
  second: 4,
  segment_head: 5,
  duty: 6,
  coordinator: 6,
  posted: 6,
};

export interface Post {
  readonly id: number;
  readonly level: PostLevel;
  /** The person holding the post; null for duty staff, who come from the unit's roster. */
  readonly userId: number | null;
  /** The adopting unit (路段长), the unit posting duty staff, or the posted officer's agency unit. */
  readonly unitId: number | null;
  /** The area (city/district for 总路长, a street for 一级 / 辖区总路长). */
  readonly areaCode: string | null;
  /** The road a 二级路长 holds whole (its segments are in segmentIds too, as they were when posted). */
  readonly roadId: number | null;
  readonly segmentIds: readonly number[];
  readonly agency: PostedAgency | null;
  /** For duty staff: the roster shift they are posted for; null = every shift of the unit. */
  readonly shiftCode: string | null;
  /** First and last day in office (YYYY-MM-DD, CST); validTo null = still holds it. */
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** A post as asked for, before it has an id. */
export type PostInput = Omit<Post, 'id'>;

export interface PostProblem {
  field: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The shape rules of a post by its level (who and what it needs). Whether the user, unit, area,
 * road and segments exist and fit together is the server's to check.
 */
export function postProblems(p: PostInput): PostProblem[] {
  const out: PostProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) out.push({ field, message });
  };
  const scope = POST_SCOPE[p.level];
  need(DATE.test(p.validFrom), 'validFrom', 'validFrom must be a date YYYY-MM-DD');
  if (p.validTo !== null) {
    need(DATE.test(p.validTo), 'validTo', 'validTo must be a date YYYY-MM-DD');
    need(p.validTo >= p.validFrom, 'validTo', 'a post cannot end before it starts');
  }
  if (p.level === 'duty')
    need(p.userId === null, 'userId', 'duty staff come from the unit’s roster, not a person');
  else need(p.userId !== null, 'userId', `a ${p.level} post needs the person who holds it`);
  const needsUnit = p.level === 'segment_head' || p.level === 'duty' || p.level === 'posted';
  need(
    needsUnit ? p.unitId !== null : p.unitId === null,
    'unitId',
    needsUnit ? 'this post needs its unit' : 'this post has no unit',
  );
  need(
    (scope === 'segments') === p.segmentIds.length > 0,
    'segmentIds',
    scope === 'segments' ? 'name the segments this post covers' : 'this post covers an area, not segments',
  );
  need(
    (scope !== 'segments') === (p.areaCode !== null),
    'areaCode',
    scope === 'segments' ? 'this post covers segments, not an area' : 'name the area this post covers',
  );
  need(p.roadId === null || p.level === 'second', 'roadId', 'only a 二级路长 holds a road whole');
  need(
    (p.level === 'posted') === (p.agency !== null),
    'agency',
    p.level === 'posted' ? 'name the agency the officer comes from' : 'only a posted officer has an agency',
  );
  need(p.shiftCode === null || p.level === 'duty', 'shiftCode', 'only duty staff are posted for a shift');
  need(new Set(p.segmentIds).size === p.segmentIds.length, 'segmentIds', 'a segment is named twice');
  return out;
}

/** Holds on the day (inclusive on both ends). */
export function activeOn(post: Pick<Post, 'validFrom' | 'validTo'>, date: string): boolean {
  return post.validFrom <= date && (post.validTo === null || date <= post.validTo);
}

/** Where a segment lies, as the posts' scopes read it. */
export interface SegmentPlace {
  readonly id: number;
  /** The segment's street's area path ('310100/310112/310112001'). */
  readonly streetPath: string;
}

/** Whether a post's scope includes the segment. */
export function covers(
  post: Post,
  segment: SegmentPlace,
  areaPathOf: (code: string) => string | null,
): boolean {
  if (POST_SCOPE[post.level] === 'segments') return post.segmentIds.includes(segment.id);
  const path = post.areaCode === null ? null : areaPathOf(post.areaCode);
  return path !== null && (segment.streetPath === path || segment.streetPath.startsWith(`${path}/`));
}

/**
 * Everyone posted to a segment on a day, top level first. The segment's head is its 路段长; where no
 * unit adopts it, its 二级路长 (`head` says which post that is).
 */
export function segmentChain(
  posts: readonly Post[],
  segment: SegmentPlace,
  date: string,
  areaPathOf: (code: string) => string | null,
): { posts: Post[]; head: Post | null } {
  const on = posts
    .filter((p) => activeOn(p, date) && covers(p, segment, areaPathOf))
    .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.id - b.id);
  const head = on.find((p) => p.level === 'segment_head') ?? on.find((p) => p.level === 'second') ?? null;
  return { posts: on, head };
}

/** What a post would cover, as the manage rule reads it. */
export interface PostTarget {
  readonly level: PostLevel;
  /** The area path of an area post (总路长, 一级, 辖区总路长); null for a segment post. */
  readonly areaPath: string | null;
  /** The street paths of a segment post's segments. */
  readonly streetPaths: readonly string[];
  readonly segmentIds: readonly number[];
}

/** A post its holder holds, with its area's path resolved (null for a segment post). */
export type HeldPost = Post & { readonly areaPath: string | null };

/**
 * Whether a holder of `manager` may create or end a post like `target`: a higher level whose scope
 * contains the target's (a street's chiefs manage the posts on their street's segments; a 二级路长
 * the duty staff, coordinators and posted officers on his own segments).
 */
export function managesPost(manager: HeldPost, target: PostTarget): boolean {
  if (LEVEL_RANK[manager.level] >= LEVEL_RANK[target.level]) return false;
  if (POST_SCOPE[manager.level] === 'segments')
    return target.segmentIds.length > 0 && target.segmentIds.every((s) => manager.segmentIds.includes(s));
  const own = manager.areaPath;
  if (own === null) return false;
  const inside = (p: string) => p === own || p.startsWith(`${own}/`);
  const paths = target.areaPath !== null ? [target.areaPath] : target.streetPaths;
  return paths.length > 0 && paths.every(inside);
}
