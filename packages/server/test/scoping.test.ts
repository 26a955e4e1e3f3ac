// Area scoping over the API: a street office sees and acts on its own street only, a department on
// what was sent to it, the district centres on the district, the city-wide leader on everything.
// Every case route is enumerated from the app itself (its OpenAPI document), so a route added later
// is covered without touching this file.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CASE_ACTIONS } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道, area class A
const S2 = '310112006'; // 古美街道, area class B

const s = await startTestServer();

const units = new Map<string, number>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map((u: any) => [u.code, u.id]),
);
const userIds = new Map<string, number>(
  (await s.call('GET', '/api/users', { as: 'admin' })).body.map((u: any) => [u.username, u.id]),
);
const unitId = (code: string) => {
  const id = units.get(code);
  assert.ok(id, `unit ${code}`);
  return id;
};

// A street-level intake operator (the demo has none): 古美街道's own 受理员.
const s2Intake = await s.call('POST', '/api/users', {
  as: 'admin',
  body: {
    username: 's2-intake',
    displayName: '古美受理员',
    password: DEMO_PASSWORD,
    unitId: unitId('s2-office'),
    roles: ['intake_operator'],
  },
});
assert.equal(s2Intake.status, 201, JSON.stringify(s2Intake.body));

async function createCase(
  streetCode: string,
  options: { as?: string; classCode?: string; kind?: 'event' | 'component' } = {},
): Promise<any> {
  const res = await s.call('POST', '/api/cases', {
    as: options.as ?? 'intake',
    body: {
      source: 'hotline',
      kind: options.kind ?? 'event',
      classCode: options.classCode ?? '06010',
      description: '市民来电：路边暴露垃圾',
      location: await s.pointIn(streetCode),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function act(as: string, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await s.call('POST', `/api/cases/${id}/${action.replaceAll('_', '-')}`, { as, body });
  assert.equal(res.status, 200, `${as} ${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

type Step = [user: string, action: string, body?: Record<string, unknown>];

/** The steps that take a new case of street `n` (1..4) to `target`, by that street's own people. */
function stepsTo(target: string, n: number): Step[] {
  const handler = `s${n}-handler`;
  const toDispatched: Step[] = [
    ['intake', 'accept'],
    ['shift', 'file'],
    ['dispatch', 'dispatch', { unitId: unitId(`s${n}-sanitation`) }],
  ];
  const toHandling: Step[] = [...toDispatched, [handler, 'sign']];
  const toChecking: Step[] = [
    ...toHandling,
    [handler, 'report_back', { reason: '已清运', photos: AFTER_PHOTOS }],
  ];
  const paths: Record<string, Step[]> = {
    reported: [],
    filed: toDispatched.slice(0, 2),
    dispatched: toDispatched,
    handling: toHandling,
    postponement_requested: [
      ...toHandling,
      [handler, 'request_postponement', { reason: '需协调', extension: { amount: 1, unit: 'workDay' } }],
    ],
    returned: [...toDispatched, [handler, 'return', { reason: '非本单位职责' }]],
    suspended: [...toHandling, ['dispatch', 'suspend', { reason: '涉及规划，暂缓' }]],
    checking: toChecking,
    to_close: [...toChecking, [`inspector${n}`, 'check_pass']],
    closed: [...toChecking, [`inspector${n}`, 'check_pass'], ['shift', 'close']],
  };
  const steps = paths[target];
  assert.ok(steps, `no path to ${target}`);
  return steps;
}

async function caseIn(streetCode: string, n: number, target: string): Promise<any> {
  const created = await createCase(streetCode);
  let current = created;
  for (const [user, action, body] of stepsTo(target, n)) current = await act(user, created.id, action, body);
  assert.equal(current.state, target);
  return current;
}

/** What an attempt must not change: the row's state and version, and the event log's length. */
async function snapshot(id: number) {
  const row = await s.db
    .selectFrom('cases')
    .select(['state', 'version', 'assignee_unit_id', 'assignee_user_id', 'updated_at', 'merged_into_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const { n } = await s.db
    .selectFrom('case_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...row, updated_at: row.updated_at.toISOString(), events: Number(n) };
}

// ------------------------------------------------------------------ the case routes, from the app

interface CaseRoute {
  method: 'GET' | 'POST';
  path: string; // OpenAPI form: /api/cases/{id}/...
  bodyProperties: Record<string, any>;
  required: string[];
}

const spec = s.app.swagger() as any;
const caseRoutes: CaseRoute[] = Object.entries(spec.paths as Record<string, any>)
  .filter(([path]) => path === '/api/cases/{id}' || path.startsWith('/api/cases/{id}/'))
  .flatMap(([path, operations]) =>
    Object.entries(operations as Record<string, any>)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => {
        const schema = op.requestBody?.content?.['application/json']?.schema ?? {};
        return {
          method: method.toUpperCase() as CaseRoute['method'],
          path,
          bodyProperties: schema.properties ?? {},
          required: schema.required ?? [],
        };
      }),
  );

/**
 * A body the route accepts, with the strongest values an intruder could send (a unit, a merge
 * target, a rating that would reopen): if scoping failed, the action would go through.
 */
function bodyFor(
  route: CaseRoute,
  own: { unitId: number; caseId: number },
): Record<string, unknown> | undefined {
  if (route.method === 'GET') return undefined;
  const values: Record<string, unknown> = {
    reason: '越权尝试',
    unitId: own.unitId,
    targetCaseId: own.caseId,
    extension: { amount: 1, unit: 'workDay' },
    satisfaction: 'unsatisfied',
  };
  const body: Record<string, unknown> = {};
  for (const name of Object.keys(route.bodyProperties)) if (name in values) body[name] = values[name];
  for (const name of route.required) {
    assert.ok(name in body, `${route.path} requires "${name}": teach bodyFor a value for it`);
  }
  return body;
}

const urlOf = (route: CaseRoute, id: number | string) => route.path.replace('{id}', String(id));

describe('every case route', () => {
  test('the app exposes a route for every action of the transition table, plus the case reads', () => {
    const keys = new Set(caseRoutes.map((r) => `${r.method} ${r.path}`));
    const expected = [
      'GET /api/cases/{id}',
      'GET /api/cases/{id}/events',
      'GET /api/cases/{id}/routing-suggestion',
      ...CASE_ACTIONS.map((a) => `POST /api/cases/{id}/${a.replaceAll('_', '-')}`),
    ];
    for (const key of expected) assert.ok(keys.has(key), `missing route ${key}`);
    assert.ok(caseRoutes.length >= expected.length);
  });

  test('another street, another unit: 404 on every route in every state, and the case never changes', async () => {
    const targets = [
      'reported',
      'filed',
      'dispatched',
      'handling',
      'postponement_requested',
      'returned',
      'suspended',
      'checking',
      'closed',
    ];
    const s1Cases: any[] = [];
    for (const target of targets) s1Cases.push(await caseIn(S1, 1, target));
    const s2Own = await createCase(S2); // the intruders' own case: a merge target they can see

    // Street office of 古美 (dispatcher, road chief), 古美's sanitation squad, and a district
    // department that was never sent these cases.
    const intruders = ['s2-dispatch', 's2-chief', 's2-handler', 'roads'];
    let attempts = 0;
    for (const intruder of intruders) {
      for (const c of s1Cases) {
        const before = await snapshot(c.id);
        for (const route of caseRoutes) {
          const body = bodyFor(route, { unitId: unitId('s2-sanitation'), caseId: s2Own.id });
          const res = await s.call(route.method, urlOf(route, c.id), { as: intruder, body });
          const what = `${intruder} ${route.method} ${route.path} on a ${c.state} case of 江川路`;
          assert.equal(res.status, 404, `${what}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.code, 'NOT_FOUND', what);
          assert.doesNotMatch(res.body.detail, /no route/, what);
          assert.deepEqual(await snapshot(c.id), before, `${what} changed the case`);
          attempts++;
        }
      }
      // By case number too.
      const res = await s.call('GET', `/api/cases/${s1Cases[0].number}`, { as: intruder });
      assert.equal(res.status, 404, intruder);
    }
    assert.equal(attempts, intruders.length * s1Cases.length * caseRoutes.length);
    const ownAfter = await s.call('GET', `/api/cases/${s2Own.id}`, { as: 's2-dispatch' });
    assert.equal(ownAfter.body.state, 'reported');
    assert.equal(ownAfter.body.version, s2Own.version, 'the merge target was not touched either');

    // Control: the same routes on a case of 古美 reach the case (whatever the workflow then says),
    // and the district's people reach the 江川路 cases: the 404s above are scoping, not routing.
    const s2Closed = await caseIn(S2, 2, 'closed');
    for (const route of caseRoutes) {
      const body = bodyFor(route, { unitId: unitId('s2-sanitation'), caseId: s2Own.id });
      const res = await s.call(route.method, urlOf(route, s2Closed.id), { as: 's2-dispatch', body });
      assert.notEqual(
        res.status,
        404,
        `s2-dispatch ${route.method} ${route.path}: ${JSON.stringify(res.body)}`,
      );
      assert.ok([200, 403, 409].includes(res.status), `${route.path}: ${res.status}`);
    }
    for (const c of s1Cases) {
      assert.equal((await s.call('GET', `/api/cases/${c.id}`, { as: 'dispatch' })).status, 200);
    }
  });
});

