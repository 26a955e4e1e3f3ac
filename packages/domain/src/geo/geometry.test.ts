import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  areaSquareMeters,
  distanceToBoundaryMeters,
  interiorPoint,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  onBoundary,
  pointInGeometry,
  prepareGeometry,
  sampleBoundary,
} from './geometry.ts';
import type { Polygon } from './types.ts';

// A 200 m × 100 m rectangle near Shanghai with a 50 m × 50 m hole in its middle.
const LAT = 31.05;
const DX = 1 / metersPerDegreeLon(LAT); // one metre east, in degrees
const DY = 1 / METERS_PER_DEGREE_LAT; // one metre north
const at = (east: number, north: number): number[] => [121.4 + east * DX, LAT + north * DY];
const rect = (e0: number, n0: number, e1: number, n1: number) => [
  at(e0, n0),
  at(e1, n0),
  at(e1, n1),
  at(e0, n1),
  at(e0, n0),
];
const holed: Polygon = {
  type: 'Polygon',
  coordinates: [rect(0, 0, 200, 100), rect(75, 25, 125, 75).reverse()],
};
const shape = prepareGeometry(holed);
const point = (east: number, north: number) => at(east, north) as [number, number];

describe('planar geometry helpers', () => {
  test('point in polygon respects holes', () => {
    assert.equal(pointInGeometry(...point(10, 10), holed), true);
    assert.equal(pointInGeometry(...point(100, 50), holed), false);
    assert.equal(pointInGeometry(...point(250, 50), holed), false);
  });

  test('area subtracts holes', () => {
    const area = areaSquareMeters(shape);
    assert.ok(Math.abs(area - (20_000 - 2_500)) < 5, `${area}`);
  });

  test('distance to the nearest ring, inside and outside', () => {
    assert.ok(Math.abs(distanceToBoundaryMeters(shape, ...point(10, 50)) - 10) < 0.01);
    assert.ok(Math.abs(distanceToBoundaryMeters(shape, ...point(100, 50)) - 25) < 0.01);
    assert.ok(Math.abs(distanceToBoundaryMeters(shape, ...point(203, 104)) - 5) < 0.01);
  });

  test('boundary samples are no farther apart than the step and lie on the rings', () => {
    const samples = sampleBoundary(shape, 7);
    // Perimeters 600 m + 200 m, in ≤ 7 m steps: at least 115 samples.
    assert.ok(samples.length / 2 >= 115);
    for (let i = 0; i < samples.length; i += 2) {
      assert.ok(distanceToBoundaryMeters(shape, samples[i]!, samples[i + 1]!) < 1e-6);
    }
  });

  test('interior point is inside and away from the rings', () => {
    const inner = interiorPoint(shape);
    assert.ok(inner);
    assert.ok(pointInGeometry(inner.lon, inner.lat, holed));
    assert.ok(inner.depthMeters > 20, `${inner.depthMeters}`);
  });

  test('onBoundary detects points on edges only', () => {
    assert.equal(onBoundary(shape, ...point(200, 40)), true);
    assert.equal(onBoundary(shape, ...point(100, 25)), true);
    assert.equal(onBoundary(shape, ...point(100, 26)), false);
  });
});
