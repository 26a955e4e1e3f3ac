// Open311 GeoReport v2 through HTTP (run by open311.test.ts): every JSON answer validated against
// the Open311 project's JSON Schemas (read from ../shared/data/open311/georeport-v2/, never copied
// here), every XML answer parsed and compared with the JSON one, the spec's errors, POST with
// attributes and locations, the GET filters, and privacy (no reporter data in any GET).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { buildApp } from '../src/app.ts';
import { MONDAY_0900, startTestServer } from './fixture.ts';
import { sharedData } from './shared-data.ts';

const SCHEMA_DIR = sharedData('data/open311/georeport-v2/');
const schema = (name: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('uid', true); // swagger.json's "uid" format: any string
ajv.addSchema(schema('request.json'), 'request.json');
ajv.addSchema(schema('service.json'), 'service.json');
const swagger = schema('swagger.json');
const validators = {
  services: ajv.compile(schema('services.json')),
  definition: ajv.compile(schema('service-definition.json')),
  requests: ajv.compile(schema('requests.json')),
  request: ajv.compile(schema('request.json')),
  // POST and token answers: the swagger definitions (arrays of them, as the spec answers)
  postAnswer: ajv.compile({ type: 'array', minItems: 1, items: swagger.definitions.RequestResponse }),
  tokenAnswer: ajv.compile({ type: 'array', minItems: 1, items: swagger.definitions.TokenResponse }),
  // No published schema for discovery and errors: the README's fields.
  discovery: ajv.compile({
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string', format: 'date-time' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            url: { type: 'string', format: 'uri' },
            formats: { type: 'array', items: { enum: ['application/json', 'text/xml'] } },
          },
        },
      },
    },
  }),
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      additionalProperties: false,
      properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
    },
  }),
};

