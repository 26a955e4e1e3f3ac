// Inactive classes (docs/catalogue.md, "Active and inactive classes"): kept in the catalogue and
// editable by admins, but not offered for new cases: not listed or found by the pickers and
// Open311, and refused by intake with 422 INACTIVE_CLASS, writing nothing. Cases filed before a
// class was switched off keep it. The switch is a class edit with its own history.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道
const s = await startTestServer();

async function counts() {
  return { cases: await s.count('cases'), events: await s.count('case_events') };
}

async function report(classCode: string) {
  return {
    source: 'hotline',
    kind: 'event',
    classCode,
    description: '市民来电：测试停用类别',
    location: { ...(await s.pointIn(S1)), crs: 'WGS84' },
    address: '江川路测试点',
    reporter: { name: '王先生', phone: '139 0000 0000' },
    photos: [{ url: '/uploads/p1.jpg', caption: '现场' }],
  };
}

const listed = async (query: string, as = 'intake') =>
  ((await s.call('GET', `/api/catalogue/classes?${query}`, { as })).body as any[]).map(
    (c) => `${c.kind}:${c.code}`,
  );

describe('inactive classes', () => {
  test('a class the demo marks inactive (畜力车进城) is kept but not offered', async () => {
    assert.ok(!(await listed('limit=500')).includes('event:09014'), 'the picker list lacks it');
    assert.ok((await listed('limit=500&includeInactive=true', 'admin')).includes('event:09014'));
    assert.deepEqual(await listed(`q=${encodeURIComponent('畜力车')}`), []);
    assert.deepEqual(await listed('q=09014'), []);
    assert.deepEqual(await listed(`q=${encodeURIComponent('畜力车')}&includeInactive=true`, 'admin'), [
      'event:09014',
    ]);
    const services = await s.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const codes = (JSON.parse(services.body) as any[]).map((x) => x.service_code);
    assert.ok(codes.includes('E06010'));
    assert.ok(!codes.includes('E09014'), 'Open311 does not offer an inactive class');
  });

  test('intake refuses a new case of an inactive class: 422 INACTIVE_CLASS naming classCode, nothing written', async () => {
    const before = await counts();
    const res = await s.call('POST', '/api/cases', { as: 'intake', body: await report('09014') });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.code, 'INACTIVE_CLASS');
    assert.equal(res.body.field, 'classCode');
    assert.match(res.body.message, /停用/);
    assert.deepEqual(await counts(), before);
    // unknown stays unknown
    const unknown = await s.call('POST', '/api/cases', { as: 'intake', body: await report('09999') });
    assert.equal(unknown.body.code, 'UNKNOWN_CLASS');
  });

  test('an admin switches a class off and on: versioned, in the history, old cases keep it', async () => {
    const filed = await s.call('POST', '/api/cases', { as: 'intake', body: await report('06012') });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));

    const off = await s.call('PUT', '/api/catalogue/classes/event/06012', {
      as: 'admin',
      body: { note: '本市不再受理', active: false },
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.active, false);
    const [event] = (
      await s.call('GET', '/api/admin/history?entity=catalogue_class&key=event:06012', { as: 'admin' })
    ).body.items;
    assert.equal(event.action, 'update');
    assert.deepEqual([event.before.active, event.after.active], [true, false]);
    assert.equal(event.after.version, event.before.version + 1);

    assert.ok(!(await listed(`q=${encodeURIComponent('道路不洁')}`)).includes('event:06012'));
    const refused = await s.call('POST', '/api/cases', { as: 'intake', body: await report('06012') });
    assert.equal(refused.body.code, 'INACTIVE_CLASS');
    // the case filed before still shows and keeps its class
    const detail = await s.call('GET', `/api/cases/${filed.body.id}`, { as: 'intake' });
    assert.equal(detail.status, 200, JSON.stringify(detail.body));
    assert.equal(detail.body.classCode, '06012');
    // an admin may still edit an inactive class
    const edited = await s.call('PUT', '/api/catalogue/classes/event/06012', {
      as: 'admin',
      body: { note: '停用期间改名', nameEn: 'Dirty road (inactive)' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.active, false);

    const on = await s.call('PUT', '/api/catalogue/classes/event/06012', {
      as: 'admin',
      body: { note: '恢复受理', active: true },
    });
    assert.equal(on.body.active, true);
    const again = await s.call('POST', '/api/cases', { as: 'intake', body: await report('06012') });
    assert.equal(again.status, 201, JSON.stringify(again.body));
  });

  test('demo routing: every active class has an active unit of its default type', async () => {
    const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as any[];
    const types = new Set(units.filter((u) => u.active && u.unitType).map((u) => u.unitType));
    const classes = (await s.call('GET', '/api/catalogue/classes?limit=500', { as: 'admin' })).body as any[];
    assert.ok(classes.length > 300, `only ${classes.length} active classes`);
    const orphans = classes.filter((c) => !types.has(c.defaultUnitType)).map((c) => `${c.kind}:${c.code}`);
    assert.deepEqual(orphans, []);
  });

  test('only an admin may switch a class', async () => {
    const res = await s.call('PUT', '/api/catalogue/classes/event/06010', {
      as: 'intake',
      body: { note: 'x', active: false },
    });
    assert.equal(res.status, 403);
  });
});
