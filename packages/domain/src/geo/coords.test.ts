import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromWgs84, geometryToWgs84, InvalidCoordinateError, toWgs84 } from './coords.ts';
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geometry.ts';
import { seededRandom } from './random.ts';
import type { Polygon } from './types.ts';

function metersBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return Math.hypot((a.lon - b.lon) * metersPerDegreeLon(a.lat), (a.lat - b.lat) * METERS_PER_DEGREE_LAT);
}

/** Seeded points spread over greater Shanghai. */
function shanghaiPoints(count: number): { lon: number; lat: number }[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, () => ({ lon: 120.9 + random() * 1.0, lat: 30.7 + random() * 0.9 }));
}

describe('coordinate systems', () => {
  test('WGS84 to WGS84 is the identity', () => {
    assert.deepEqual(toWgs84(121.4, 31.05, 'WGS84'), { lon: 121.4, lat: 31.05 });
    assert.deepEqual(fromWgs84(121.4, 31.05, 'WGS84'), { lon: 121.4, lat: 31.05 });
  });

  for (const crs of ['GCJ02', 'BD09'] as const) {
    test(`${crs} round trip loses less than 1 m near Shanghai`, () => {
      let worst = 0;
      for (const p of shanghaiPoints(500)) {
        const shown = fromWgs84(p.lon, p.lat, crs);
        const back = toWgs84(shown.lon, shown.lat, crs);
        worst = Math.max(worst, metersBetween(p, back));
      }
      assert.ok(worst < 1, `worst round-trip error ${worst} m`);
    });
  }

  test('GCJ02 offset near Shanghai is a few hundred metres, to the east and south', () => {
    for (const p of shanghaiPoints(200)) {
      const gcj = fromWgs84(p.lon, p.lat, 'GCJ02');
      const offset = metersBetween(p, gcj);
      assert.ok(offset > 300 && offset < 800, `offset ${offset} m at ${p.lon},${p.lat}`);
      assert.ok(gcj.lon > p.lon && gcj.lat < p.lat);
    }
  });

  test('BD09 lies farther from WGS84 than GCJ02 does (about 1 km near Shanghai)', () => {
    for (const p of shanghaiPoints(200)) {
      const bd = fromWgs84(p.lon, p.lat, 'BD09');
      const gcj = fromWgs84(p.lon, p.lat, 'GCJ02');
      const offset = metersBetween(p, bd);
      assert.ok(offset > 800 && offset < 1500, `offset ${offset} m`);
      assert.ok(offset > metersBetween(p, gcj));
    }
  });

  test('GCJ02 leaves points outside China unchanged', () => {
    assert.deepEqual(toWgs84(-0.1276, 51.5072, 'GCJ02'), { lon: -0.1276, lat: 51.5072 });
  });

  test('rejects NaN, infinities, out-of-range values and unknown systems', () => {
    const bad: [number, number, string][] = [
      [Number.NaN, 31, 'WGS84'],
      [121, Number.NaN, 'GCJ02'],
      [Number.POSITIVE_INFINITY, 31, 'BD09'],
      [181, 31, 'WGS84'],
      [-180.5, 31, 'WGS84'],
      [121, 90.01, 'GCJ02'],
      [121, -91, 'BD09'],
      [121, 31, 'EPSG3857'],
    ];
    for (const [lon, lat, crs] of bad) {
      for (const convert of [toWgs84, fromWgs84]) {
        assert.throws(
          () => convert(lon, lat, crs as 'WGS84'),
          (error: unknown) =>
            error instanceof InvalidCoordinateError &&
            error.code === 'INVALID_COORDINATE' &&
            error.message.length > 0,
          `${lon},${lat},${crs}`,
        );
      }
    }
  });

  test('geometryToWgs84 converts every vertex on a copy and leaves the input alone', () => {
    const input: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [121.4, 31.05],
          [121.41, 31.05],
          [121.41, 31.06],
          [121.4, 31.05],
        ],
      ],
    };
    const before = structuredClone(input);
    const output = geometryToWgs84(input, 'GCJ02');
    assert.deepEqual(input, before);
    assert.equal(output.coordinates[0]!.length, 4);
    output.coordinates[0]!.forEach((position, i) => {
      const expected = toWgs84(input.coordinates[0]![i]![0]!, input.coordinates[0]![i]![1]!, 'GCJ02');
      assert.deepEqual(position, [expected.lon, expected.lat]);
    });
    assert.throws(
      () => geometryToWgs84({ type: 'Polygon', coordinates: [[[121, 95]]] }, 'WGS84'),
      InvalidCoordinateError,
    );
  });
});
