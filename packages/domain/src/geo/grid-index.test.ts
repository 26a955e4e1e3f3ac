import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containsPoint, prepareGeometry } from './geometry.ts';
import { GridIndex } from './grid-index.ts';
import { seededRandom } from './random.ts';
import type { GridCell, MultiPolygon, Polygon, Position } from './types.ts';

// Cells on a 0.01° lattice near Shanghai; (x, y) are lattice units.
const LON = 121.4;
const LAT = 31.05;
const UNIT = 0.01;
const at = (x: number, y: number): Position => [LON + x * UNIT, LAT + y * UNIT];

function rectRing(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
}

function cell(code: string, geometry: Polygon | MultiPolygon): GridCell {
  return {
    code,
    communityCode: code.slice(0, 12),
    streetCode: code.slice(0, 9),
    districtCode: code.slice(0, 6),
    geometry,
  };
}

const square = (code: string, x: number, y: number): GridCell =>
  cell(code, { type: 'Polygon', coordinates: [rectRing(x, y, x + 1, y + 1)] });

// A 2 × 2 block (SW, SE, NW, NE), a cell with a hole, and a two-part MultiPolygon cell.
const SW = square('310112001001001', 0, 0);
const SE = square('310112001001002', 1, 0);
const NW = square('310112001001003', 0, 1);
const NE = square('310112001001004', 1, 1);
const HOLED = cell('310112001001005', {
  type: 'Polygon',
  coordinates: [rectRing(3, 0, 4, 1), rectRing(3.4, 0.4, 3.6, 0.6).reverse()],
});
const TWO_PARTS = cell('310112001001006', {
  type: 'MultiPolygon',
  coordinates: [[rectRing(5, 0, 6, 1)], [rectRing(7, 0, 8, 1)]],
});
const ALL = [NE, HOLED, SW, TWO_PARTS, NW, SE];

const lookupCode = (index: GridIndex, x: number, y: number): string | null => {
  const [lon, lat] = at(x, y) as [number, number];
  return index.lookup(lon, lat)?.code ?? null;
};

