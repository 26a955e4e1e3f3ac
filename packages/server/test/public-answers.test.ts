// Public answers, one rule (@xiuhua/domain/policy, public.ts). Every operation the OpenAPI document
// marks unauthenticated is called — in JSON and XML where it has both — after cases full of
// personal data have come in by every door, confidential channels (信访, 领导批示, 110) among them.
// No answer may carry a private field, a phone, a name, another channel's free text, or anything of
// a confidential case. A new public operation fails this test until it is given a sample here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIVATE_FIELDS } from '@xiuhua/domain/policy';
import { ROLE_NAMES } from '@xiuhua/domain/workflow';
import { MIN_FORM_SECONDS } from '../src/citizen/service.ts';
import { createIntegrationAccount, issueApiKey, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001';
const point = await s.pointIn(S1);
const integrationKey = async (username: string, integration: string) =>
  await issueApiKey(s, await createIntegrationAccount(s, username), integration);

/** What must never come out of a public answer. */
const SECRETS: string[] = [];
/** Numbers of cases that must never be shown publicly at all. */
const CONFIDENTIAL_NUMBERS: string[] = [];
const ALL_NUMBERS: string[] = [];

async function intake(source: string, tag: string, name: string, phone: string, sourceDetails?: object) {
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source,
      kind: 'event',
      classCode: '06010',
      description: `${tag} 某小区门口垃圾`,
      location: point,
      address: `${tag}-ADDRESS 某路 12 号 301 室`,
      reporter: { name, phone },
      ...(sourceDetails ? { sourceDetails } : {}),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  SECRETS.push(tag, `${tag}-ADDRESS`, name, phone);
  ALL_NUMBERS.push(res.body.number);
  return res.body.number as string;
}

// Confidential channels.
CONFIDENTIAL_NUMBERS.push(
  await intake('petition', 'PETITION-SECRET', '赵信访', '13700000001', {
    petitionNumber: 'XF-SECRET-0412',
    channel: 'letter',
    receivedAt: '2026-09-27T10:00:00+08:00',
    petitionerCount: 3,
  }),
  await intake('leader_instruction', 'LEADER-SECRET', '钱秘书', '13700000002', {
    leader: '王区长SECRET',
    position: '区长',
    instruction: '请三日内整治到位',
    instructedAt: '2026-09-28T08:15:00+08:00',
    replyDueDate: '2026-10-01',
  }),
);
SECRETS.push('XF-SECRET-0412', '王区长SECRET');
const transfer = await s.call('POST', '/api/integrations/110/transfers', {
  headers: { 'x-api-key': await integrationKey('exchange110', 'police110') },
  body: {
    incidentNumber: 'JJ20260928-0099',
    receivedAt: '2026-09-28T08:30:00+08:00',
    caller: { name: '孙报警', phone: '13700000003' },
    location: point,
    description: 'POLICE-SECRET 路面有大量垃圾',
    categoryHint: '06010',
  },
});
assert.equal(transfer.status, 201, JSON.stringify(transfer.body));
CONFIDENTIAL_NUMBERS.push(transfer.body.caseNumber);
ALL_NUMBERS.push(transfer.body.caseNumber);
SECRETS.push('POLICE-SECRET', '孙报警', '13700000003', 'JJ20260928-0099');

// Open channels, with personal data of their own.
await intake('hotline', 'HOTLINE-TEXT', '李热线', '13700000004');

const token = await s.call('GET', '/api/public/form-token');
s.clock.advanceMinutes((MIN_FORM_SECONDS + 1) / 60);
const citizen = await s.call('POST', '/api/public/reports', {
  body: {
    category: 'garbage',
    description: 'CITIZEN-TEXT 王小明家门口垃圾',
    location: point,
    phone: '13700000005',
    formToken: token.body.token,
  },
});
assert.equal(citizen.status, 201, JSON.stringify(citizen.body));
SECRETS.push('CITIZEN-TEXT', '王小明', '13700000005');

const open311Key = await integrationKey('client311', 'open311');
const posted = await s.app.inject({
  method: 'POST',
  url: '/open311/v2/requests.json',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({
    api_key: open311Key,
    service_code: 'E06010',
    lat: String(point.lat),
    long: String(point.lon),
    'attribute[AMOUNT]': 'BAGS_4_10',
    description: '路口垃圾堆了两天',
    email: 'secret.reporter@example.org',
    phone: '13700000006',
    first_name: 'Zhoufirst',
    last_name: 'Kaifanglast',
    account_id: 'ACCOUNT-SECRET',
  }).toString(),
});
assert.ok([200, 201].includes(posted.statusCode), posted.body);
const open311Number = JSON.parse(posted.body)[0].service_request_id as string;
ALL_NUMBERS.push(open311Number);
SECRETS.push(
  'secret.reporter@example.org',
  '13700000006',
  'Zhoufirst',
  'Kaifanglast',
  'ACCOUNT-SECRET',
  open311Key,
);
// Staff names: whoever acted must not be named publicly either.
const staffNames = await s.db.selectFrom('users').select(['username', 'display_name']).execute();
// (A display name that is only a role's title, as the demo admin's 系统管理员, may appear in help texts.)
const roleTitles = new Set(Object.values(ROLE_NAMES).map((n) => n.zh));
const STAFF = staffNames.map((u) => u.display_name).filter((n) => n.length >= 3 && !roleTitles.has(n));

/** The URLs each public GET operation is called with ('{format}' is tried as json and xml). */
const SAMPLES: Record<string, string[]> = {
  // Anonymous: null (who is signed in is answered only to the session's own cookie).
  '/api/auth/session': ['/api/auth/session'],
  '/api/public/config': ['/api/public/config'],
  '/api/public/areas': ['/api/public/areas'],
  '/api/public/categories': ['/api/public/categories'],
  '/api/public/form-token': ['/api/public/form-token'],
  '/api/public/map': ['/api/public/map'],
  '/api/public/figures/': ['/api/public/figures/'],
  '/api/public/reports/{code}': [`/api/public/reports/${citizen.body.trackingCode}`],
  '/api/public/reports/{code}/photos/{id}': [`/api/public/reports/${citizen.body.trackingCode}/photos/x`],
  '/api/public/reports/{code}/photos/{id}/thumb': [
    `/api/public/reports/${citizen.body.trackingCode}/photos/x/thumb`,
  ],
  '/api/public/photos/{id}/thumb': ['/api/public/photos/00000000-0000-4000-8000-000000000000/thumb'],
  '/open311/discovery.{format}': ['/open311/discovery.{format}'],
  '/open311/v2/discovery.{format}': ['/open311/v2/discovery.{format}'],
  '/open311/v2/services.{format}': ['/open311/v2/services.{format}'],
  '/open311/v2/services/{service_code}.{format}': ['/open311/v2/services/E06010.{format}'],
  '/open311/v2/requests.{format}': [
    '/open311/v2/requests.{format}',
    `/open311/v2/requests.{format}?service_request_id=${ALL_NUMBERS.join(',')}`,
  ],
  '/open311/v2/requests/{service_request_id}.{format}': ALL_NUMBERS.map(
    (n) => `/open311/v2/requests/${n}.{format}`,
  ),
  '/open311/v2/tokens/{token}.{format}': ['/open311/v2/tokens/0f8fad5b-d9cb-469f-a165-70867728950e.{format}'],
};
/**
 * Public writes. The citizen's report answer is scanned below; an Open311 POST answers only the
 * client that sent it (its own account_id comes back, as the spec has it); the others hold no case.
 */
const WRITES = new Set([
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/public/photos/',
  'POST /api/public/reports',
  'POST /api/public/reports/{code}/rating',
  'POST /open311/v2/requests.{format}',
]);

const spec = await s.app.ready().then(() => s.app.swagger() as any);
const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
  Object.entries(ops)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      public: Array.isArray(op.security) && op.security.length === 0,
    })),
);

