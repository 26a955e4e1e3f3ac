// Admin and reference routes: units, users, routing rules, the versioned catalogue, grid import,
// responsibility grids, and the API's own documents. Every change is admin-only: anyone else gets
// 403 and nothing is written.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CASE_ACTIONS, transitionOf } from '@xiuhua/domain/workflow';
import { CATALOGUE_FILE } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道, area class A
const S4 = '310112009'; // 浦锦街道

const s = await startTestServer();

const units = async () =>
  new Map<string, any>(
    (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u]),
  );
const unitIds = new Map([...(await units())].map(([code, u]) => [code, u.id as number]));
const userIds = new Map<string, number>(
  (await s.call('GET', '/api/users', { as: 'admin' })).body.map((u: any) => [u.username, u.id]),
);

type Table = 'units' | 'users' | 'sessions' | 'routing_rules' | 'catalogue_classes' | 'grid_cells';
const { act, count } = s;

/** A change tried by a non-admin: 403 ROLE_NOT_ALLOWED and the table keeps its rows. */
async function notForNonAdmins(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  table: Table,
) {
  const before = await count(table);
  for (const who of ['dispatch', 'leader', 's1-handler']) {
    const res = await s.call(method, url, { as: who, body });
    assert.equal(res.status, 403, `${who} ${method} ${url}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, 'ROLE_NOT_ALLOWED');
  }
  assert.equal(await count(table), before);
}

async function login(username: string, password: string): Promise<{ status: number; cookie: string }> {
  const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const set = res.cookies.find((c) => c.name === 'xh_session');
  return { status: res.statusCode, cookie: set ? `xh_session=${set.value}` : '' };
}

async function createCase(streetCode: string, classCode: string): Promise<any> {
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode,
      description: '市民来电反映',
      location: await s.pointIn(streetCode),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('units', () => {
  test('create: 201, listed, duplicate code 409, unknown area or parent 422, non-admin 403', async () => {
    const body = {
      code: 's1-greening',
      name: '江川路街道绿化养护队',
      nameEn: 'Jiangchuan Road greening team',
      kind: 'squad',
      unitType: 'greening',
      parentId: unitIds.get('s1-office'),
      areaCode: S1,
    };
    await notForNonAdmins('POST', '/api/units', body, 'units');
    const created = await s.call('POST', '/api/units', { as: 'admin', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.code, 's1-greening');
    assert.equal(created.body.parentId, unitIds.get('s1-office'));
    assert.deepEqual((await units()).get('s1-greening'), created.body);

    const before = await count('units');
    const dup = await s.call('POST', '/api/units', { as: 'admin', body: { ...body, name: '另一个' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    assert.equal(dup.body.field, 'code');
    const area = await s.call('POST', '/api/units', {
      as: 'admin',
      body: { ...body, code: 'nowhere-team', areaCode: '310112999' },
    });
    assert.equal(area.status, 422);
    assert.equal(area.body.code, 'UNKNOWN_AREA');
    assert.equal(area.body.field, 'areaCode');
    const parent = await s.call('POST', '/api/units', {
      as: 'admin',
      body: { ...body, code: 'orphan-team', parentId: 99_999 },
    });
    assert.equal(parent.status, 422);
    assert.equal(parent.body.field, 'parentId');
    const kind = await s.call('POST', '/api/units', {
      as: 'admin',
      body: { ...body, code: 'odd-team', kind: 'guild' },
    });
    assert.equal(kind.status, 400);
    assert.equal(kind.body.field, 'kind');
    assert.equal(await count('units'), before);
  });

  test('patch: renamed and reparented; unknown area 422, self-parent 422, unknown unit 404, non-admin 403', async () => {
    const id = unitIds.get('s4-enforcement')!;
    await notForNonAdmins('PATCH', `/api/units/${id}`, { name: '改名' }, 'units');
    const renamed = await s.call('PATCH', `/api/units/${id}`, {
      as: 'admin',
      body: { name: '浦锦街道城管执法中队（新）' },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal((await units()).get('s4-enforcement').name, '浦锦街道城管执法中队（新）');
    assert.equal((await units()).get('s4-enforcement').parentId, unitIds.get('enforcement'));

    const area = await s.call('PATCH', `/api/units/${id}`, { as: 'admin', body: { areaCode: '310112999' } });
    assert.equal(area.status, 422);
    assert.equal(area.body.code, 'UNKNOWN_AREA');
    const self = await s.call('PATCH', `/api/units/${id}`, { as: 'admin', body: { parentId: id } });
    assert.equal(self.status, 422);
    assert.equal(self.body.field, 'parentId');
    const missing = await s.call('PATCH', '/api/units/99999', { as: 'admin', body: { name: '无' } });
    assert.equal(missing.status, 404);
    assert.equal((await units()).get('s4-enforcement').areaCode, S4, 'refused patches changed nothing');
  });
});

describe('users', () => {
  const newUser = {
    username: 'gm-intake2',
    displayName: '古美受理员二',
    password: 'correct horse battery',
    unitId: 0,
    roles: ['intake_operator'],
    phone: '021-64000000',
  };

  test('create: argon2id hash stored, the user can sign in; duplicate 409, weak password 400, non-admin 403', async () => {
    const body = { ...newUser, unitId: unitIds.get('s2-office')! };
    await notForNonAdmins('POST', '/api/users', body, 'users');
    const created = await s.call('POST', '/api/users', { as: 'admin', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.username, 'gm-intake2');
    assert.equal(created.body.password, undefined);
    assert.equal(created.body.passwordHash, undefined);
    const row = await s.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.ok(row.password_hash.startsWith('$argon2id$'), row.password_hash.slice(0, 20));
    assert.ok(!row.password_hash.includes(body.password));

    const session = await login('gm-intake2', body.password);
    assert.equal(session.status, 200);
    const me = await s.call('GET', '/api/auth/me', { headers: { cookie: session.cookie } });
    assert.equal(me.body.unit.id, unitIds.get('s2-office'));
    assert.deepEqual(me.body.roles, ['intake_operator']);
    assert.equal((await login('gm-intake2', 'wrong password')).status, 401);

    const before = await count('users');
    const dup = await s.call('POST', '/api/users', { as: 'admin', body: { ...body, displayName: '重名' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    assert.equal(dup.body.field, 'username');
    const weak = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...body, username: 'weak-one', password: '1234567' },
    });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.field, 'password');
    const role = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...body, username: 'odd-one', roles: ['mayor'] },
    });
    assert.equal(role.status, 400);
    assert.match(role.body.field, /^roles/);
    const unit = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...body, username: 'lost-one', unitId: 99_999 },
    });
    assert.equal(unit.status, 422);
    assert.equal(unit.body.field, 'unitId');
    assert.equal(await count('users'), before);
  });

  test('deactivating a user ends their sessions and API keys; reactivating lets them sign in again', async () => {
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...newUser, username: 'leaving-clerk', unitId: unitIds.get('supervision')! },
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const a = await login('leaving-clerk', newUser.password);
    const b = await login('leaving-clerk', newUser.password);
    const key = (
      await s.call('POST', '/api/api-keys', { as: 'admin', body: { userId: id, name: 'clerk key' } })
    ).body.key;
    assert.equal((await s.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } })).status, 200);
    const sessionsOf = async () =>
      Number(
        (
          await s.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await sessionsOf(), 2);

    await notForNonAdmins('PATCH', `/api/users/${id}`, { active: false }, 'sessions');
    assert.equal(await sessionsOf(), 2);
    const off = await s.call('PATCH', `/api/users/${id}`, { as: 'admin', body: { active: false } });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.active, false);
    assert.equal(await sessionsOf(), 0);
    for (const cookie of [a.cookie, b.cookie]) {
      assert.equal((await s.call('GET', '/api/auth/me', { headers: { cookie } })).status, 401);
    }
    assert.equal((await s.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } })).status, 401);
    assert.equal((await login('leaving-clerk', newUser.password)).status, 401);

    const on = await s.call('PATCH', `/api/users/${id}`, { as: 'admin', body: { active: true } });
    assert.equal(on.status, 200);
    assert.equal((await login('leaving-clerk', newUser.password)).status, 200);
    assert.equal(
      (await s.call('PATCH', '/api/users/99999', { as: 'admin', body: { active: false } })).status,
      404,
    );
  });

  test('a new password ends the old sessions; a weak one is refused', async () => {
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...newUser, username: 'forgetful', unitId: unitIds.get('supervision')! },
    });
    const id = created.body.id;
    const old = await login('forgetful', newUser.password);
    const weak = await s.call('PATCH', `/api/users/${id}`, { as: 'admin', body: { password: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.field, 'password');
    assert.equal((await s.call('GET', '/api/auth/me', { headers: { cookie: old.cookie } })).status, 200);
    const changed = await s.call('PATCH', `/api/users/${id}`, {
      as: 'admin',
      body: { password: 'a much better passphrase' },
    });
    assert.equal(changed.status, 200);
    assert.equal((await s.call('GET', '/api/auth/me', { headers: { cookie: old.cookie } })).status, 401);
    assert.equal((await login('forgetful', newUser.password)).status, 401);
    assert.equal((await login('forgetful', 'a much better passphrase')).status, 200);
  });
});

describe('routing rules', () => {
  test('CRUD, admin-only, and the suggestion follows the rules with the rule id in its explanation', async () => {
    const c = await createCase(S1, '06010');
    const suggest = async () => {
      const res = await s.call('GET', `/api/cases/${c.id}/routing-suggestion`, { as: 'dispatch' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const seeded = await suggest();
    assert.equal(seeded.unitId, unitIds.get('s1-sanitation'));
    assert.match(seeded.ruleId, /^R\d+$/);
    assert.ok(seeded.explanation.includes(seeded.ruleId), seeded.explanation);
    assert.match(seeded.explanation, /：暴露垃圾（06010）在 江川路街道/, seeded.explanation);
    // a rule for a major class names it, not the bare code ("04在 江川路街道"): the demo's 园林绿化 rule
    const tree = await s.call('POST', '/api/cases', {
      as: 'intake',
      body: {
        source: 'hotline',
        kind: 'component',
        classCode: '04002',
        description: '行道树倒伏',
        location: await s.pointIn(S1),
      },
    });
    assert.equal(tree.status, 201, JSON.stringify(tree.body));
    const major = await s.call('GET', `/api/cases/${tree.body.id}/routing-suggestion`, { as: 'dispatch' });
    assert.match(major.body.explanation, /：园林绿化设施（04）/, major.body.explanation);

    // A rule for the same class and street as the seeded one, to the district's 环卫所: its higher
    // priority puts it first.
    const body = {
      label: '江川路暴露垃圾 → 区环卫所',
      kind: 'event',
      classCode: '06010',
      areaCode: S1,
      unitId: unitIds.get('sanitation')!,
      priority: 10,
    };
    await notForNonAdmins('POST', '/api/routing-rules', body, 'routing_rules');
    const created = await s.call('POST', '/api/routing-rules', { as: 'admin', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ruleId = created.body.ruleId;
    assert.equal(ruleId, `R${created.body.id}`);
    const listed = await s.call('GET', '/api/routing-rules', { as: 'dispatch' });
    assert.ok(listed.body.some((r: any) => r.id === created.body.id && r.classCode === '06010'));

    const specific = await suggest();
    assert.equal(specific.unitId, unitIds.get('sanitation'));
    assert.equal(specific.ruleId, ruleId);
    assert.ok(specific.explanation.includes(ruleId), specific.explanation);
    assert.ok(specific.explanation.includes('闵行区环境卫生管理所'), specific.explanation);

    // Disabled: back to the street rule. Re-enabled: the specific rule again.
    await notForNonAdmins(
      'PATCH',
      `/api/routing-rules/${created.body.id}`,
      { enabled: false },
      'routing_rules',
    );
    assert.equal((await suggest()).ruleId, ruleId, 'a refused patch changed nothing');
    const off = await s.call('PATCH', `/api/routing-rules/${created.body.id}`, {
      as: 'admin',
      body: { enabled: false },
    });
    assert.equal(off.status, 200);
    assert.equal((await suggest()).ruleId, seeded.ruleId);
    await s.call('PATCH', `/api/routing-rules/${created.body.id}`, { as: 'admin', body: { enabled: true } });
    assert.equal((await suggest()).ruleId, ruleId);
    // Repointed to another unit.
    const moved = await s.call('PATCH', `/api/routing-rules/${created.body.id}`, {
      as: 'admin',
      body: { unitId: unitIds.get('s1-enforcement') },
    });
    assert.equal(moved.status, 200);
    assert.equal((await suggest()).unitId, unitIds.get('s1-enforcement'));

    // Bad rules.
    const before = await count('routing_rules');
    for (const [bad, status, field] of [
      [{ ...body, unitId: 99_999 }, 422, 'unitId'],
      [{ ...body, areaCode: '310112999' }, 422, 'areaCode'],
      [{ ...body, classCode: '0601' }, 400, 'classCode'],
      [{ ...body, kind: 'incident' }, 400, 'kind'],
      [{ ...body, priority: 5000 }, 400, 'priority'],
    ] as const) {
      const res = await s.call('POST', '/api/routing-rules', { as: 'admin', body: bad });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.field, field);
    }
    assert.equal(await count('routing_rules'), before);

    // Deleted: gone from the list and from the suggestion; deleting again is 404.
    await notForNonAdmins('DELETE', `/api/routing-rules/${created.body.id}`, undefined, 'routing_rules');
    const del = await s.call('DELETE', `/api/routing-rules/${created.body.id}`, { as: 'admin' });
    assert.equal(del.status, 204);
    assert.equal((await suggest()).ruleId, seeded.ruleId);
    assert.equal(
      (await s.call('DELETE', `/api/routing-rules/${created.body.id}`, { as: 'admin' })).status,
      404,
    );
    const patchGone = await s.call('PATCH', `/api/routing-rules/${created.body.id}`, {
      as: 'admin',
      body: { enabled: true },
    });
    assert.equal(patchGone.status, 404);
  });
});

describe('catalogue', () => {
  test('search ranks name matches before keyword-only matches', async () => {
    const res = await s.call('GET', `/api/catalogue/classes?q=${encodeURIComponent('垃圾')}&limit=100`, {
      as: 'intake',
    });
    assert.equal(res.status, 200);
    const hasName = res.body.map((c: any) => c.name.includes('垃圾'));
    const names = hasName.filter(Boolean).length;
    assert.ok(names >= 3, `${names} name matches`);
    assert.ok(names < hasName.length, 'some classes match by keyword only');
    assert.ok(
      hasName.every((h: boolean, i: number) => i < names === h),
      'every name match comes before every keyword-only match',
    );
    for (const c of res.body.slice(names))
      assert.ok(
        c.keywords.some((k: string) => k.includes('垃圾')),
        c.name,
      );

    const exact = await s.call('GET', `/api/catalogue/classes?q=${encodeURIComponent('暴露垃圾')}`, {
      as: 'intake',
    });
    assert.equal(exact.body[0].code, '06010');
    const pinyin = await s.call('GET', '/api/catalogue/classes?q=bllj', { as: 'intake' });
    assert.equal(pinyin.body[0].code, '06010');
    const none = await s.call('GET', '/api/catalogue/classes?q=zzzzqqq', { as: 'intake' });
    assert.deepEqual(none.body, []);
  });

  test('an edit makes version 2; cases filed before keep version 1 and its limits, later ones use version 2', async () => {
    const before = await createCase(S1, '06012'); // 道路不洁: area A handles in 1 working hour
    const limits = {
      A: { handle: { amount: 3, unit: 'workHour' } },
      B: { handle: { amount: 4, unit: 'workHour' } },
      C: { handle: { amount: 6, unit: 'workHour' } },
    };
    const edit = { note: '2026 年标准修订：A 类区域延长至 3 工作小时', limits };
    await notForNonAdmins('PUT', '/api/catalogue/classes/event/06012', edit, 'catalogue_classes');

    const edited = await s.call('PUT', '/api/catalogue/classes/event/06012', { as: 'admin', body: edit });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.version, 2);
    assert.deepEqual(edited.body.limits.A.handle, { amount: 3, unit: 'workHour' });
    assert.equal(edited.body.changeNote, edit.note);
    assert.equal(edited.body.name, '道路不洁', 'fields not in the edit are kept');
    const history = (await s.call('GET', '/api/catalogue/classes/event/06012', { as: 'intake' })).body;
    assert.deepEqual(
      history.map((v: any) => v.version),
      [2, 1],
    );
    assert.ok(history[1].supersededAt);
    assert.equal(history[0].supersededAt, null);

    const after = await createCase(S1, '06012');
    const classIds = await s.db
      .selectFrom('cases')
      .select(['id', 'class_id'])
      .where('id', 'in', [before.id, after.id])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      classIds.map((r) => r.class_id),
      [history[1].id, history[0].id],
    );

    // Both dispatched at the same moment (Monday 09:00): the handling limit is each case's own.
    for (const c of [before, after]) {
      await act('intake', c.id, 'accept');
      await act('shift', c.id, 'file');
    }
    const [d1, d2] = [
      await act('dispatch', before.id, 'dispatch', { unitId: unitIds.get('s1-sanitation') }),
      await act('dispatch', after.id, 'dispatch', { unitId: unitIds.get('s1-sanitation') }),
    ];
    assert.equal(d1.dueAt, '2026-09-28T02:00:00.000Z', 'version 1: 1 working hour → 10:00');
    assert.equal(d2.dueAt, '2026-09-28T04:00:00.000Z', 'version 2: 3 working hours → 12:00');

    // A bad edit is refused with the path of the problem, and makes no version.
    const versions = await count('catalogue_classes');
    const bad = await s.call('PUT', '/api/catalogue/classes/event/06012', {
      as: 'admin',
      body: {
        note: '签收时限长于处置时限',
        limits: {
          ...limits,
          B: { handle: { amount: 1, unit: 'workHour' }, sign: { amount: 2, unit: 'workHour' } },
        },
      },
    });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.match(bad.body.detail, /limits\.B\.sign/);
    assert.equal(await count('catalogue_classes'), versions);
    const unknown = await s.call('PUT', '/api/catalogue/classes/event/06999', { as: 'admin', body: edit });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'UNKNOWN_CLASS');
  });

  test('import: a bad file is 400 naming the path and imports nothing; the seed file re-imports as unchanged', async () => {
    const seed = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8'));
    const index = seed.minors.findIndex((m: any) => m.kind === 'event' && m.code === '06010');
    const broken = structuredClone(seed);
    broken.minors[index].limits.B.handle.amount = -4;
    broken.minors[index + 1].urgency = 'whenever';
    const versions = await count('catalogue_classes');
    await notForNonAdmins('POST', '/api/catalogue/import', seed, 'catalogue_classes');
    const res = await s.call('POST', '/api/catalogue/import', { as: 'admin', body: broken });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'INVALID_CATALOGUE');
    assert.ok(res.body.detail.includes(`minors[${index}].limits.B.handle.amount`), res.body.detail);
    assert.ok(res.body.detail.includes(`minors[${index + 1}].urgency`), res.body.detail);
    assert.equal(await count('catalogue_classes'), versions);

    const wrongVersion = await s.call('POST', '/api/catalogue/import', {
      as: 'admin',
      body: { ...seed, version: 2 },
    });
    assert.equal(wrongVersion.status, 400);
    assert.equal(wrongVersion.body.field, 'version');

    // The unchanged seed: nothing new, except 06012 (edited above) going back to the file's text.
    const again = await s.call('POST', '/api/catalogue/import', { as: 'admin', body: seed });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.created, 0);
    assert.ok(again.body.updated <= 1, JSON.stringify(again.body));
    assert.equal(again.body.unchanged + again.body.updated, seed.minors.length);
    assert.equal(await count('catalogue_classes'), versions + again.body.updated);
  });
});

describe('grid', () => {
  test('import replaces a valid cell, rejects the bad ones with reason codes, and lookups use the new shape', async () => {
    const community = `${S4}002`;
    const cells = (await s.call('GET', `/api/grid/cells?areaCode=${community}`, { as: 'admin' })).body
      .features;
    const target = cells[1]; // not the first: the fixture's pointIn uses that one
    const ring: number[][] = target.geometry.coordinates[0];
    const lons = ring.map((p) => p[0]!);
    const lats = ring.map((p) => p[1]!);
    const [w, e, so, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    assert.ok(
      ring.every((p) => (p[0] === w || p[0] === e) && (p[1] === so || p[1] === n)),
      'demo cells are rectangles',
    );
    const mid = (w + e) / 2;
    const westPoint = { lon: w + (e - w) / 4, lat: (so + n) / 2 };
    const eastPoint = { lon: w + (3 * (e - w)) / 4, lat: (so + n) / 2 };
    const resolve = (p: { lon: number; lat: number }) =>
      s.call('GET', `/api/geo/resolve?lon=${p.lon}&lat=${p.lat}`, { as: 'intake' });
    assert.equal((await resolve(eastPoint)).body.cellCode, target.properties.code);

    const rect = (x0: number, y0: number, x1: number, y1: number) => [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ];
    const feature = (code: unknown, geometry: unknown) => ({
      type: 'Feature',
      properties: { code },
      geometry,
    });
    const otherCommunityCell = (await s.call('GET', `/api/grid/cells?areaCode=${S1}001`, { as: 'admin' }))
      .body.features[0].geometry;
    const features = [
      feature(target.properties.code, { type: 'Polygon', coordinates: rect(w, so, mid, n) }), // 0: valid
      feature('12345', { type: 'Polygon', coordinates: rect(w, so, mid, n) }), // 1
      feature(`${S4}999001`, { type: 'Polygon', coordinates: rect(w, so, mid, n) }), // 2
      feature(target.properties.code, { type: 'Polygon', coordinates: rect(w, so, mid, n) }), // 3
      feature(`${community}901`, { type: 'Point', coordinates: [w, so] }), // 4
      feature(`${community}902`, { type: 'Polygon', coordinates: [rect(w, so, mid, n)[0]!.slice(0, 4)] }), // 5
      feature(`${community}903`, {
        type: 'Polygon',
        coordinates: [
          [
            [w, so],
            [e, n],
            [e, so],
            [w, n],
            [w, so],
          ],
        ],
      }), // 6: bow tie
      feature(`${community}904`, otherCommunityCell), // 7
      { type: 'Thing' }, // 8
      feature(`${community}905`, { type: 'Polygon', coordinates: rect(999, so, 1000, n) }), // 9
    ];
    const expected = [
      [1, 'INVALID_CODE'],
      [2, 'UNKNOWN_COMMUNITY'],
      [3, 'DUPLICATE_CODE'],
      [4, 'INVALID_GEOMETRY_TYPE'],
      [5, 'RING_NOT_CLOSED'],
      [6, 'SELF_INTERSECTION'],
      [7, 'OUTSIDE_COMMUNITY'],
      [8, 'INVALID_FEATURE'],
      [9, 'INVALID_COORDINATE'],
    ];
    const body = { collection: { type: 'FeatureCollection', features } };
    const cellCount = await count('grid_cells');
    await notForNonAdmins('POST', '/api/grid/import', body, 'grid_cells');
    assert.equal(
      (await resolve(eastPoint)).body.cellCode,
      target.properties.code,
      'a refused import changed nothing',
    );

    const res = await s.call('POST', '/api/grid/import', { as: 'admin', body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.imported, 1);
    assert.deepEqual(
      res.body.rejected.map((r: any) => [r.index, r.reasonCode]),
      expected,
    );
    for (const r of res.body.rejected) assert.ok(r.reason.length > 0);
    assert.equal(await count('grid_cells'), cellCount, 'replaced, not added');

    // The west half is still the cell; the east half is no cell at all now.
    assert.equal((await resolve(westPoint)).body.cellCode, target.properties.code);
    const gone = await resolve(eastPoint);
    assert.equal(gone.status, 422);
    assert.equal(gone.body.code, 'OUTSIDE_GRID');

    const notCollection = await s.call('POST', '/api/grid/import', {
      as: 'admin',
      body: { collection: { type: 'GeometryCollection', features: [] } },
    });
    assert.equal(notCollection.status, 400);
    assert.match(notCollection.body.field, /^collection/);
  });

  test('responsibility grids: create, list, replace by code; bad cells 422; admin-only', async () => {
    const s1Cells = (
      await s.call('GET', `/api/grid/cells?areaCode=${S1}001`, { as: 'admin' })
    ).body.features.map((f: any) => f.properties.code);
    const body = {
      code: 'RG-JC-T1',
      name: '江川路测试商务网格',
      gridType: 'business',
      streetCode: S1,
      cellCodes: s1Cells.slice(0, 3),
      inspectorIds: [userIds.get('inspector1')!],
    };
    const before = await s.call('GET', `/api/responsibility-grids?streetCode=${S1}`, { as: 'inspector1' });
    const nonAdmin = await s.call('POST', '/api/responsibility-grids', { as: 'dispatch', body });
    assert.equal(nonAdmin.status, 403);

    const created = await s.call('POST', '/api/responsibility-grids', { as: 'admin', body });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const listed = (await s.call('GET', `/api/responsibility-grids?streetCode=${S1}`, { as: 'inspector1' }))
      .body;
    assert.equal(listed.length, before.body.length + 1);
    const mine = listed.find((g: any) => g.code === 'RG-JC-T1');
    assert.deepEqual(
      { id: mine.id, cells: mine.cellCodes, inspectors: mine.inspectorIds, type: mine.gridType },
      {
        id: created.body.id,
        cells: [...body.cellCodes].sort(),
        inspectors: body.inspectorIds,
        type: 'business',
      },
    );
    const elsewhere = (
      await s.call('GET', `/api/responsibility-grids?streetCode=${S4}`, { as: 'inspector1' })
    ).body;
    assert.ok(!elsewhere.some((g: any) => g.code === 'RG-JC-T1'));

    // Same code: replaced, same id.
    const replaced = await s.call('POST', '/api/responsibility-grids', {
      as: 'admin',
      body: { ...body, cellCodes: s1Cells.slice(3, 5), inspectorIds: [] },
    });
    assert.equal(replaced.body.id, created.body.id);
    const again = (
      await s.call('GET', `/api/responsibility-grids?streetCode=${S1}`, { as: 'admin' })
    ).body.find((g: any) => g.code === 'RG-JC-T1');
    assert.deepEqual(again.cellCodes, s1Cells.slice(3, 5).sort());
    assert.deepEqual(again.inspectorIds, []);

    for (const [cellCodes, code] of [
      [[`${S4}001001`], 'INVALID_FIELD'],
      [[`${S1}001999`], 'UNKNOWN_CELL'],
    ] as const) {
      const res = await s.call('POST', '/api/responsibility-grids', {
        as: 'admin',
        body: { ...body, code: 'RG-JC-T2', cellCodes },
      });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.code, code);
      assert.equal(res.body.field, 'cellCodes');
    }
    const after = (await s.call('GET', '/api/responsibility-grids', { as: 'admin' })).body;
    assert.ok(!after.some((g: any) => g.code === 'RG-JC-T2'));
  });
});

describe('the API describes itself', () => {
  test('GET /openapi.json is an OpenAPI 3.1 document with every case action, well-formed throughout', async () => {
    const res = await s.call('GET', '/openapi.json');
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    assert.ok(Object.keys(doc.paths).length > 30);
    assert.ok(doc.components.securitySchemes.session && doc.components.securitySchemes.apiKey);
    for (const name of ['Case', 'CaseEvent', 'Error'])
      assert.ok(doc.components.schemas[name], `schema ${name}`);

    for (const action of CASE_ACTIONS) {
      const op = doc.paths[`/api/cases/{id}/${action.replaceAll('_', '-')}`]?.post;
      assert.ok(op, `no operation for ${action}`);
      assert.ok(op.summary.includes(transitionOf(action).zh), op.summary);
      assert.ok(op.requestBody, `${action} has a body schema`);
      assert.ok(op.responses['200'] && op.responses['404'] && op.responses['409'], action);
    }

    const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      assert.ok(path.startsWith('/'), path);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        if (!METHODS.includes(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${where} has responses`);
        for (const status of Object.keys(op.responses))
          assert.match(status, /^([1-5](\d\d|XX)|default)$/, where);
        const pathParams = (op.parameters ?? []).filter((p: any) => p.in === 'path');
        assert.deepEqual(pathParams.map((p: any) => p.name).sort(), [...templated].sort(), where);
        for (const p of pathParams) assert.equal(p.required, true, `${where} ${p.name}`);
        if (op.operationId) {
          assert.ok(!operationIds.has(op.operationId), `duplicate operationId ${op.operationId}`);
          operationIds.add(op.operationId);
        }
      }
    }
    // Every reference points at something in the document.
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    assert.ok(refs.length > 0);
    for (const ref of new Set(refs)) {
      assert.ok(ref.startsWith('#/'), `external or relative reference ${ref}`);
      const target = ref
        .slice(2)
        .split('/')
        .reduce((node: any, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
      assert.ok(target !== undefined, `dangling reference ${ref}`);
    }
  });

  test('/docs serves the HTML reference; /healthz answers without signing in', async () => {
    let res = await s.app.inject({ method: 'GET', url: '/docs' });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      const location = String(res.headers.location);
      res = await s.app.inject({
        method: 'GET',
        url: location.startsWith('/') ? location : `/docs/${location}`,
      });
    }
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /<html/i);

    const health = await s.call('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });
  });
});

