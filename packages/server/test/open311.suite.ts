// Open311 GeoReport v2 through HTTP (run by open311.test.ts): every JSON answer validated against
// the Open311 project's JSON Schemas (read from ../shared/data/open311/georeport-v2/, never copied
// here), every XML answer parsed and compared with the JSON one, the spec's errors, POST with
// attributes and locations, the GET filters, and privacy (no reporter data in any GET).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { buildApp } from '../src/app.ts';
import { serviceNoticeOf } from '../src/open311/status.ts';
import { AFTER_PHOTOS, MONDAY_0900, startTestServer } from './fixture.ts';
import { multipart, phoneJpeg } from './photos-helpers.ts';
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
    body: { userId: user.body.id, name: username, integration: 'open311' },
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

test('services: every active catalogue class, valid against services.json, the same in XML', async () => {
  const json = await getJson('/open311/v2/services.json');
  assert.equal(json.status, 200);
  valid(validators.services, json.body, 'services');
  const classes = await db
    .selectFrom('catalogue_classes')
    .select(['kind', 'code'])
    .where('superseded_at', 'is', null)
    .where('active', '=', true)
    .execute();
  assert.equal(json.body.length, classes.length);
  // inactive classes (docs/catalogue.md) are not offered
  assert.ok(!json.body.some((x: { service_code: string }) => x.service_code === 'E09014'));
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
    [garbage({ lat: '31.05', long: '' }), /long is required with lat/],
    [garbage({ lat: 'north' }), /lat must be a number/],
    [garbage({ lat: '95' }), /latitude 95 is outside/],
    [garbage({ lat: '39.9', long: '116.4' }), /outside the jurisdiction/],
    [garbage({ lat: '', long: '' }), /a location is required/],
    [garbage({ lat: '', long: '', address_string: '不存在的地方xyz' }), /address_string/],
    [garbage({ lat: '', long: '', address_id: '999999999999999' }), /no address/],
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
  // the same key with another request is refused (400, the spec's error form), and nothing is written
  const other = await post(garbage({ description: '另一个问题' }), 'json', headers);
  assert.equal(other.status, 400, JSON.stringify(other.body));
  assert.match(JSON.stringify(other.body), /Idempotency-Key/);
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
  await act('report-back', 's2-handler', { reason: '已清运', photos: AFTER_PHOTOS });
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
  // An answer to an information-only attribute is dropped, and the client told so.
  assert.match(
    (await post({ ...base, 'attribute[PIECES]': '3', 'attribute[NOTE]': 'x' })).body[0].service_notice,
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

// ---------------------------------------------------------------- what real clients send

/** Well-formed XML 1.0 by a strict parser (fast-xml-parser lets forbidden characters through). */
function wellFormed(text: string): void {
  const parser = new SaxesParser();
  let problem: string | null = null;
  parser.on('error', (e) => {
    problem ??= e.message;
  });
  parser.write(text).close();
  assert.equal(problem, null, `not well-formed XML: ${problem}`);
}

test('a control character in a description: stripped on the way in, never written into XML', async () => {
  const r = await post(garbage({ description: 'GeoReporter\u000b line\u0000 two\ttab\r\nend' }));
  assert.equal(r.status, 200, r.text);
  const id = r.body[0].service_request_id;
  const [item] = (await getJson(`/open311/v2/requests/${id}.json`)).body;
  assert.equal(item.description, 'GeoReporter line two\ttab\r\nend');
  // Text that reached the database another way (an older row, another door) is cleaned on the way out.
  await db
    .updateTable('cases')
    .set({ description: 'vertical\u000btab \ufffe & <b>' })
    .where('number', '=', id)
    .execute();
  for (const url of [`/open311/v2/requests/${id}.xml`, `/open311/v2/requests.xml?service_request_id=${id}`]) {
    const xml = await get(url);
    assert.equal(xml.status, 200);
    wellFormed(xml.text);
    assert.equal(parseXml(xml.text).service_requests.request[0].description, 'verticaltab  & <b>');
  }
  wellFormed((await get('/open311/v2/requests.xml')).text);
});

test('service_request_id: 500 ids in one GET are all answered (paged inside)', async () => {
  const made: string[] = [];
  for (const d of ['first', 'second', 'third'])
    made.push((await post(garbage({ description: d }))).body[0].service_request_id);
  // Unknown ids between them, so the three fall into different pages of the lookup.
  const ids = Array.from({ length: 500 }, (_, i) => `2099${String(i).padStart(6, '0')}`);
  ids[0] = made[0]!;
  ids[250] = made[1]!;
  ids[499] = made[2]!;
  for (const format of ['json', 'xml']) {
    const res = await get(`/open311/v2/requests.${format}?service_request_id=${ids.join(',')}`);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    const found =
      format === 'json'
        ? JSON.parse(res.text).map((x: { service_request_id: string }) => x.service_request_id)
        : parseXml(res.text).service_requests.request.map(
            (x: { service_request_id: string }) => x.service_request_id,
          );
    assert.deepEqual(found, [...made].reverse(), 'every asked-for request, newest first');
  }
  valid(
    validators.requests,
    (await getJson(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).body,
    'ids',
  );
});

/** Form fields as multipart parts, in order. */
const formParts = (fields: Record<string, string>) =>
  Object.entries(fields).map(([name, data]) => ({ name, data }));

test('multipart POSTs with a photo (GeoReporter iOS, python three): one case with the photo', async () => {
  const photo = await phoneJpeg();
  const clients = {
    // GeoReporter: the photo first, then the fields.
    georeporter: [
      { name: 'media', filename: 'image.jpg', type: 'image/jpeg', data: photo },
      ...formParts(garbage({ description: 'GeoReporter 拍照上报', device_id: 'iPhone-1' })),
    ],
    // three (requests): the fields, then files={'media': …} with a name of its own.
    three: [
      ...formParts(garbage({ description: 'three 上报', first_name: 'Py' })),
      { name: 'attribute[KINDS][]', data: 'HOUSEHOLD' },
      { name: 'attribute[KINDS][]', data: 'BULKY' },
      { name: 'media', filename: 'pothole.jpeg', type: 'application/octet-stream', data: photo },
    ],
  };
  for (const [client, parts] of Object.entries(clients)) {
    const before = await caseCount();
    const { body, headers } = multipart(parts);
    const res = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers,
      payload: body,
    });
    assert.equal(res.statusCode, 200, `${client}: ${res.body}`);
    const answer = JSON.parse(res.body);
    valid(validators.postAnswer, answer, `${client} answer`);
    assert.match(
      answer[0].service_notice,
      /^派遣后 4 工作小时内处置 \/ To be fixed within 4 working hours of dispatch$/,
    );
    assert.equal(await caseCount(), before + 1, client);
    const c = await db
      .selectFrom('cases')
      .selectAll()
      .where('number', '=', answer[0].service_request_id)
      .executeTakeFirstOrThrow();
    const photos = c.photos as { url: string }[];
    assert.equal(photos.length, 1, client);
    const id = photos[0]!.url.replace('/api/photos/', '');
    const row = await db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Re-encoded like every upload: orientation applied (400×200 turned upright).
    assert.deepEqual([row.width, row.height, row.origin], [200, 400, 'public']);
    const staff = await call('GET', `/api/cases/${c.id}`, { as: 'intake' });
    assert.deepEqual(
      staff.body.photos.map((p: { url: string }) => p.url),
      [`/api/photos/${id}`],
    );
    assert.equal((await call('GET', `/api/photos/${id}/meta`, { as: 'intake' })).status, 200);
  }
  // The same answer in XML; a file that is not a photo drops the photo, not the report.
  const { body, headers } = multipart([
    ...formParts(garbage()),
    { name: 'media', filename: 'notes.txt', type: 'text/plain', data: 'not a photo at all' },
  ]);
  const res = await app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers, payload: body });
  assert.equal(res.statusCode, 200, res.body);
  const [answer] = parseXml(res.body).service_requests.request;
  assert.match(answer.service_notice, /media could not be used/);
  const c = await db
    .selectFrom('cases')
    .select('photos')
    .where('number', '=', answer.service_request_id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(c.photos, []);
  // Still checked first: a bad key refuses it and leaves nothing in the spool.
  const bad = multipart([
    ...formParts(garbage({ api_key: 'wrong' })),
    { name: 'media', filename: 'image.jpg', type: 'image/jpeg', data: photo },
  ]);
  const refused = await app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: bad.headers,
    payload: bad.body,
  });
  assert.equal(refused.statusCode, 403);
  valid(validators.errors, JSON.parse(refused.body), 'errors');
});

