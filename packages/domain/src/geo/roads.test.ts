import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateDemoCity } from './demo-city.ts';
import { GridIndex } from './grid-index.ts';
import { validateRoadsImport } from './roads.ts';

const city = generateDemoCity({ seed: 1 });
const cells = GridIndex.build(city.cells);
const [w, s] = [121.395, 31.035];

const segment = (code: string, coordinates: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: {
    layer: 'segment',
    code,
    road: 'R1',
    roadName: '江川路',
    roadClass: '1',
    start: '甲',
    end: '乙',
    ...extra,
  },
  geometry: { type: 'LineString', coordinates },
});
const square = (x: number, y: number, d: number) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

describe('validateRoadsImport', () => {
  test('accepts segments, zones and key places and reports each bad feature once', () => {
    const result = validateRoadsImport(
      {
        type: 'FeatureCollection',
        features: [
          segment('S1', [
            [w, s],
            [w + 0.003, s],
          ]),
          segment('S1', [
            [w, s],
            [w + 0.003, s],
          ]),
          segment('S2', [[w, s]]),
          segment(
            'S3',
            [
              [w, s],
              [w + 0.003, s],
            ],
            { roadName: '沪闵路' },
          ),
          segment('S4', [
            [121.0, 31.0],
            [121.001, 31.0],
          ]),
          {
            type: 'Feature',
            properties: { layer: 'zone', code: 'Z1', name: '禁止区一', zoneType: 'prohibited' },
            geometry: { type: 'Polygon', coordinates: square(w, s, 0.002) },
          },
          {
            type: 'Feature',
            properties: { layer: 'zone', code: 'Z2', name: '乱', zoneType: 'loud' },
            geometry: { type: 'Polygon', coordinates: square(w, s, 0.002) },
          },
          {
            type: 'Feature',
            properties: { layer: 'key_place', code: 'K1', name: '菜场', placeType: 'market' },
            geometry: { type: 'Polygon', coordinates: square(w, s, 0.001) },
          },
          { type: 'Feature', properties: { layer: 'road', code: 'X' }, geometry: null },
        ],
      },
      cells,
    );
    assert.deepEqual(
      result.rejected.map((r) => [r.index, r.reasonCode]),
      [
        [1, 'DUPLICATE_CODE'],
        [2, 'INVALID_GEOMETRY'],
        [3, 'ROAD_MISMATCH'],
        [4, 'OUTSIDE_GRID'],
        [6, 'INVALID_TYPE'],
        [8, 'INVALID_LAYER'],
      ],
    );
    const [s1] = result.segments;
    assert.equal(result.segments.length, 1);
    assert.equal(s1!.road.classLabel, '一类');
    // 0.003° of longitude at 31.035°N: 3 × 1113.2 × cos(31.035°) / 10 ≈ 286.1 m, ≈ 3 cells wide.
    assert.ok(Math.abs(s1!.lengthM - 333.96 * Math.cos((s * Math.PI) / 180)) < 0.01);
    assert.ok(s1!.cellCodes.length >= 3 && s1!.cellCodes.length <= 4, s1!.cellCodes.join());
    assert.equal(s1!.streetCode, cells.lookup(w + 0.0015, s)!.streetCode);
    assert.deepEqual([result.zones.length, result.keyPlaces.length], [1, 1]);
  });

  test('an input that is not a FeatureCollection is one rejection', () => {
    assert.deepEqual(
      validateRoadsImport({ type: 'Feature' }, cells).rejected[0]?.reasonCode,
      'INVALID_COLLECTION',
    );
  });
});
