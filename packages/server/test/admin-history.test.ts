// Admin history: every admin change writes one event (who, when, entity, before, after) in the
// change's transaction, and GET /api/admin/history shows an entity's events newest first. One
// test per kind of entity; a refused change writes no event; no secret is ever stored; only an
// admin may read the history.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { recordAdminEvent } from '../src/admin/history.ts';
import { CATALOGUE_FILE } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道
const S4 = '310112009'; // 浦锦街道

const s = await startTestServer();
const byCode = new Map<string, any>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u]),
);
const userIds = new Map<string, number>(
  (await s.call('GET', '/api/users', { as: 'admin' })).body.map((u: any) => [u.username, u.id]),
);
const adminId = userIds.get('admin')!;

async function history(entity: string, key?: string | number): Promise<any[]> {
  const q = new URLSearchParams({ entity, ...(key !== undefined && { key: String(key) }) });
  const res = await s.call('GET', `/api/admin/history?${q}`, { as: 'admin' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

/** The newest event of an entity: its action, actor and the fields that changed. */
async function latest(entity: string, key: string | number) {
  const [e] = await history(entity, key);
  assert.ok(e, `no history for ${entity} ${key}`);
  assert.equal(e.entity, entity);
  assert.equal(e.key, String(key));
  return e;
}

function assertByAdmin(e: any) {
  assert.deepEqual(e.actor, { id: adminId, username: 'admin', displayName: e.actor.displayName });
  assert.ok(e.actor.displayName.length > 0);
  assert.equal(e.at, s.clock.now().toISOString());
}

/** The request is refused with `status` and the history gains no event. */
async function refusedWithoutEvent(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  as: string,
  body: unknown,
  status: number,
) {
  const before = await s.count('admin_events');
  const res = await s.call(method, url, { as, body });
  assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
  assert.equal(await s.count('admin_events'), before, `${method} ${url} wrote an event`);
}

describe('each admin entity', () => {
  test('unit: created, then changed — newest first, with before and after', async () => {
    const body = {
      code: 's1-history-team',
      name: '江川路历史测试队',
      kind: 'squad',
      parentId: byCode.get('s1-office').id,
      areaCode: S1,
    };
    const created = await s.call('POST', '/api/units', { as: 'admin', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    s.clock.advanceMinutes(5);
    const patched = await s.call('PATCH', `/api/units/${id}`, { as: 'admin', body: { name: '改名后的队' } });
    assert.equal(patched.status, 200);

    const events = await history('unit', id);
    assert.deepEqual(
      events.map((e) => e.action),
      ['update', 'create'],
    );
    assertByAdmin(events[0]);
    assert.equal(events[0].before.name, '江川路历史测试队');
    assert.equal(events[0].after.name, '改名后的队');
    assert.deepEqual(events[0].after, patched.body);
    assert.equal(events[1].before, null);
    assert.deepEqual(events[1].after, created.body);
    assert.ok(events[1].at < events[0].at);

    // A change that changes nothing is no event.
    await s.call('PATCH', `/api/units/${id}`, { as: 'admin', body: { name: '改名后的队' } });
    assert.equal((await history('unit', id)).length, 2);
  });

  test('user: created and changed; the password and its hash never appear', async () => {
    const password = 'Hist0ry-secret-pass';
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'history.user',
        displayName: '历史测试员',
        password,
        unitId: byCode.get('s1-office').id,
        roles: ['handler'],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const changed = await s.call('PATCH', `/api/users/${id}`, {
      as: 'admin',
      body: { password: 'An0ther-secret-pass', roles: ['handler', 'inspector'] },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const [update, create] = await history('user', id);
    assertByAdmin(update);
    assert.equal(create.action, 'create');
    assert.deepEqual(create.after, created.body);
    assert.deepEqual(update.before.roles, ['handler']);
    assert.deepEqual(update.after.roles, ['handler', 'inspector']);
    assert.equal(update.after.passwordChanged, true);
    await assertNoSecrets([password, 'An0ther-secret-pass', '$argon2']);
  });

  test('api key: issued and revoked; the key and its hash never appear', async () => {
    const issued = await s.call('POST', '/api/api-keys', {
      as: 'admin',
      body: { userId: userIds.get('dispatch'), name: 'history test key' },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const revoked = await s.call('DELETE', `/api/api-keys/${issued.body.id}`, { as: 'admin' });
    assert.equal(revoked.status, 204);
    const [revoke, create] = await history('api_key', issued.body.id);
    assertByAdmin(revoke);
    assert.deepEqual(create.after, {
      id: issued.body.id,
      userId: userIds.get('dispatch'),
      name: 'history test key',
      prefix: issued.body.prefix,
      integration: null, // a staff member's key is bound to no integration
    });
    assert.equal(revoke.action, 'revoke');
    assert.equal(revoke.before.revokedAt, null);
    assert.equal(revoke.after.revokedAt, s.clock.now().toISOString());
    const { key_hash } = await s.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', issued.body.id)
      .executeTakeFirstOrThrow();
    await assertNoSecrets([issued.body.key, key_hash]);
  });

  test('routing rule: added, changed, deleted', async () => {
    const created = await s.call('POST', '/api/routing-rules', {
      as: 'admin',
      body: { label: '历史测试规则', classCode: '06', unitId: byCode.get('s1-office').id, priority: 5 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await s.call('PATCH', `/api/routing-rules/${id}`, { as: 'admin', body: { priority: 7, enabled: false } });
    assert.equal((await s.call('DELETE', `/api/routing-rules/${id}`, { as: 'admin' })).status, 204);
    const [del, update, create] = await history('routing_rule', id);
    assert.deepEqual([del.action, update.action, create.action], ['delete', 'update', 'create']);
    assertByAdmin(del);
    assert.deepEqual(create.after, created.body);
    assert.deepEqual([update.before.priority, update.after.priority], [5, 7]);
    assert.deepEqual([update.before.enabled, update.after.enabled], [true, false]);
    assert.equal(del.before.priority, 7);
    assert.equal(del.after, null);
  });

  test('catalogue class: an edit records the version before and after, with the note', async () => {
    const res = await s.call('PUT', '/api/catalogue/classes/event/06010', {
      as: 'admin',
      body: { note: '历史测试', name: '暴露垃圾（测试）' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = await latest('catalogue_class', 'event:06010');
    assertByAdmin(e);
    assert.equal(e.action, 'update');
    assert.equal(e.after.name, '暴露垃圾（测试）');
    assert.equal(e.after.version, e.before.version + 1);
    assert.equal(e.after.changeNote, '历史测试');
    assert.notEqual(e.before.name, e.after.name);
  });

  test('catalogue import: each changed class and major is an import event; unchanged ones are not', async () => {
    const file = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8'));
    const major = file.majors.find((m: any) => m.kind === 'event' && m.code === '07');
    major.name = `${major.name}（导入测试）`;
    const minor = file.minors.find((m: any) => m.kind === 'event' && m.code === '07001');
    minor.keywords = [...minor.keywords, '导入测试'];
    const classEvents = async () =>
      Number(
        (
          await s.db
            .selectFrom('admin_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('entity', '=', 'catalogue_class')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await classEvents();
    const res = await s.call('POST', '/api/catalogue/import', { as: 'admin', body: file });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = await latest('catalogue_major', 'event:07');
    assert.equal(m.action, 'import');
    assert.equal(m.after.name, major.name);
    assertByAdmin(m);
    const c = await latest('catalogue_class', 'event:07001');
    assert.equal(c.action, 'import');
    assert.ok(c.after.keywords.includes('导入测试'));
    assert.ok(!c.before.keywords.includes('导入测试'));
    // 07001 and 06010 (edited above, back to the file's text) changed; nothing else did.
    assert.equal(await classEvents(), before + res.body.updated);
  });

  test('calendar day: an override set, changed and removed', async () => {
    const day = '2026-10-10';
    await s.call('PUT', `/api/calendar/overrides/${day}`, {
      as: 'admin',
      body: { working: true, note: '调休' },
    });
    await s.call('PUT', `/api/calendar/overrides/${day}`, { as: 'admin', body: { working: false } });
    assert.equal((await s.call('DELETE', `/api/calendar/overrides/${day}`, { as: 'admin' })).status, 204);
    const [del, update, create] = await history('calendar_day', day);
    assertByAdmin(del);
    assert.deepEqual(create.after, { date: day, working: true, note: '调休' });
    assert.deepEqual([update.before.working, update.after.working], [true, false]);
    assert.deepEqual([update.before.note, update.after.note], ['调休', null]);
    assert.equal(del.action, 'delete');
    assert.equal(del.after, null);
  });

  test('calendar year: an imported arrangement is recorded once; importing it again is no event', async () => {
    const arrangement = {
      year: 2035,
      papers: [],
      days: [{ name: '元旦', date: '2035-01-01', isOffDay: true }],
    };
    for (let i = 0; i < 2; i++) {
      const res = await s.call('POST', '/api/calendar/years', { as: 'admin', body: arrangement });
      assert.equal(res.status, 204);
    }
    const events = await history('calendar_year', 2035);
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].action, events[0].before, events[0].after], ['create', null, arrangement]);
    assertByAdmin(events[0]);
  });

  test('setting: the value before (the default at first) and after', async () => {
    const value = { yellow: 0.4, orange: 0.7, red: 1 };
    const res = await s.call('PUT', '/api/settings/warning_thresholds', { as: 'admin', body: { value } });
    assert.equal(res.status, 204);
    const e = await latest('setting', 'warning_thresholds');
    assertByAdmin(e);
    assert.equal(e.action, 'update');
    assert.deepEqual(e.before, { yellow: 0.5, orange: 0.8, red: 1 });
    assert.deepEqual(e.after, value);
  });

  test('device: registered, changed, deleted', async () => {
    const created = await s.call('POST', '/api/devices', {
      as: 'admin',
      body: {
        deviceId: 'WL-HIST-1',
        deviceType: 'water_level',
        name: '历史测试积水监测',
        location: await s.pointIn(S4),
        alarmClasses: { water_high: { kind: 'event', classCode: '10003' } },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await s.call('PATCH', `/api/devices/${id}`, { as: 'admin', body: { active: false } });
    assert.equal((await s.call('DELETE', `/api/devices/${id}`, { as: 'admin' })).status, 204);
    const [del, update, create] = await history('device', id);
    assertByAdmin(del);
    assert.equal(create.after.deviceId, 'WL-HIST-1');
    assert.deepEqual([update.before.active, update.after.active], [true, false]);
    assert.equal(del.before.deviceId, 'WL-HIST-1');
    assert.equal(del.after, null);
  });

  test('component: registered and changed', async () => {
    const created = await s.call('POST', '/api/components', {
      as: 'admin',
      body: {
        classCode: '01002',
        name: '历史测试井盖',
        location: await s.pointIn(S1),
        maintainerUnitId: byCode.get('drainage').id,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await s.call('PATCH', `/api/components/${id}`, { as: 'admin', body: { status: 'damaged' } });
    const [update, create] = await history('component', id);
    assertByAdmin(update);
    assert.equal(create.after.code, created.body.code);
    assert.deepEqual([update.before.status, update.after.status], ['normal', 'damaged']);
  });

  test('area: renamed; the boundary is a fingerprint, not the polygon', async () => {
    const res = await s.call('PUT', `/api/areas/${S4}`, {
      as: 'admin',
      body: { level: 'street', parentCode: '310112', name: '浦锦街道（测试）' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = await latest('area', S4);
    assertByAdmin(e);
    assert.equal(e.action, 'update');
    assert.equal(e.after.name, '浦锦街道（测试）');
    assert.notEqual(e.before.name, e.after.name);
    assert.match(e.before.geometry, /^sha256:[0-9a-f]{12}$/);
  });

  test('responsibility grid: created and replaced, cells and inspectors before and after', async () => {
    const cells = (
      await s.call('GET', `/api/grid/cells?areaCode=${S1}001`, { as: 'admin' })
    ).body.features.map((f: any) => f.properties.code);
    const body = {
      code: 'RG-HIST-1',
      name: '历史测试网格',
      gridType: 'business',
      streetCode: S1,
      cellCodes: cells.slice(0, 2),
      inspectorIds: [userIds.get('inspector1')!],
    };
    assert.equal((await s.call('POST', '/api/responsibility-grids', { as: 'admin', body })).status, 200);
    const replaced = await s.call('POST', '/api/responsibility-grids', {
      as: 'admin',
      body: { ...body, cellCodes: cells.slice(2, 3), inspectorIds: [] },
    });
    assert.equal(replaced.status, 200);
    const [update, create] = await history('responsibility_grid', 'RG-HIST-1');
    assertByAdmin(update);
    assert.equal(create.action, 'create');
    assert.deepEqual(update.before.cellCodes, [...cells.slice(0, 2)].sort());
    assert.deepEqual(update.after.cellCodes, cells.slice(2, 3));
    assert.deepEqual(
      [update.before.inspectorIds, update.after.inspectorIds],
      [[userIds.get('inspector1')], []],
    );
  });

  test('grid cells: an import is one event, by whom, how many, which communities', async () => {
    const [cell] = (await s.call('GET', `/api/grid/cells?areaCode=${S1}001`, { as: 'admin' })).body.features;
    const res = await s.call('POST', '/api/grid/import', {
      as: 'admin',
      body: { collection: { type: 'FeatureCollection', features: [cell] } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = await latest('grid_cells', 'import');
    assertByAdmin(e);
    assert.equal(e.action, 'import');
    assert.deepEqual(e.after, { imported: 1, rejected: 0, communities: [cell.properties.communityCode] });
  });

  test('places: an import is one event under its source', async () => {
    const point = await s.pointIn(S1);
    const res = await s.call('POST', '/api/places/import', {
      as: 'admin',
      body: {
        source: 'history-test.geojson',
        collection: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { name: '历史测试亭' },
              geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
            },
          ],
        },
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = await latest('places', 'history-test.geojson');
    assertByAdmin(e);
    assert.deepEqual(e.after, { source: 'history-test.geojson', imported: 1, updated: 0, rejected: 0 });
  });

  test('assessment scheme: created and changed', async () => {
    const [demo] = (await s.call('GET', '/api/assessment/schemes', { as: 'admin' })).body;
    const body = { code: 'history-copy', name: '历史测试方案', nameEn: null, config: demo.config };
    const created = await s.call('POST', '/api/assessment/schemes', { as: 'admin', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const changed = await s.call('PUT', `/api/assessment/schemes/${id}`, {
      as: 'admin',
      body: { ...body, name: '历史测试方案（改）', active: false },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const [update, create] = await history('assessment_scheme', id);
    assertByAdmin(update);
    assert.equal(create.after.code, 'history-copy');
    assert.deepEqual([update.before.name, update.after.name], ['历史测试方案', '历史测试方案（改）']);
    assert.deepEqual([update.before.active, update.after.active], [true, false]);
  });

  test('Open311 attributes: the list before and after', async () => {
    const was = await s.call('GET', '/api/open311/services/E06035/attributes', { as: 'admin' });
    const attributes = [
      { code: 'PIECES', datatype: 'number', required: true, description: '几件？' },
      {
        code: 'SIZE',
        datatype: 'singlevaluelist',
        description: '多大？',
        values: [{ key: 'big', name: '大' }],
      },
    ];
    const res = await s.call('PUT', '/api/open311/services/E06035/attributes', {
      as: 'admin',
      body: { attributes },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = await latest('open311_attributes', 'E06035');
    assertByAdmin(e);
    assert.deepEqual(
      e.before.attributes.map((a: any) => a.code),
      was.body.attributes.map((a: any) => a.code),
    );
    assert.deepEqual(
      e.after.attributes.map((a: any) => [a.code, a.datatype, a.required, a.position]),
      [
        ['PIECES', 'number', true, 1],
        ['SIZE', 'singlevaluelist', false, 2],
      ],
    );
    assert.deepEqual(e.after.attributes[1].values, [{ key: 'big', name: '大' }]);
  });
});

/** No admin event anywhere holds any of these texts. */
async function assertNoSecrets(secrets: string[]) {
  const rows = await s.db.selectFrom('admin_events').select(['before', 'after']).execute();
  const text = JSON.stringify(rows);
  for (const secret of secrets)
    assert.ok(!text.includes(secret), `the history holds ${secret.slice(0, 12)}…`);
  assert.ok(!/password_hash|passwordHash|key_hash|keyHash/.test(text));
}

describe('what is not recorded', () => {
  test('a refused change (4xx) writes no event', async () => {
    const unit = byCode.get('s1-office');
    await refusedWithoutEvent(
      'POST',
      '/api/units',
      'admin',
      { ...unit, id: undefined, code: 's1-office' },
      409,
    );
    await refusedWithoutEvent('PATCH', `/api/units/${unit.id}`, 'admin', { areaCode: '310112999' }, 422);
    await refusedWithoutEvent('PATCH', '/api/users/99999', 'admin', { displayName: '无' }, 404);
    await refusedWithoutEvent('DELETE', '/api/routing-rules/99999', 'admin', undefined, 404);
    await refusedWithoutEvent('DELETE', '/api/api-keys/99999', 'admin', undefined, 404);
    await refusedWithoutEvent('DELETE', '/api/calendar/overrides/2026-12-31', 'admin', undefined, 404);
    await refusedWithoutEvent('PUT', '/api/settings/warning_thresholds', 'admin', { value: 'half' }, 400);
    await refusedWithoutEvent(
      'PUT',
      '/api/catalogue/classes/event/06999',
      'admin',
      { note: 'x', name: 'y' },
      422,
    );
    await refusedWithoutEvent('PATCH', `/api/units/${unit.id}`, 'dispatch', { name: '非管理员' }, 403);
  });

  test('only an admin reads the history; an unknown entity is 400', async () => {
    for (const who of ['dispatch', 'leader', 's1-handler']) {
      const res = await s.call('GET', '/api/admin/history?entity=unit', { as: who });
      assert.equal(res.status, 403, who);
      assert.equal(res.body.code, 'ROLE_NOT_ALLOWED');
    }
    assert.equal((await s.call('GET', '/api/admin/history?entity=unit')).status, 401);
    const bad = await s.call('GET', '/api/admin/history?entity=cases', { as: 'admin' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'entity');
  });

  test('pages: limit and before walk the history newest first', async () => {
    const all = await history('unit');
    assert.ok(all.length >= 2);
    const first = await s.call('GET', '/api/admin/history?entity=unit&limit=1', { as: 'admin' });
    assert.deepEqual(first.body.items, all.slice(0, 1));
    assert.equal(first.body.nextBefore, all[0].id);
    const second = await s.call('GET', `/api/admin/history?entity=unit&limit=1&before=${all[0].id}`, {
      as: 'admin',
    });
    assert.deepEqual(second.body.items, all.slice(1, 2));
  });

  test('a field named like a secret is stripped, whatever a caller passes', async () => {
    await recordAdminEvent(s.db, {
      actorUserId: null,
      entity: 'user',
      key: 'net',
      action: 'update',
      before: { name: 'a', password: 'p1', password_hash: '$argon2id$x' },
      after: { name: 'b', passwordHash: 'h', nested: { key_hash: 'k', apiKey: 'xh_1', keep: 1 } },
      at: s.clock.now(),
    });
    const [e] = await history('user', 'net');
    assert.deepEqual([e.before, e.after], [{ name: 'a' }, { name: 'b', nested: { keep: 1 } }]);
    assert.equal(e.actor, null);
  });

  test('the history is append-only', async () => {
    await assert.rejects(s.db.deleteFrom('admin_events').execute(), /append-only/);
    await assert.rejects(s.db.updateTable('admin_events').set({ action: 'update' }).execute(), /append-only/);
  });
});