test('an API key records when it was last used, to the minute, without a write per request', async () => {
  const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as {
    id: number;
    username: string;
  }[];
  const intake = users.find((u) => u.username === 'intake')!;
  const issued = await s.call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: intake.id, name: 'desk key' },
  });
  assert.equal(issued.status, 201);
  const lastUsed = async () =>
    (
      await s.db
        .selectFrom('api_keys')
        .select('last_used_at')
        .where('id', '=', issued.body.id)
        .executeTakeFirstOrThrow()
    ).last_used_at;
  const use = () => s.call('GET', '/api/auth/me', { headers: { 'x-api-key': issued.body.key } });
  assert.equal(await lastUsed(), null);
  assert.equal((await use()).status, 200);
  const first = await lastUsed();
  assert.equal(new Date(first!).toISOString(), s.clock.now().toISOString());
  s.clock.advanceMinutes(0.5);
  await use();
  assert.equal(
    new Date((await lastUsed())!).toISOString(),
    new Date(first!).toISOString(),
    'not rewritten within a minute',
  );
  s.clock.advanceMinutes(0.6);
  await use();
  assert.equal(new Date((await lastUsed())!).toISOString(), s.clock.now().toISOString());
});

test('GET /api/auth/session: nobody signed in is a 200 with null (no 401 in the login page console), else the user', async () => {
  const anonymous = await s.call('GET', '/api/auth/session');
  assert.equal(anonymous.status, 200);
  assert.deepEqual(anonymous.body, { user: null });
  const stale = await s.call('GET', '/api/auth/session', { headers: { cookie: 'xh_session=gone' } });
  assert.deepEqual(stale.body, { user: null });
  const admin = await s.call('GET', '/api/auth/session', { as: 'admin' });
  assert.equal(admin.status, 200);
  assert.deepEqual(admin.body.user, (await s.call('GET', '/api/auth/me', { as: 'admin' })).body);
});
