// The synthetic city's generator (size small) and its loader on a real database.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { containsPoint, prepareGeometry } from '@xiuhua/domain/geo';
import { sql } from 'kysely';
import { cstDayStart, cstWeekday } from './cases.ts';
import { cityCounts, SIZES, syntheticCity } from './city.ts';
import { loadCity } from './load.ts';

const DAY = 86_400_000;

test('the same seed gives the same city; another seed another', () => {
  const a = syntheticCity({ size: 'small', seed: 7 });
  const b = syntheticCity({ size: 'small', seed: 7 });
  const c = syntheticCity({ size: 'small', seed: 8 });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.notEqual(JSON.stringify(a.districts[0]!.cases), JSON.stringify(c.districts[0]!.cases));
});

test('counts follow the size, per district', () => {
  const city = syntheticCity({ size: 'small', districts: 2 });
  const counts = cityCounts(city);
  const spec = SIZES.small;
  const streets = spec.streets[0] * spec.streets[1];
  const communities = streets * spec.communities[0] * spec.communities[1];
  assert.equal(counts.districts, 2);
  assert.equal(counts.streets, 2 * streets);
  assert.equal(counts.communities, 2 * communities);
  assert.equal(counts.cells, 2 * communities * spec.cells[0] * spec.cells[1]);
  assert.equal(counts.roads, 2 * spec.roads);
  assert.equal(counts.cases, 2 * spec.cases);
  assert.ok(counts.segments >= 2 * spec.roads * spec.segmentsPerRoad[0]);
  // codes are unique across districts
  for (const key of ['cells', 'communities', 'units', 'people'] as const) {
    const codes = city.districts.flatMap((d) =>
      key === 'people' ? d.people.map((p) => p.username) : d[key].map((x) => ('code' in x ? x.code : '')),
    );
    assert.equal(new Set(codes).size, codes.length, `${key} codes are unique`);
  }
  // the large size keeps the figures the issue names
  const large = SIZES.large;
  assert.equal(large.streets[0] * large.streets[1], 10);
  assert.equal(large.streets[0] * large.streets[1] * large.communities[0] * large.communities[1], 100);
  assert.equal(large.cases, 50_000);
});

test('cells lie in their community, communities in their street, cases in their cell', () => {
  const city = syntheticCity({ size: 'small', districts: 2 });
  for (const d of city.districts) {
    const communities = new Map(d.communities.map((c) => [c.code, prepareGeometry(c.geometry)]));
    const streets = new Map(d.streets.map((s) => [s.code, s.bbox]));
    for (const cell of d.cells) {
      assert.ok(cell.code.startsWith(cell.communityCode) && cell.code.length === 15);
      const shape = communities.get(cell.communityCode)!;
      const ring = (cell.geometry as { coordinates: number[][][] }).coordinates[0]!;
      const [cx, cy] = [(ring[0]![0]! + ring[2]![0]!) / 2, (ring[0]![1]! + ring[2]![1]!) / 2];
      assert.ok(containsPoint(shape, cx, cy), `${cell.code} in ${cell.communityCode}`);
      for (const [x, y] of ring) {
        const [w, s, e, n] = shape.bbox;
        assert.ok(x! >= w && x! <= e && y! >= s && y! <= n, `${cell.code}'s corner in its community`);
      }
    }
    for (const c of d.communities) {
      const [w, s, e, n] = streets.get(c.streetCode)!;
      assert.ok(c.bbox[0] >= w && c.bbox[2] <= e && c.bbox[1] >= s && c.bbox[3] <= n);
    }
    const cells = new Map(d.cells.map((c) => [c.code, prepareGeometry(c.geometry)]));
    for (const k of d.cases) assert.ok(containsPoint(cells.get(k.cellCode)!, k.lon, k.lat));
  }
});

