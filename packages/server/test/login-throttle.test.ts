// Login throttling per account: after 5 failed sign-ins, attempts from browsers and addresses that
// have not signed into the account in 30 days wait (1 s doubling up to 15 min: 429 ACCOUNT_LOCKED,
// 账户暂时锁定，请 N 分钟后再试); a browser with the known-browser cookie, or an address that signed
// in, goes on; an admin can unlock (recorded in the admin history).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { startTestServer } from './fixture.ts';

const s = await startTestServer();
let n = 0;
const stranger = () => `10.66.${Math.floor(++n / 250)}.${n % 250}`;

async function login(
  username: string,
  password: string,
  from: string,
  options: { known?: string; lang?: string } = {},
) {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    headers: {
      ...(options.known ? { cookie: `xh_known=${options.known}` } : {}),
      ...(options.lang ? { 'accept-language': options.lang } : {}),
    },
    payload: { username, password },
  });
  return {
    status: res.statusCode,
    body: res.json(),
    known: res.cookies.find((c) => c.name === 'xh_known')?.value,
  };
}

const failFive = async (username: string) => {
  for (let i = 0; i < 5; i++) {
    const res = await login(username, 'wrong password', stranger());
    assert.equal(res.status, 401, `failure ${i + 1}`);
  }
};

test('after 5 failures strangers wait; the known browser and the known address go on', async () => {
  const home = '10.77.0.1';
  const signedIn = await login('shift', DEMO_PASSWORD, home);
  assert.equal(signedIn.status, 200);
  assert.ok(signedIn.known, 'a known-browser cookie is set');

  await failFive('shift');
  const locked = await login('shift', DEMO_PASSWORD, stranger());
  assert.equal(locked.status, 429, JSON.stringify(locked.body));
  assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
  assert.equal(locked.body.message, '账户暂时锁定，请 1 分钟后再试');
  assert.equal(locked.body.retryAfterMinutes, 1);
  // another account is not affected
  assert.equal((await login('intake', DEMO_PASSWORD, stranger())).status, 200);

  // the browser that signed in before, from a new address: in (and the count is cleared)
  assert.equal((await login('shift', DEMO_PASSWORD, stranger(), { known: signedIn.known })).status, 200);
  assert.equal((await login('shift', DEMO_PASSWORD, stranger())).status, 200, 'cleared by the success');

  await failFive('shift');
  assert.equal((await login('shift', DEMO_PASSWORD, stranger())).status, 429);
  // the address that signed in before, without the cookie: in
  assert.equal((await login('shift', DEMO_PASSWORD, home)).status, 200);
});

test('the wait doubles with each failure, up to 15 minutes; then it is over', async () => {
  await failFive('dispatch');
  // failures 6..15 after each wait has passed: 2 s, 4 s … capped at 15 min
  for (let i = 0; i < 10; i++) {
    s.clock.advanceMinutes(16);
    assert.equal((await login('dispatch', 'wrong password', stranger())).status, 401);
  }
  const locked = await login('dispatch', DEMO_PASSWORD, stranger(), { lang: 'en' });
  assert.equal(locked.status, 429);
  assert.equal(locked.body.message, 'The account is locked for now; try again in 15 min');
  s.clock.advanceMinutes(15);
  assert.equal((await login('dispatch', DEMO_PASSWORD, stranger())).status, 200);
});

test('a browser known more than 30 days ago is a stranger again', async () => {
  const first = await login('supervisor', DEMO_PASSWORD, '10.78.0.1');
  s.clock.advanceMinutes(31 * 24 * 60);
  await failFive('supervisor');
  assert.equal((await login('supervisor', DEMO_PASSWORD, stranger(), { known: first.known })).status, 429);
  assert.equal((await login('supervisor', DEMO_PASSWORD, '10.78.0.1')).status, 429);
});

test('an admin unlocks the account; the unlock is in the admin history', async () => {
  await failFive('leader');
  assert.equal((await login('leader', DEMO_PASSWORD, stranger())).status, 429);
  const id = (
    await s.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow()
  ).id;
  const denied = await s.call('POST', `/api/users/${id}/unlock`, { as: 'intake' });
  assert.equal(denied.status, 403);
  const unlocked = await s.call('POST', `/api/users/${id}/unlock`, { as: 'admin' });
  assert.deepEqual([unlocked.status, unlocked.body], [200, { unlocked: true }]);
  const history = await s.call('GET', `/api/admin/history?entity=user&key=${id}`, { as: 'admin' });
  const event = history.body.items.find((e: { action: string }) => e.action === 'unlock');
  assert.ok(event, JSON.stringify(history.body));
  assert.equal(event.before.failedSignIns, 5);
  assert.equal((await login('leader', DEMO_PASSWORD, stranger())).status, 200);
  const again = await s.call('POST', `/api/users/${id}/unlock`, { as: 'admin' });
  assert.deepEqual(again.body, { unlocked: false });
  assert.equal((await s.call('POST', '/api/users/999999/unlock', { as: 'admin' })).status, 404);
});
