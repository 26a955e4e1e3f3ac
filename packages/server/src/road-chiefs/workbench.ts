// The road chief's workbench (the phone's 我的路段): the posts binding the caller today, each with
// the patrol window running now and how much of it is done, and the segments they cover as
// GeoJSON (with whether each was patrolled today). One request, so the phone can keep it offline.

import {
  calendarCompliance,
  passRulesOf,
  patrolledByDay,
  POST_SCOPE,
  shiftCompliance,
  windowOf,
} from '@xiuhua/domain/road-chiefs';
import { cstDateOf } from '@xiuhua/domain/calendar';
import { type Actor, assertMay } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { RoadsService } from '../geo/roads.ts';
import type { ComplianceService } from './compliance.ts';
import type { RoadPostService } from './posts.ts';

export async function roadChiefWorkbench(
  deps: { clock: Clock; posts: RoadPostService; compliance: ComplianceService; roads: RoadsService },
  actor: Actor,
) {
  assertMay(actor, 'roadPost.read', null);
  const today = cstDateOf(deps.clock.now());
  const me = actor.user.id;
  const posts = await deps.compliance.bindingPosts(me, { from: today, to: today });
  const rules = await deps.compliance.rules();
  const presented = await deps.posts.presentPosts(posts);
  // Segments shown: those of segment posts, and the streets of street-level area posts (a city's
  // or district's chief sees his street chiefs' reports instead of every segment).
  const segmentIds = new Set(posts.flatMap((p) => p.segmentIds));
  for (const p of posts)
    if (POST_SCOPE[p.level] === 'street')
      for (const line of await deps.compliance.lines({ streetCodes: [p.areaCode!] }, rules.pass.nearM))
        segmentIds.add(line.id);
  // One read of the points, from the start of the longest window running today.
  const since = posts
    .map((p) => rules.duties[p.level])
    .reduce(
      (from, d) => (d && d.period !== 'shift' ? [from, windowOf(d.period, today).from].sort()[0]! : from),
      today,
    );
  const track = await deps.compliance.track(me, { from: since, to: today });
  const entries = [];
  const patrolledToday = new Set<number>();
  for (const [i, post] of posts.entries()) {
    const duty = rules.duties[post.level];
    if (!duty) {
      entries.push({ post: presented[i]!, duty: null });
      continue;
    }
    const pass = passRulesOf(rules, duty);
    const lines =
      POST_SCOPE[post.level] === 'segments'
        ? await deps.compliance.lines({ ids: post.segmentIds }, pass.nearM)
        : await deps.compliance.lines(
            { streetCodes: await deps.compliance.streetsUnder(post.areaCode!) },
            pass.nearM,
          );
    if (duty.period === 'shift') {
      const shifts = await deps.compliance.shiftsWorked(post, me, { from: today, to: today }, true);
      const report = shiftCompliance({
        post,
        duty,
        rules: pass,
        shifts,
        track,
        lines,
        offPost: rules.offPost,
      });
      entries.push({
        post: presented[i]!,
        duty: {
          period: duty.period,
          window: shifts[0]
            ? { from: new Date(shifts[0].start!).toISOString(), to: new Date(shifts[0].end!).toISOString() }
            : null,
          required: report.required,
          done: report.done,
        },
      });
      continue;
    }
    const window = windowOf(duty.period, today);
    const patrolled = patrolledByDay(track, lines, pass);
    for (const id of patrolled.get(today) ?? []) patrolledToday.add(id);
    const report = calendarCompliance({
      post,
      duty,
      windows: [window],
      patrolled,
      segmentIds: lines.map((l) => l.id),
    });
    entries.push({
      post: presented[i]!,
      duty: {
        period: duty.period,
        window: { from: window.from, to: window.to },
        required: report.required,
        done: report.done,
      },
    });
  }
  const { features } = await deps.roads.segmentFeatures(undefined, [...segmentIds]);
  return {
    date: today,
    posts: entries,
    segments: {
      type: 'FeatureCollection' as const,
      features: features.map((f) => ({
        ...f,
        properties: { ...f.properties, patrolledToday: patrolledToday.has(f.properties.id) },
      })),
    },
  };
}
