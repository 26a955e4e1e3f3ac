// Helpers for the domain's own tests (not part of the package's exports).

import assert from 'node:assert/strict';
import { DomainError } from './errors/index.ts';
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geo/geometry.ts';
import type { HeldPost, TrackPoint } from './road-chiefs/index.ts';

/** The code and field of the DomainError `fn` throws; the test fails when it throws none. */
export function refusal(fn: () => unknown): { code: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return { code: e.code, field: e.field };
  }
  assert.fail('expected a refusal');
}

/** The code of the DomainError `fn` throws. */
export const refusalCode = (fn: () => unknown): string => refusal(fn).code;

/** A road-chief post for tests: a person's post from 2026-01-01, nothing else set. */
export function heldPost(over: Partial<HeldPost> & Pick<HeldPost, 'level'>): HeldPost {
  return {
    id: 1,
    userId: over.level === 'duty' ? null : 1,
    unitId: null,
    areaCode: null,
    areaPath: null,
    roadId: null,
    segmentIds: [],
    agency: null,
    shiftCode: null,
    validFrom: '2026-01-01',
    validTo: null,
    ...over,
  };
}

/**
 * A local frame for hand-made tracks: positions in metres east (x) and north (y) of (lon0, lat0),
 * and tracks of such points one every `everyS` seconds from `t0`.
 */
export function metricFrame(lon0: number, lat0: number) {
  const kx = metersPerDegreeLon(lat0);
  const at = (x: number, y: number): [number, number] => [lon0 + x / kx, lat0 + y / METERS_PER_DEGREE_LAT];
  const track = (xy: readonly [number, number][], t0: number, everyS = 10, accuracy?: number): TrackPoint[] =>
    xy.map(([x, y], i) => {
      const [lon, lat] = at(x, y);
      return { t: t0 + i * everyS * 1000, lon, lat, accuracy };
    });
  return { at, track };
}