describe('a street office', () => {
  test('acts on the cases of its own street', async () => {
    const c = await caseIn(S2, 2, 'filed');
    const dispatched = await act('s2-dispatch', c.id, 'dispatch', { unitId: unitId('s2-sanitation') });
    assert.equal(dispatched.assigneeUnit.id, unitId('s2-sanitation'));
    await act('s2-handler', c.id, 'sign');
  });

  test('lists only its own street, and an area filter cannot widen that', async () => {
    const mine = await createCase(S2);
    const theirs = await createCase(S1);
    const list = await s.call('GET', '/api/cases?pageSize=500', { as: 's2-dispatch' });
    assert.equal(list.status, 200);
    const ids = list.body.items.map((c: any) => c.id);
    assert.ok(ids.includes(mine.id));
    assert.ok(!ids.includes(theirs.id));
    for (const item of list.body.items) assert.equal(item.area.streetCode, S2, `case ${item.number}`);
    const { n } = await s.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('street_code', '=', S2)
      .executeTakeFirstOrThrow();
    assert.equal(list.body.total, Number(n));
    const { n: all } = await s.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(all) > Number(n), 'there are cases of other streets to hide');

    const other = await s.call('GET', `/api/cases?areaCode=${S1}`, { as: 's2-dispatch' });
    assert.equal(other.status, 200);
    assert.equal(other.body.total, 0);
    assert.deepEqual(other.body.items, []);
    const own = await s.call('GET', `/api/cases?areaCode=${S2}&pageSize=500`, { as: 's2-dispatch' });
    assert.equal(own.body.total, list.body.total);
    const byNumber = await s.call('GET', `/api/cases?q=${theirs.number}`, { as: 's2-dispatch' });
    assert.equal(byNumber.body.total, 0);
  });

  test('a street-level intake operator cannot take a report outside the street: 403 NOT_IN_SCOPE', async () => {
    const count = async () =>
      Number(
        (
          await s.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const body = {
      source: 'hotline',
      kind: 'event',
      classCode: '06010',
      description: '越界受理',
      location: await s.pointIn(S1),
    };
    const outside = await s.call('POST', '/api/cases', { as: 's2-intake', body });
    assert.equal(outside.status, 403, JSON.stringify(outside.body));
    assert.equal(outside.body.code, 'NOT_IN_SCOPE');
    assert.equal(outside.body.field, 'location');
    assert.equal(await count(), before);

    const inside = await s.call('POST', '/api/cases', {
      as: 's2-intake',
      body: { ...body, location: await s.pointIn(S2) },
    });
    assert.equal(inside.status, 201, JSON.stringify(inside.body));
    assert.equal(inside.body.area.streetCode, S2);

    // A street dispatcher does not take reports at all.
    const dispatcher = await s.call('POST', '/api/cases', {
      as: 's2-dispatch',
      body: { ...body, location: await s.pointIn(S2) },
    });
    assert.equal(dispatcher.status, 403);
    assert.equal(dispatcher.body.code, 'ROLE_NOT_ALLOWED');
    assert.equal(await count(), before + 1);
  });

  test('cannot merge its case into another street’s case: answered as if that case did not exist', async () => {
    const theirs = await createCase(S1);
    const mine = await createCase(S2, { as: 's2-intake' });
    const before = await snapshot(mine.id);
    const hidden = await s.call('POST', `/api/cases/${mine.id}/merge`, {
      as: 's2-intake',
      body: { targetCaseId: theirs.id, reason: '重复' },
    });
    const missing = await s.call('POST', `/api/cases/${mine.id}/merge`, {
      as: 's2-intake',
      body: { targetCaseId: 99_999_999, reason: '重复' },
    });
    assert.equal(hidden.status, 422, JSON.stringify(hidden.body));
    assert.equal(hidden.body.code, 'UNKNOWN_CASE');
    assert.equal(hidden.body.field, 'targetCaseId');
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, hidden.body.code);
    assert.doesNotMatch(JSON.stringify(hidden.body), new RegExp(theirs.number));
    assert.deepEqual(await snapshot(mine.id), before);
    // Into a case of its own street, the merge goes through.
    const twin = await createCase(S2, { as: 's2-intake' });
    await act('s2-intake', twin.id, 'merge', { targetCaseId: mine.id, reason: '重复' });
  });
});

