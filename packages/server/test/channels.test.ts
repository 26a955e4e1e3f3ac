// Intake channels through the API: each source's own fields (validated with the exact field named,
// nothing written on refusal; stored, shown in the case and its intake event), and the component
// registry (admin changes, codes, scoped reads, nearby search for pickers).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as gcoordModule from 'gcoord';
import { startTestServer } from './fixture.ts';

// gcoord is CommonJS typed as an ES default export (see packages/domain/src/geo/coords.ts).
const gcoord = gcoordModule.default as unknown as typeof gcoordModule.default.default;

const S1 = '310112001';
const S2 = '310112006';
const s = await startTestServer();
const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u.id]),
);

async function counts() {
  return {
    cases: await s.count('cases'),
    events: await s.count('case_events'),
    components: await s.count('components'),
    devices: await s.count('devices'),
  };
}

/** The request must be refused with this status, code and field, and write nothing. */
async function refused(
  method: 'POST' | 'PATCH' | 'GET' | 'DELETE',
  url: string,
  as: string,
  body: unknown,
  expect: { status: number; code?: string; field?: string },
) {
  const before = await counts();
  const res = await s.call(method, url, { as, body });
  const what = `${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  assert.equal(res.status, expect.status, what);
  assert.equal(typeof res.body.message, 'string', what);
  if (expect.code) assert.equal(res.body.code, expect.code, what);
  if (expect.field !== undefined) assert.equal(res.body.field, expect.field, what);
  assert.deepEqual(await counts(), before, `${what}: something was written`);
  return res.body;
}

const report = async (source: string, sourceDetails?: unknown) => ({
  source,
  kind: 'event',
  classCode: '06010',
  description: '暴露垃圾，请处理',
  location: await s.pointIn(S1),
  ...(sourceDetails === undefined ? {} : { sourceDetails }),
});

// MONDAY_0900 China time is the fixture's now.
const instruction = {
  leader: '王区长',
  position: '区长',
  instruction: '请城管部门三日内整治到位，结果报我。',
  instructedAt: '2026-09-28T08:15:00+08:00',
  documentNumber: '闵府批〔2026〕12号',
  replyDueDate: '2026-10-01',
};

const VALID: Record<string, Record<string, unknown>> = {
  leader_instruction: instruction,
  media: {
    outlet: '闵行报',
    mediaType: 'newspaper',
    title: '地铁口垃圾堆放无人管',
    url: 'https://example.org/news/1',
    publishedAt: '2026-09-27T07:00:00+08:00',
    replyDueDate: '2026-09-30',
  },
  petition: {
    petitionNumber: 'XF-2026-0412',
    channel: 'letter',
    receivedAt: '2026-09-27T10:00:00+08:00',
    petitionerCount: 3,
  },
  survey: {
    organisation: '上海城市管理测评中心',
    batch: '2026年9月第2轮',
    findingNumber: 'CP-0087',
    checkItem: '暴露垃圾',
    objectType: 'metro_exit',
    deduction: 1.5,
    surveyedAt: '2026-09-26T15:00:00+08:00',
  },
  online_opinion: {
    platform: '微博',
    title: '公园门口垃圾',
    url: 'https://weibo.example/p/1',
    postedAt: '2026-09-27T21:00:00+08:00',
  },
};

describe('source details at intake', () => {
  test('each source with its own fields round-trips through intake, detail, list and the intake event', async () => {
    for (const [source, details] of Object.entries(VALID)) {
      const res = await s.call('POST', '/api/cases', { as: 'intake', body: await report(source, details) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const expected = Object.fromEntries(
        Object.entries(details).map(([k, v]) => [
          k,
          typeof v === 'string' && /T\d\d:/.test(v) ? new Date(v).toISOString() : v,
        ]),
      );
      assert.deepEqual(res.body.sourceDetails, expected, source);
      const detail = await s.call('GET', `/api/cases/${res.body.number}`, { as: 'shift' });
      assert.deepEqual(detail.body.sourceDetails, expected);
      const list = await s.call('GET', `/api/cases?source=${source}`, { as: 'intake' });
      assert.deepEqual(list.body.items.find((c: any) => c.id === res.body.id).sourceDetails, expected);
      const events = await s.call('GET', `/api/cases/${res.body.id}/events`, { as: 'intake' });
      assert.deepEqual(events.body[0].data.sourceDetails, expected);
    }
    // A hotline report has none.
    const hotline = await s.call('POST', '/api/cases', { as: 'intake', body: await report('hotline') });
    assert.equal(hotline.status, 201);
    assert.equal(hotline.body.sourceDetails, null);
  });

  test('required fields per source: a missing one is named', async () => {
    await refused('POST', '/api/cases', 'intake', await report('leader_instruction'), {
      status: 400,
      code: 'MISSING_FIELD',
      field: 'sourceDetails.leader',
    });
    const { instructedAt: _, ...noTime } = instruction;
    await refused('POST', '/api/cases', 'intake', await report('leader_instruction', noTime), {
      status: 400,
      code: 'MISSING_FIELD',
      field: 'sourceDetails.instructedAt',
    });
    await refused(
      'POST',
      '/api/cases',
      'intake',
      await report('petition', { petitionNumber: 'X', receivedAt: '2026-09-27T10:00:00+08:00' }),
      {
        status: 400,
        code: 'MISSING_FIELD',
        field: 'sourceDetails.channel',
      },
    );
    await refused(
      'POST',
      '/api/cases',
      'intake',
      await report('media', { outlet: '   ', title: 't', publishedAt: '2026-09-27T07:00:00Z' }),
      {
        status: 400,
        code: 'MISSING_FIELD',
        field: 'sourceDetails.outlet',
      },
    );
  });

  test('bad values, unknown keys and details for a source without fields are refused with the exact field', async () => {
    const bad: [string, unknown, string, string][] = [
      [
        'leader_instruction',
        { ...instruction, instructedAt: '28/09/2026 08:15' },
        'INVALID_FIELD',
        'sourceDetails.instructedAt',
      ],
      [
        'leader_instruction',
        { ...instruction, instructedAt: '2026-09-29T08:15:00+08:00' },
        'INVALID_FIELD',
        'sourceDetails.instructedAt',
      ],
      [
        'leader_instruction',
        { ...instruction, replyDueDate: '2026-09-27' },
        'INVALID_FIELD',
        'sourceDetails.replyDueDate',
      ],
      [
        'leader_instruction',
        { ...instruction, approvedBy: '张' },
        'INVALID_FIELD',
        'sourceDetails.approvedBy',
      ],
      ['media', { ...VALID.media, url: 'ftp://example.org/x' }, 'INVALID_FIELD', 'sourceDetails.url'],
      ['petition', { ...VALID.petition, channel: 'fax' }, 'INVALID_FIELD', 'sourceDetails.channel'],
      ['survey', { ...VALID.survey, deduction: -1 }, 'INVALID_FIELD', 'sourceDetails.deduction'],
      [
        'online_opinion',
        { ...VALID.online_opinion, platform: 'x'.repeat(51) },
        'INVALID_FIELD',
        'sourceDetails.platform',
      ],
      ['hotline', { outlet: '闵行报' }, 'INVALID_FIELD', 'sourceDetails'],
    ];
    for (const [source, details, code, field] of bad)
      await refused('POST', '/api/cases', 'intake', await report(source, details), {
        status: 400,
        code,
        field,
      });
    // Not an object at all: the schema says so.
    await refused('POST', '/api/cases', 'intake', await report('media', 'a string'), {
      status: 400,
      code: 'VALIDATION',
      field: 'sourceDetails',
    });
  });

  test('the details are checked before anything else about the place is computed (400 before 422)', async () => {
    const body = {
      ...(await report('leader_instruction', { ...instruction, leader: '' })),
      location: { lon: 100, lat: 30 },
    };
    await refused('POST', '/api/cases', 'intake', body, { status: 400, field: 'sourceDetails.leader' });
  });
});

describe('component registry', () => {
  const body = async (over: Record<string, unknown> = {}) => ({
    classCode: '01002',
    name: '测试污水井盖',
    location: await s.pointIn(S1),
    address: '江川路1号',
    maintainerUnitId: units.get('drainage'),
    ...over,
  });

  test('an admin registers a component; the code is county + class + next serial; others may not', async () => {
    const res = await s.call('POST', '/api/components', { as: 'admin', body: await body() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.code, /^31011201002\d{6}$/);
    assert.equal(res.body.className, '污水井盖');
    assert.equal(res.body.area.streetCode, S1);
    assert.equal(res.body.maintainerUnit.id, units.get('drainage'));
    assert.equal(res.body.status, 'normal');
    const again = await s.call('POST', '/api/components', {
      as: 'admin',
      body: await body({ name: '第二个' }),
    });
    assert.equal(Number(again.body.code.slice(11)), Number(res.body.code.slice(11)) + 1);
    const byCode = await s.call('GET', `/api/components/${res.body.code}`, { as: 'admin' });
    assert.equal(byCode.body.id, res.body.id);

    await refused('POST', '/api/components', 'intake', await body(), {
      status: 403,
      code: 'ROLE_NOT_ALLOWED',
    });
    await refused('POST', '/api/components', 'admin', await body({ code: res.body.code }), {
      status: 409,
      code: 'DUPLICATE',
      field: 'code',
    });
    await refused('POST', '/api/components', 'admin', await body({ code: '310112010370000001' }), {
      status: 400,
      code: 'INVALID_FIELD',
      field: 'code',
    });
    await refused('POST', '/api/components', 'admin', await body({ code: '310113010020000001' }), {
      status: 400,
      code: 'INVALID_FIELD',
      field: 'code',
    });
    await refused('POST', '/api/components', 'admin', await body({ classCode: '06010' }), {
      status: 422,
      code: 'UNKNOWN_CLASS',
      field: 'classCode',
    });
    await refused('POST', '/api/components', 'admin', await body({ location: { lon: 100, lat: 30 } }), {
      status: 422,
      code: 'OUTSIDE_GRID',
      field: 'location',
    });
    await refused('POST', '/api/components', 'admin', await body({ ownerUnitId: 99999 }), {
      status: 422,
      code: 'UNKNOWN_UNIT',
      field: 'ownerUnitId',
    });
    await refused('POST', '/api/components', 'admin', await body({ name: '   ' }), {
      status: 400,
      field: 'name',
    });
  });

  test('changing a component: status and name yes; a class that does not fit the code no', async () => {
    const { body: c } = await s.call('POST', '/api/components', { as: 'admin', body: await body() });
    const patched = await s.call('PATCH', `/api/components/${c.id}`, {
      as: 'admin',
      body: { status: 'damaged', name: '破损井盖' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.status, 'damaged');
    assert.equal(patched.body.name, '破损井盖');
    await refused(
      'PATCH',
      `/api/components/${c.id}`,
      'admin',
      { classCode: '01003' },
      {
        status: 422,
        field: 'classCode',
      },
    );
    const gone = await s.call('DELETE', `/api/components/${c.id}`, { as: 'admin' });
    assert.equal(gone.status, 204);
    assert.equal((await s.call('GET', `/api/components/${c.id}`, { as: 'admin' })).status, 404);
  });

  test('a component a device watches cannot be deleted', async () => {
    const { body: c } = await s.call('POST', '/api/components', { as: 'admin', body: await body() });
    const dev = await s.call('POST', '/api/devices', {
      as: 'admin',
      body: { deviceId: 'T-DEL-1', deviceType: 'manhole_cover', name: '测试', componentId: c.id },
    });
    assert.equal(dev.status, 201, JSON.stringify(dev.body));
    await refused('DELETE', `/api/components/${c.id}`, 'admin', undefined, { status: 409, code: 'IN_USE' });
  });

  test('nearby: nearest first within the radius, only components the caller may see', async () => {
    const p1 = await s.pointIn(S1);
    const p2 = await s.pointIn(S2);
    const make = async (location: { lon: number; lat: number }, name: string, maintainer: string) =>
      (
        await s.call('POST', '/api/components', {
          as: 'admin',
          body: {
            classCode: '03005',
            name,
            location,
            maintainerUnitId: units.get(maintainer),
            ownerUnitId: units.get(maintainer),
          },
        })
      ).body;
    // ~300 m away in whichever direction stays inside street 1
    let farPoint: { lon: number; lat: number } | undefined;
    for (const [dx, dy] of [
      [0.003, 0],
      [-0.003, 0],
      [0, 0.0027],
      [0, -0.0027],
    ] as const) {
      const candidate = { lon: p1.lon + dx, lat: p1.lat + dy };
      const r = await s.call('GET', `/api/geo/resolve?lon=${candidate.lon}&lat=${candidate.lat}`, {
        as: 'admin',
      });
      if (r.status === 200 && r.body.streetCode === S1) farPoint = candidate;
    }
    assert.ok(farPoint, 'a point 300 m away inside street 1');
    const near = await make({ lon: p1.lon + 0.0001, lat: p1.lat }, '近处垃圾箱', 's1-sanitation');
    const nearer = await make({ lon: p1.lon, lat: p1.lat + 0.00005 }, '更近垃圾箱', 's1-sanitation');
    const far = await make(farPoint, '远处垃圾箱', 's1-sanitation');
    assert.ok(near.id && nearer.id && far.id, 'all registered');
    const other = await make(p2, '二街道垃圾箱', 's2-sanitation');

    const q = (p: { lon: number; lat: number }, extra = '') =>
      `/api/components/nearby?lon=${p.lon}&lat=${p.lat}&classCode=03005${extra}`;
    const byAdmin = await s.call('GET', q(p1, '&radius=100'), { as: 'admin' });
    assert.equal(byAdmin.status, 200);
    const ids = byAdmin.body.map((c: any) => c.id);
    assert.ok(ids.indexOf(nearer.id) === 0 && ids.indexOf(near.id) === 1, JSON.stringify(byAdmin.body));
    assert.ok(!ids.includes(far.id), 'beyond the radius');
    assert.ok(Math.abs(byAdmin.body[1].distanceM - 10) <= 2, `~10 m: ${byAdmin.body[1].distanceM}`);
    assert.ok(
      (await s.call('GET', q(p1, '&radius=500'), { as: 'admin' })).body.some((c: any) => c.id === far.id),
    );

    // A street office sees its street's components, not the next street's.
    assert.ok((await s.call('GET', q(p1), { as: 's1-dispatch' })).body.some((c: any) => c.id === nearer.id));
    assert.deepEqual((await s.call('GET', q(p2), { as: 's1-dispatch' })).body, []);
    assert.ok((await s.call('GET', q(p2), { as: 's2-dispatch' })).body.some((c: any) => c.id === other.id));
    // A squad (no area) sees what it owns or maintains; the street 2 squad not street 1's.
    assert.ok((await s.call('GET', q(p1), { as: 's1-handler' })).body.some((c: any) => c.id === nearer.id));
    assert.deepEqual((await s.call('GET', q(p1), { as: 's2-handler' })).body, []);
    // Inspectors (district supervision centre) see the district's.
    assert.ok((await s.call('GET', q(p2), { as: 'inspector1' })).body.some((c: any) => c.id === other.id));
    // Someone else's component by id: 404, not 403.
    assert.equal((await s.call('GET', `/api/components/${other.id}`, { as: 's1-dispatch' })).status, 404);
    // The list applies the same scope.
    const list = await s.call('GET', '/api/components?classCode=03005&pageSize=500', { as: 's1-dispatch' });
    assert.ok(
      list.body.items.every((c: any) => c.area.streetCode === S1),
      'street 1 only',
    );

    // GCJ-02 input (a phone in a Chinese map app) is converted first.
    const [gLon, gLat] = gcoord.transform([p1.lon, p1.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const gcj = await s.call(
      'GET',
      `/api/components/nearby?lon=${gLon}&lat=${gLat}&crs=GCJ02&classCode=03005`,
      { as: 'admin' },
    );
    assert.equal(gcj.body[0]?.id, nearer.id, JSON.stringify(gcj.body));
    // the same numbers read as WGS84 are some 500 m off: nothing of ours there
    assert.ok(
      !(await s.call('GET', q({ lon: gLon, lat: gLat }), { as: 'admin' })).body.some(
        (c: any) => c.id === nearer.id,
      ),
    );

    const tooFar = await s.call('GET', q(p1, '&radius=5000'), { as: 'admin' });
    assert.equal(tooFar.status, 400);
    assert.equal(tooFar.body.field, 'radius');
    assert.equal((await s.call('GET', q(p1))).status, 401);
  });
});

describe('device registry', () => {
  test('admin CRUD with checks on component, position and alarm classes', async () => {
    const point = await s.pointIn(S2);
    const created = await s.call('POST', '/api/devices', {
      as: 'admin',
      body: {
        deviceId: 'WL-TEST-9',
        deviceType: 'water_level',
        name: '测试积水监测',
        location: point,
        alarmClasses: { water_high: { kind: 'event', classCode: '10003' } },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.location, point);
    assert.equal(created.body.active, true);
    const listed = await s.call('GET', '/api/devices', { as: 'admin' });
    assert.ok(listed.body.some((d: any) => d.deviceId === 'WL-TEST-9'));
    assert.equal((await s.call('GET', '/api/devices', { as: 'intake' })).status, 403);

    const base = { deviceType: 'water_level', name: '测试', location: point };
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'WL-TEST-9' },
      { status: 409, code: 'DUPLICATE', field: 'deviceId' },
    );
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'bad id' },
      { status: 400, field: 'deviceId' },
    );
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'X1', location: undefined },
      {
        status: 400,
        code: 'MISSING_FIELD',
        field: 'location',
      },
    );
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'X1', componentId: 99999 },
      {
        status: 422,
        code: 'UNKNOWN_COMPONENT',
        field: 'componentId',
      },
    );
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'X1', alarmClasses: { water_high: { kind: 'event', classCode: '99999' } } },
      {
        status: 422,
        code: 'UNKNOWN_CLASS',
        field: 'alarmClasses.water_high.classCode',
      },
    );
    await refused(
      'POST',
      '/api/devices',
      'admin',
      { ...base, deviceId: 'X1', deviceType: 'toaster' },
      { status: 400, field: 'deviceType' },
    );

    const off = await s.call('PATCH', `/api/devices/${created.body.id}`, {
      as: 'admin',
      body: { active: false },
    });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.deepEqual(off.body.alarmClasses, { water_high: { kind: 'event', classCode: '10003' } });
    assert.equal((await s.call('DELETE', `/api/devices/${created.body.id}`, { as: 'admin' })).status, 204);
    assert.equal((await s.call('GET', `/api/devices/${created.body.id}`, { as: 'admin' })).status, 404);
  });

  test('the demo city has components and devices, and a sensor gateway account', async () => {
    const devices = (await s.call('GET', '/api/devices', { as: 'admin' })).body;
    assert.ok(devices.some((d: any) => d.deviceId === 'MH-S1-001' && d.component?.classCode === '01002'));
    const comps = await s.call('GET', '/api/components?pageSize=500', { as: 'admin' });
    assert.ok(comps.body.total >= 20, `components: ${comps.body.total}`);
    const users = (await s.call('GET', '/api/users', { as: 'admin' })).body;
    assert.deepEqual(users.find((u: any) => u.username === 'sensor-gateway')?.roles, ['integration']);
  });
});

test('the new endpoints are in the OpenAPI document, their schemas resolvable', async () => {
  const doc = (await s.call('GET', '/openapi.json')).body;
  for (const path of [
    '/api/components/',
    '/api/components/nearby',
    '/api/components/{id}',
    '/api/devices/',
    '/api/devices/{id}',
    '/api/sensors/alarms',
  ])
    assert.ok(doc.paths[path], `${path} documented`);
  assert.ok(doc.paths['/api/sensors/alarms'].post.requestBody);
  for (const name of ['Component', 'Device']) assert.ok(doc.components.schemas[name], name);
  assert.ok(doc.components.schemas.Case.properties.sourceDetails, 'Case.sourceDetails');
});
