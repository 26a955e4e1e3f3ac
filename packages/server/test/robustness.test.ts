// Inputs that used to reach PostgreSQL (or Fastify's own error path) and came back as a 500 or in
// Fastify's shape: control characters in text, integers past 2^31 or `1e400`, impossible dates, an
// empty PATCH, and Fastify's errors before a route runs. Each is a 4xx `{ code, message, field? }`
// now (a 200 where the input is harmless) and a refused request writes nothing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();

/** A 4xx in our shape. */
function refused(res: { status: number; body: any }, status: number, code: string, what: string) {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.code, code, what);
  assert.equal(typeof res.body.message, 'string', what);
}

test('a NUL or control character in a name, code or password is 400 INVALID_CHARACTER, even anonymously', async () => {
  const login = await s.call('POST', '/api/auth/login', {
    body: { username: 'admin\u0000', password: DEMO_PASSWORD },
  });
  refused(login, 400, 'INVALID_CHARACTER', 'login name');
  assert.equal(login.body.field, 'username');
  assert.match(login.body.message, /登录名.*控制字符/);
  const en = await s.call('POST', '/api/auth/login', {
    body: { username: 'admin', password: `${DEMO_PASSWORD}\u0007` },
    headers: { 'accept-language': 'en' },
  });
  refused(en, 400, 'INVALID_CHARACTER', 'password');
  assert.match(en.body.message, /password holds an invisible control character/);
  const users = await s.count('users');
  const units = await s.call('GET', '/api/units', { as: 'admin' });
  const user = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username: 'new\u0000user',
      displayName: '新用户',
      password: 'long enough password',
      unitId: units.body[0].id,
      roles: ['intake'],
    },
  });
  refused(user, 400, 'INVALID_CHARACTER', 'username with a pattern');
  assert.equal(await s.count('users'), users);
  refused(
    await s.call('GET', '/api/cases?classCode=06%00', { as: 'admin' }),
    400,
    'INVALID_CHARACTER',
    'a code in the query string',
  );
});

test('free text loses NUL and C0 control characters (not tab, newline, return) on the way in', async () => {
  const res = await s.call('POST', '/api/cases', {
    as: 'inspector2',
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: '06010',
      description: '路边\u0000暴露\u0007垃圾\t第一行\r\n第二行\u001b',
      address: '古美路\u0000 1 号',
      location: await s.pointIn('310112006'),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.description, '路边暴露垃圾\t第一行\r\n第二行');
  assert.equal(res.body.address, '古美路 1 号');
  // searches too: a NUL in q is no longer a 500
  for (const url of ['/api/cases?q=%00', '/api/cases/points?q=a%00b', '/api/components?q=%00']) {
    const search = await s.call('GET', url, { as: 'admin' });
    assert.equal(search.status, 200, `${url}: ${JSON.stringify(search.body)}`);
  }
  // nothing left of a place search but the NUL: too short, as an empty one
  refused(await s.call('GET', '/api/places/search?q=%00', { as: 'admin' }), 400, 'VALIDATION', 'empty q');
  const device = await s.call('PATCH', '/api/units/1', { as: 'admin', body: { name: '市\u0000中心' } });
  assert.equal(device.status, 200, JSON.stringify(device.body));
  assert.equal(device.body.name, '市中心');
});

test('integers past 2^31 and 1e400 in ids, page, limit, excludeId are 400 VALIDATION naming the field', async () => {
  const cases: [method: 'GET' | 'PATCH' | 'DELETE', url: string, field: string][] = [
    ['GET', '/api/devices/2147483648', 'id'],
    ['GET', '/api/devices/1e400', 'id'],
    ['PATCH', '/api/users/99999999999', 'id'],
    ['PATCH', '/api/routing-rules/1e400', 'id'],
    ['DELETE', '/api/api-keys/1e400', 'id'],
    ['DELETE', '/api/components/2147483648', 'id'],
    ['GET', '/api/calendar/1e400', 'year'],
    ['GET', '/api/cases?page=1e400', 'page'],
    ['GET', '/api/cases?pageSize=1e400', 'pageSize'],
    ['GET', '/api/cases?unitId=2147483648', 'unitId'],
    ['GET', '/api/cases/points?limit=1e400', 'limit'],
    ['GET', '/api/cases/nearby?lon=121.4&lat=31.05&excludeId=1e400', 'excludeId'],
    ['GET', '/api/cases/nearby?lon=121.4&lat=31.05&excludeId=99999999999', 'excludeId'],
    ['GET', '/api/components?page=1e400', 'page'],
    ['GET', '/api/inspector/frequent-classes?limit=1e400', 'limit'],
    ['GET', '/api/assessment/publications?schemeId=1e400', 'schemeId'],
  ];
  for (const [method, url, field] of cases) {
    const res = await s.call(method, url, { as: 'admin', ...(method === 'PATCH' ? { body: {} } : {}) });
    refused(res, 400, 'VALIDATION', `${method} ${url}`);
    assert.equal(res.body.field, field, url);
  }
  // in a JSON body: 1e400 parses as Infinity
  const rules = await s.count('routing_rules');
  const body = '{"unitId": 1e400, "classCode": "06"}';
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/routing-rules',
    headers: { ...(await s.as('admin')), 'content-type': 'application/json' },
    payload: body,
  });
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().field, 'unitId');
  assert.equal(await s.count('routing_rules'), rules);
});

test('impossible calendar days are 400, not a database error', async () => {
  for (const day of ['2026-02-30', '2026-13-01', '2025-02-29']) {
    const res = await s.call('PUT', `/api/calendar/overrides/${day}`, {
      as: 'admin',
      body: { working: true },
    });
    refused(res, 400, 'VALIDATION', day);
    assert.equal(res.body.field, 'date');
  }
  const leap = await s.call('PUT', '/api/calendar/overrides/2028-02-29', {
    as: 'admin',
    body: { working: true },
  });
  assert.ok([204, 422].includes(leap.status), JSON.stringify(leap.body));
});

