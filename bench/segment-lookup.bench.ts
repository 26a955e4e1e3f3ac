// Case position → nearest road segment within 50 m over the ~5,000 segments of one large district
// of the synthetic city (bench/synthetic/city.ts, pure part: no database): SegmentIndex (Flatbush over the segments' pieces + exact distance)
// for 1 M positions, against a linear scan with the same exact measure (the baseline), and —
// where the PostgreSQL at BENCH_POSTGIS_URL / BENCH_DATABASE_URL / the local server has PostGIS —
// ST_DWithin over a GiST index on geography, in the same run.

import { nearestLineByScan, SegmentIndex, seededRandom } from '@xiuhua/domain/geo';
import pg from 'pg';
import { median, timeIt, writeResult } from './lib.ts';
import { syntheticGeography } from './synthetic/city.ts';

// One large district (≈ 23.8 km × 22.1 km, 200 roads of 20–30 segments), the default seed.
const [district] = syntheticGeography({ size: 'large' });
const BBOX = district!.bbox;
const segments = district!.segments;
const MAX_DISTANCE_M = 50;
const POINTS = 1_000_000;
const SCAN_POINTS = 1_000;
const POSTGIS_POINTS = 20_000;
const RUNS = 5;

const random = seededRandom(42);
const points = new Float64Array(POINTS * 2);
for (let i = 0; i < POINTS; i++) {
  points[i * 2] = BBOX[0] + random() * (BBOX[2] - BBOX[0]);
  points[i * 2 + 1] = BBOX[1] + random() * (BBOX[3] - BBOX[1]);
}

let index = SegmentIndex.build(segments);
const buildMs = median(
  timeIt(() => {
    index = SegmentIndex.build(segments);
  }),
);

let found = 0;
const lookupMs = median(
  timeIt(
    () => {
      found = 0;
      for (let i = 0; i < POINTS; i++) {
        if (index.nearest(points[i * 2]!, points[i * 2 + 1]!, MAX_DISTANCE_M)) found++;
      }
    },
    { runs: RUNS },
  ),
);

// Baseline: measure every piece of every segment, on a sample; it must agree with the index.
for (let i = 0; i < SCAN_POINTS; i++) {
  const lon = points[i * 2]!;
  const lat = points[i * 2 + 1]!;
  const a = index.nearest(lon, lat, MAX_DISTANCE_M);
  const b = nearestLineByScan(segments, lon, lat, MAX_DISTANCE_M);
  if (a?.line.id !== b?.line.id) throw new Error(`index and linear scan disagree at (${lon}, ${lat})`);
}
const scanMs = median(
  timeIt(
    () => {
      for (let i = 0; i < SCAN_POINTS; i++)
        nearestLineByScan(segments, points[i * 2]!, points[i * 2 + 1]!, MAX_DISTANCE_M);
    },
    { runs: RUNS },
  ),
);

/** ST_DWithin + nearest by ST_Distance per point, one statement for the whole sample. */
async function postgis(): Promise<{ ms: number; agree: number } | string> {
  const url =
    process.env.BENCH_POSTGIS_URL ??
    process.env.BENCH_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (e) {
    return `no PostgreSQL at ${url.replace(/\/\/[^@]*@/, '//')} (${(e as Error).message})`;
  }
  const name = `xh_bench_segments_${process.pid}`;
  try {
    const available = await admin.query(`select 1 from pg_available_extensions where name = 'postgis'`);
    if (available.rowCount === 0) return 'this PostgreSQL has no PostGIS';
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      await client.query('create extension postgis');
      await client.query('create table seg (id int primary key, geom geography(LineString, 4326) not null)');
      for (let i = 0; i < segments.length; i += 1000) {
        const chunk = segments.slice(i, i + 1000);
        await client.query(
          `insert into seg select id, ST_GeomFromGeoJSON(g)::geography from unnest($1::int[], $2::text[]) as t(id, g)`,
          [
            chunk.map((s) => s.id),
            chunk.map((s) => JSON.stringify({ type: 'LineString', coordinates: s.coordinates })),
          ],
        );
      }
      await client.query('create index on seg using gist (geom)');
      await client.query('analyze seg');
      const lons = Array.from({ length: POSTGIS_POINTS }, (_, i) => points[i * 2]!);
      const lats = Array.from({ length: POSTGIS_POINTS }, (_, i) => points[i * 2 + 1]!);
      const query = `
        select p.i, s.id from unnest($1::float8[], $2::float8[]) with ordinality as p(lon, lat, i)
        left join lateral (
          select id from seg
          where ST_DWithin(geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, ${MAX_DISTANCE_M})
          order by ST_Distance(geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography), id
          limit 1) s on true
        order by p.i`;
      let rows: { i: string; id: number | null }[] = [];
      const samples: number[] = [];
      for (let run = 0; run < 4; run++) {
        const start = performance.now();
        rows = (await client.query(query, [lons, lats])).rows;
        if (run > 0) samples.push(performance.now() - start);
      }
      // Geography measures on the spheroid, we on a local plane: count the points both place alike.
      let agree = 0;
      rows.forEach((r, k) => {
        if ((index.nearest(lons[k]!, lats[k]!, MAX_DISTANCE_M)?.line.id ?? null) === r.id) agree++;
      });
      return { ms: median(samples), agree: agree / POSTGIS_POINTS };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
const microseconds = (count: number, ms: number): number => (ms * 1000) / count;

const db = await postgis();
if (typeof db === 'string') console.log(`ST_DWithin: skipped — ${db}`);

writeResult(
  'segment-lookup',
  {
    segments: segments.length,
    points: POINTS,
    buildMs,
    foundShare: found / POINTS,
    lookupsPerSecond: perSecond(POINTS, lookupMs),
    microsecondsPerLookup: microseconds(POINTS, lookupMs),
  },
  {
    lookupsPerSecond: perSecond(SCAN_POINTS, scanMs),
    microsecondsPerLookup: microseconds(SCAN_POINTS, scanMs),
    ...(typeof db === 'string'
      ? {}
      : {
          postgisLookupsPerSecond: perSecond(POSTGIS_POINTS, db.ms),
          postgisMicrosecondsPerLookup: microseconds(POSTGIS_POINTS, db.ms),
          postgisAgreeShare: db.agree,
        }),
  },
);
