// Road chiefs' patrol compliance for a month (issue: 5,000 chiefs × 30 days × 1 hour × a point
// every 10 s = 54 M points, under 60 s). The district is the synthetic city's large one
// (bench/synthetic/city.ts, ~5,000 segments); chief i is the daily 路段长 of segment i. Each day
// he spends an hour: on four days of five walking his segment up and down at 1.2 m/s with ±5 m of
// GPS jitter, on the fifth elsewhere. Measured: patrolledByDay + calendarCompliance (the product's
// @xiuhua/domain/road-chiefs), tracks generated outside the timing. Baseline: the obvious way — the
// segment sampled every metre, each sample checked against every point of the day — on a sample
// of chiefs, which must agree with the product's verdicts.

import { seededRandom } from '@xiuhua/domain/geo';
import {
  calendarCompliance,
  calendarWindows,
  DEFAULT_PATROL_RULES,
  passRulesOf,
  patrolledByDay,
  type PreparedLine,
  prepareLine,
  type TrackPoint,
} from '@xiuhua/domain/road-chiefs';
import { heldPost } from '../packages/domain/src/testing.ts';
import { writeResult } from './lib.ts';
import { syntheticGeography } from './synthetic/city.ts';

const CHIEFS = Number(process.env.BENCH_CHIEFS ?? 5_000);
const DAYS = 30;
const POINTS_PER_DAY = 360; // 1 hour, a point every 10 s
const BASELINE_CHIEFS = 20;
const FROM = '2026-09-01';
const TO = '2026-09-30';
const DAY_MS = 86_400_000;

const [district] = syntheticGeography({ size: 'large' });
const segments = district!.segments;
const duty = DEFAULT_PATROL_RULES.duties.segment_head!;
const rules = passRulesOf(DEFAULT_PATROL_RULES, duty);
const windows = calendarWindows('day', FROM, TO);
const random = seededRandom(7);

/** A month of one chief's tracks on his segment's line. */
function monthOfTracks(line: PreparedLine): TrackPoint[] {
  const out: TrackPoint[] = [];
  const n = line.along.length;
  const at = (d: number): [number, number] => {
    let i = 1;
    while (i < n - 1 && line.along[i]! < d) i++;
    const a = line.along[i - 1]!;
    const f = Math.min(1, Math.max(0, (d - a) / Math.max(1e-9, line.along[i]! - a)));
    const x = line.xy[2 * i - 2]! + f * (line.xy[2 * i]! - line.xy[2 * i - 2]!) + (random() - 0.5) * 10;
    const y = line.xy[2 * i - 1]! + f * (line.xy[2 * i + 1]! - line.xy[2 * i - 1]!) + (random() - 0.5) * 10;
    return [line.lon0 + x / line.kx, line.lat0 + y / line.ky];
  };
  for (let day = 0; day < DAYS; day++) {
    const start = Date.parse(`${FROM}T09:00:00+08:00`) + day * DAY_MS;
    const onSegment = day % 5 !== 4;
    for (let k = 0; k < POINTS_PER_DAY; k++) {
      // up and down the segment at 1.2 m/s (12 m per point)
      const walked = 12 * k;
      const lap = walked % (2 * line.lengthM);
      const d = lap <= line.lengthM ? lap : 2 * line.lengthM - lap;
      // elsewhere: about 2 km away
      const [x, y] = at(onSegment ? d : 0);
      const [lon, lat] = onSegment ? [x, y] : [x + 0.02, y + 0.02];
      out.push({ t: start + k * 10_000, lon, lat, accuracy: 8 });
    }
  }
  return out;
}

function judgeChief(i: number, line: PreparedLine, track: TrackPoint[]) {
  const patrolled = patrolledByDay(track, [line], rules);
  return calendarCompliance({
    post: heldPost({ id: i, level: 'segment_head', unitId: 1, segmentIds: [line.id] }),
    duty,
    windows,
    patrolled,
    segmentIds: [line.id],
  });
}

