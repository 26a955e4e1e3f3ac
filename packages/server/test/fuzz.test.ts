// The API fuzz test: every operation of the OpenAPI document (/openapi.json), with inputs generated
// from its schemas (fast-check, a fixed seed) and mutated into hostile ones, as the admin (or the
// integration a route belongs to) and anonymously. It fails on any status ≥ 500, on an error body
// off the shape the document gives for that operation and status, and on an operation that had
// fewer than MIN_PASSED requests past schema validation (a generator that only ever hits 400
// VALIDATION tests nothing). Each group of operations (one resource) gets a fresh demo database,
// so a password change or a deleted key cannot turn the rest into 401s.
//
// Reproduce: the seed is printed on failure; `FUZZ_SEED=<seed> npm test -- packages/server/test/fuzz.test.ts`,
// and `FUZZ_ONLY=/api/cases` to fuzz one group (path prefix).

import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { type Resolve, resolverOf, type Schema, nasty, valid } from './fuzz/arbitrary.ts';
import { createIntegrationAccount, issueApiKey, startTestServer } from './fixture.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261208);
const ONLY = process.env.FUZZ_ONLY;
/** Per operation: generated requests as the admin, mutated ones, anonymous ones. */
const VALID_RUNS = 22;
const MUTATED_RUNS = 8;
const ANONYMOUS_RUNS = 2;
const MIN_PASSED = 20;

/** Operations not fuzzed: the live event stream answers with a stream that never ends. */
const SKIP = new Set(['GET /api/live/']);
/** Operations that an integration calls with its API key (the admin is refused before validation). */
const INTEGRATION: Record<string, string> = {
  'POST /api/integrations/110/transfers': 'police110',
  'GET /api/integrations/110/transfers/{incidentNumber}': 'police110',
  'POST /api/sensors/alarms': 'sensors',
};
/** Refusals at schema validation: such a request did not reach the operation. */
const VALIDATION_CODES = new Set(['VALIDATION', 'INVALID_CHARACTER', 'MALFORMED_JSON', 'BAD_REQUEST']);

interface Operation {
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: { in: string; name: string; required?: boolean; schema: Schema }[];
  body: Schema | undefined;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Input {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  lang: string | undefined;
}

interface Finding {
  operation: string;
  request: string;
  status: number;
  problem: string;
  body: string;
}

function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (SKIP.has(key)) continue;
      ops.push({
        key,
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        responses: op.responses ?? {},
      });
    }
  }
  return ops;
}

/** One resource per group: /api/cases, /api/assessment, /open311… */
function groupOf(op: Operation): string {
  const parts = op.path.split('/');
  return parts[1] === 'api' ? `/api/${parts[2]}` : `/${parts[1]}`;
}

/** A generated request for the operation, from its parameter and body schemas. */
function inputOf(op: Operation, resolve: Resolve): fc.Arbitrary<Input> {
  const params = (where: string) => {
    const list = op.parameters.filter((p) => p.in === where);
    return fc.record(Object.fromEntries(list.map((p) => [p.name, valid(p.schema, resolve)])), {
      requiredKeys: list.filter((p) => p.required || where === 'path').map((p) => p.name),
    });
  };
  return fc.record({
    path: params('path'),
    query: params('query'),
    body: op.body ? valid(op.body, resolve) : fc.constant(undefined),
    lang: fc.constantFrom(undefined, 'en', 'zh-CN,zh;q=0.9'),
  });
}

