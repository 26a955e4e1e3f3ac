import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineLengthMeters, METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geometry.ts';
import { seededRandom } from './random.ts';
import { layoutRoads } from './road-layout.ts';
import { nearestLineByScan, SegmentIndex } from './segment-index.ts';

// Distances worked by hand on the local scale the cells use: 110,574 m per degree of latitude,
// 111,320 × cos(lat) m per degree of longitude at the point's latitude.
const LAT = 31.05;
const LON = 121.4;
const north = (m: number) => m / METERS_PER_DEGREE_LAT;
const east = (m: number, lat = LAT) => m / metersPerDegreeLon(lat);

// A: east–west, 0.01° of longitude (≈ 953.6 m) along LAT. B: north–south, 500 m east of A's end.
const A = {
  id: 1,
  coordinates: [
    [LON, LAT],
    [LON + 0.01, LAT],
  ],
};
const B = {
  id: 2,
  coordinates: [
    [LON + 0.01 + east(500), LAT - north(300)],
    [LON + 0.01 + east(500), LAT + north(300)],
  ],
};
const index = SegmentIndex.build([B, A]);

describe('SegmentIndex.nearest', () => {
  test('a point 30 m north of the middle of A is 30 m from A', () => {
    const hit = index.nearest(LON + 0.005, LAT + north(30), 50);
    assert.equal(hit?.line.id, 1);
    assert.ok(Math.abs(hit!.distanceM - 30) < 1e-6, String(hit?.distanceM));
  });

  test('beyond the end of A the distance is to the end: 30 m east and 40 m north make 50 m', () => {
    const lat = LAT + north(40);
    const hit = index.nearest(LON + 0.01 + east(30, lat), lat, 51);
    assert.equal(hit?.line.id, 1);
    assert.ok(Math.abs(hit!.distanceM - 50) < 1e-6, String(hit?.distanceM));
    // The same point with a 49 m limit finds nothing: B is 470 m away.
    assert.equal(index.nearest(LON + 0.01 + east(30, lat), lat, 49), null);
  });

  test('the nearer of two lines wins: 200 m from B, 300 m from A’s end', () => {
    const hit = index.nearest(LON + 0.01 + east(300), LAT, 250);
    assert.equal(hit?.line.id, 2);
    assert.ok(Math.abs(hit!.distanceM - 200) < 1e-6);
  });

  test('a point farther than the limit from every line gets none', () => {
    assert.equal(index.nearest(LON + 0.005, LAT + north(51), 50), null);
    assert.equal(index.nearest(Number.NaN, LAT, 50), null);
    assert.equal(SegmentIndex.build([]).nearest(LON, LAT, 50), null);
  });

  test('at equal distance the lower id wins', () => {
    const twin = {
      id: 0,
      coordinates: [
        [LON, LAT + north(20)],
        [LON + 0.01, LAT + north(20)],
      ],
    };
    const both = SegmentIndex.build([A, twin]);
    assert.equal(both.nearest(LON + 0.005, LAT + north(10), 50)?.line.id, 0);
  });

  test('agrees with a linear scan on random points over a generated network', () => {
    const roads = layoutRoads({ bbox: [121.39, 31.03, 121.43, 31.08], count: 20, seed: 7 });
    const lines = roads.flatMap((r, i) => r.segments.map((c, j) => ({ id: i * 100 + j, coordinates: c })));
    const idx = SegmentIndex.build(lines);
    const random = seededRandom(3);
    for (let k = 0; k < 2000; k++) {
      const lon = 121.39 + 0.04 * random();
      const lat = 31.03 + 0.05 * random();
      const a = idx.nearest(lon, lat, 60);
      const b = nearestLineByScan(lines, lon, lat, 60);
      assert.equal(a?.line.id, b?.line.id);
      if (a && b) assert.equal(a.distanceM, b.distanceM);
    }
  });
});

describe('lineLengthMeters', () => {
  test('0.01° of longitude at 31.05°N is 111,320 × cos(31.05°) / 100 ≈ 953.6 m', () => {
    assert.ok(Math.abs(lineLengthMeters(A.coordinates) - 1113.2 * Math.cos((LAT * Math.PI) / 180)) < 1e-6);
    assert.ok(Math.abs(lineLengthMeters(B.coordinates) - 600) < 1e-6);
  });
});

describe('layoutRoads', () => {
  test('is deterministic, keeps segments consecutive and in the box, 3–8 per road', () => {
    const options = {
      bbox: [121.39, 31.03, 121.41, 31.05] as [number, number, number, number],
      count: 6,
      seed: 2,
    };
    const roads = layoutRoads(options);
    assert.deepEqual(roads, layoutRoads(options));
    for (const road of roads) {
      assert.ok(road.segments.length >= 3 && road.segments.length <= 8);
      for (let j = 1; j < road.segments.length; j++)
        assert.deepEqual(road.segments[j]![0], road.segments[j - 1]!.at(-1));
      for (const [lon, lat] of road.segments.flat() as [number, number][])
        assert.ok(lon > 121.39 && lon < 121.41 && lat > 31.03 && lat < 31.05);
    }
  });
});
