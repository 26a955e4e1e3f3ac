// Roads and segments (issue 17 item 1): the demo's roads, the GeoJSON import with its rejection
// report, a case position → nearest segment within the configured distance, zone and key place,
// an address-only case taking its gazetteer place's segment, and the back-fill of older cases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type Position,
  prepareGeometry,
  interiorPoint,
  type ArealGeometry,
  SegmentIndex,
} from '@xiuhua/domain/geo';
import { sql } from 'kysely';
import { issueApiKey, createIntegrationAccount, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S2 = '310112006'; // 古美街道
const GARBAGE = '06010';

const north = (m: number) => m / METERS_PER_DEGREE_LAT;
const east = (m: number, lat: number) => m / metersPerDegreeLon(lat);

/** A square of ± half metres around a point, as GeoJSON polygon coordinates. */
function square(lon: number, lat: number, half: number): Position[][] {
  const [dx, dy] = [east(half, lat), north(half)];
  return [
    [
      [lon - dx, lat - dy],
      [lon + dx, lat - dy],
      [lon + dx, lat + dy],
      [lon - dx, lat + dy],
      [lon - dx, lat - dy],
    ],
  ];
}

async function fileAt(point: { lon: number; lat: number }, as = 'inspector2') {
  const res = await s.call('POST', '/api/cases', {
    as,
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: GARBAGE,
      description: '路边暴露垃圾',
      location: point,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/**
 * The centre of a cell of street S2 lying more than 250 m from every demo segment and the street's
 * edge; `clearM`: and with no zone or key place within that many metres east or west.
 */
async function quietSpot(clearM = 0): Promise<{ lon: number; lat: number }> {
  const all = await s.call('GET', '/api/roads/segments', { as: 'admin' });
  assert.equal(all.status, 200);
  const index = SegmentIndex.build(
    all.body.features.map((f: any) => ({ id: f.properties.id, coordinates: f.geometry.coordinates })),
  );
  const street = await s.db
    .selectFrom('areas')
    .select('geometry')
    .where('code', '=', S2)
    .executeTakeFirstOrThrow();
  const [w, so, e, n] = prepareGeometry(street.geometry as ArealGeometry).bbox;
  // Well inside the street, so the test's segment and zone lie inside the city.
  const inside = (p: { lon: number; lat: number }) =>
    p.lon > w + east(300, p.lat) &&
    p.lon < e - east(300, p.lat) &&
    p.lat > so + north(300) &&
    p.lat < n - north(300);
  const cells = await s.db
    .selectFrom('grid_cells')
    .select('geometry')
    .where('code', 'like', `${S2}%`)
    .orderBy('code')
    .execute();
  for (const cell of cells) {
    const p = interiorPoint(prepareGeometry(cell.geometry as ArealGeometry))!;
    if (!inside(p) || index.nearest(p.lon, p.lat, 250)) continue;
    let clear = true;
    for (let m = -clearM; m <= clearM && clear; m += 25) {
      const r = await s.app.services.roads.resolve(p.lon + east(m, p.lat), p.lat);
      clear = r.zoneId === null && r.keyPlaceId === null;
    }
    if (clear) return { lon: p.lon, lat: p.lat };
  }
  throw new Error('no quiet spot in the street');
}

describe('the demo roads', () => {
  test('every real road of a demo street has 3–8 segments; lengths and cells are computed', async () => {
    const res = await s.call('GET', '/api/roads', { as: 'inspector1' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.distanceM, 50);
    const byName = new Map(res.body.roads.map((r: any) => [r.name, r]));
    for (const name of ['江川路', '沪闵路', '古美路', '申长路', '浦锦路', '陈行公路']) {
      const road: any = byName.get(name);
      assert.ok(road, name);
      assert.ok(road.segments >= 3 && road.segments <= 8, `${name}: ${road.segments}`);
      assert.ok(road.lengthM > 500, `${name}: ${road.lengthM} m`);
      assert.ok(['一类', '二类', '三类'].includes(road.classLabel));
      assert.match(road.streetCode, /^310112\d{3}$/);
    }
    assert.ok(res.body.counts.zones >= 3 && res.body.counts.keyPlaces >= 10, JSON.stringify(res.body.counts));
    assert.deepEqual([...new Set(res.body.zones.map((z: any) => z.typeName.zh))].sort(), [
      '严管区',
      '控制区',
      '禁止区',
    ]);
    const segments = await s.call('GET', `/api/roads/segments?roadId=${(byName.get('江川路') as any).id}`, {
      as: 'inspector1',
    });
    for (const f of segments.body.features) {
      assert.ok(f.properties.cellCodes.length > 0);
      assert.ok(f.properties.lengthM > 0);
      assert.ok(f.properties.start && f.properties.end);
    }
  });

  test('a case with only an address takes the segment of its gazetteer place', async () => {
    const userId = await createIntegrationAccount(s, 'roads110');
    const key = await issueApiKey(s, userId, 'police110');
    const res = await s.call('POST', '/api/integrations/110/transfers', {
      headers: { 'x-api-key': key },
      body: {
        incidentNumber: 'JJ-ROADS-1',
        receivedAt: '2026-09-28T00:55:00Z',
        address: '江川路',
        description: '路面垃圾堆放，非警情，转城管处置。',
        categoryHint: '暴露垃圾',
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = await s.call('GET', `/api/cases/${res.body.caseNumber}`, { as: 'intake' });
    assert.equal(c.body.segment?.roadName, '江川路', JSON.stringify(c.body.segment));
    assert.match(c.body.segment.description, /江川路/);
  });
});

describe('import, resolve, back-fill', () => {
  test('import: admin only; good features in, bad ones reported; a case at a point resolves', async () => {
    const spot = await quietSpot();
    const { lon, lat } = spot;
    // A case filed before there were segments here: as every case was before the migration.
    const older = await fileAt({ lon, lat: lat + north(20) });
    assert.equal(older.segment, null);
    await sql`update cases set roads_resolved_at = null where id = ${older.id}`.execute(s.db);

    const line = [
      [lon - east(80, lat), lat],
      [lon + east(80, lat), lat],
    ];
    const features = [
      {
        type: 'Feature',
        properties: {
          layer: 'segment',
          code: 'T-1',
          road: 'T',
          roadName: '测试大道',
          roadClass: '2',
          start: '测试大道西端',
          end: '测试大道东端',
        },
        geometry: { type: 'LineString', coordinates: line },
      },
      {
        type: 'Feature',
        properties: { layer: 'segment', code: 'T-2', road: 'T', roadName: '测试大道', roadClass: '2' },
        geometry: { type: 'LineString', coordinates: [line[0]] },
      },
      {
        type: 'Feature',
        properties: { layer: 'zone', code: 'TZ', name: '测试禁止区', zoneType: 'prohibited' },
        geometry: { type: 'Polygon', coordinates: square(lon, lat, 100) },
      },
      {
        type: 'Feature',
        properties: { layer: 'key_place', code: 'TK', name: '测试菜场', placeType: 'market' },
        geometry: { type: 'Polygon', coordinates: square(lon, lat, 30) },
      },
      {
        type: 'Feature',
        properties: { layer: 'key_place', code: 'TK2', name: '坏', placeType: 'castle' },
        geometry: { type: 'Polygon', coordinates: square(lon, lat, 30) },
      },
      {
        type: 'Feature',
        properties: { layer: 'segment', code: 'T-3', road: 'T', roadName: '测试大道', roadClass: '2' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [121.0, 31.0],
            [121.001, 31.0],
          ],
        },
      },
    ];
    const body = { collection: { type: 'FeatureCollection', features } };
    const before = await s.count('road_segments');
    const refused = await s.call('POST', '/api/roads/import', { as: 'dispatch', body });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'ROLE_NOT_ALLOWED');
    assert.equal(await s.count('road_segments'), before, 'a refused import writes nothing');
    const notCollection = await s.call('POST', '/api/roads/import', {
      as: 'admin',
      body: { collection: { type: 'Nope' } },
    });
    assert.equal(notCollection.status, 400);

    const res = await s.call('POST', '/api/roads/import', { as: 'admin', body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.imported, 3, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.rejected.map((r: any) => [r.index, r.code, r.reasonCode]),
      [
        [1, 'T-2', 'INVALID_GEOMETRY'],
        [4, 'TK2', 'INVALID_TYPE'],
        [5, 'T-3', 'OUTSIDE_GRID'],
      ],
    );
    for (const r of res.body.rejected) assert.ok(r.reason.length > 10, r.reason);
    assert.equal(await s.count('road_segments'), before + 1);
    assert.ok(res.body.backfilled >= 1);

    // The older case was back-filled; a second back-fill changes nothing.
    const filled = await s.call('GET', `/api/cases/${older.id}`, { as: 'admin' });
    assert.equal(filled.body.segment?.roadName, '测试大道');
    assert.equal(filled.body.segment.description, '测试大道西端 – 测试大道东端');
    assert.equal(filled.body.zone?.name, '测试禁止区');
    assert.equal(filled.body.keyPlace?.name, '测试菜场');
    const stamp = await s.db
      .selectFrom('cases')
      .select('roads_resolved_at')
      .where('id', '=', older.id)
      .executeTakeFirstOrThrow();
    assert.equal(await s.app.services.roads.backfill(), 0);
    const again = await s.db
      .selectFrom('cases')
      .select('roads_resolved_at')
      .where('id', '=', older.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(again, stamp);

    // 30 m from the segment: on it. 80 m: beyond the 50 m default, on none; inside no zone either.
    const near = await fileAt({ lon, lat: lat + north(30) });
    assert.equal(near.segment?.roadName, '测试大道');
    assert.equal(near.zone?.name, '测试禁止区');
    assert.equal(near.keyPlace?.name, '测试菜场');
    const segmentRow = await s.db
      .selectFrom('road_segments')
      .select(['id', 'length_m', 'cell_codes'])
      .where('code', '=', 'T-1')
      .executeTakeFirstOrThrow();
    assert.equal(near.segment.id, segmentRow.id);
    assert.ok(Math.abs(segmentRow.length_m - 160) < 0.1, String(segmentRow.length_m));
    assert.ok(segmentRow.cell_codes.length >= 2);
    const far = await fileAt({ lon, lat: lat - north(80) });
    assert.equal(far.segment, null);
    assert.equal(far.zone?.name, '测试禁止区');
    assert.equal(far.keyPlace, null);
    const outside = await fileAt({ lon, lat: lat - north(130) });
    assert.deepEqual(
      [outside.segment, outside.zone?.name === '测试禁止区', outside.keyPlace],
      [null, false, null],
    );

    // The distance is a setting: at 100 m the 80 m case would be on the segment.
    assert.equal(
      (await s.call('PUT', '/api/roads/settings', { as: 'inspector2', body: { segmentDistanceM: 100 } }))
        .status,
      403,
    );
    const bad = await s.call('PUT', '/api/roads/settings', { as: 'admin', body: { segmentDistanceM: 0 } });
    assert.equal(bad.status, 400);
    assert.equal(
      (await s.call('PUT', '/api/roads/settings', { as: 'admin', body: { segmentDistanceM: 100 } })).status,
      204,
    );
    const wider = await fileAt({ lon, lat: lat - north(80) });
    assert.equal(wider.segment?.roadName, '测试大道');
    assert.equal((await s.call('GET', '/api/roads', { as: 'admin' })).body.distanceM, 100);
    await s.call('PUT', '/api/roads/settings', { as: 'admin', body: { segmentDistanceM: 50 } });

    // Geometry changes by re-import: the same code, moved 200 m south; the 30 m case keeps its id.
    const moved = line.map(([x, y]) => [x!, y! - north(200)]);
    const re = await s.call('POST', '/api/roads/import', {
      as: 'admin',
      body: {
        collection: {
          type: 'FeatureCollection',
          features: [{ ...features[0], geometry: { type: 'LineString', coordinates: moved } }],
        },
      },
    });
    assert.deepEqual(
      [re.body.imported, re.body.rejected, await s.count('road_segments')],
      [1, [], before + 1],
    );
    const afterMove = await fileAt({ lon, lat: lat + north(30) });
    assert.equal(afterMove.segment, null);

    // The back-fill works in batches by id: three waiting cases in batches of two, then none.
    const ids = [near.id, far.id, wider.id];
    await s.db
      .updateTable('cases')
      .set({ segment_id: null, zone_id: null, key_place_id: null, roads_resolved_at: null })
      .where('id', 'in', ids)
      .execute();
    assert.equal(await s.app.services.roads.backfill(2), 3);
    assert.equal(await s.app.services.roads.backfill(2), 0);
    const refilled = await s.db
      .selectFrom('cases')
      .select(['id', 'segment_id', 'roads_resolved_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    assert.ok(refilled.every((r) => r.roads_resolved_at !== null));
    // Against the moved segment: the 80 m south cases are now 120 m from it, the 30 m north one 230 m.
    assert.deepEqual(
      refilled.map((r) => r.segment_id),
      [null, null, null],
    );
  });
});

describe('limits by place (差异化标准)', () => {
  // 暴露垃圾 in 古美街道 (a B area: 4 working hours). Rules: 一类道路 3 h for every class, 严管区
  // 1 h for the 06 major class, 校园周边 30 working minutes for 06010; a 二类道路 6 h never loosens.
  test('a road class, a 严管区 and a school gate tighten the handling limit, each saying why', async () => {
    const { lon, lat } = await quietSpot(300);
    const at = (m: number) => ({ lon: lon + east(m, lat), lat });
    const body = {
      collection: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { layer: 'segment', code: 'L-1', road: 'L', roadName: '差异路', roadClass: '1' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [at(-300).lon, lat],
                [at(300).lon, lat],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { layer: 'zone', code: 'LZ', name: '差异路严管区', zoneType: 'strict' },
            geometry: { type: 'Polygon', coordinates: square(at(150).lon, lat, 100) },
          },
          {
            type: 'Feature',
            properties: { layer: 'key_place', code: 'LK', name: '差异路小学', placeType: 'school_gate' },
            geometry: { type: 'Polygon', coordinates: square(at(150).lon, lat, 30) },
          },
        ],
      },
    };
    const imported = await s.call('POST', '/api/roads/import', { as: 'admin', body });
    assert.deepEqual([imported.status, imported.body.rejected], [200, []], JSON.stringify(imported.body));
    const rules = [
      { layer: 'road', match: '1', handle: { amount: 3, unit: 'workHour' } },
      { layer: 'road', match: '2', handle: { amount: 6, unit: 'workHour' } },
      {
        layer: 'zone',
        match: 'strict',
        classKind: 'event',
        classCode: '06',
        handle: { amount: 1, unit: 'workHour' },
      },
      {
        layer: 'keyPlace',
        match: 'school_gate',
        classKind: 'event',
        classCode: GARBAGE,
        handle: { amount: 30, unit: 'workMinute' },
      },
    ];
    for (const rule of rules) {
      const res = await s.call('POST', '/api/roads/limits', { as: 'admin', body: rule });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const bad = await s.call('POST', '/api/roads/limits', {
      as: 'admin',
      body: { layer: 'zone', match: 'quiet', handle: { amount: 1, unit: 'workHour' } },
    });
    assert.deepEqual([bad.status, bad.body.field], [400, 'match']);
    assert.equal((await s.call('POST', '/api/roads/limits', { as: 'dispatch', body: rules[0] })).status, 403);

    s.clock.set('2026-09-28T01:00:00Z'); // Monday 09:00 CST
    const dispatched = async (m: number) => {
      const c = await fileAt(at(m));
      await s.act('intake', c.id, 'accept');
      await s.act('shift', c.id, 'file');
      const unit = await s.db
        .selectFrom('units')
        .select('id')
        .where('code', '=', 's2-sanitation')
        .executeTakeFirstOrThrow();
      return await s.act('dispatch', c.id, 'dispatch', { unitId: unit.id });
    };
    const road = await dispatched(-200);
    assert.equal(road.segment?.roadName, '差异路');
    assert.deepEqual(road.limitNote, {
      zh: '一类道路：处置时限 3 工作小时',
      en: 'Class 1 road: handling limit 3 working hours',
    });
    const zone = await dispatched(80);
    assert.equal(zone.zone?.type, 'strict');
    assert.equal(zone.limitNote.zh, '一类道路·严管区：处置时限 1 工作小时');
    assert.equal(zone.dueAt, '2026-09-28T02:00:00.000Z', '09:00 + 1 working hour');
    const school = await dispatched(150);
    assert.equal(school.keyPlace?.type, 'school_gate');
    assert.equal(school.limitNote.zh, '一类道路·严管区·校园周边：处置时限 30 工作分钟');

    // Rules go; running steps keep what they started with, new ones fall back to the area.
    const list = await s.call('GET', '/api/roads/limits', { as: 'admin' });
    for (const r of list.body) {
      const gone = await s.call('DELETE', `/api/roads/limits/${r.id}`, { as: 'admin' });
      assert.equal(gone.status, 204, JSON.stringify(gone.body));
    }
    const plain = await dispatched(-200);
    assert.equal(plain.limitNote.zh, '古美街道·B 类区域：处置时限 4 工作小时');
    const kept = await s.call('GET', `/api/cases/${school.id}`, { as: 'dispatch' });
    assert.equal(kept.body.limitNote.zh, '一类道路·严管区·校园周边：处置时限 30 工作分钟');
  });
});
