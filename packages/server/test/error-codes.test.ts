// The closed list of error codes (@xiuhua/domain/errors) holds every code the server throws, each
// with Chinese and English text; docs/api.md's error table is the one the list generates.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES, errorText, isErrorCode } from '@xiuhua/domain/errors';
import { API_DOC, withErrorTable } from '../../../scripts/error-table.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(root, dir, f));
}

/** Each code literal a pattern's first group catches, with where it was found. */
function codesIn(files: string[], patterns: RegExp[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern)) {
        const line = text.slice(0, m.index).split('\n').length;
        found.set(m[1]!, `${path.relative(root, file)}:${line}`);
      }
  }
  return found;
}

test('every code the server and the domain throw is in the list', () => {
  const server = codesIn(sources('packages/server/src'), [
    // new AppError(404, 'NOT_FOUND', …), over several lines too
    /new AppError\(\s*[^,()]+,\s*'([A-Za-z0-9_]+)'/g,
    // sendError(request, reply, 400, 'VALIDATION', …)
    /sendError\(\s*[^,()]+,\s*[^,()]+,\s*[^,()]+,\s*'([A-Za-z0-9_]+)'/g,
  ]);
  const domain = codesIn(sources('packages/domain/src'), [
    /new DomainError\(\s*'([A-Za-z0-9_]+)'/g,
    // the policy's refusals: { code: 'UNAUTHENTICATED', message: … }
    /\{\s*code:\s*'([A-Z0-9_]+)',\s*message:/g,
  ]);
  // The scan itself must still see the throw sites (a changed AppError signature would blind it).
  assert.ok(server.size > 40, `only ${server.size} codes found in packages/server/src`);
  assert.ok(domain.has('INVALID_TRANSITION'), 'DomainError codes are scanned');
  const missing = [...server, ...domain].filter(([code]) => !isErrorCode(code));
  assert.deepEqual(
    missing.map(([code, where]) => `${code} (${where})`),
    [],
    'codes missing from packages/domain/src/errors/codes.ts',
  );
});

test('the refusals of the policy module are in the list', () => {
  for (const code of [
    'UNAUTHENTICATED',
    'API_KEY_REQUIRED',
    'WRONG_INTEGRATION',
    'INTEGRATION_ONLY',
    'INTEGRATION_NO_SIGN_IN',
    'ROLE_NOT_ALLOWED',
    'CONFIDENTIAL_CHANNEL',
    'INTEGRATION_REQUIRED',
    'STAFF_KEY_UNBOUND',
  ])
    assert.ok(isErrorCode(code), code);
});

test('each code has Chinese and English text; the field is named in both', () => {
  for (const [code, text] of Object.entries(ERROR_CODES)) {
    // VALIDATION is only its placeholders: the field and the schema's reason
    if (text.zh.replace(/\{\w+\}/g, '') !== '')
      assert.match(text.zh, /\p{Script=Han}/u, `${code}: Chinese text`);
    assert.doesNotMatch(text.en, /\p{Script=Han}/u, `${code}: English text`);
    assert.ok(text.status >= 400 && text.status < 600, `${code}: a status`);
  }
  assert.equal(errorText('MISSING_FIELD', 'zh', { field: 'unitId' }), '请填写「单位」');
  assert.equal(errorText('MISSING_FIELD', 'en', { field: 'unitId' }), 'unitId is required');
  assert.equal(errorText('INVALID_FIELD', 'en'), 'The input is not valid');
  assert.equal(errorText('SOMETHING_ELSE', 'zh'), ERROR_CODES.HTTP_ERROR.zh);
});

test("docs/api.md's error table is the one the list generates (npm run docs:errors)", () => {
  const doc = readFileSync(API_DOC, 'utf8');
  assert.equal(doc, withErrorTable(doc), 'run `npm run docs:errors` and commit docs/api.md');
});
