// The admin history in the browser: an admin renames a unit, opens the unit's history and sees
// the change — who, the action, and the name before → after.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 0 });

test('an admin edits a unit and sees the change in its history drawer', async () => {
  const p = await server.open('admin', { path: '/admin/units' });
  const { page } = p;
  const units = page.getByTestId('units-table');
  await page.getByLabel('搜索', { exact: true }).fill('指挥中心');
  const row = units.locator('tr').filter({ hasText: '闵行区城市管理指挥中心' }).first();
  await row.waitFor();

  await row.getByRole('button', { name: '编辑' }).click();
  const editor = page.getByRole('dialog');
  await editor.getByLabel('单位名称', { exact: true }).fill('闵行区城市管理指挥中心（E2E）');
  await editor.getByTestId('drawer-submit').click();
  await editor.waitFor({ state: 'hidden' });
  const renamed = units.locator('tr').filter({ hasText: '闵行区城市管理指挥中心（E2E）' });
  await renamed.waitFor();

  await renamed.getByTestId('history-button').click();
  const drawer = page.getByTestId('history-drawer');
  const event = drawer.getByTestId('history-event').first();
  await event.waitFor();
  const text = await event.innerText();
  assert.match(text, /admin/);
  assert.match(text, /修改/);
  assert.match(text, /name[\s\S]*闵行区城市管理指挥中心[\s\S]*闵行区城市管理指挥中心（E2E）/);
  assert.doesNotMatch(text, /areaCode/, 'only the fields that changed');
  await page.waitForTimeout(400); // let the drawer finish sliding in for the picture
  await p.screenshot('admin-history');
  await p.done();
});