describe('a department', () => {
  test('sees only the cases ever sent to it (or to its sub-units), and no longer acts once they are sent away', async () => {
    const toRoads = await caseIn(S1, 1, 'filed');
    await act('dispatch', toRoads.id, 'dispatch', { unitId: unitId('roads') });
    const toSanitation = await caseIn(S2, 2, 'filed');
    await act('dispatch', toSanitation.id, 'dispatch', { unitId: unitId('sanitation') });
    const elsewhere = await caseIn(S1, 1, 'dispatched'); // to 江川路's own squad

    assert.equal((await s.call('GET', `/api/cases/${toRoads.id}`, { as: 'roads' })).status, 200);
    assert.equal((await s.call('GET', `/api/cases/${toSanitation.id}`, { as: 'roads' })).status, 404);
    assert.equal((await s.call('GET', `/api/cases/${elsewhere.id}`, { as: 'roads' })).status, 404);
    // 绿化市容局 is the parent of 环卫所: it sees what its sub-unit was sent, not what roads was.
    assert.equal((await s.call('GET', `/api/cases/${toSanitation.id}`, { as: 'greening' })).status, 200);
    assert.equal((await s.call('GET', `/api/cases/${toRoads.id}`, { as: 'greening' })).status, 404);

    // The list is exactly the cases that ever involved the unit.
    const involvingRoads = await s.db
      .selectFrom('cases')
      .select('id')
      .where(sql<boolean>`${unitId('roads')} = any(involved_unit_ids)`)
      .execute();
    const list = await s.call('GET', '/api/cases?pageSize=500', { as: 'roads' });
    assert.deepEqual(list.body.items.map((c: any) => c.id).sort(), involvingRoads.map((r) => r.id).sort());
    assert.ok(list.body.items.some((c: any) => c.id === toRoads.id));

    // Sent away: still readable (the unit was involved), no longer actionable.
    await act('dispatch', toRoads.id, 'redispatch', { unitId: unitId('s1-sanitation'), reason: '派错' });
    const before = await snapshot(toRoads.id);
    assert.equal((await s.call('GET', `/api/cases/${toRoads.id}`, { as: 'roads' })).status, 200);
    assert.equal((await s.call('GET', `/api/cases/${toRoads.id}/events`, { as: 'roads' })).status, 200);
    const relisted = await s.call('GET', '/api/cases?pageSize=500', { as: 'roads' });
    assert.ok(relisted.body.items.some((c: any) => c.id === toRoads.id));
    for (const [action, body] of [
      ['sign', {}],
      ['return', { reason: '不是我们的' }],
    ] as const) {
      const res = await s.call('POST', `/api/cases/${toRoads.id}/${action}`, { as: 'roads', body });
      assert.equal(res.status, 403, `${action}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'NOT_IN_SCOPE');
      assert.deepEqual(await snapshot(toRoads.id), before);
    }
    await act('s1-handler', toRoads.id, 'sign'); // the unit it was sent to can
  });
});

describe('district and city', () => {
  test('inspectors belong to the district supervision centre: they see the whole district, tasks go by grid', async () => {
    const s2Case = await createCase(S2);
    const seen = await s.call('GET', `/api/cases/${s2Case.id}`, { as: 'inspector1' });
    assert.equal(seen.status, 200, '江川路 inspector reads a 古美 case (same district centre)');
    const list = await s.call('GET', '/api/cases?pageSize=500', { as: 'inspector1' });
    const { n } = await s.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_code', '=', '310112')
      .executeTakeFirstOrThrow();
    assert.equal(list.body.total, Number(n));
    // The verification task goes to the inspector of the case's grid, not to any inspector.
    const task = await act('intake', s2Case.id, 'request_verification');
    assert.equal(task.assigneeUserId, userIds.get('inspector2'));
  });

  test('the city-wide leader sees every case and may supervise any of them', async () => {
    const s2Case = await createCase(S2);
    const list = await s.call('GET', '/api/cases?pageSize=1', { as: 'leader' });
    const { n } = await s.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(list.body.total, Number(n));
    await act('leader', s2Case.id, 'remind', { reason: '请尽快受理' });
  });
});

describe('authentication', () => {
  test('every /api route but login, logout, session and /api/public/ answers 401 without a session, and writes nothing', async () => {
    const c = await createCase(S1);
    const params: Record<string, string> = {
      id: String(c.id),
      kind: 'event',
      code: '06010',
      year: '2026',
      date: '2026-10-01',
      key: 'working_hours',
    };
    // GET /api/auth/session answers null to nobody (the login page asks it without a 401).
    const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/session']);
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of ['cases', 'case_events', 'users', 'units', 'routing_rules', 'api_keys'] as const) {
        const r = await s.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        out[table] = Number(r.n);
      }
      return out;
    };
    const before = await counts();
    let checked = 0;
    for (const [path, operations] of Object.entries(spec.paths as Record<string, any>)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path}`;
        // The citizen portal's routes are public by design, and only they live under /api/public/.
        if (PUBLIC.has(key) || path.startsWith('/api/public/')) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '1');
        const m = method.toUpperCase() as 'GET';
        const attempts: Record<string, string>[] = [
          {},
          { cookie: 'xh_session=forged' },
          { 'x-api-key': 'xh_forged' },
        ];
        for (const headers of attempts) {
          const res = await s.call(m, url, { headers, ...(m === 'GET' ? {} : { body: {} }) });
          assert.equal(res.status, 401, `${key} ${JSON.stringify(headers)}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.code, 'UNAUTHENTICATED');
        }
        checked++;
      }
    }
    assert.ok(checked > CASE_ACTIONS.length + 20, `only ${checked} routes checked`);
    assert.deepEqual(await counts(), before);
  });

  test('logout ends that session only', async () => {
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'supervisor', password: DEMO_PASSWORD },
    });
    assert.equal(login.statusCode, 200);
    const cookie = `xh_session=${login.cookies.find((k) => k.name === 'xh_session')!.value}`;
    assert.equal((await s.call('GET', '/api/auth/me', { headers: { cookie } })).status, 200);
    assert.equal((await s.call('POST', '/api/auth/logout', { headers: { cookie } })).status, 204);
    const after = await s.call('GET', '/api/auth/me', { headers: { cookie } });
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'UNAUTHENTICATED');
    // The supervisor's other session (the fixture's) still works.
    assert.equal((await s.call('GET', '/api/auth/me', { as: 'supervisor' })).body.username, 'supervisor');
    const wrong = await s.call('POST', '/api/auth/login', {
      body: { username: 'supervisor', password: 'not-the-password' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
  });

  test('an API key acts as its user, with that user’s scope; revoked and forged keys get 401', async () => {
    const refused = await s.call('POST', '/api/api-keys', {
      as: 'dispatch',
      body: { userId: userIds.get('s2-dispatch'), name: 'not allowed' },
    });
    assert.equal(refused.status, 403);
    const issued = await s.call('POST', '/api/api-keys', {
      as: 'admin',
      body: { userId: userIds.get('s2-dispatch'), name: '古美街道派单机器人' },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const { key, id } = issued.body;
    assert.ok(key.startsWith(`xh_${issued.body.prefix}_`));
    const stored = await s.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.key_hash, key, 'only a hash of the key is stored');

    const s1Case = await createCase(S1);
    const s2Case = await createCase(S2);
    const me = await s.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } });
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 's2-dispatch');
    const bearer = await s.call('GET', `/api/cases/${s2Case.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(bearer.status, 200);
    assert.equal(
      (await s.call('GET', `/api/cases/${s1Case.id}`, { headers: { 'x-api-key': key } })).status,
      404,
    );
    const list = await s.call('GET', '/api/cases?pageSize=500', { headers: { 'x-api-key': key } });
    assert.ok(list.body.total > 0);
    for (const item of list.body.items) assert.equal(item.area.streetCode, S2);

    // A forged key is refused even beside a valid session: no silent fallback to the cookie.
    const forged = await s.call('GET', '/api/auth/me', {
      as: 'admin',
      headers: { 'x-api-key': `${key.slice(0, -2)}xx` },
    });
    assert.equal(forged.status, 401);

    // Only an admin revokes; a second revocation finds nothing to revoke.
    assert.equal((await s.call('DELETE', `/api/api-keys/${id}`, { as: 'dispatch' })).status, 403);
    assert.equal((await s.call('DELETE', `/api/api-keys/${id}`, { as: 'admin' })).status, 204);
    assert.equal((await s.call('DELETE', `/api/api-keys/${id}`, { as: 'admin' })).status, 404);
    const revoked = await s.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } });
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, 'UNAUTHENTICATED');
  });
});