test('cases fall in the year, weekdays alike, weekends about half a weekday', () => {
  const city = syntheticCity({ size: 'small' });
  const from = city.from.getTime();
  const until = city.until.getTime();
  const perDay = new Map<number, number>();
  for (const k of city.districts[0]!.cases) {
    assert.ok(k.reportedAt >= from && k.reportedAt < until);
    for (const e of k.events) assert.ok(e.at >= k.reportedAt && e.at < until);
    const day = cstDayStart(k.reportedAt);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = Array.from({ length: 365 }, (_, i) => from + i * DAY);
  const weekdays = days.filter((d) => cstWeekday(d) < 5).map((d) => perDay.get(d) ?? 0);
  const mean = weekdays.reduce((a, b) => a + b, 0) / weekdays.length;
  // small has ~7 cases a weekday: rounding alone moves a day by up to one case
  for (const n of weekdays) assert.ok(Math.abs(n - mean) <= 0.3 * mean + 1, `weekday ${n} vs mean ${mean}`);
  // per week: the weekend days against that week's weekdays
  for (let w = 0; w + 7 <= days.length; w += 7) {
    const week = days.slice(w, w + 7);
    const work = week.filter((d) => cstWeekday(d) < 5).map((d) => perDay.get(d) ?? 0);
    const rest = week.filter((d) => cstWeekday(d) >= 5).map((d) => perDay.get(d) ?? 0);
    const ratio =
      rest.reduce((a, b) => a + b, 0) / rest.length / (work.reduce((a, b) => a + b, 0) / work.length);
    assert.ok(ratio >= 0.4 && ratio <= 0.7, `weekend/weekday ${ratio.toFixed(2)} in week ${w / 7}`);
  }
  // every planned outcome occurs, and the last days' cases are still open
  const outcomes = new Set(city.districts[0]!.cases.map((k) => k.outcome));
  for (const o of ['on_time', 'overdue', 'returned', 'postponed', 'reworked', 'rejected'])
    assert.ok(outcomes.has(o as never), o);
  const states = new Set(city.districts[0]!.cases.map((k) => k.events.at(-1)!.toState));
  assert.ok(states.has('closed') && states.has('rejected'));
  assert.ok(
    [...states].some((s) => s !== 'closed' && s !== 'rejected'),
    'some cases are open',
  );
});

test('the loader writes the city through the product paths; facts come from the events', async () => {
  const t = await createTestDatabase();
  try {
    const city = syntheticCity({ size: 'small' });
    const phases = await loadCity(t.db, city);
    const rows = (phase: string) => phases.find((p) => p.phase === phase)!.rows;
    const counts = cityCounts(city);
    assert.equal(rows('cells (service)'), counts.cells);
    assert.equal(rows('roads (service)'), counts.segments);
    assert.equal(rows('cases (bulk)'), counts.cases);
    const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.db)).rows[0]!;
    const n = await one(sql<{
      cases: number;
      events: number;
      counters: number;
      facts: number;
      unresolved: number;
    }>`
      select (select count(*)::int from cases) as cases, (select count(*)::int from case_events) as events,
        (select sum(last_seq)::int from case_counters) as counters,
        (select count(*)::int from assessment_facts) as facts,
        (select count(*)::int from cases where roads_resolved_at is null) as unresolved`);
    assert.deepEqual(
      { cases: n.cases, events: n.events, counters: n.counters, unresolved: n.unresolved },
      { cases: counts.cases, events: counts.events, counters: counts.cases, unresolved: 0 },
    );
    assert.ok(n.facts > counts.cases);
    // event numbering per case is 1..n and the case state is its last event's
    const bad = await one(sql<{ n: number }>`
      select count(*)::int as n from cases c
      join lateral (select max(seq) as last, count(*) as k from case_events e where e.case_id = c.id) e on true
      join case_events l on l.case_id = c.id and l.seq = e.last
      where e.last <> e.k or l.to_state <> c.state or c.version <> e.k`);
    assert.equal(bad.n, 0);
    // every case's cell is where its position resolves to (the product's grid index)
    const { buildServices } = await import('../../packages/server/src/composition.ts');
    const services = buildServices(t.db, { now: () => city.until });
    const sample = await t.db.selectFrom('cases').select(['lon', 'lat', 'cell_code']).limit(50).execute();
    for (const c of sample) assert.equal((await services.grid.resolve(c.lon, c.lat)).cellCode, c.cell_code);
  } finally {
    await t.drop();
  }
});