describe('GridIndex', () => {
  const index = GridIndex.build(ALL);

  test('size and bbox', () => {
    assert.equal(index.size, 6);
    assert.deepEqual(index.bbox, [at(0, 0)[0], at(0, 0)[1], at(8, 2)[0], at(8, 2)[1]]);
  });

  test('finds the cell containing a point', () => {
    assert.equal(lookupCode(index, 0.5, 0.5), SW.code);
    assert.equal(lookupCode(index, 1.2, 0.9), SE.code);
    assert.equal(lookupCode(index, 0.1, 1.7), NW.code);
    assert.equal(lookupCode(index, 1.99, 1.99), NE.code);
    assert.equal(lookupCode(index, 3.1, 0.9), HOLED.code);
    assert.equal(lookupCode(index, 5.5, 0.5), TWO_PARTS.code);
    assert.equal(lookupCode(index, 7.5, 0.5), TWO_PARTS.code);
  });

  test('a point on a shared edge resolves to exactly one cell: the east or north neighbour', () => {
    assert.equal(lookupCode(index, 1, 0.5), SE.code);
    assert.equal(lookupCode(index, 0.5, 1), NW.code);
    assert.equal(lookupCode(index, 1, 1), NE.code);
    assert.equal(lookupCode(index, 1, 1.5), NE.code);
  });

  test('a point on the outer boundary still resolves to the cell it touches', () => {
    assert.equal(lookupCode(index, 0.5, 2), NW.code);
    assert.equal(lookupCode(index, 2, 0.5), SE.code);
    assert.equal(lookupCode(index, 2, 2), NE.code);
    assert.equal(lookupCode(index, 0, 0.5), SW.code);
  });

  test('a point in a hole, between parts or outside every cell is null', () => {
    assert.equal(lookupCode(index, 3.5, 0.5), null);
    assert.equal(lookupCode(index, 6.5, 0.5), null);
    assert.equal(lookupCode(index, 2.5, 0.5), null);
    assert.equal(lookupCode(index, -1, -1), null);
    assert.equal(index.lookup(Number.NaN, LAT), null);
  });

  test('points on a sloped shared edge belong to exactly one of the two triangles', () => {
    // Random edges, each shared by a triangle on either side; points interpolated along it land
    // on the edge up to rounding, where an inconsistent crossing test would give 0 or 2 owners.
    const random = seededRandom(5);
    for (let e = 0; e < 200; e++) {
      const a = [121.3 + random() * 0.1, 31 + random() * 0.1] as const;
      const b = [121.3 + random() * 0.1, 31 + random() * 0.1] as const;
      const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as const;
      const normal = [-(b[1] - a[1]), b[0] - a[0]] as const;
      const left = [mid[0] + normal[0], mid[1] + normal[1]];
      const right = [mid[0] - normal[0], mid[1] - normal[1]];
      const first = cell('310112001002001', {
        type: 'Polygon',
        coordinates: [[[...a], [...b], left, [...a]]],
      });
      const second = cell('310112001002002', {
        type: 'Polygon',
        coordinates: [[[...b], [...a], right, [...b]]],
      });
      const triangles = GridIndex.build([first, second]);
      const shapes = [first, second].map((c) => prepareGeometry(c.geometry));
      for (let k = 2; k < 200; k++) {
        const t = k / 201;
        const lon = a[0] + t * (b[0] - a[0]);
        const lat = a[1] + t * (b[1] - a[1]);
        const owners = shapes.filter((shape) => containsPoint(shape, lon, lat)).length;
        assert.equal(owners, 1, `edge ${e}, t=${t}`);
        assert.ok(triangles.lookup(lon, lat));
      }
    }
  });

  test('overlapping cells resolve to the lowest code whatever the input order', () => {
    const a = square('310112001003002', 0, 0);
    const b = square('310112001003001', 0, 0);
    for (const cells of [
      [a, b],
      [b, a],
    ]) {
      assert.equal(lookupCode(GridIndex.build(cells), 0.5, 0.5), '310112001003001');
    }
  });

  test('agrees with a linear scan on random points', () => {
    const random = seededRandom(3);
    const shapes = ALL.map((c) => prepareGeometry(c.geometry));
    for (let i = 0; i < 5000; i++) {
      const [lon, lat] = at(-0.5 + random() * 9, -0.5 + random() * 3) as [number, number];
      const claimedBy = ALL.filter((_, k) => containsPoint(shapes[k]!, lon, lat));
      assert.ok(claimedBy.length <= 1);
      assert.equal(index.lookup(lon, lat)?.code ?? null, claimedBy[0]?.code ?? null);
    }
  });

  test('search returns the cells whose boxes meet a box, by code', () => {
    const [minLon, minLat] = at(0.5, 0.5) as [number, number];
    const [maxLon, maxLat] = at(0.6, 1.5) as [number, number];
    assert.deepEqual(
      index.search(minLon, minLat, maxLon, maxLat).map((c) => c.code),
      [SW.code, NW.code],
    );
  });

  test('an empty index finds nothing', () => {
    const empty = GridIndex.build([]);
    assert.equal(empty.size, 0);
    assert.equal(empty.bbox, null);
    assert.equal(empty.lookup(LON, LAT), null);
    assert.deepEqual(empty.search(0, 0, 180, 90), []);
  });

  test('builds 50,000 cells well under a second', () => {
    const cells: GridCell[] = [];
    for (let i = 0; i < 50_000; i++) {
      const code = `310112${String(Math.floor(i / 1000) + 1).padStart(6, '0')}${String((i % 1000) + 1).padStart(3, '0')}`;
      cells.push(square(code, (i % 250) / 10, Math.floor(i / 250) / 10));
    }
    const started = performance.now();
    const big = GridIndex.build(cells);
    const elapsed = performance.now() - started;
    assert.equal(big.size, 50_000);
    assert.ok(elapsed < 1000, `build took ${elapsed} ms`);
  });
});
