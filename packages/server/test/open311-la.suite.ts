// The LA check on a deterministic sample (every 5th of the 10,000 LA 311 requests): each is POSTed
// through the Open311 endpoint into the demo jurisdiction built from LA's 99 neighbourhood
// councils, and the council its case lands in is compared with LA's own `nc` column.
// scripts/import-la311.ts runs all 10,000 and prints the figure; docs/open311.md explains it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildLaJurisdiction,
  postLaRequests,
  readCouncils,
  readRequests,
  scoreLa,
} from '../src/open311/la-demo.ts';
import { DEFAULT_EDGE_TOLERANCE_M } from '../src/open311/location.ts';
import { startTestServer } from './fixture.ts';
import { sharedData } from './shared-data.ts';

const s = await startTestServer();
const LA_DIR = sharedData('data/us311');
const councils = readCouncils(LA_DIR);
// Before the app first resolves a point: the grid index is built on first use.
await buildLaJurisdiction(s.db, councils);
s.app.services.directory.invalidate();

const units = await s.call('GET', '/api/units', { as: 'admin' });
const supervision = units.body.find((u: { code: string }) => u.code === 'supervision');
const user = await s.call('POST', '/api/users', {
  as: 'admin',
  body: {
    username: 'la311',
    displayName: 'LA 311 (Open311 client)',
    password: 'not-used-for-login',
    unitId: supervision.id,
    roles: ['integration'],
  },
});
const { key } = (
  await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: user.body.id, name: 'la311', integration: 'open311' },
  })
).body;

test('every 5th LA request lands in LA’s council, and every miss is one the data explains', async (t) => {
  const rows = readRequests(LA_DIR).filter((_, i) => i % 5 === 0);
  assert.equal(rows.length, 2000);
  const started = Date.now();
  const outcomes = await postLaRequests(s.app, key, rows, { concurrency: 3 });
  const score = scoreLa(councils, outcomes);
  const figure = `${score.matched} / ${score.withCoordinates} = ${(score.share * 100).toFixed(3)} %`;
  t.diagnostic(`same council as LA: ${figure}; ${score.misses.length} misses; ${Date.now() - started} ms`);

  // Rows without coordinates carry an LA street address our (Chinese) gazetteer cannot place.
  for (const o of outcomes.filter((x) => x.row.lat === null)) assert.equal(o.status, 400);
  // LA's council is absent from the 2019 layer (or LA names none): refused as outside, every one.
  assert.ok(score.councilNotInLayer > 0);
  assert.equal(score.councilNotInLayerRefused, score.councilNotInLayer);

  // Each miss is a point whose council the position cannot decide: within 5 m of the boundary
  // of LA's council (boundary streets), inside two councils' overlapping outlines, or outside
  // every council and within the edge tolerance of LA's council as well.
  for (const m of score.misses) {
    const why = `${m.srnumber} (${m.lat}, ${m.lon}): LA ${m.expected}, ours ${m.got}, ${m.kind}, ${m.toExpectedM?.toFixed(1)} m`;
    assert.ok(['boundary', 'overlap', 'edge'].includes(m.kind), why);
    if (m.kind === 'boundary') assert.ok(m.toExpectedM! <= 5, why);
    if (m.kind === 'edge') assert.ok(m.toExpectedM! <= DEFAULT_EDGE_TOLERANCE_M, why);
  }
  // So wherever the position decides (inside one council only and more than 5 m from LA's
  // council's edge, or refused as outside), we agree with LA on every row. The strict share of
  // the sample is reported above, not asserted: 1 row in 5 estimates the full figure only to
  // about ±0.16 percentage points (the full run, scripts/import-la311.ts, is in docs/open311.md).
});
