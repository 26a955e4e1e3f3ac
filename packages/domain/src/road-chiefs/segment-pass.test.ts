// Hand-made tracks over a straight 300 m east–west segment (docs/road-chiefs.md, "Patrols"):
// points are placed in metres east (x) and north (y) of the segment's west end. Rules: 30 m,
// 70 %, pace 1.5 m/s (so at least 200 s), a walking level's 4 m/s, 10 s speed windows.

import assert from 'node:assert/strict';
import test from 'node:test';
import { metricFrame } from '../testing.ts';
import {
  cleanTrack,
  DEFAULT_PASS_RULES,
  judgeSegment,
  type PassRules,
  prepareLine,
  type TrackPoint,
} from './segment-pass.ts';

const { at, track: trackFrom } = metricFrame(121.4, 31.0);
const LINE = prepareLine(1, [at(0, 0), at(150, 0), at(300, 0)]);
const WALK: PassRules = { ...DEFAULT_PASS_RULES, maxSpeedMps: 4 };
const T0 = Date.parse('2026-09-28T01:00:00Z');
const track = (xy: [number, number][], everyS = 10) => trackFrom(xy, T0, everyS);
const judge = (points: TrackPoint[], rules = WALK) =>
  judgeSegment(LINE, cleanTrack(points, rules.maxAccuracyM, rules.maxSpeedMps), rules);
/** Every 12 m from x = 0 to 300, 5 m north of the line: 1.2 m/s at a point per 10 s. */
const walk = (): [number, number][] => Array.from({ length: 26 }, (_, k) => [12 * k, 5]);

test('the segment is 300 m long', () => {
  assert.ok(Math.abs(LINE.lengthM - 300) < 0.01, String(LINE.lengthM));
});

test('a full walk at 1.2 m/s: covered, 250 s ≥ 200 s, 1.2 m/s — patrolled', () => {
  const pass = judge(track(walk()));
  assert.equal(pass.patrolled, true, JSON.stringify(pass));
  assert.equal(pass.coverage, 1);
  assert.equal(pass.spanS, 250);
  assert.ok(Math.abs(pass.requiredSpanS - 200) < 0.01);
  assert.ok(Math.abs(pass.topSpeedMps - 1.2) < 0.01, String(pass.topSpeedMps));
});

test('a gap from x = 60 to 228: [0, 89.58] ∪ [198.42, 300] = 63.7 % — not patrolled', () => {
  const points = track(walk()).filter((_, k) => !(12 * k > 60 && 12 * k < 220));
  const pass = judge(points);
  // half = √(30² − 5²) = 29.58: covered 60 + 29.58 and 300 − (228 − 29.58)
  assert.ok(Math.abs(pass.coverage - (89.58 + 101.58) / 300) < 0.001, String(pass.coverage));
  assert.deepEqual(pass.shortfalls, ['coverage']);
  assert.equal(pass.spanS, 250, 'the gap is 168 m in 140 s: 1.2 m/s, not a jump');
});

test('standing still at x = 150 for ten minutes: 2 × √(30² − 3²) = 59.7 m, 19.9 % — not patrolled', () => {
  const pass = judge(track(Array.from({ length: 61 }, () => [150, 3])));
  assert.ok(Math.abs(pass.coverage - (2 * Math.sqrt(891)) / 300) < 0.0001, String(pass.coverage));
  assert.equal(pass.spanS, 600);
  assert.deepEqual(pass.shortfalls, ['coverage']);
});

test('only crossing it north–south at x = 150: 59.5 m in 40 s — neither covered nor long enough', () => {
  const pass = judge(track(Array.from({ length: 17 }, (_, k) => [150, -100 + 12 * k])));
  // near points at y = −28, −16, −4, 8, 20; the widest is y = −4: ± √(900 − 16) = 29.73
  assert.ok(Math.abs(pass.coverage - (2 * Math.sqrt(884)) / 300) < 0.0001, String(pass.coverage));
  assert.equal(pass.spanS, 40);
  assert.deepEqual(pass.shortfalls, ['coverage', 'too_quick']);
});

test('driven at 12 m/s: too quick and too fast on foot; a 总路长 by car at 7.5 m/s passes', () => {
  const drive = track(
    Array.from({ length: 13 }, (_, k) => [25 * k, 0]),
    25 / 12,
  );
  const pass = judge(drive);
  assert.deepEqual(pass.shortfalls, ['too_quick', 'too_fast']);
  assert.ok(Math.abs(pass.topSpeedMps - 12) < 0.01, String(pass.topSpeedMps));

  const car: PassRules = { ...DEFAULT_PASS_RULES, paceMps: 8, maxSpeedMps: 15 };
  const slow = judge(
    track(
      Array.from({ length: 13 }, (_, k) => [25 * k, 0]),
      25 / 7.5,
    ),
    car,
  );
  assert.equal(slow.patrolled, true, JSON.stringify(slow));
  assert.equal(judge(drive, car).patrolled, false, '25 s is less than 300 m ÷ 8 m/s = 37.5 s');
});

test('GPS noise: a lone spike and an inaccurate fix are dropped; jitter is not speed', () => {
  const points = track(walk());
  const [lon, lat] = at(150, 400);
  points[12] = { ...points[12]!, lon, lat }; // 400 m off and straight back
  points.splice(5, 0, { t: points[4]!.t + 5000, ...toLonLat(at(150, -300)), accuracy: 120 });
  const pass = judge(points);
  assert.equal(pass.patrolled, true, JSON.stringify(pass));
  assert.ok(pass.topSpeedMps < 1.5, String(pass.topSpeedMps));

  // A point every second, 1.2 m/s east, 5 m north and south in turn: 10 m between fixes.
  const jitter = track(
    Array.from({ length: 251 }, (_, k) => [1.2 * k, k % 2 === 0 ? 5 : -5]),
    1,
  );
  const steady = judge(jitter);
  assert.equal(steady.patrolled, true, JSON.stringify(steady));
  assert.ok(steady.topSpeedMps < 2, String(steady.topSpeedMps));
});

function toLonLat([lon, lat]: [number, number]) {
  return { lon, lat };
}
