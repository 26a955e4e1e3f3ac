// The admin console in the browser: units and users (the new user signs in and lands on the
// workbench of the role given), field-level errors in Chinese that keep what was typed (a taken
// login name, a required field the server found missing), a catalogue edit that
// makes a new version, a calendar override toggled on a day, a grid import with a rejected feature.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../packages/server/src/demo/seed.ts';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 0 });

/**
 * Open an antd Select (or TreeSelect) by its label, optionally type to filter, click the option.
 * A single select closes on choosing: if a click lands while the popup is still sliding in, retry.
 */
async function choose(
  page: Page,
  scope: Locator,
  label: string,
  option: string,
  type?: string,
  multiple = false,
) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (type) await box.fill(type);
  // the popup of this box (a Select's listbox is `<id>_list`), not one left open by another select
  const id = await box.getAttribute('id');
  const popup = page.locator(
    `.ant-select-dropdown:has([id="${id}_list"]), .ant-tree-select-dropdown:visible`,
  );
  const item = popup
    .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
    .filter({ hasText: option })
    .first();
  for (let attempt = 0; ; attempt++) {
    await item.click();
    if (multiple) return;
    try {
      await popup.first().waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/** The form item (label + control + its messages) holding a labelled field. */
const formItem = (scope: Locator, label: string) =>
  scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });

test('admin creates a unit and a user; the user signs in on the role’s workbench', async () => {
  const p = await server.open('admin', { path: '/admin' });
  const { page } = p;
  p.expectHttpErrors('/api/users');
  await page.waitForURL('**/admin/units');
  const units = page.getByTestId('units-table');
  await units.getByText('闵行区城市管理指挥中心').first().waitFor();
  await p.screenshot('admin-units');

  // a unit code with a space: the message sits under the field, nothing typed is lost
  await page.getByRole('button', { name: '新建单位' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('单位编码', { exact: true }).fill('e2e squad');
  await drawer.getByLabel('单位名称', { exact: true }).fill('江川路街道E2E保洁班组');
  await choose(page, drawer, '单位类别', '作业班组');
  await choose(page, drawer, '所属区域', '江川路街道', '江川路');
  await drawer.getByTestId('drawer-submit').click();
  await formItem(drawer, '单位编码').getByText('不能含空格').waitFor();
  assert.equal(await drawer.getByLabel('单位编码', { exact: true }).inputValue(), 'e2e squad');
  assert.equal(await drawer.getByLabel('单位名称', { exact: true }).inputValue(), '江川路街道E2E保洁班组');

  await drawer.getByLabel('单位编码', { exact: true }).fill('e2e-squad');
  await choose(page, drawer, '责任单位类型', '环卫', '环卫');
  await drawer.getByTestId('drawer-submit').click();
  await drawer.waitFor({ state: 'hidden' });
  const row = units.locator('tr').filter({ hasText: 'e2e-squad' });
  await row.waitFor();
  assert.match(await row.innerText(), /作业班组[\s\S]*环卫[\s\S]*江川路街道/);

  // users: a taken login name comes back from the server onto the field
  await page.getByRole('tab', { name: '用户与密钥' }).click();
  await page.waitForURL('**/admin/users');
  await page.getByTestId('users-table').getByText('inspector1').first().waitFor();
  await page.waitForTimeout(400); // let the tab switch settle for the picture
  await p.screenshot('admin-users');
  await page.getByRole('button', { name: '新建用户' }).click();
  const userDrawer = page.getByRole('dialog');
  await userDrawer.getByLabel('登录名', { exact: true }).fill('admin');
  await userDrawer.getByLabel('姓名', { exact: true }).fill('王测试');
  await userDrawer.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await userDrawer.getByLabel('确认密码', { exact: true }).fill(DEMO_PASSWORD);
  await choose(page, userDrawer, '所属单位', '江川路街道E2E保洁班组', 'E2E');
  await choose(page, userDrawer, '角色', '处置人员', '处置', true);
  await page.keyboard.press('Escape');
  await userDrawer.getByTestId('drawer-submit').click();
  await formItem(userDrawer, '登录名').getByText('「登录名」已被使用').waitFor();
  assert.equal(await userDrawer.getByLabel('姓名', { exact: true }).inputValue(), '王测试');
  assert.equal(await userDrawer.getByLabel('密码', { exact: true }).inputValue(), DEMO_PASSWORD);

  // a required field missing from what reaches the server (the form checks it first, so the
  // request loses it on the way): the 400 is shown in Chinese under that field, naming it
  await userDrawer.getByLabel('登录名', { exact: true }).fill('e2e.handler');
  await page.route('**/api/users', async (route) => {
    const { unitId: _dropped, ...body } = route.request().postDataJSON() as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify(body) });
  });
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/users') && r.request().method() === 'POST',
  );
  await userDrawer.getByTestId('drawer-submit').click();
  const refused = await answer;
  assert.equal(refused.status(), 400);
  assert.equal(refused.request().headers()['accept-language'], 'zh-CN');
  assert.deepEqual(
    { ...(await refused.json()), detail: undefined },
    { code: 'VALIDATION', message: '「单位」为必填项', field: 'unitId', detail: undefined },
  );
  const unitItem = formItem(userDrawer, '所属单位');
  await unitItem.getByText('「单位」为必填项').waitFor();
  assert.doesNotMatch(await userDrawer.innerText(), /required property|must /);
  await page.unroute('**/api/users');

  await userDrawer.getByTestId('drawer-submit').click();
  await userDrawer.waitFor({ state: 'hidden' });
  // the demo has more users than a page shows: find the new one
  await page.getByLabel('搜索', { exact: true }).fill('e2e');
  const userRow = page.getByTestId('users-table').locator('tr').filter({ hasText: 'e2e.handler' });
  await userRow.waitFor();
  assert.match(await userRow.innerText(), /王测试[\s\S]*江川路街道E2E保洁班组[\s\S]*处置人员/);
  await p.done();

  const q = await server.open('e2e.handler');
  await q.page.waitForURL('**/handling');
  await q.page.getByTestId('current-user').getByText('王测试').waitFor();
  assert.match(await q.page.getByTestId('current-user').innerText(), /处置人员/);
  await q.done();
});