function valid(validate: ValidateFunction, data: unknown, what: string) {
  const ok = validate(data);
  assert.ok(ok, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data).slice(0, 500)}`);
}

const LISTS = ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error'];
const xmlParser = new XMLParser({ parseTagValue: false, isArray: (name) => LISTS.includes(name) });
const parseXml = (text: string) => xmlParser.parse(text);

/** The XML text of a JSON value as our answers write it: numbers, booleans and null as text. */
function asXmlText(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(asXmlText);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asXmlText(x)]));
  return String(v);
}

const s = await startTestServer();
const { app, call, clock, db } = s;

const S2 = '310112006'; // 古美街道
const unitsRes = await call('GET', '/api/units', { as: 'admin' });
const unitByCode = new Map<string, { id: number; name: string }>(
  unitsRes.body.map((u: { code: string; id: number; name: string }) => [u.code, u]),
);

// An Open311 client is an integration user with an API key (docs/open311.md).
async function integrationKey(username: string): Promise<string> {
  const user = await call('POST', '/api/users', {
    as: 'admin',
    body: {
      username,
      displayName: `Open311 client ${username}`,
      password: 'not-used-for-login',
      unitId: unitByCode.get('supervision')!.id,
      roles: ['integration'],
    },
  });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const key = await call('POST', '/api/api-keys', {
    as: 'admin',
    body: { userId: user.body.id, name: username },
  });
  assert.equal(key.status, 201);
  return key.body.key;
}
const API_KEY = await integrationKey('fixmystreet');
const intakeUser = await db
  .selectFrom('users')
  .select('id')
  .where('username', '=', 'intake')
  .executeTakeFirstOrThrow();
const STAFF_KEY = (
  await call('POST', '/api/api-keys', { as: 'admin', body: { userId: intakeUser.id, name: 'staff' } })
).body.key;

const where = await s.pointIn(S2);

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: res.headers['content-type'], text: res.body };
}
async function getJson(url: string) {
  const r = await get(url);
  assert.match(String(r.type), /^application\/json/, url);
  return { ...r, body: JSON.parse(r.text) };
}
async function getXml(url: string) {
  const r = await get(url);
  assert.match(String(r.type), /^text\/xml/, url);
  assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  return { ...r, body: parseXml(r.text) };
}

/** POST a form; `fields` entries may repeat a name. */
async function post(fields: [string, string][] | Record<string, string>, format = 'json', headers = {}) {
  const form = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
  const res = await app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form.toString(),
  });
  return {
    status: res.statusCode,
    text: res.body,
    body: format === 'json' ? JSON.parse(res.body) : parseXml(res.body),
  };
}

const garbage = (extra: Record<string, string> = {}) => ({
  api_key: API_KEY,
  service_code: 'E06010',
  lat: String(where.lat),
  long: String(where.lon),
  'attribute[AMOUNT]': 'BAGS_4_10',
  description: '路口垃圾堆了两天',
  ...extra,
});

const caseCount = async () =>
  Number((await db.selectFrom('cases').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('discovery names the v2 endpoint and its formats, in JSON and XML', async () => {
  for (const path of ['/open311/discovery', '/open311/v2/discovery']) {
    const json = await getJson(`${path}.json`);
    assert.equal(json.status, 200);
    valid(validators.discovery, json.body, 'discovery');
    const [endpoint] = json.body.endpoints;
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.match(endpoint.url, /\/open311\/v2$/);
    assert.match(json.body.changeset, /\+08:00$/);
    const xml = await getXml(`${path}.xml`);
    assert.equal(xml.body.discovery.contact, json.body.contact);
    assert.deepEqual(xml.body.discovery.endpoints.endpoint[0].formats.format, endpoint.formats);
    assert.equal(xml.body.discovery.endpoints.endpoint[0].url, endpoint.url);
  }
});

test('services: every catalogue class, valid against services.json, the same in XML', async () => {
  const json = await getJson('/open311/v2/services.json');
  assert.equal(json.status, 200);
  valid(validators.services, json.body, 'services');
  const classes = await db
    .selectFrom('catalogue_classes')
    .select(['kind', 'code'])
    .where('superseded_at', 'is', null)
    .execute();
  assert.equal(json.body.length, classes.length);
  const garbageService = json.body.find((x: { service_code: string }) => x.service_code === 'E06010');
  assert.deepEqual(
    { ...garbageService, description: undefined },
    {
      service_code: 'E06010',
      service_name: '暴露垃圾',
      description: undefined,
      metadata: true,
      type: 'realtime',
      keywords: garbageService.keywords,
      group: '市容环境类',
    },
  );
  assert.match(garbageService.keywords, /(^|,)垃圾(,|$)/);
  // Components and events share codes 01xxx–05xxx: the kind letter keeps them apart.
  const lights = json.body.filter((x: { service_code: string }) => /^[EC]01037$/.test(x.service_code));
  assert.deepEqual(lights.map((x: { service_code: string }) => x.service_code).sort(), ['C01037', 'E01037']);
  assert.equal(json.body.find((x: { service_code: string }) => x.service_code === 'C01037').metadata, false);

  const xml = await getXml('/open311/v2/services.xml');
  assert.deepEqual(xml.body.services.service, asXmlText(json.body));
});

test('service definition: attributes with datatypes and values; 404 for an unknown service', async () => {
  const json = await getJson('/open311/v2/services/E06010.json');
  assert.equal(json.status, 200);
  valid(validators.definition, json.body, 'service definition');
  assert.equal(json.body.service_code, 'E06010');
  assert.deepEqual(
    json.body.attributes.map((a: { code: string; datatype: string; required: boolean; order: number }) => [
      a.code,
      a.datatype,
      a.required,
      a.order,
    ]),
    [
      ['AMOUNT', 'singlevaluelist', true, 1],
      ['KINDS', 'multivaluelist', false, 2],
    ],
  );
  assert.ok(json.body.attributes[0].values.some((v: { key: string }) => v.key === 'PILE'));
  const xml = await getXml('/open311/v2/services/E06010.xml');
  const def = xml.body.service_definition;
  assert.equal(def.service_code, 'E06010');
  assert.deepEqual(
    def.attributes.attribute.map((a: { values: { value: unknown[] } }) => ({ ...a, values: a.values.value })),
    asXmlText(json.body.attributes),
  );
  // A service without attributes has an empty list.
  const plain = await getJson('/open311/v2/services/C01037.json');
  valid(validators.definition, plain.body, 'service definition');
  assert.deepEqual(plain.body.attributes, []);

  for (const code of ['E99999', '06010', 'X']) {
    const j = await getJson(`/open311/v2/services/${code}.json`);
    assert.equal(j.status, 404, code);
    valid(validators.errors, j.body, 'errors');
    assert.equal(j.body[0].code, 404);
    const x = await getXml(`/open311/v2/services/${code}.xml`);
    assert.equal(x.status, 404);
    assert.equal(x.body.errors.error[0].code, '404');
  }
  // An unknown format or path is a 404 in the spec's form too.
  assert.equal((await getJson('/open311/v2/services.csv')).status, 404);
  assert.equal((await getXml('/open311/v2/nothing.xml')).status, 404);
});

test('POST without a valid api_key of an integration account is 403 and writes nothing', async () => {
  const before = await caseCount();
  for (const [what, key] of [
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'xh_00000000_notakey'],
    ['staff key (not an integration account)', STAFF_KEY],
  ] as const) {
    const fields: Record<string, string> = garbage();
    if (key === undefined) delete fields.api_key;
    else fields.api_key = key;
    for (const format of ['json', 'xml']) {
      const r = await post(fields, format);
      assert.equal(r.status, 403, `${what} (${format}): ${r.text}`);
      if (format === 'json') {
        valid(validators.errors, r.body, 'errors');
        assert.equal(r.body[0].code, 403);
      } else assert.equal(r.body.errors.error[0].code, '403');
    }
  }
  // A bad key wins over a bad service code: authentication first.
  assert.equal((await post(garbage({ api_key: 'nope', service_code: 'E99999' }))).status, 403);
  assert.equal(await caseCount(), before);
});

test('POST with an unknown or missing service_code is 400; other bad parameters are 400 naming them', async () => {
  const before = await caseCount();
  const cases: [Record<string, string>, RegExp][] = [
    [garbage({ service_code: 'E99999' }), /service_code/],
    [garbage({ service_code: '06010' }), /service_code/],
    [garbage({ service_code: '' }), /service_code is required/],
    [{ ...garbage(), 'attribute[AMOUNT]': '' }, /AMOUNT is required/],
    [garbage({ 'attribute[AMOUNT]': 'LOTS' }), /AMOUNT must be one of BAGS_1_3, BAGS_4_10, PILE/],
    [garbage({ 'attribute[COLOUR]': 'red' }), /no attribute COLOUR/],
    [garbage({ description: 'x'.repeat(4001) }), /description is longer than 4000/],
    [garbage({ lat: '31.05', long: '' }), /long is required with lat/],
    [garbage({ lat: 'north' }), /lat must be a number/],
    [garbage({ lat: '95' }), /latitude 95 is outside/],
    [garbage({ lat: '39.9', long: '116.4' }), /outside the jurisdiction/],
    [garbage({ lat: '', long: '' }), /a location is required/],
    [garbage({ lat: '', long: '', address_string: '不存在的地方xyz' }), /address_string/],
    [garbage({ lat: '', long: '', address_id: '999999999999999' }), /no address/],
    [garbage({ email: 'not-an-email' }), /email is not an email address/],
    [garbage({ phone: 'call me' }), /phone is not a phone number/],
    [garbage({ media_url: 'ftp://example.org/a.jpg' }), /media_url must be an http or https URL/],
  ];
  for (const [fields, message] of cases) {
    const r = await post(fields);
    assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 200)} → ${r.text}`);
    valid(validators.errors, r.body, 'errors');
    assert.equal(r.body[0].code, 400);
    assert.match(r.body[0].description, message);
  }
  const xml = await post(garbage({ service_code: 'E99999' }), 'xml');
  assert.equal(xml.status, 400);
  assert.match(xml.body.errors.error[0].description, /no service E99999/);
  const repeated = await post([...Object.entries(garbage()), ['service_code', 'E06035']]);
  assert.equal(repeated.status, 400);
  assert.match(repeated.body[0].description, /service_code was sent more than once/);
  assert.equal(await caseCount(), before, 'nothing was written');
});