/** Problems with one answer: private property names, secrets, confidential numbers. */
function problemsOf(url: string, body: string, contentType: string, status = 200): string[] {
  const found: string[] = [];
  for (const secret of [...SECRETS, ...STAFF])
    if (body.includes(secret)) found.push(`${url}: carries "${secret}"`);
  // A refusal may repeat the id asked for; an answer may not show the case.
  if (status < 400)
    for (const n of CONFIDENTIAL_NUMBERS)
      if (body.includes(n)) found.push(`${url}: shows confidential case ${n}`);
  if (contentType.includes('json')) {
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${at}[${i}]`);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if ((PRIVATE_FIELDS as readonly string[]).includes(k))
            found.push(`${url}: private field ${at}.${k}`);
          walk(x, `${at}.${k}`);
        }
    };
    walk(JSON.parse(body), '');
  } else if (contentType.includes('xml')) {
    for (const f of PRIVATE_FIELDS) if (body.includes(`<${f}>`)) found.push(`${url}: private element <${f}>`);
  }
  return found;
}

test('every operation is either public in the OpenAPI document or refuses a caller without credentials', async () => {
  const open: string[] = [];
  for (const op of operations.filter((o) => !o.public)) {
    const res = await s.app.inject({ method: op.method as 'GET', url: op.path.replace(/\{\w+\}/g, '1') });
    if (res.statusCode !== 401) open.push(`${op.method} ${op.path} → ${res.statusCode}`);
  }
  assert.deepEqual(open, [], 'answered without credentials yet not documented as public');
});

test('every public answer is free of personal data and confidential channels', async () => {
  const unsampled: string[] = [];
  const problems: string[] = [];
  let answers = 0;
  for (const op of operations.filter((o) => o.public)) {
    if (op.method !== 'GET') {
      if (!WRITES.has(`${op.method} ${op.path}`)) unsampled.push(`${op.method} ${op.path}`);
      continue;
    }
    const urls = SAMPLES[op.path];
    if (!urls) {
      unsampled.push(`GET ${op.path}`);
      continue;
    }
    for (const template of urls)
      for (const format of template.includes('{format}') ? ['json', 'xml'] : ['']) {
        const url = template.replace('{format}', format);
        const res = await s.app.inject({ method: 'GET', url });
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
        answers++;
        problems.push(
          ...problemsOf(url, res.body, String(res.headers['content-type'] ?? ''), res.statusCode),
        );
      }
  }
  // The answers of the public writes made above.
  problems.push(...problemsOf('POST /api/public/reports', JSON.stringify(citizen.body), 'json'));
  assert.deepEqual(unsampled, [], 'public operations this test does not call: give them a sample');
  assert.deepEqual(problems, []);
  assert.ok(answers >= 30, `${answers} answers scanned`);
});

test('the public map and Open311 leave the confidential channels out, and show the others', async () => {
  const map = JSON.parse((await s.app.inject({ method: 'GET', url: '/api/public/map' })).body);
  // 3 open channels came in (hotline, citizen, Open311); the 3 confidential ones are not drawn.
  assert.equal(map.features.length, 3);
  const listed = JSON.parse(
    (
      await s.app.inject({
        method: 'GET',
        url: `/open311/v2/requests.json?service_request_id=${ALL_NUMBERS.join(',')}`,
      })
    ).body,
  );
  assert.deepEqual(
    listed.map((r: { service_request_id: string }) => r.service_request_id).sort(),
    ALL_NUMBERS.filter((n) => !CONFIDENTIAL_NUMBERS.includes(n)).sort(),
  );
});

test('a citizen report merged into a confidential case shows its stage, never its steps, unit or photos', async () => {
  const form = await s.call('GET', '/api/public/form-token');
  s.clock.advanceMinutes((MIN_FORM_SECONDS + 1) / 60);
  const dup = await s.call('POST', '/api/public/reports', {
    body: { category: 'garbage', description: '门口又堆垃圾了', location: point, formToken: form.body.token },
  });
  assert.equal(dup.status, 201, JSON.stringify(dup.body));
  const idOf = async (number: string) =>
    (await s.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
  const petition = await idOf(CONFIDENTIAL_NUMBERS[0]!);
  const own = (
    await s.db
      .selectFrom('citizen_reports')
      .select('case_id')
      .where('tracking_code', '=', dup.body.trackingCode)
      .executeTakeFirstOrThrow()
  ).case_id;
  await s.act('intake', own, 'merge', { targetCaseId: petition });
  await s.act('intake', petition, 'accept');
  await s.act('shift', petition, 'file');
  const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number; code: string }[];
  await s.act('dispatch', petition, 'dispatch', {
    unitId: units.find((u) => u.code === 's1-sanitation')!.id,
  });

  const tracked = await s.call('GET', `/api/public/reports/${dup.body.trackingCode}`);
  assert.equal(tracked.status, 200);
  assert.equal(tracked.body.stage, 'merged');
  assert.ok(tracked.body.mergedStage, 'the stage of the case it joined is shown');
  assert.deepEqual(
    tracked.body.milestones.map((m: { kind: string }) => m.kind),
    ['submitted', 'merged'],
  );
  assert.equal(tracked.body.unit, null);
  assert.deepEqual(tracked.body.afterPhotos, []);
});
