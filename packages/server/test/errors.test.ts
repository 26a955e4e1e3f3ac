// Errors a Chinese user can read: `message` is the code's sentence in the request's language
// (Chinese unless Accept-Language prefers English), naming the field; `detail` keeps the specific
// English sentence. A refused request changes nothing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();
const units = (await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number; code: string }[];
const newUser = {
  username: 'zhang.san',
  displayName: '张三',
  password: DEMO_PASSWORD,
  roles: ['dispatcher'],
};

const EN = { 'accept-language': 'en' };
type Send = (headers?: Record<string, string>) => Promise<{ status: number; body: any }>;

describe('a missing required field', () => {
  test('is 400 VALIDATION in Chinese by default, naming the field, and writes nothing', async () => {
    const before = await s.count('users');
    const res = await s.call('POST', '/api/users', { as: 'admin', body: newUser });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'VALIDATION');
    assert.equal(res.body.field, 'unitId');
    assert.equal(res.body.message, '「单位」为必填项');
    assert.match(res.body.detail, /must have required property 'unitId'/);
    assert.equal(await s.count('users'), before);
  });

  test('is English when Accept-Language prefers English', async () => {
    for (const lang of ['en', 'en-US,en;q=0.9,zh-CN;q=0.8', 'zh;q=0.5, en']) {
      const res = await s.call('POST', '/api/users', {
        as: 'admin',
        body: newUser,
        headers: { 'accept-language': lang },
      });
      assert.equal(res.body.message, 'unitId is required', lang);
      assert.equal(res.body.field, 'unitId', lang);
    }
    for (const lang of ['zh-CN,zh;q=0.9,en;q=0.8', 'fr', '*', 'en;q=0']) {
      const res = await s.call('POST', '/api/users', {
        as: 'admin',
        body: newUser,
        headers: { 'accept-language': lang },
      });
      assert.equal(res.body.message, '「单位」为必填项', lang);
    }
  });

  test('a wrong value is named with the schema’s reason, in Chinese from ajv-i18n', async () => {
    const res = await s.call('POST', '/api/users', { as: 'admin', body: { ...newUser, unitId: 'one' } });
    assert.equal(res.body.code, 'VALIDATION');
    assert.equal(res.body.field, 'unitId');
    assert.match(res.body.message, /^「单位」应为整数$/);
    const en = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...newUser, unitId: 'one' },
      headers: EN,
    });
    assert.equal(en.body.message, 'unitId must be integer');
    const extra = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { ...newUser, unitId: 1, shoeSize: 42 },
    });
    assert.equal(extra.body.field, 'shoeSize');
    assert.equal(extra.body.message, '「shoeSize」不是可接受的字段');
  });
});

describe('service errors', () => {
  test('come back in both languages with the English sentence in detail', async () => {
    const supervision = units.find((u) => u.code === 'supervision')!.id;
    const cases: [string, Send, number, string, string, string, RegExp][] = [
      [
        'an unknown unit',
        (headers) =>
          s.call('POST', '/api/users', { as: 'admin', body: { ...newUser, unitId: 999_999 }, headers }),
        422,
        'UNKNOWN_UNIT',
        '处置单位不存在',
        'No such unit',
        /999999/,
      ],
      [
        'a taken username',
        (headers) =>
          s.call('POST', '/api/users', {
            as: 'admin',
            body: { ...newUser, username: 'admin', unitId: supervision },
            headers,
          }),
        409,
        'DUPLICATE',
        '「登录名」已被使用',
        'username is already taken',
        /username admin is taken/,
      ],
      [
        'an unknown case',
        (headers) => s.call('GET', '/api/cases/987654', { as: 'intake', headers }),
        404,
        'NOT_FOUND',
        '找不到该记录，可能已被删除或您无权查看',
        'Not found, or not visible to you',
        /not found/,
      ],
      [
        'a role that may not',
        (headers) =>
          s.call('POST', '/api/users', { as: 'intake', body: { ...newUser, unitId: supervision }, headers }),
        403,
        'ROLE_NOT_ALLOWED',
        '您的角色无权进行此操作',
        'Your role may not do this',
        /./,
      ],
      [
        'no route',
        (headers) => s.call('GET', '/api/nowhere', { as: 'intake', headers }),
        404,
        'NOT_FOUND',
        '找不到该记录，可能已被删除或您无权查看',
        'Not found, or not visible to you',
        /no route GET \/api\/nowhere/,
      ],
    ];
    for (const [what, send, status, code, zh, , detail] of cases) {
      const before = await s.count('users');
      const res = await send();
      assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code, what);
      assert.equal(res.body.message, zh, what);
      assert.match(res.body.detail, detail, what);
      assert.equal(await s.count('users'), before, `${what}: nothing written`);
    }
    for (const [what, send, , code, , en, detail] of cases) {
      const res = await send(EN);
      assert.equal(res.body.code, code, what);
      assert.equal(res.body.message, en, what);
      assert.match(res.body.detail, detail, what);
    }
  });
});