test('POST creates a case from the form: attributes, reporter data, token, notice; GET shows it', async () => {
  clock.set(MONDAY_0900);
  const r = await post([
    ...Object.entries(
      garbage({
        jurisdiction_id: 'shanghai.minhang',
        email: 'li.lei@example.org',
        phone: '+86 139 0000 1111',
        first_name: 'Lei',
        last_name: 'Li',
        device_id: 'device-42',
        account_id: 'acct-7',
        media_url: 'https://img.example.org/p/123.jpg',
        address_string: '古美路 100 号门口',
      }),
    ),
    ['attribute[KINDS][]', 'HOUSEHOLD'],
    ['attribute[KINDS][]', 'BULKY'],
    ['unknown_extra', 'ignored'],
  ]);
  assert.equal(r.status, 200, r.text);
  valid(validators.postAnswer, r.body, 'POST answer');
  const [answer] = r.body;
  assert.match(answer.service_request_id, /^2026\d{6}$/);
  assert.match(answer.token, /^[0-9a-f-]{36}$/);
  assert.equal(answer.account_id, 'acct-7');
  assert.match(answer.service_notice, /4 工作小时.*4 working hours/);

  const c = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', answer.service_request_id)
    .executeTakeFirstOrThrow();
  assert.equal(c.source, 'open311');
  assert.equal(c.class_code, '06010');
  assert.equal(c.kind, 'event');
  assert.equal(c.street_code, S2);
  assert.equal(c.reporter_phone, '+86 139 0000 1111');
  assert.equal(c.reporter_name, 'Lei Li');
  assert.equal(c.address, '古美路 100 号门口');
  assert.equal(c.state, 'reported');
  const o = await db
    .selectFrom('open311_requests')
    .selectAll()
    .where('case_id', '=', c.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(o.attributes, { AMOUNT: 'BAGS_4_10', KINDS: ['HOUSEHOLD', 'BULKY'] });
  assert.equal(o.email, 'li.lei@example.org');
  assert.equal(o.jurisdiction_id, 'shanghai.minhang');
  const intake = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', c.id)
    .executeTakeFirstOrThrow();
  assert.equal(intake.actor_role, 'citizen');

  // The staff console sees it as an Open311 case.
  const staff = await call('GET', `/api/cases/${c.id}`, { as: 'intake' });
  assert.equal(staff.body.source, 'open311');

  const one = await getJson(`/open311/v2/requests/${answer.service_request_id}.json`);
  assert.equal(one.status, 200);
  valid(validators.requests, one.body, 'GET request');
  assert.equal(one.body.length, 1);
  const item = one.body[0];
  assert.deepEqual(
    { ...item, lat: undefined, long: undefined },
    {
      service_request_id: answer.service_request_id,
      status: 'open',
      status_notes: '已收到，待受理 / Received, waiting to be reviewed',
      service_name: '暴露垃圾',
      service_code: 'E06010',
      description: '路口垃圾堆了两天',
      agency_responsible: null,
      service_notice: answer.service_notice,
      requested_datetime: '2026-09-28T09:00:00+08:00',
      updated_datetime: '2026-09-28T09:00:00+08:00',
      expected_datetime: null,
      address: '古美路 100 号门口',
      address_id: null,
      zipcode: null,
      lat: undefined,
      long: undefined,
      media_url: 'https://img.example.org/p/123.jpg',
    },
  );
  assert.ok(Math.abs(item.lat - where.lat) < 1e-9 && Math.abs(item.long - where.lon) < 1e-9);
  const xml = await getXml(`/open311/v2/requests/${answer.service_request_id}.xml`);
  assert.deepEqual(xml.body.service_requests.request, asXmlText(one.body));

  const postXml = await post(garbage({ description: 'XML 也可以' }), 'xml');
  assert.equal(postXml.status, 200);
  const [xmlAnswer] = postXml.body.service_requests.request;
  assert.match(xmlAnswer.service_request_id, /^2026\d{6}$/);
  assert.equal(xmlAnswer.account_id, '');

  // Tokens lead to the request id.
  const token = await getJson(`/open311/v2/tokens/${answer.token}.json`);
  assert.equal(token.status, 200);
  valid(validators.tokenAnswer, token.body, 'token');
  assert.deepEqual(token.body, [{ service_request_id: answer.service_request_id, token: answer.token }]);
  const tokenXml = await getXml(`/open311/v2/tokens/${answer.token}.xml`);
  assert.deepEqual(tokenXml.body.service_requests.request, token.body);
  for (const t of ['00000000-0000-4000-8000-000000000000', 'abc']) {
    const missing = await getJson(`/open311/v2/tokens/${t}.json`);
    assert.equal(missing.status, 404);
    valid(validators.errors, missing.body, 'errors');
  }
  for (const id of ['2099000001', 'abc'])
    assert.equal((await getJson(`/open311/v2/requests/${id}.json`)).status, 404);
});

test('a retried POST with the same Idempotency-Key answers the first request again', async () => {
  const before = await caseCount();
  const headers = { 'idempotency-key': 'retry-123' };
  const first = await post(garbage(), 'json', headers);
  const again = await post(garbage(), 'json', headers);
  assert.equal(first.status, 200);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  assert.equal(await caseCount(), before + 1);
});

test('locations: address_id (cell, area), address_string from the gazetteer, and the edge tolerance', async () => {
  const cell = await db
    .selectFrom('grid_cells')
    .select('code')
    .where('code', 'like', `${S2}%`)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const byCell = await post(garbage({ lat: '', long: '', address_id: cell.code }));
  assert.equal(byCell.status, 200, byCell.text);
  const c1 = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', byCell.body[0].service_request_id)
    .executeTakeFirstOrThrow();
  assert.equal(c1.cell_code, cell.code);
  const r1 = await getJson(`/open311/v2/requests/${c1.number}.json`);
  assert.equal(r1.body[0].address_id, cell.code);

  const byArea = await post(garbage({ lat: '', long: '', address_id: `area:${S2}001` }));
  assert.equal(byArea.status, 200, byArea.text);
  const c2 = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', byArea.body[0].service_request_id)
    .executeTakeFirstOrThrow();
  assert.equal(c2.community_code, `${S2}001`);

  const byName = await post(garbage({ lat: '', long: '', address_string: '古美街道' }));
  assert.equal(byName.status, 200, byName.text);
  const c3 = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', byName.body[0].service_request_id)
    .executeTakeFirstOrThrow();
  assert.equal(c3.street_code, S2);
  assert.equal(c3.address, '古美街道');

  // The demo district's east edge: a point 10 m outside is placed just inside; 100 m is refused.
  const district = await db
    .selectFrom('areas')
    .select('geometry')
    .where('code', '=', '310112')
    .executeTakeFirstOrThrow();
  const ring = (district.geometry as { coordinates: number[][][] }).coordinates[0]!;
  const east = Math.max(...ring.map((p) => p[0]!));
  const lats = ring.map((p) => p[1]!);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const metre = 1 / (111_320 * Math.cos((midLat * Math.PI) / 180));
  const near = await post(garbage({ lat: String(midLat), long: String(east + 10 * metre) }));
  assert.equal(near.status, 200, near.text);
  const c4 = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', near.body[0].service_request_id)
    .executeTakeFirstOrThrow();
  assert.ok(c4.lon < east && c4.lon > east - 1 * metre, `placed just inside: ${c4.lon} vs edge ${east}`);
  assert.ok(Math.abs(c4.lat - midLat) < 1e-7);
  const far = await post(garbage({ lat: String(midLat), long: String(east + 100 * metre) }));
  assert.equal(far.status, 400);
  assert.match(far.body[0].description, /outside the jurisdiction/);
});

test('GET requests: filters, the default window, statuses with notes, agency and dates', async () => {
  const ids: string[] = [];
  // One request 100 days ago (outside the default window), then several now.
  clock.set('2026-06-20T01:00:00.000Z');
  const old = await post(garbage({ description: '很久以前' }));
  assert.equal(old.status, 200, old.text);
  clock.set('2026-09-29T01:00:00.000Z'); // Tuesday 09:00
  for (const code of ['E06010', 'E06035', 'C01037']) {
    const fields = garbage({ service_code: code });
    if (code !== 'E06010') delete (fields as Record<string, string>)['attribute[AMOUNT]'];
    const r = await post(fields);
    assert.equal(r.status, 200, r.text);
    ids.push(r.body[0].service_request_id);
  }
  // Take the first through the whole loop.
  const c = await db.selectFrom('cases').select('id').where('number', '=', ids[0]!).executeTakeFirstOrThrow();
  const act = async (action: string, as: string, body: Record<string, unknown> = {}) => {
    const r = await call('POST', `/api/cases/${c.id}/${action}`, { as, body });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const sanitation = unitByCode.get('s2-sanitation')!;
  await act('accept', 'intake');
  await act('file', 'shift');
  const dispatched = await act('dispatch', 'dispatch', { unitId: sanitation.id });
  let item = (await getJson(`/open311/v2/requests/${ids[0]}.json`)).body[0];
  assert.equal(item.status, 'open');
  assert.equal(item.status_notes, '已派遣至责任单位 / Sent to the responsible unit');
  assert.equal(item.agency_responsible, sanitation.name);
  assert.equal(new Date(item.expected_datetime).getTime(), new Date(dispatched.dueAt).getTime());
  assert.match(item.expected_datetime, /\+08:00$/);
  await act('sign', 's2-handler');
  await act('report-back', 's2-handler', { reason: '已清运' });
  await act('check-pass', 'inspector2');
  clock.set('2026-09-29T03:00:00.000Z');
  await act('close', 'shift');
  item = (await getJson(`/open311/v2/requests/${ids[0]}.json`)).body[0];
  valid(validators.request, item, 'closed request');
  assert.equal(item.status, 'closed');
  assert.equal(item.status_notes, '已办结 / Fixed and closed');
  assert.equal(item.updated_datetime, '2026-09-29T11:00:00+08:00');
  assert.equal(item.expected_datetime, null);
  assert.equal(item.agency_responsible, sanitation.name);

  const list = async (query: string) => {
    const r = await getJson(`/open311/v2/requests.json${query}`);
    assert.equal(r.status, 200, `${query}: ${r.text}`);
    valid(validators.requests, r.body, `requests${query}`);
    return r.body.map((x: { service_request_id: string }) => x.service_request_id) as string[];
  };
  const all = await list('');
  assert.ok(ids.every((id) => all.includes(id)));
  assert.ok(!all.includes(old.body[0].service_request_id), 'older than 90 days: outside the default window');
  assert.deepEqual(all, [...all].sort().reverse(), 'newest first');
  // service_request_id overrides every other filter, including the window.
  assert.deepEqual(
    (
      await list(
        `?service_request_id=${ids[2]},${old.body[0].service_request_id}&service_code=E06035&status=closed`,
      )
    ).sort(),
    [ids[2]!, old.body[0].service_request_id].sort(),
  );
  assert.deepEqual(await list('?service_code=E06035'), [ids[1]]);
  assert.deepEqual((await list('?service_code=E06035,C01037')).sort(), [ids[1]!, ids[2]!].sort());
  assert.deepEqual(await list('?status=closed'), [ids[0]]);
  assert.ok(!(await list('?status=open')).includes(ids[0]!));
  assert.deepEqual((await list('?status=open,closed')).sort(), [...all].sort());
  // Empty optional parameters are absent.
  assert.deepEqual(await list('?status=&service_code=&start_date=&jurisdiction_id='), all);
  const mine = await list('?start_date=2026-06-19T00:00:00%2B08:00&end_date=2026-06-21T00:00:00%2B08:00');
  assert.deepEqual(mine, [old.body[0].service_request_id]);
  // start_date alone spans 90 days from it: the June request, not the September ones.
  assert.deepEqual(await list('?start_date=2026-06-19T00:00:00Z'), [old.body[0].service_request_id]);
  assert.ok((await list('?start_date=2026-09-29T08:59:00%2B08:00')).includes(ids[0]!));
  assert.ok(!(await list('?end_date=2026-09-29T08:59:00%2B08:00')).includes(ids[0]!));

  const xml = await getXml('/open311/v2/requests.xml?status=closed');
  assert.deepEqual(
    xml.body.service_requests.request,
    asXmlText((await getJson('/open311/v2/requests.json?status=closed')).body),
  );
  // Nothing matches: an empty list (JSON []), an empty root in XML.
  assert.deepEqual((await getJson('/open311/v2/requests.json?service_code=E09021')).body, []);
  assert.equal((await getXml('/open311/v2/requests.xml?service_code=E09021')).body.service_requests, '');

  for (const [query, message] of [
    ['?status=done', /status must be open or closed/],
    ['?start_date=yesterday', /start_date must be an ISO 8601/],
    ['?start_date=2026-09-30T00:00:00Z&end_date=2026-09-01T00:00:00Z', /after end_date/],
    ['?service_code=garbage', /not a service code/],
    ['?service_request_id=12,x', /not a service request id/],
  ] as const) {
    const r = await getJson(`/open311/v2/requests.json${query}`);
    assert.equal(r.status, 400, query);
    valid(validators.errors, r.body, 'errors');
    assert.match(r.body[0].description, message);
  }
});

test('other channels: listed without their free text, address or exact position', async () => {
  const point = await s.pointIn('310112008');
  const staffCase = await call('POST', '/api/cases', {
    as: 'intake',
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: '06028',
      description: '王先生（13800001111）家楼下噪音',
      location: { lon: point.lon + 0.000123, lat: point.lat + 0.000234 },
      address: '某小区 5 号楼 302 室',
      reporter: { name: '王先生', phone: '13800001111' },
    },
  });
  assert.equal(staffCase.status, 201, JSON.stringify(staffCase.body));
  const [item] = (await getJson(`/open311/v2/requests/${staffCase.body.number}.json`)).body;
  valid(validators.request, item, 'hotline case');
  assert.equal(item.description, null);
  assert.equal(item.address, null);
  assert.equal(item.lat, Math.round((point.lat + 0.000234) * 1000) / 1000);
  assert.equal(item.long, Math.round((point.lon + 0.000123) * 1000) / 1000);
  assert.equal(item.service_code, 'E06028');
});

test('privacy: no GET answer carries the reporter name, phone, email, device or account id', async () => {
  const secrets = {
    email: 'secret.person@example.org',
    phone: '13912345678',
    first_name: 'Zhangsecret',
    last_name: 'Sanprivate',
    device_id: 'device-secret-99',
    account_id: 'account-secret-77',
  };
  const r = await post(garbage(secrets));
  assert.equal(r.status, 200);
  const id = r.body[0].service_request_id;
  const token = r.body[0].token;
  const urls = [
    `/open311/v2/requests/${id}.json`,
    `/open311/v2/requests/${id}.xml`,
    '/open311/v2/requests.json',
    '/open311/v2/requests.xml',
    `/open311/v2/requests.json?service_request_id=${id}`,
    `/open311/v2/tokens/${token}.json`,
    `/open311/v2/tokens/${token}.xml`,
    '/open311/v2/services.json',
    '/open311/discovery.json',
  ];
  for (const url of urls) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    for (const [field, value] of Object.entries(secrets)) {
      if (field === 'account_id') continue; // answered to the poster only, never by a GET
      assert.ok(!res.text.includes(value), `${url} leaks ${field}`);
    }
    assert.ok(!res.text.includes(secrets.account_id), `${url} leaks account_id`);
    if (!/services|discovery/.test(url))
      assert.ok(
        !/reporter|phone|email|first_name|last_name|device_id/.test(res.text),
        `${url} names a reporter field`,
      );
  }
});

