import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from './fixture.ts';

test('an inspector reports, the case resolves to its cell and gets a number', async () => {
  const s = await startTestServer();
  const res = await s.call('POST', '/api/cases', {
    as: 'inspector1',
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: '06010',
      description: '路边暴露垃圾',
      location: { lon: 121.395, lat: 31.035 },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.number, /^2026\d{6}$/);
  assert.equal(res.body.state, 'reported');
  assert.equal(res.body.cellCode.length, 15);
});