test('impossible days in a roster are 400, not a database error (found by the fuzz test)', async () => {
  const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number }[];
  for (const day of ['9150-84-38', '2026-02-30']) {
    const res = await s.call('GET', `/api/units/${units[0]!.id}/on-duty?date=${day}`, { as: 'admin' });
    refused(res, 400, 'VALIDATION', `on-duty ${day}`);
    assert.equal(res.body.field, 'date');
  }
  const roster = await s.call('PUT', `/api/units/${units[0]!.id}/roster`, {
    as: 'admin',
    body: { holidays: 'off', shifts: [], exceptions: [{ date: '2026-02-30', shift: 'day', people: [] }] },
  });
  refused(roster, 400, 'VALIDATION', 'roster exception day');
});

test('a lone UTF-16 surrogate is U+FFFD in free text and 400 in a code, not a jsonb error (found by the fuzz test)', async () => {
  const note = await s.call('PUT', '/api/calendar/overrides/2026-10-12', {
    as: 'admin',
    body: { working: true, note: '调休\ud800' },
  });
  assert.ok([204, 422].includes(note.status), JSON.stringify(note.body));
  if (note.status === 204) {
    const year = await s.call('GET', '/api/calendar/2026', { as: 'admin' });
    assert.ok(JSON.stringify(year.body).includes('调休\ufffd'), 'the note kept, the surrogate replaced');
  }
  const text = await s.call('PATCH', '/api/units/1', { as: 'admin', body: { name: '市\udc00中心' } });
  assert.equal(text.status, 200, JSON.stringify(text.body));
  assert.equal(text.body.name, '市\ufffd中心');
  refused(
    await s.call('GET', `/api/cases?classCode=${encodeURIComponent('06')}%ED%A0%80`, { as: 'admin' }),
    400,
    'VALIDATION',
    'a malformed UTF-8 code in the query string',
  );
  const login = await s.call('POST', '/api/auth/login', { body: { username: 'admin\ud800', password: 'x' } });
  refused(login, 400, 'INVALID_CHARACTER', 'a lone surrogate in a user name');
});

test('PATCH /api/units/{id} with {} changes nothing and answers the unit', async () => {
  const before = await s.call('GET', '/api/units', { as: 'admin' });
  const unit = before.body[1];
  const events = await s.count('admin_events');
  const res = await s.call('PATCH', `/api/units/${unit.id}`, { as: 'admin', body: {} });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.name, unit.name);
  assert.equal(await s.count('admin_events'), events, 'no event for no change');
});

test("Fastify's own errors are answered in our shape with a 4xx", async () => {
  const cookie = (await s.as('admin')).cookie;
  const raw = async (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string> = {},
    payload?: string,
  ) => {
    const res = await s.app.inject({
      method,
      url,
      headers: { cookie, ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };
  refused(await raw('GET', '/api/cases/%'), 400, 'BAD_REQUEST', 'bad URL');
  refused(await raw('GET', '/api/cases/%E0%A4%A'), 400, 'BAD_REQUEST', 'bad URL encoding');
  const long = await raw('GET', `/api/devices/${'1'.repeat(150)}`);
  assert.ok(long.status >= 400 && long.status < 500, JSON.stringify(long));
  assert.equal(typeof long.body.code, 'string');
  assert.equal(long.body.statusCode, undefined, "not Fastify's shape");
  refused(
    await raw('POST', '/api/cases', { 'content-type': 'application/json' }, ''),
    400,
    'BAD_REQUEST',
    'empty JSON body',
  );
  refused(
    await raw('POST', '/api/cases', { 'content-type': 'application/json' }, '{"a":'),
    400,
    'MALFORMED_JSON',
    'broken JSON',
  );
  refused(
    await raw('POST', '/api/cases', { 'content-type': 'text/x-nothing' }, 'x'),
    415,
    'UNSUPPORTED_MEDIA',
    'media type',
  );
  const en = await raw('GET', '/api/cases/%', { 'accept-language': 'en' });
  assert.equal(en.body.message, 'The request cannot be processed');
});

test('the OpenAPI document gives every error a route can answer, in the media type it is sent in (found by the fuzz test)', async () => {
  const doc = (await s.call('GET', '/openapi.json', { as: 'admin' })).body;
  const json = (response: any) => response?.content?.['application/json']?.schema;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!path.startsWith('/api/')) continue;
      const where = `${method.toUpperCase()} ${path}`;
      // Fastify's own refusals: a URL that does not decode, an over-long path parameter
      for (const status of ['400', '414']) assert.ok(json(op.responses[status]), `${where} ${status}`);
      if (!(Array.isArray(op.security) && op.security.length === 0))
        // not a public route
        assert.deepEqual(json(op.responses['401']), { $ref: '#/components/schemas/Error' }, `${where} 401`);
    }
  }
  // a photo's errors are JSON, not image/jpeg
  const photo = doc.paths['/api/photos/{id}'].get.responses;
  assert.deepEqual(Object.keys(photo['404'].content), ['application/json']);
  // Open311 answers its errors in the spec's shape, JSON or XML
  const open311 = doc.paths['/open311/v2/services.{format}'].get.responses['404'].content;
  assert.equal(open311['application/json'].schema.type, 'array');
  assert.ok(open311['text/xml']);
  const unknownFormat = await s.call('GET', '/open311/v2/services.yaml');
  assert.equal(unknownFormat.status, 404);
  assert.deepEqual(Object.keys(unknownFormat.body[0]).sort(), ['code', 'description']);
});
