import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromWgs84 } from './coords.ts';
import { generateDemoCity } from './demo-city.ts';
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geometry.ts';
import type { ArealGeometry, GridCell, Polygon, Position } from './types.ts';
import { communityCoverage, type GridImportReasonCode, validateGridImport } from './validate.ts';

const city = generateDemoCity({ seed: 1 });
const communities = city.communities.map(({ code, geometry }) => ({ code, geometry }));

interface FeatureIn {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

const feature = (code: unknown, geometry: unknown): FeatureIn => ({
  type: 'Feature',
  properties: { code },
  geometry,
});
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const asFeature = (cell: GridCell): FeatureIn => feature(cell.code, structuredClone(cell.geometry));

/** Moves a geometry by metres east and north. */
function shifted(geometry: ArealGeometry, eastMeters: number, northMeters: number): Polygon {
  assert.equal(geometry.type, 'Polygon');
  const ring = (geometry as Polygon).coordinates[0]!;
  const dLon = eastMeters / metersPerDegreeLon(ring[0]![1]!);
  const dLat = northMeters / METERS_PER_DEGREE_LAT;
  return { type: 'Polygon', coordinates: [ring.map(([lon, lat]) => [lon! + dLon, lat! + dLat])] };
}

/** A demo cell with all eight neighbours in the same community (so small shifts stay inside it). */
function interiorCell(): { cell: GridCell; east: GridCell } {
  const byCorner = new Map(city.cells.map((c) => [String((c.geometry as Polygon).coordinates[0]![0]), c]));
  for (const c of city.cells) {
    const ring = (c.geometry as Polygon).coordinates[0]!;
    const corners = [ring[0], ring[1], ring[2], ring[3]].map(String);
    const east = byCorner.get(corners[1]!);
    const neighbours = [east, byCorner.get(corners[3]!), byCorner.get(corners[2]!)];
    const west = city.cells.find((o) => String((o.geometry as Polygon).coordinates[0]![1]) === corners[0]);
    const south = city.cells.find((o) => String((o.geometry as Polygon).coordinates[0]![3]) === corners[0]);
    if (east && [...neighbours, west, south].every((n) => n?.communityCode === c.communityCode))
      return { cell: c, east };
  }
  throw new Error('no interior cell');
}

function rejectionOf(features: unknown[], index = features.length - 1) {
  const result = validateGridImport(collection(features), communities);
  const found = result.rejected.find((r) => r.index === index);
  assert.ok(found, `feature ${index} was not rejected: ${JSON.stringify(result.rejected)}`);
  return found;
}

function assertRejected(features: unknown[], reasonCode: GridImportReasonCode, reasonPart?: RegExp) {
  const rejection = rejectionOf(features);
  assert.equal(rejection.reasonCode, reasonCode, rejection.reason);
  if (reasonPart) assert.match(rejection.reason, reasonPart);
  return rejection;
}

describe('validateGridImport', () => {
  const sample = city.cells[0]!;
  const ring = (sample.geometry as Polygon).coordinates[0]!;

  test('accepts every demo cell, with derived community, street and district codes', () => {
    const result = validateGridImport(collection(city.cells.map(asFeature)), communities);
    assert.deepEqual(result.rejected, []);
    assert.equal(result.accepted.length, city.cells.length);
    assert.deepEqual(result.accepted, city.cells);
  });

  test('rejects an unclosed ring', () => {
    assertRejected(
      [feature(sample.code, { type: 'Polygon', coordinates: [ring.slice(0, 4)] })],
      'RING_NOT_CLOSED',
      /ring 0 is not closed/,
    );
  });

  test('rejects a ring with fewer than 4 positions', () => {
    const triangleish = [ring[0], ring[1], ring[0]];
    assertRejected(
      [feature(sample.code, { type: 'Polygon', coordinates: [triangleish] })],
      'RING_TOO_SHORT',
      /ring 0 has 3 positions/,
    );
  });

  test('rejects a self-intersecting bowtie', () => {
    const bowtie = [ring[0], ring[2], ring[1], ring[3], ring[0]];
    assertRejected(
      [feature(sample.code, { type: 'Polygon', coordinates: [bowtie] })],
      'SELF_INTERSECTION',
      /intersects itself/,
    );
  });

  test('rejects codes that are malformed or name an unknown community', () => {
    assertRejected([feature('31011200100100', sample.geometry)], 'INVALID_CODE', /15 digits/);
    assertRejected([feature(310112001001001, sample.geometry)], 'INVALID_CODE');
    assertRejected(
      [{ type: 'Feature', properties: {}, geometry: sample.geometry }],
      'INVALID_CODE',
      /missing/,
    );
    assertRejected([feature('310112001099001', sample.geometry)], 'UNKNOWN_COMMUNITY', /310112001099/);
    assertRejected([feature('310113001001001', sample.geometry)], 'UNKNOWN_COMMUNITY');
  });

  test('rejects a cell outside its community, and one shifted beyond the tolerance', () => {
    const elsewhere = city.cells.find((c) => c.communityCode !== sample.communityCode)!;
    assertRejected(
      [feature(sample.communityCode + '900', elsewhere.geometry)],
      'OUTSIDE_COMMUNITY',
      /outside community/,
    );
    // The demo's first cell is in its community's north-west corner: moving it north leaves it.
    assertRejected(
      [feature(sample.code, shifted(sample.geometry, 0, 20))],
      'OUTSIDE_COMMUNITY',
      /20\.\d m outside/,
    );
    const withinTolerance = validateGridImport(
      collection([feature(sample.code, shifted(sample.geometry, 0, 0.5))]),
      communities,
    );
    assert.equal(withinTolerance.accepted.length, 1);
  });

  test('rejects a cell that covers a hole of its community', () => {
    const outer = [
      [121.4, 31.05],
      [121.41, 31.05],
      [121.41, 31.06],
      [121.4, 31.06],
      [121.4, 31.05],
    ];
    const hole = [
      [121.404, 31.054],
      [121.404, 31.056],
      [121.406, 31.056],
      [121.406, 31.054],
      [121.404, 31.054],
    ];
    const holed = [
      { code: '310112001050', geometry: { type: 'Polygon' as const, coordinates: [outer, hole] } },
    ];
    const over = [
      [121.403, 31.053],
      [121.407, 31.053],
      [121.407, 31.057],
      [121.403, 31.057],
      [121.403, 31.053],
    ];
    const result = validateGridImport(
      collection([feature('310112001050001', { type: 'Polygon', coordinates: [over] })]),
      holed,
    );
    assert.equal(result.rejected[0]?.reasonCode, 'OUTSIDE_COMMUNITY');
    assert.match(result.rejected[0]!.reason, /covers land outside community/);
    const beside = [
      [121.401, 31.051],
      [121.403, 31.051],
      [121.403, 31.053],
      [121.401, 31.053],
      [121.401, 31.051],
    ];
    const ok = validateGridImport(
      collection([feature('310112001050002', { type: 'Polygon', coordinates: [beside] })]),
      holed,
    );
    assert.equal(ok.accepted.length, 1);
  });

  test('rejects a duplicate code and keeps the first', () => {
    const second = city.cells[1]!;
    const rejection = assertRejected(
      [asFeature(sample), feature(sample.code, second.geometry)],
      'DUPLICATE_CODE',
      /feature 0/,
    );
    assert.equal(rejection.code, sample.code);
  });

  test('rejects overlaps beyond the tolerance, in input order', () => {
    const { cell, east } = interiorCell();
    const sameShape = feature(cell.communityCode + '998', structuredClone(cell.geometry));
    assertRejected(
      [asFeature(cell), sameShape],
      'OVERLAP',
      new RegExp(`overlaps cell ${cell.code} \\(feature 0\\)`),
    );
    const halfOver = feature(cell.communityCode + '999', shifted(cell.geometry, 30, 0));
    assertRejected([asFeature(cell), halfOver], 'OVERLAP');
    // Neighbours sharing an edge, and a 0.5 m sliver, are not overlaps.
    const neighbours = validateGridImport(collection([asFeature(cell), asFeature(east)]), communities);
    assert.equal(neighbours.accepted.length, 2);
    const sliver = feature(east.code, shifted(east.geometry, -0.5, 0));
    assert.equal(validateGridImport(collection([asFeature(cell), sliver]), communities).accepted.length, 2);
  });

  test('rejects bad coordinates', () => {
    const withPosition = (position: unknown) => ({
      type: 'Polygon',
      coordinates: [[position, ring[1], ring[2], ring[3], position]],
    });
    assertRejected(
      [feature(sample.code, withPosition([121.4, 95]))],
      'INVALID_COORDINATE',
      /latitude 95 is outside/,
    );
    assertRejected(
      [feature(sample.code, withPosition([Number.NaN, 31]))],
      'INVALID_COORDINATE',
      /longitude NaN/,
    );
    assertRejected([feature(sample.code, withPosition(['121.4', 31]))], 'INVALID_COORDINATE', /"121.4"/);
    assertRejected([feature(sample.code, withPosition([121.4]))], 'INVALID_GEOMETRY', /position 0/);
  });

  test('rejects wrong geometry types, zero-area rings and non-features', () => {
    assertRejected(
      [feature(sample.code, { type: 'Point', coordinates: ring[0] })],
      'INVALID_GEOMETRY_TYPE',
      /"Point"/,
    );
    assertRejected([feature(sample.code, null)], 'INVALID_GEOMETRY_TYPE');
    assertRejected([feature(sample.code, { type: 'Polygon', coordinates: [] })], 'INVALID_GEOMETRY');
    const [a, b] = ring as [Position, Position];
    const flat = [a, b, [(a[0]! + b[0]!) / 2, a[1]!], a];
    assertRejected([feature(sample.code, { type: 'Polygon', coordinates: [flat] })], 'DEGENERATE_GEOMETRY');
    assertRejected(['not a feature'], 'INVALID_FEATURE');
    const notCollection = validateGridImport({ type: 'Feature' }, communities);
    assert.deepEqual(notCollection.accepted, []);
    assert.equal(notCollection.rejected[0]?.reasonCode, 'INVALID_COLLECTION');
  });

  test('reports index and code for each rejection and accepts the rest', () => {
    const result = validateGridImport(
      collection([asFeature(city.cells[0]!), feature('bad', sample.geometry), asFeature(city.cells[1]!), 42]),
      communities,
    );
    assert.deepEqual(
      result.accepted.map((c) => c.code),
      [city.cells[0]!.code, city.cells[1]!.code],
    );
    assert.deepEqual(
      result.rejected.map((r) => [r.index, r.code, r.reasonCode]),
      [
        [1, null, 'INVALID_CODE'],
        [3, null, 'INVALID_FEATURE'],
      ],
    );
  });

  test('accepts MultiPolygon cells and cells with holes', () => {
    const { cell, east } = interiorCell();
    const multi = {
      type: 'MultiPolygon',
      coordinates: [(cell.geometry as Polygon).coordinates, (east.geometry as Polygon).coordinates],
    };
    const r = (cell.geometry as Polygon).coordinates[0]!;
    const [x0, y0] = r[0] as [number, number];
    const [x1, y1] = r[2] as [number, number];
    const at = (fx: number, fy: number) => [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
    const hole = [at(0.3, 0.3), at(0.3, 0.6), at(0.6, 0.6), at(0.6, 0.3), at(0.3, 0.3)];
    const holed = { type: 'Polygon', coordinates: [r, hole] };
    const result = validateGridImport(collection([feature(cell.code, multi)]), communities);
    assert.deepEqual(result.rejected, []);
    assert.deepEqual(validateGridImport(collection([feature(cell.code, holed)]), communities).rejected, []);
  });

  test('converts GCJ02 and BD09 input on a copy when the crs is declared', () => {
    const some = city.cells.slice(0, 200);
    for (const crs of ['GCJ02', 'BD09'] as const) {
      const features = some.map((c) =>
        feature(c.code, {
          type: 'Polygon',
          coordinates: (c.geometry as Polygon).coordinates.map((r) =>
            r.map(([lon, lat]) => {
              const p = fromWgs84(lon!, lat!, crs);
              return [p.lon, p.lat];
            }),
          ),
        }),
      );
      const before = structuredClone(features);
      const result = validateGridImport(collection(features), communities, { crs });
      assert.deepEqual(result.rejected, []);
      assert.deepEqual(features, before, 'input must not be modified');
      result.accepted.forEach((accepted, i) => {
        const original = (some[i]!.geometry as Polygon).coordinates[0]!;
        (accepted.geometry as Polygon).coordinates[0]!.forEach(([lon, lat], k) => {
          const dx = (lon! - original[k]![0]!) * metersPerDegreeLon(lat!);
          const dy = (lat! - original[k]![1]!) * METERS_PER_DEGREE_LAT;
          assert.ok(Math.hypot(dx, dy) < 0.5);
        });
      });
      // Undeclared, the same offset cells fall hundreds of metres away from their communities.
      const undeclared = validateGridImport(collection(features), communities);
      assert.ok(undeclared.rejected.some((r) => r.reasonCode === 'OUTSIDE_COMMUNITY'));
    }
  });

  test('communityCoverage shows full tiling, and the gap left by a missing cell', () => {
    const full = communityCoverage(city.cells, communities);
    assert.equal(full.length, communities.length);
    for (const entry of full) assert.ok(Math.abs(entry.coveredRatio - 1) < 1e-5, entry.communityCode);
    const missing = city.cells[0]!;
    const partial = communityCoverage(city.cells.slice(1), communities);
    const hit = partial.find((e) => e.communityCode === missing.communityCode)!;
    const whole = full.find((e) => e.communityCode === missing.communityCode)!;
    assert.equal(hit.cellCount, whole.cellCount - 1);
    assert.ok(Math.abs(hit.coveredRatio - (whole.cellCount - 1) / whole.cellCount) < 1e-4);
  });
});