// ---- the product's way, every chief
let measuredMs = 0;
let done = 0;
let points = 0;
const verdicts: boolean[][] = [];
for (let i = 0; i < CHIEFS; i++) {
  const segment = segments[i % segments.length]!;
  const line = prepareLine(segment.id, segment.coordinates, rules.nearM);
  const track = monthOfTracks(line);
  points += track.length;
  const started = performance.now();
  const report = judgeChief(i, line, track);
  measuredMs += performance.now() - started;
  done += report.done;
  if (i < BASELINE_CHIEFS) {
    const missed = new Set(report.gaps.map((g) => g.window.key));
    verdicts.push(windows.map((w) => !missed.has(w.key)));
  }
}

// ---- the baseline: every metre of the segment against every point of the day
function naiveCoverage(line: PreparedLine, day: TrackPoint[]): number {
  let covered = 0;
  const metres = Math.floor(line.lengthM);
  const n = line.along.length;
  let i = 1;
  for (let m = 0; m <= metres; m++) {
    while (i < n - 1 && line.along[i]! < m) i++;
    const a = line.along[i - 1]!;
    const f = Math.min(1, Math.max(0, (m - a) / Math.max(1e-9, line.along[i]! - a)));
    const x = line.xy[2 * i - 2]! + f * (line.xy[2 * i]! - line.xy[2 * i - 2]!);
    const y = line.xy[2 * i - 1]! + f * (line.xy[2 * i + 1]! - line.xy[2 * i - 1]!);
    for (const p of day) {
      const dx = (p.lon - line.lon0) * line.kx - x;
      const dy = (p.lat - line.lat0) * line.ky - y;
      if (dx * dx + dy * dy <= rules.nearM * rules.nearM) {
        covered++;
        break;
      }
    }
  }
  return covered / (metres + 1);
}
let baselineMs = 0;
let disagreements = 0;
for (let i = 0; i < BASELINE_CHIEFS; i++) {
  const segment = segments[i % segments.length]!;
  const line = prepareLine(segment.id, segment.coordinates, rules.nearM);
  const track = monthOfTracks(line);
  const started = performance.now();
  for (let day = 0; day < DAYS; day++) {
    const dayPoints = track.slice(day * POINTS_PER_DAY, (day + 1) * POINTS_PER_DAY);
    const near = dayPoints.filter((p) => {
      const dx = (p.lon - line.lon0) * line.kx;
      const dy = (p.lat - line.lat0) * line.ky;
      return Math.hypot(dx, dy) < line.lengthM + rules.nearM;
    });
    const coverage = naiveCoverage(line, near);
    const span = near.length > 1 ? (near.at(-1)!.t - near[0]!.t) / 1000 : 0;
    const ok = coverage >= rules.minCoverage && span >= line.lengthM / rules.paceMps;
    if (ok !== verdicts[i]![day]) disagreements++;
  }
  baselineMs += performance.now() - started;
}
if (disagreements > BASELINE_CHIEFS * DAYS * 0.02)
  throw new Error(`the baseline disagrees on ${disagreements} of ${BASELINE_CHIEFS * DAYS} chief-days`);

const perChiefMs = measuredMs / CHIEFS;
const baselinePerChiefMs = baselineMs / BASELINE_CHIEFS;
console.log(
  `${CHIEFS} chiefs, ${points.toLocaleString('en-US')} points, ${done} of ${CHIEFS * DAYS} chief-days patrolled; ` +
    `baseline disagreed on ${disagreements} of ${BASELINE_CHIEFS * DAYS}`,
);
writeResult(
  'patrol-compliance',
  {
    month_all_chiefs_s: measuredMs / 1000,
    per_chief_month_ms: perChiefMs,
    points_per_s: points / (measuredMs / 1000),
  },
  {
    month_all_chiefs_s: (baselinePerChiefMs * CHIEFS) / 1000,
    per_chief_month_ms: baselinePerChiefMs,
    points_per_s: (BASELINE_CHIEFS * DAYS * POINTS_PER_DAY) / (baselineMs / 1000),
  },
);