test('a catalogue edit is stored as a new version', async () => {
  const p = await server.open('admin', { path: '/admin/catalogue' });
  const { page } = p;
  const table = page.getByTestId('classes-table');
  await table.locator('tbody tr').nth(19).waitFor();
  await p.screenshot('admin-catalogue');
  await page.getByLabel('搜索').fill('暴露垃圾');
  const row = table.locator('tbody tr').filter({ hasText: '06010' });
  await row.waitFor();
  assert.equal((await row.getByTestId('class-version').innerText()).trim(), 'v1');

  await row.getByRole('button', { name: '编辑' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('B 类处置时限', { exact: true }).fill('3');
  // A ≤ B ≤ C is checked in the form before anything is sent
  await drawer.getByLabel('A 类处置时限', { exact: true }).fill('5');
  await drawer.getByLabel('修改说明', { exact: true }).fill('B 类区域处置时限由 4 工作小时缩短为 3 工作小时');
  await drawer.getByTestId('drawer-submit').click();
  await formItem(drawer, 'B 类处置时限').getByText('A ≤ B ≤ C').waitFor();
  assert.equal(
    await drawer.getByLabel('修改说明', { exact: true }).inputValue(),
    'B 类区域处置时限由 4 工作小时缩短为 3 工作小时',
  );

  await p.screenshot('admin-catalogue-edit');
  await drawer.getByLabel('A 类处置时限', { exact: true }).fill('2');
  await drawer.getByTestId('drawer-submit').click();
  await drawer.waitFor({ state: 'hidden' });
  await row.getByTestId('class-version').getByText('v2').waitFor();
  assert.match(await row.innerText(), /2 \/ 3 \/ 8 工作小时/);

  // the history keeps both versions, newest first, with the note
  await row.getByRole('button', { name: '版本历史' }).click();
  const history = page.getByTestId('class-history');
  await history.getByText('缩短为 3 工作小时').waitFor();
  const versions = await history.locator('tbody tr').allInnerTexts();
  assert.equal(versions.length, 2);
  assert.match(versions[0]!, /^v2/);
  assert.match(versions[1]!, /^v1/);
  await p.done();
});

test('an inactive class is marked and an admin switches it on in the class editor', async () => {
  const p = await server.open('admin', { path: '/admin/catalogue' });
  const { page } = p;
  const table = page.getByTestId('classes-table');
  await page.getByLabel('搜索').fill('畜力车');
  const row = table.locator('tbody tr').filter({ hasText: '09014' });
  await row.getByTestId('class-inactive').waitFor();

  await row.getByRole('button', { name: '编辑' }).click();
  const drawer = page.getByRole('dialog');
  const active = drawer.getByRole('switch', { name: '用于新案件' });
  assert.equal(await active.getAttribute('aria-checked'), 'false');
  await active.click();
  await drawer.getByLabel('修改说明', { exact: true }).fill('本市郊区仍有畜力车，恢复受理');
  await drawer.getByTestId('drawer-submit').click();
  await drawer.waitFor({ state: 'hidden' });
  await row.getByTestId('class-version').getByText('v2').waitFor();
  assert.equal(await row.getByTestId('class-inactive').count(), 0);
  await p.done();
});

test('clicking a calendar day toggles it between working and off', async () => {
  const p = await server.open('admin', { path: '/admin/calendar' });
  const { page } = p;
  const calendar = page.getByTestId('work-calendar');
  // a working weekday of the month shown, with no override yet
  const thisMonth = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .slice(0, 7);
  const day = calendar
    .locator(`[data-date^="${thisMonth}-"][data-working="true"][data-override="false"]`)
    .first();
  await day.waitFor();
  const date = (await day.getAttribute('data-date'))!;
  const cell = calendar.locator(`[data-date="${date}"]`);

  await cell.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`调整 ${date}`).waitFor();
  assert.equal(await dialog.getByRole('radio', { name: '设为休息日' }).isChecked(), true);
  await dialog.getByLabel('备注', { exact: true }).fill('防汛应急调休');
  await dialog.getByTestId('day-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await calendar.locator(`[data-date="${date}"][data-working="false"][data-override="true"]`).waitFor();
  assert.match(await cell.innerText(), /休[\s\S]*人工调整[\s\S]*防汛应急调休/);
  await page.getByTestId('override-table').getByText(date).waitFor();
  await p.screenshot('admin-calendar');

  const year = Number(date.slice(0, 4));
  const days = (await (await page.request.get(`/api/calendar/${year}`)).json()) as {
    days: { date: string; working: boolean; override: boolean }[];
  };
  assert.deepEqual(
    days.days.find((d) => d.date === date),
    { date, working: false, override: true, note: '防汛应急调休' },
  );

  // and back: removing the override restores the official working day
  await cell.click();
  await dialog.getByRole('button', { name: '撤销调整' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await calendar.locator(`[data-date="${date}"][data-working="true"][data-override="false"]`).waitFor();
  await p.done();
});

test('a grid import reports the rejected feature in a table', async () => {
  const cell = await server.db
    .selectFrom('grid_cells')
    .select(['code', 'geometry'])
    .orderBy('code')
    .limit(1)
    .executeTakeFirstOrThrow();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xh-grid-')), 'cells.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: cell.code }, geometry: cell.geometry },
        { type: 'Feature', properties: { code: '31011200100' }, geometry: cell.geometry },
      ],
    }),
  );
  const p = await server.open('admin', { path: '/admin/grid' });
  const { page } = p;
  // importing with no file: the message sits at the file field
  await page.getByTestId('grid-import').click();
  await page.getByText('请选择 GeoJSON 文件').waitFor();

  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('grid-file').getByText('cells.geojson：2 个要素').waitFor();
  await page.getByTestId('grid-import').click();
  const report = page.getByTestId('grid-report');
  await report.waitFor();
  assert.match(await report.innerText(), /导入成功\s*1[\s\S]*被拒绝\s*1/);
  const rows = await page.getByTestId('grid-rejections').locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 1);
  assert.match(rows[0]!, /#2[\s\S]*编码无效[\s\S]*15 digits[\s\S]*31011200100/);
  await p.screenshot('admin-grid');
  await p.done();
});

