// Bad input: every rejection is a 4xx with { code, message, field } naming what is wrong, and
// writes nothing (cases and case events are counted around each attempt). Plus coordinates given
// in GCJ-02 (what Chinese map apps report) are converted to WGS84 on the way in.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as gcoordModule from 'gcoord';
import { startTestServer } from './fixture.ts';

// gcoord is CommonJS typed as an ES default export (see packages/domain/src/geo/coords.ts).
const gcoord = gcoordModule.default as unknown as typeof gcoordModule.default.default;

const S1 = '310112001'; // 江川路街道
const s = await startTestServer();
const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u.id]),
);

async function counts() {
  const [cases, events] = await Promise.all(
    (['cases', 'case_events'] as const).map((table) =>
      s.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return { cases: Number(cases!.n), events: Number(events!.n) };
}

type Method = 'GET' | 'POST';
interface Expect {
  status: number;
  code?: string;
  /** The field the error must name: exact, or a pattern. */
  field?: string | RegExp;
  /** Text the specific English sentence (`detail`) must contain. */
  message?: RegExp;
}

/** Sends a request that must be refused as `expect` says, and checks nothing was written. */
async function refused(
  method: Method,
  url: string,
  options: { as?: string; body?: unknown; headers?: Record<string, string> },
  expect: Expect,
) {
  const before = await counts();
  const res = await s.call(method, url, { as: 'intake', ...options });
  const what = `${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
  assert.equal(res.status, expect.status, what);
  assert.equal(typeof res.body?.code, 'string', what);
  assert.equal(typeof res.body?.message, 'string', what);
  assert.ok(res.body.message.length > 0, what);
  assert.match(res.body.message, /\p{Script=Han}/u, `${what}: Chinese by default`);
  if (expect.code) assert.equal(res.body.code, expect.code, what);
  if (expect.field instanceof RegExp) assert.match(res.body.field ?? '', expect.field, what);
  else if (expect.field !== undefined) assert.equal(res.body.field, expect.field, what);
  if (expect.message) assert.match(res.body.detail, expect.message, what);
  assert.deepEqual(await counts(), before, `${what}: something was written`);
  return res.body;
}

async function validReport(): Promise<Record<string, any>> {
  return {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    description: '市民来电：小区门口暴露垃圾',
    location: { ...(await s.pointIn(S1)), crs: 'WGS84' },
    address: '江川路小区门口',
    reporter: { name: '王先生', phone: '139 0000 0000' },
    photos: [{ url: '/uploads/p1.jpg', caption: '现场' }],
  };
}

const createWith = async (change: (body: Record<string, any>) => void, expect: Expect) => {
  const body = await validReport();
  change(body);
  return await refused('POST', '/api/cases', { body }, expect);
};

describe('POST /api/cases', () => {
  test('the valid report the other tests spoil is accepted', async () => {
    const before = await counts();
    const res = await s.call('POST', '/api/cases', { as: 'intake', body: await validReport() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(await counts(), { cases: before.cases + 1, events: before.events + 1 });
  });

  test('a body that is not JSON, or not a JSON object', async () => {
    await refused(
      'POST',
      '/api/cases',
      { body: '{"source": "hotline", "kind": ', headers: { 'content-type': 'application/json' } },
      { status: 400, code: 'MALFORMED_JSON' },
    );
    await refused('POST', '/api/cases', { body: [] }, { status: 400, code: 'VALIDATION', field: 'body' });
    await refused(
      'POST',
      '/api/cases',
      { body: 'source=hotline', headers: { 'content-type': 'text/plain' } },
      { status: 400, code: 'VALIDATION', field: 'body' },
    );
    await refused(
      'POST',
      '/api/cases',
      { body: '<case/>', headers: { 'content-type': 'application/xml' } },
      { status: 415 },
    );
  });

  test('a body over 1 MiB is refused with 413 before it is parsed', async () => {
    await createWith(
      (b) => {
        b.description = '垃'.repeat(400_000); // 1.2 MB in UTF-8
      },
      { status: 413, code: 'BODY_TOO_LARGE' },
    );
  });

  test('each missing required field is named', async () => {
    for (const name of ['source', 'kind', 'classCode', 'description', 'location']) {
      await createWith(
        (b) => {
          delete b[name];
        },
        { status: 400, code: 'VALIDATION', field: name },
      );
    }
    await createWith(
      (b) => {
        delete b.location.lat;
      },
      { status: 400, field: 'location.lat' },
    );
  });

  test('unknown properties are refused and named, at any depth', async () => {
    await createWith(
      (b) => {
        b.priority = 'high';
      },
      { status: 400, code: 'VALIDATION', field: 'priority' },
    );
    await createWith(
      (b) => {
        b.location.alt = 12;
      },
      { status: 400, field: 'location.alt' },
    );
    await createWith(
      (b) => {
        b.reporter.email = 'wang@example.com';
      },
      { status: 400, field: 'reporter.email' },
    );
  });

  test('wrong values are named: enum, pattern, length, range, array size', async () => {
    const cases: [string, (b: Record<string, any>) => void, string, RegExp?][] = [
      ['source enum', (b) => (b.source = 'twitter'), 'source', /one of .*"hotline"/],
      ['kind enum', (b) => (b.kind = 'incident'), 'kind'],
      ['class code pattern', (b) => (b.classCode = '6010'), 'classCode'],
      ['description too long', (b) => (b.description = '脏'.repeat(2001)), 'description', /2000/],
      ['description too short', (b) => (b.description = '脏'), 'description'],
      ['longitude 999', (b) => (b.location.lon = 999), 'location.lon', /180/],
      ['latitude -91', (b) => (b.location.lat = -91), 'location.lat'],
      ['longitude as text', (b) => (b.location.lon = 'east'), 'location.lon'],
      ['crs', (b) => (b.location.crs = 'EPSG:3857'), 'location.crs', /one of "WGS84", "GCJ02", "BD09"/],
      ['phone pattern', (b) => (b.reporter.phone = 'call me maybe'), 'reporter.phone'],
      [
        'ten photos',
        (b) => (b.photos = Array.from({ length: 10 }, (_, i) => ({ url: `/p${i}.jpg` }))),
        'photos',
      ],
      ['photo without url', (b) => (b.photos = [{ caption: 'x' }]), 'photos.0.url'],
      ['level enum', (b) => (b.level = 'province'), 'level', /one of .*"district"/],
      ['address too long', (b) => (b.address = '路'.repeat(201)), 'address'],
    ];
    for (const [what, change, field, message] of cases) {
      const body = await createWith(change, { status: 400, code: 'VALIDATION', field, message });
      assert.ok(
        body.message.length < 600,
        `${what}: a message a person can read (${body.message.length} chars)`,
      );
    }
  });

  test('an unknown class is 422 UNKNOWN_CLASS naming classCode', async () => {
    await createWith(
      (b) => {
        b.classCode = '99999';
      },
      { status: 422, code: 'UNKNOWN_CLASS', field: 'classCode' },
    );
    // 06010 is an event class; there is no component 06010.
    await createWith(
      (b) => {
        b.kind = 'component';
      },
      { status: 422, code: 'UNKNOWN_CLASS', field: 'classCode' },
    );
  });

  test('a point outside the city is 422 OUTSIDE_GRID naming location', async () => {
    await createWith(
      (b) => {
        b.location = { lon: 116.397, lat: 39.909 }; // 天安门, Beijing
      },
      { status: 422, code: 'OUTSIDE_GRID', field: 'location', message: /116\.397/ },
    );
  });

  test('an Idempotency-Key header that is too short is named', async () => {
    const body = await validReport();
    await refused(
      'POST',
      '/api/cases',
      { body, headers: { 'idempotency-key': 'abc' } },
      { status: 400, code: 'VALIDATION', field: /idempotency-key/ },
    );
  });
});

describe('GET /api/cases and the case path', () => {
  test('bad query parameters are named', async () => {
    const cases: [string, string | RegExp, RegExp?][] = [
      ['pageSize=0', 'pageSize'],
      ['pageSize=10000', 'pageSize'],
      ['pageSize=ten', 'pageSize'],
      ['page=0', 'page'],
      ['state=unknown', /^state/, /one of "reported", "verifying"/],
      ['state=filed&state=bogus', /^state/],
      ['sort=random', 'sort'],
      ['order=sideways', 'order'],
      ['from=yesterday', 'from'],
      ['areaCode=31', 'areaCode'],
      ['colour=purple', /^colour/],
      ['shoeSize=42', 'shoeSize'],
    ];
    for (const [query, field, message] of cases) {
      await refused('GET', `/api/cases?${query}`, {}, { status: 400, code: 'VALIDATION', field, message });
    }
    await refused(
      'GET',
      '/api/cases?areaCode=310112999',
      {},
      { status: 400, code: 'UNKNOWN_AREA', field: 'areaCode' },
    );
    const ok = await s.call('GET', '/api/cases?pageSize=500&state=reported&state=filed', { as: 'intake' });
    assert.equal(ok.status, 200);
  });

  test('a bad case id in the path is 400 naming id; a well-formed unknown id is 404', async () => {
    for (const id of ['abc', '-1', '1.5', '12345678901234567', "1'%20or%20'1'='1"]) {
      await refused('GET', `/api/cases/${id}`, {}, { status: 400, code: 'VALIDATION', field: 'id' });
      await refused(
        'POST',
        `/api/cases/${id}/accept`,
        { body: {} },
        { status: 400, code: 'VALIDATION', field: 'id' },
      );
    }
    await refused('GET', '/api/cases/99999999', {}, { status: 404, code: 'NOT_FOUND' });
    await refused('POST', '/api/cases/99999999/accept', { body: {} }, { status: 404, code: 'NOT_FOUND' });
  });
});

describe('case action bodies', () => {
  async function filedCase(): Promise<any> {
    const created = await s.call('POST', '/api/cases', { as: 'intake', body: await validReport() });
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.equal((await s.call('POST', `/api/cases/${id}/accept`, { as: 'intake', body: {} })).status, 200);
    assert.equal((await s.call('POST', `/api/cases/${id}/file`, { as: 'shift', body: {} })).status, 200);
    return created.body;
  }

  test('missing, unknown and malformed action inputs are named', async () => {
    const c = await filedCase();
    const url = (action: string) => `/api/cases/${c.id}/${action}`;
    await refused('POST', url('dispatch'), { as: 'dispatch', body: {} }, { status: 400, field: 'unitId' });
    await refused(
      'POST',
      url('dispatch'),
      { as: 'dispatch', body: { unitId: 99_999 } },
      { status: 422, code: 'UNKNOWN_UNIT', field: 'unitId' },
    );
    await refused(
      'POST',
      url('dispatch'),
      { as: 'dispatch', body: { unitId: 'roads' } },
      { status: 400, code: 'VALIDATION', field: 'unitId' },
    );
    await refused(
      'POST',
      url('dispatch'),
      { as: 'dispatch', body: { unitId: units.get('s1-sanitation'), satisfaction: 'satisfied' } },
      { status: 400, code: 'VALIDATION', field: 'satisfaction' },
    );
    await refused(
      'POST',
      url('suspend'),
      { as: 'dispatch', body: {} },
      { status: 400, code: 'VALIDATION', field: 'reason' },
    );
    await refused(
      'POST',
      url('suspend'),
      { as: 'dispatch', body: { reason: '' } },
      { status: 400, code: 'VALIDATION', field: 'reason' },
    );
    await refused(
      'POST',
      url('suspend'),
      { as: 'dispatch', body: { reason: '   ' } },
      { status: 400, code: 'MISSING_FIELD', field: 'reason' },
    );
    await refused(
      'POST',
      url('remind'),
      { as: 'supervisor', body: { reason: '催'.repeat(1001) } },
      { status: 400, code: 'VALIDATION', field: 'reason' },
    );
    await refused(
      'POST',
      url('dispatch'),
      { as: 'dispatch', body: { unitId: units.get('s1-sanitation'), expectedVersion: 0 } },
      { status: 400, code: 'VALIDATION', field: 'expectedVersion' },
    );

    // Into handling, then the postponement and the callback inputs.
    const dispatched = await s.call('POST', url('dispatch'), {
      as: 'dispatch',
      body: { unitId: units.get('s1-sanitation') },
    });
    assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
    assert.equal((await s.call('POST', url('sign'), { as: 's1-handler', body: {} })).status, 200);
    for (const [extension, field] of [
      [undefined, 'extension'],
      [{ amount: -1, unit: 'workDay' }, 'extension.amount'],
      [{ amount: 2, unit: 'fortnight' }, /^extension\.unit/],
      [{ amount: 2 }, 'extension.unit'],
    ] as const) {
      await refused(
        'POST',
        url('request-postponement'),
        { as: 's1-handler', body: { reason: '需协调', ...(extension ? { extension } : {}) } },
        { status: 400, field },
      );
    }
    await refused(
      'POST',
      url('report-back'),
      { as: 's1-handler', body: { reason: '已处置', photos: [{ url: '' }] } },
      { status: 400, code: 'VALIDATION', field: 'photos.0.url' },
    );
  });

  test('an inspector chosen for a task must be an active inspector: 422 naming inspectorId', async () => {
    const created = await s.call('POST', '/api/cases', { as: 'intake', body: await validReport() });
    const url = `/api/cases/${created.body.id}/request-verification`;
    const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as any[];
    const admin = users.find((u) => u.username === 'admin').id;
    const inspector1 = users.find((u) => u.username === 'inspector1').id;
    for (const inspectorId of [99_999, admin]) {
      await refused(
        'POST',
        url,
        { body: { inspectorId } },
        { status: 422, code: 'UNKNOWN_INSPECTOR', field: 'inspectorId' },
      );
    }
    const ok = await s.call('POST', url, { as: 'intake', body: { inspectorId: inspector1 } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.assigneeUserId, inspector1);
  });
});

describe('coordinates in GCJ-02', () => {
  test('are converted to WGS84 on the way in and resolve to the cell of the converted point', async () => {
    // A place known in WGS84, as a phone's map app would report it (GCJ-02).
    const truth = await s.pointIn('310112006003');
    const [gLon, gLat] = gcoord.transform<[number, number]>(
      [truth.lon, truth.lat],
      gcoord.WGS84,
      gcoord.GCJ02,
    );
    // What the server should make of it, computed independently here.
    const [wLon, wLat] = gcoord.transform<[number, number]>([gLon, gLat], gcoord.GCJ02, gcoord.WGS84);
    const expected = await s.call('GET', `/api/geo/resolve?lon=${wLon}&lat=${wLat}&crs=WGS84`, {
      as: 'intake',
    });
    assert.equal(expected.status, 200, JSON.stringify(expected.body));

    const body = await validReport();
    body.location = { lon: gLon, lat: gLat, crs: 'GCJ02' };
    const res = await s.call('POST', '/api/cases', { as: 'intake', body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.cellCode, expected.body.cellCode);
    assert.equal(res.body.area.communityCode, '310112006003');

    const row = await s.db
      .selectFrom('cases')
      .select(['lon', 'lat', 'cell_code'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.cell_code, expected.body.cellCode);
    // Stored in WGS84: within a metre of the converted point...
    assert.ok(metres(row, { lon: wLon, lat: wLat }) < 1, `${metres(row, { lon: wLon, lat: wLat })} m`);
    assert.ok(metres(row, truth) < 1);
    // ...and a few hundred metres from the GCJ-02 numbers that came in.
    const shift = metres(row, { lon: gLon, lat: gLat });
    assert.ok(shift > 200 && shift < 1000, `GCJ-02 offset ${shift} m`);

    // Taking the GCJ-02 numbers for WGS84 would have put the case elsewhere.
    const naive = await s.call('GET', `/api/geo/resolve?lon=${gLon}&lat=${gLat}&crs=WGS84`, { as: 'intake' });
    assert.notEqual(naive.body.cellCode, expected.body.cellCode);
    const resolved = await s.call('GET', `/api/geo/resolve?lon=${gLon}&lat=${gLat}&crs=GCJ02`, {
      as: 'intake',
    });
    assert.equal(resolved.body.cellCode, expected.body.cellCode);
  });
});

/** Equirectangular distance in metres; plenty for a few hundred metres. */
function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const k = Math.PI / 180;
  const x = (a.lon - b.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (a.lat - b.lat) * k;
  return Math.hypot(x, y) * 6_371_000;
}

test('an action that needs no input may be posted without a body', async () => {
  const s = await startTestServer();
  const created = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: '06010',
      description: '路口垃圾',
      location: await s.pointIn('310112006'),
    },
  });
  assert.equal(created.status, 201);
  const res = await s.call('POST', `/api/cases/${created.body.id}/accept`, { as: 'intake' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.state, 'accepted');
});