test('admin: a service’s attributes are replaced and take effect at once', async () => {
  const put = await call('PUT', '/api/open311/services/E06035/attributes', {
    as: 'admin',
    body: {
      attributes: [
        {
          code: 'NOTE',
          variable: false,
          datatype: 'text',
          description: '大件垃圾请先预约 / Book bulky pickups first',
        },
        { code: 'PIECES', datatype: 'number', required: true, description: '几件？ How many pieces?' },
      ],
    },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const def = await getJson('/open311/v2/services/E06035.json');
  valid(validators.definition, def.body, 'definition');
  assert.deepEqual(
    def.body.attributes.map((a: { code: string; order: number; variable: boolean }) => [
      a.code,
      a.order,
      a.variable,
    ]),
    [
      ['NOTE', 1, false],
      ['PIECES', 2, true],
    ],
  );
  const base = { api_key: API_KEY, service_code: 'E06035', lat: String(where.lat), long: String(where.lon) };
  assert.match((await post(base)).body[0].description, /PIECES is required/);
  assert.match(
    (await post({ ...base, 'attribute[PIECES]': 'three' })).body[0].description,
    /PIECES must be a number/,
  );
  assert.match(
    (await post({ ...base, 'attribute[PIECES]': '3', 'attribute[NOTE]': 'x' })).body[0].description,
    /information only/,
  );
  assert.equal((await post({ ...base, 'attribute[PIECES]': '3' })).status, 200);

  const bad = await call('PUT', '/api/open311/services/E06035/attributes', {
    as: 'admin',
    body: { attributes: [{ code: 'KIND', datatype: 'singlevaluelist', description: '?' }] },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'attributes.0.values');
  assert.equal(
    (await call('PUT', '/api/open311/services/E99999/attributes', { as: 'admin', body: { attributes: [] } }))
      .status,
    404,
  );
  assert.equal(
    (await call('PUT', '/api/open311/services/E06035/attributes', { as: 'intake', body: { attributes: [] } }))
      .status,
    403,
  );
  const got = await call('GET', '/api/open311/services/E06035/attributes', { as: 'admin' });
  assert.equal(got.body.attributes.length, 2);
});

test('public GETs are rate-limited per IP, answered in the spec’s error form', async () => {
  const limited = await buildApp({ db, clock, publicRateLimit: 2, photoDir: s.photoDir });
  try {
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 3; i++) {
      const res = await limited.inject({ method: 'GET', url: '/open311/v2/services.xml' });
      statuses.push(res.statusCode);
      last = res.body;
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(parseXml(last).errors.error[0].code, '429');
  } finally {
    await limited.close();
  }
});

test('the endpoints are in the OpenAPI document', async () => {
  const doc = await getJson('/openapi.json');
  for (const path of [
    '/open311/discovery.{format}',
    '/open311/v2/services.{format}',
    '/open311/v2/services/{service_code}.{format}',
    '/open311/v2/requests.{format}',
    '/open311/v2/requests/{service_request_id}.{format}',
    '/open311/v2/tokens/{token}.{format}',
    '/api/open311/services/{serviceCode}/attributes',
  ]) {
    assert.ok(
      doc.body.paths[path],
      `${path} in ${Object.keys(doc.body.paths).filter((p) => p.includes('311'))}`,
    );
  }
});
