/// <reference types="node" />
// The console renders errors from their code in the UI's language, never the server's English:
// ApiError's message comes from the shared list; VALIDATION keeps the server's sentence (asked for
// in the UI's language, it carries the schema's reason); applyApiError puts a field's message next
// to the field and adds the English detail to a banner only in the English UI.

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ERROR_CODES } from '@xiuhua/domain/errors';
import type { FormInstance } from 'antd';
import { applyApiError } from '../shared/forms.ts';
import { ApiError, setApiLanguage } from './client.ts';

afterEach(() => setApiLanguage('zh'));

const taken = { code: 'DUPLICATE', message: 'the username admin is taken', field: 'username' };

test('a code is rendered in the UI language, whatever message came with it', () => {
  assert.equal(new ApiError(409, taken).message, '「登录名」已被使用');
  assert.equal(
    new ApiError(404, { code: 'NOT_FOUND', message: 'case 9 not found' }).message,
    ERROR_CODES.NOT_FOUND.zh,
  );
  assert.equal(new ApiError(500, {}).message, '请求失败');
  setApiLanguage('en');
  assert.equal(new ApiError(409, taken).message, 'username is already taken');
});

test("VALIDATION keeps the server's sentence, which names the field and the reason", () => {
  const body = { code: 'VALIDATION', message: '「单位」为必填项', field: 'unitId', detail: 'body must …' };
  assert.equal(new ApiError(400, body).message, '「单位」为必填项');
});

function fakeForm() {
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  const form = { setFields: (fields: typeof set) => set.push(...fields) } as unknown as FormInstance;
  return { form, set };
}

test('applyApiError: a field error goes to its field, the rest to a banner', () => {
  const { form, set } = fakeForm();
  assert.equal(applyApiError(form, new ApiError(409, taken), ['username']), null);
  assert.deepEqual(set, [{ name: ['username'], errors: ['「登录名」已被使用'] }]);
  const conflict = new ApiError(409, { code: 'CONFLICT', detail: 'case 12 is not waiting for a callback' });
  assert.equal(applyApiError(form, conflict, []), `${conflict.message} (CONFLICT)`);
  assert.doesNotMatch(applyApiError(form, conflict, []) ?? '', /waiting/);
  setApiLanguage('en');
  const english = new ApiError(409, { code: 'CONFLICT', detail: 'case 12 is not waiting for a callback' });
  assert.match(
    applyApiError(form, english, []) ?? '',
    /^The current state .*: case 12 is not waiting for a callback \(CONFLICT\)$/,
  );
});