test('optional fields never refuse the report: kept, shortened or dropped, and said in service_notice', async () => {
  const long = '欧阳'.repeat(30);
  const r = await post([
    ...Object.entries(
      garbage({
        phone: '+1 (555) 010-4477 ext. 23',
        last_name: long,
        email: 'not-an-email',
        description: 'x'.repeat(4001),
      }),
    ),
    ['attribute[uprn]', '100023336956'], // FixMyStreet sends the property reference to every service
    ['media_url', 'https://fixmystreet.example.org/photo/1.jpeg'],
    ['media_url', 'https://fixmystreet.example.org/photo/2.jpeg'],
  ]);
  assert.equal(r.status, 200, r.text);
  valid(validators.postAnswer, r.body, 'POST answer');
  const notice: string = r.body[0].service_notice;
  for (const said of [
    /^派遣后 4 工作小时内处置 \/ To be fixed within 4 working hours of dispatch; /,
    /本服务没有属性 uprn，已按原样保存 \/ this service has no attribute uprn; kept as sent/,
    /last_name 超过 50 字，已截断 \/ last_name is longer than 50 characters; shortened/,
    /email 不是电子邮件地址，已舍弃 \/ email is not an email address; dropped/,
    /media_url 提交了多次，已保留第一个 \/ media_url was sent more than once; the first was kept/,
    /description is longer than 4000 characters; shortened/,
  ])
    assert.match(notice, said);
  assert.doesNotMatch(notice, /phone/, 'a phone with an extension is a phone');
  const c = await db
    .selectFrom('cases')
    .selectAll()
    .where('number', '=', r.body[0].service_request_id)
    .executeTakeFirstOrThrow();
  assert.equal(c.reporter_phone, '+1 (555) 010-4477 ext. 23');
  assert.equal(c.reporter_name, long.slice(0, 50));
  assert.equal(c.description.length, 4000);
  const o = await db
    .selectFrom('open311_requests')
    .selectAll()
    .where('case_id', '=', c.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(o.attributes, { AMOUNT: 'BAGS_4_10', uprn: '100023336956' });
  assert.equal(o.email, null);
  assert.equal(o.media_url, 'https://fixmystreet.example.org/photo/1.jpeg');

  // What cannot be kept at all is dropped: a phone that is words, an ftp link, an answer of the wrong type.
  const dropped = await post(
    garbage({ phone: 'call me', media_url: 'ftp://example.org/a.jpg', 'attribute[KINDS][]': 'NOT_A_KIND' }),
  );
  assert.equal(dropped.status, 200, dropped.text);
  assert.match(dropped.body[0].service_notice, /phone is not a phone number; dropped/);
  assert.match(dropped.body[0].service_notice, /media_url is not an http or https URL; dropped/);
  assert.match(dropped.body[0].service_notice, /attribute KINDS must be one of .*; dropped/);
  // Without anything to say, the notice is the service's alone.
  assert.equal(
    (await post(garbage())).body[0].service_notice,
    serviceNoticeOf({ amount: 4, unit: 'workHour' }),
  );
});

test('the service notice says 1 hour, not 1 hours', () => {
  assert.equal(
    serviceNoticeOf({ amount: 1, unit: 'workHour' }),
    '派遣后 1 工作小时内处置 / To be fixed within 1 working hour of dispatch',
  );
  assert.equal(
    serviceNoticeOf({ amount: 1, unit: 'workDay' }),
    '派遣后 1 个工作日内处置 / To be fixed within 1 working day of dispatch',
  );
  assert.equal(
    serviceNoticeOf({ amount: 2, unit: 'day' }),
    '派遣后 2 天内处置 / To be fixed within 2 days of dispatch',
  );
});

test('validator details: exact content types, an endpoint per format, status in any case, end_date to the second', async () => {
  for (const [url, type] of [
    ['/open311/v2/services.json', 'application/json'],
    ['/open311/v2/services.xml', 'text/xml'],
    ['/open311/v2/services/E99999.json', 'application/json'],
    ['/open311/v2/services/E99999.xml', 'text/xml'],
  ] as const)
    assert.equal((await get(url)).type, type, url);
  const discovery = (await getJson('/open311/discovery.json')).body;
  assert.deepEqual(
    discovery.endpoints.map((e: { formats: string[] }) => e.formats),
    [['application/json'], ['text/xml']],
  );

  clock.set('2026-10-12T01:00:00.400Z'); // shown as 09:00:00+08:00
  const r = await post(garbage({ description: '九点整' }));
  const id = r.body[0].service_request_id;
  const [item] = (await getJson(`/open311/v2/requests/${id}.json`)).body;
  assert.equal(item.requested_datetime, '2026-10-12T09:00:00+08:00');
  const listed = async (query: string) =>
    (await getJson(`/open311/v2/requests.json?${query}`)).body.map(
      (x: { service_request_id: string }) => x.service_request_id,
    );
  assert.ok((await listed(`end_date=${encodeURIComponent(item.requested_datetime)}`)).includes(id));
  assert.ok((await listed(`start_date=${encodeURIComponent(item.requested_datetime)}`)).includes(id));
  assert.ok(!(await listed('end_date=2026-10-12T08:59:59%2B08:00')).includes(id));
  assert.ok(
    !(await listed('end_date=2026-10-12T09:00:00.300%2B08:00')).includes(id),
    'a fraction given is exact',
  );
  assert.ok((await listed('status=OPEN')).includes(id));
  assert.ok((await listed('status=Open,CLOSED')).includes(id));
});

test('unknown paths under /open311 answer the spec’s 404 in the format asked, never the console page', async () => {
  const webDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-web-'));
  writeFileSync(path.join(webDir, 'index.html'), '<title>console</title>');
  const withConsole = await buildApp({ db, clock, webDir, baseMap: null, photoDir: s.photoDir });
  try {
    for (const [method, url, format] of [
      ['GET', '/open311/v2/servicerequestupdates.xml', 'xml'],
      ['GET', '/open311/v2/servicerequestupdates.json', 'json'],
      ['GET', '/open311/v2/requests', 'json'],
      ['GET', '/open311/v2', 'json'],
      ['GET', '/open311', 'json'],
      ['POST', '/open311/v2/servicerequestupdates.xml', 'xml'],
      ['DELETE', '/open311/v2/requests.json', 'json'],
    ] as const) {
      const res = await withConsole.inject({ method, url });
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body.slice(0, 100)}`);
      if (format === 'xml') {
        assert.equal(res.headers['content-type'], 'text/xml');
        wellFormed(res.body);
        assert.equal(parseXml(res.body).errors.error[0].code, '404');
      } else {
        assert.equal(res.headers['content-type'], 'application/json');
        valid(validators.errors, JSON.parse(res.body), `${method} ${url}`);
      }
    }
    // The console still answers its own paths.
    assert.match((await withConsole.inject({ method: 'GET', url: '/cases/1' })).body, /console/);
  } finally {
    await withConsole.close();
    rmSync(webDir, { recursive: true, force: true });
  }
});

test('CORS: a configured origin may POST (preflight and answer); other origins get no CORS headers', async () => {
  const saved = process.env.OPEN311_CORS_ORIGINS;
  process.env.OPEN311_CORS_ORIGINS = 'https://report.example.org, https://map.example.net';
  const corsApp = await buildApp({ db, clock, photoDir: s.photoDir });
  if (saved === undefined) delete process.env.OPEN311_CORS_ORIGINS;
  else process.env.OPEN311_CORS_ORIGINS = saved;
  try {
    const preflight = (origin: string) =>
      corsApp.inject({
        method: 'OPTIONS',
        url: '/open311/v2/requests.json',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight('https://report.example.org');
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://report.example.org');
    assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
    assert.match(String(ok.headers['access-control-allow-headers']), /Content-Type/i);
    const other = await preflight('https://evil.example.com');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    assert.equal(other.headers['access-control-allow-methods'], undefined);

    const form = new URLSearchParams(garbage()).toString();
    const postFrom = (origin: string) =>
      corsApp.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form,
      });
    const posted = await postFrom('https://map.example.net');
    assert.equal(posted.statusCode, 200, posted.body);
    assert.equal(posted.headers['access-control-allow-origin'], 'https://map.example.net');
    assert.equal(
      (await postFrom('https://evil.example.com')).headers['access-control-allow-origin'],
      undefined,
    );
    // The GETs are public data: any page may read them.
    const read = await corsApp.inject({
      method: 'GET',
      url: '/open311/v2/services.json',
      headers: { origin: 'https://evil.example.com' },
    });
    assert.equal(read.headers['access-control-allow-origin'], '*');
    // Nothing else gets CORS.
    const api = await corsApp.inject({
      method: 'GET',
      url: '/api/public/config',
      headers: { origin: 'https://report.example.org' },
    });
    assert.equal(api.headers['access-control-allow-origin'], undefined);
  } finally {
    await corsApp.close();
  }
});

test('POSTs are rate-limited per client (api_key), not per IP', async () => {
  const limited = await buildApp({ db, clock, publicRateLimit: 2, photoDir: s.photoDir });
  const other = await integrationKey('seeclickfix');
  const postAs = async (key: string) =>
    (
      await limited.inject({
        method: 'POST',
        url: '/open311/v2/requests.xml',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(garbage({ api_key: key })).toString(),
      })
    ).statusCode;
  try {
    // Same address throughout: the second client is not held back by the first.
    assert.deepEqual(
      [await postAs(API_KEY), await postAs(API_KEY), await postAs(other), await postAs(other)],
      [200, 200, 200, 200],
    );
    assert.equal(await postAs(API_KEY), 429);
    // Bad keys count per address, and are still 403 while under the limit.
    assert.deepEqual([await postAs('bad-1'), await postAs('bad-2'), await postAs('bad-3')], [403, 403, 429]);
  } finally {
    await limited.close();
  }
});
