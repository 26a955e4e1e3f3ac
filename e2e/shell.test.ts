// The console's frame: each role lands on its own workbench, language switch, sign-out, a session
// that runs out mid-work, and queues that follow other users' changes live.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 20 });

const LANDINGS: [string, string][] = [
  ['intake', '/intake'],
  ['shift', '/intake'],
  ['dispatch', '/dispatch'],
  ['s2-handler', '/handling'],
  ['inspector2', '/inspector'],
  ['supervisor', '/supervision'],
  ['leader', '/overview'],
  ['admin', '/admin'],
  ['s3-chief', '/inspector'], // a road chief: the phone app's 我的路段
];

test('each role lands on its own workbench and sees its unit and area', async () => {
  for (const [username, path] of LANDINGS) {
    const p = await server.open(username);
    assert.equal(
      new URL(p.page.url()).pathname.replace(/\/units$/, ''),
      path,
      `${username} lands on ${path}`,
    );
    const me = await server.api(username, 'GET', '/api/auth/me');
    await p.page.getByText(me.unit.name).first().waitFor();
    if (['supervisor', 'intake', 's2-handler'].includes(username))
      await p.screenshot(`workbench-${username}`);
    assert.equal(await p.page.evaluate(() => getComputedStyle(document.body).margin), '0px', 'no 8 px frame');
    // at 1440 px a queue shows its deadline and warning colour without scrolling sideways
    const hidden = await p.page.evaluate(() => {
      /** The right edge of what shows of an element: the viewport's, or a clipping ancestor's. */
      const visibleRight = (el: Element) => {
        let right = document.documentElement.clientWidth;
        for (let a = el.parentElement; a; a = a.parentElement)
          if (getComputedStyle(a).overflowX !== 'visible')
            right = Math.min(right, a.getBoundingClientRect().right);
        return right;
      };
      return [...document.querySelectorAll('.ant-table th')]
        .filter((th) => ['当前时限', '预警'].includes(th.textContent?.trim() ?? ''))
        .filter((th) => th.getBoundingClientRect().right > visibleRight(th) + 1)
        .map((th) => th.textContent);
    });
    assert.deepEqual(hidden, [], `${username}: columns behind the horizontal scroll`);
    await p.done();
  }
});

test('a page behind the login comes back after signing in; language switch; sign-out', async () => {
  const p = await server.open(null);
  // the first look asks who is signed in: a 200 with nobody, no 401 in the console (p.done checks)
  await p.page.goto('/cases');
  await p.page.waitForURL(/\/login\?next=%2Fcases/);
  // no white frame round the page (the browser's 8 px body margin)
  assert.equal(await p.page.evaluate(() => getComputedStyle(document.body).margin), '0px');
  await p.page.getByRole('button', { name: /登\s*录/ }).click();
  await p.page.getByText('请填写用户名').waitFor();
  await p.page.getByLabel('用户名').fill('leader');
  await p.page.getByLabel('密码').fill('wrong-password');
  p.expectHttpErrors('/api/auth/login');
  await p.page.getByRole('button', { name: /登\s*录/ }).click();
  await p.page.getByRole('alert').getByText('用户名或密码错误').waitFor();
  await p.page.getByLabel('密码').fill('xiuhua-demo');
  await p.page.getByLabel('密码').press('Enter');
  await p.page.waitForURL(/\/cases$/);
  await p.page.getByTestId('lang-switch').click();
  await p.page.getByRole('navigation').getByText('Cases').waitFor();
  await p.page.getByTestId('lang-switch').click();
  await p.page.getByRole('navigation').getByText('案件查询').waitFor();
  await p.page.getByTestId('logout').click();
  await p.page.waitForURL(/\/login/);
  await p.done();
});

test('when the session runs out, signing in again keeps what was typed', async () => {
  const p = await server.open('intake');
  await p.page.getByTestId('new-report').click();
  const form = p.page.getByTestId('new-report-form');
  await form.getByLabel('问题描述').fill('会话过期前输入的内容');
  await server.db.deleteFrom('sessions').execute();
  p.expectHttpErrors('/api/');
  await form.getByLabel('案件类别').focus();
  await p.page.keyboard.type('井盖'); // the catalogue search hits the server → 401
  await p.page.getByText('登录已过期').waitFor();
  const dialog = p.page.getByRole('dialog').filter({ hasText: '登录已过期' });
  // Keys still being typed as the dialog opens cannot change who signs in.
  await p.page.keyboard.type('盖子');
  assert.equal(await dialog.getByLabel('用户名').inputValue(), 'intake');
  assert.notEqual(await dialog.getByLabel('用户名').getAttribute('readonly'), null);
  await dialog.getByLabel('密码').fill('xiuhua-demo');
  await dialog.getByLabel('密码').press('Enter');
  try {
    await dialog.waitFor({ state: 'hidden' });
  } catch (e) {
    // Say what the dialog shows (a refusal? an empty password?) instead of a bare timeout.
    await p.screenshot('shell-session-dialog-stuck');
    const shown = await dialog.innerText().catch(() => '(gone)');
    const typed = await dialog
      .getByLabel('密码')
      .inputValue()
      .catch(() => '(gone)');
    throw new Error(
      `the sign-in dialog stayed open; it shows: ${shown}; password field: ${typed.length} chars`,
      {
        cause: e,
      },
    );
  }
  assert.equal(await form.getByLabel('问题描述').inputValue(), '会话过期前输入的内容');
  await p.done();
});

test('a queue shows another user’s change within seconds, without reloading', async () => {
  const p = await server.open('dispatch');
  await p.page.locator('[data-testid="live-status"][data-state="open"]').waitFor();
  const filed = async () => (await server.api('dispatch', 'GET', '/api/cases?state=filed&pageSize=1')).total;
  const before = await filed();
  await p.page.locator(`[data-testid="queue-total"][data-total="${before}"]`).waitFor();
  const point = await server.pointIn('310112006');
  const c = await server.api('intake', 'POST', '/api/cases', {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    description: '实时更新测试',
    location: point,
  });
  const t0 = Date.now();
  await server.api('shift', 'POST', `/api/cases/${c.id}/file`, {});
  await p.page.locator(`[data-case-id="${c.id}"]`).waitFor({ timeout: 5000 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed < 3000, `the new case appeared after ${elapsed} ms`);
  assert.equal(await filed(), before + 1);
  await p.page.locator(`[data-testid="queue-total"][data-total="${before + 1}"]`).waitFor();
  await p.done();
});