test('a new routing rule wins the trial by its narrower area; a threshold change is saved', async () => {
  const p = await server.open('admin', { path: '/admin/routing' });
  const { page } = p;
  const rules = page.getByTestId('rules-table');
  await rules.getByText('江川路街道暴露垃圾 → 街道环卫所').waitFor();

  // before: the street rule for 暴露垃圾 sends it to the street's sanitation station
  await page.getByText('规则试算').click();
  await choose(page, page.locator('body'), '案件类别', '06010 暴露垃圾', '06010');
  await choose(page, page.locator('body'), '案发社区', '310112001001', '310112001001');
  const trial = page.getByTestId('trial-result');
  assert.match(await trial.locator('tbody tr').first().innerText(), /命中[\s\S]*R1：[\s\S]*江川路街道环卫所/);

  // a community rule for the minor class is more specific
  await page.getByRole('button', { name: '新建规则' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('规则名称', { exact: true }).fill('社区暴露垃圾 → 区环卫所');
  await choose(page, drawer, '案件类型', '事件');
  await choose(page, drawer, '适用类别', '06010 暴露垃圾', '06010');
  await choose(page, drawer, '适用区域', '310112001001', '310112001001');
  await choose(page, drawer, '责任单位', '闵行区环境卫生管理所', '环境卫生');
  await drawer.getByTestId('drawer-submit').click();
  await drawer.waitFor({ state: 'hidden' });
  await rules.getByText('社区暴露垃圾 → 区环卫所').waitFor();
  await trial.locator('tbody tr').nth(1).waitFor();
  const ranked = await trial.locator('tbody tr').allInnerTexts();
  assert.match(ranked[0]!, /命中[\s\S]*闵行区环境卫生管理所/);
  assert.match(ranked[1]!, /也匹配[\s\S]*R1：/);
  await p.screenshot('admin-routing');

  // settings: a working period ending before it starts is refused in the form
  await page.getByRole('tab', { name: '时限参数' }).click();
  const hours = page.getByTestId('settings-hours');
  await hours.getByLabel('时段 1 结束', { exact: true }).fill('08:00');
  await hours.getByRole('button', { name: /保\s*存/ }).click();
  await hours.getByText('结束须晚于开始').waitFor();
  assert.equal(await hours.getByLabel('时段 1 结束', { exact: true }).inputValue(), '08:00');

  const thresholds = page.getByTestId('settings-thresholds');
  await thresholds.getByLabel('黄灯（%）', { exact: true }).fill('60');
  await thresholds.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('预警阈值：已保存').waitFor();
  const settings = (await (await page.request.get('/api/settings')).json()) as {
    warning_thresholds: { yellow: number; orange: number; red: number };
    working_hours: { start: string; end: string }[];
  };
  assert.deepEqual(settings.warning_thresholds, { yellow: 0.6, orange: 0.8, red: 1 });
  assert.equal(settings.working_hours[0]!.end, '12:00');
  await p.screenshot('admin-settings');
  await p.done();
});