/** A generated request with one part made hostile. */
function mutatedOf(op: Operation, resolve: Resolve): fc.Arbitrary<Input> {
  const hostile = fc.oneof(
    nasty,
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  return fc.tuple(inputOf(op, resolve), fc.nat(), hostile, fc.nat(3)).map(([input, pick, value, how]) => {
    const at = (names: string[]) => names[pick % Math.max(names.length, 1)];
    const bodyProps = Object.keys(resolve(op.body ?? {}).properties ?? {});
    const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const out: Input = { ...input, path: { ...input.path }, query: { ...input.query } };
    if (how === 0 && pathNames.length > 0) out.path[at(pathNames)!] = value;
    else if (how === 1 && queryNames.length > 0) out.query[at(queryNames)!] = value;
    else if (op.body && typeof input.body === 'object' && input.body !== null && !Array.isArray(input.body)) {
      const body = { ...(input.body as Record<string, unknown>) };
      const name = bodyProps.length > 0 ? at(bodyProps)! : 'unexpected';
      if (how === 2) delete body[name];
      else body[name] = value;
      out.body = body;
    } else out.body = value;
    return out;
  });
}

function urlOf(op: Operation, input: Input): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = input.path[name];
    return encodeURIComponent(
      (typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(
        /[\ud800-\udfff]/gu,
        '\ufffd',
      ),
    );
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value])
      query.append(name, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The schema the document gives for an error status and the answer's media type; 'undeclared'
 * when it gives none (a non-JSON body declared as such is only checked for being declared).
 */
function errorSchemaOf(
  op: Operation,
  status: number,
  mediaType: string,
): Schema | 'undeclared' | 'unchecked' {
  const content = (op.responses[String(status)] ?? op.responses.default)?.content;
  const declared = content?.[mediaType];
  if (!declared) return 'undeclared';
  return mediaType === 'application/json' ? (declared.schema ?? {}) : 'unchecked';
}

function validatorOf(doc: Schema) {
  const ajv = new Ajv({ strict: false, logger: false, allErrors: false });
  addFormats.default(ajv);
  const rewrite = (s: unknown): unknown =>
    Array.isArray(s)
      ? s.map(rewrite)
      : s && typeof s === 'object'
        ? Object.fromEntries(
            Object.entries(s).map(([k, v]) => [
              k,
              k === '$ref' && typeof v === 'string' ? `openapi.json${v}` : rewrite(v),
            ]),
          )
        : s;
  ajv.addSchema({ $id: 'openapi.json', components: rewrite(doc.components) as object });
  const cache = new Map<Schema, ValidateFunction>();
  return (schema: Schema, value: unknown): string | null => {
    let check = cache.get(schema);
    if (!check) {
      check = ajv.compile(rewrite(schema) as object);
      cache.set(schema, check);
    }
    return check(value) ? null : ajv.errorsText(check.errors);
  };
}

/** A stable seed per operation, so one operation's inputs do not depend on the others'. */
function seedOf(key: string): number {
  let h = SEED | 0;
  for (const ch of key) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

async function fuzzGroup(ops: Operation[], doc: Schema, check: ReturnType<typeof validatorOf>) {
  const resolve = resolverOf(doc);
  const s = await startTestServer();
  const findings: Finding[] = [];
  const passed = new Map<string, number>();
  try {
    const adminCookie = (await s.as('admin')).cookie;
    const adminId = String((await s.call('GET', '/api/auth/me', { as: 'admin' })).body.user?.id ?? 1);
    const keys = new Map<string, string>();
    const integrationKey = async (integration: string) => {
      let key = keys.get(integration);
      if (!key) {
        key = await issueApiKey(s, await createIntegrationAccount(s, `fuzz-${integration}`), integration);
        keys.set(integration, key);
      }
      return key;
    };
    for (const op of ops) {
      const seed = seedOf(op.key);
      const send = async (input: Input, actor: 'admin' | 'anonymous', kind: string) => {
        const headers: Record<string, string> = {};
        if (input.lang) headers['accept-language'] = input.lang;
        if (actor === 'admin') {
          const integration = INTEGRATION[op.key];
          if (integration) headers['x-api-key'] = await integrationKey(integration);
          // sign-out on a session of its own (unknown to the server: signing out is public), not the group's
          else if (op.key === 'POST /api/auth/logout') headers.cookie = 'xh_session=fuzz-not-a-session';
          else headers.cookie = adminCookie;
        }
        // the admin's own account is not fuzzed: a new password or a lost role would end the group
        if (/\/api\/users\/\{id\}/.test(op.path) && String(input.path.id) === adminId) input.path.id = '2';
        const url = urlOf(op, input);
        const res = await s.app.inject({
          method: op.method,
          url,
          headers,
          ...(input.body !== undefined
            ? {
                payload: JSON.stringify(input.body),
                headers: { ...headers, 'content-type': 'application/json' },
              }
            : {}),
        });
        let body: any = res.body;
        const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');

        if (isJson) body = res.body ? JSON.parse(res.body) : null;
        const request = `${actor} ${kind} ${op.method} ${url}${input.body !== undefined ? ` ${JSON.stringify(input.body).slice(0, 300)}` : ''}`;
        const found = (problem: string) =>
          findings.push({
            operation: op.key,
            request,
            status: res.statusCode,
            problem,
            body: res.body.slice(0, 300),
          });
        if (res.statusCode >= 500) found('status ≥ 500');
        else if (res.statusCode >= 400) {
          const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!;
          const schema = errorSchemaOf(op, res.statusCode, mediaType);
          if (schema === 'undeclared')
            found(`status ${res.statusCode} as ${mediaType} is not in the document`);
          else if (schema !== 'unchecked') {
            const off = check(schema, body);
            if (off) found(`error body off the document's shape: ${off}`);
          }
        }
        const refusedAtValidation =
          body?.code === 'UNAUTHENTICATED' || (res.statusCode === 400 && VALIDATION_CODES.has(body?.code));
        if (actor === 'admin' && kind === 'valid' && !refusedAtValidation)
          passed.set(op.key, (passed.get(op.key) ?? 0) + 1);
      };
      for (const input of fc.sample(inputOf(op, resolve), { seed, numRuns: VALID_RUNS }))
        await send(input, 'admin', 'valid');
      for (const input of fc.sample(mutatedOf(op, resolve), { seed: seed + 1, numRuns: MUTATED_RUNS }))
        await send(input, 'admin', 'mutated');
      for (const input of fc.sample(inputOf(op, resolve), { seed: seed + 2, numRuns: ANONYMOUS_RUNS }))
        await send(input, 'anonymous', 'valid');
    }
  } finally {
    await s.close();
  }
  for (const op of ops) {
    const n = passed.get(op.key) ?? 0;
    if (n < MIN_PASSED)
      findings.push({
        operation: op.key,
        request: '',
        status: 0,
        problem: `only ${n} requests passed validation`,
        body: '',
      });
  }
  return findings;
}

const docServer = await startTestServer();
const doc = (await docServer.app.inject({ method: 'GET', url: '/openapi.json' })).json();
await docServer.close();
const check = validatorOf(doc);
const byResource = new Map<string, Operation[]>();
for (const op of operationsOf(doc)) {
  const group = groupOf(op);
  if (ONLY && !group.startsWith(ONLY) && !op.path.startsWith(ONLY)) continue;
  byResource.set(group, [...(byResource.get(group) ?? []), op]);
}
// Resources whose operations can end the others' access (sign-out, passwords and roles, API keys,
// settings) or that use issued keys get a database of their own; the rest share one per
// GROUP_SIZE operations (a fresh database costs about a second).
const GROUP_SIZE = 30;
const ALONE = new Set(['/api/auth', '/api/users', '/api/api-keys', '/api/settings', '/api/units']);
const groups: { name: string; ops: Operation[]; todo?: string }[] = [];
let open: { name: string; ops: Operation[] } | undefined;
for (const [resource, ops] of byResource) {
  if (ALONE.has(resource)) {
    groups.push({ name: resource, ops });
    continue;
  }
  if (!open || open.ops.length >= GROUP_SIZE) {
    open = { name: resource, ops: [] };
    groups.push(open);
  } else open.name += `, ${resource}`;
  open.ops.push(...ops);
}

for (const { name, ops, todo } of groups) {
  test(`fuzz ${name}: ${ops.length} operations (seed ${SEED})`, { todo }, async () => {
    const findings = await fuzzGroup(ops, doc, check);
    // one line per operation and problem (the first request that showed it)
    const first = new Map<string, Finding>();
    for (const f of findings) {
      const kind = `${f.operation}: ${f.problem.replace(/:.*/, '')} ${f.status}`;
      if (!first.has(kind)) first.set(kind, f);
    }
    if (process.env.FUZZ_REPORT)
      appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify([...first.values()], null, 1)}\n`);
    assert.deepEqual(
      [...first.values()].map((f) => `${f.operation}: ${f.problem} — ${f.request} → ${f.status} ${f.body}`),
      [],
      `fuzz ${name} (FUZZ_SEED=${SEED}): ${findings.length} findings`,
    );
  });
}
