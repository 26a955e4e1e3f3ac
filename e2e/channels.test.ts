// Channels in the browser: the intake form asks for a leader instruction's own fields (批示领导,
// 批示内容, 批示时间 …) and refuses to submit without them; the case page shows them; a sensor
// case shows its alarms; the admin 设备 section lists devices and registers one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startConsole } from './harness.ts';

const server = await startConsole();
const S1 = '310112001';

/** Pick an option of the labelled select in `scope` (typing `type` first to search). */
async function choose(page: Page, scope: Locator, label: string, option: string, type?: string) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (type) await box.fill(type);
  const id = await box.getAttribute('id');
  const popup = page.locator(`.ant-select-dropdown:has([id="${id}_list"])`);
  await popup.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await popup.waitFor({ state: 'hidden' });
}

/** 'YYYY-MM-DD HH:mm' in China time, `minutes` ago (the browser runs in Asia/Shanghai). */
function chinaTime(minutesAgo: number): string {
  const d = new Date(Date.now() - minutesAgo * 60_000 + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

test('a leader instruction is taken with its own fields and shown on the case page', async () => {
  const point = await server.pointIn(S1);
  const p = await server.open('intake');
  const { page } = p;
  await page.getByTestId('new-report').click();
  const form = page.getByTestId('new-report-form');
  await choose(page, form, '来源', '领导批示');
  const fields = form.getByTestId('source-fields');
  await fields.getByText('来源信息 · 领导批示').waitFor();

  // The common facts, then a submit without the instruction's fields: each is asked for.
  await choose(page, form, '案件类别', '积存垃圾渣土', '积存垃圾');
  await form.getByLabel('问题描述').fill('领导批示：沿河绿地积存建筑垃圾，请限期清运');
  await form.getByLabel('经度').fill(point.lon.toFixed(6));
  await form.getByLabel('纬度').fill(point.lat.toFixed(6));
  await page.getByTestId('submit-report').click();
  await fields.getByText('请填写批示领导').waitFor();
  await fields.getByText('请填写批示内容').waitFor();
  await fields.getByText('请填写批示时间').waitFor();

  await fields.getByLabel('批示领导').fill('王区长');
  await fields.getByLabel('领导职务').fill('区长');
  await fields.getByLabel('批示内容').fill('请城管和街道三日内清运完毕，举一反三，结果报我。');
  const when = chinaTime(90);
  await fields.getByLabel('批示时间').click();
  await fields.getByLabel('批示时间').fill(when);
  await fields.getByLabel('批示时间').press('Enter');
  await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' });
  await fields.getByLabel('批示文号').fill('闵府批〔2026〕12号');
  await p.screenshot('channels-intake-leader-instruction');
  await page.getByTestId('submit-report').click();
  await page.getByText(/已登记：\d+/).waitFor();

  const row = await server.db
    .selectFrom('cases')
    .select(['id', 'number', 'source', 'source_details'])
    .where('description', '=', '领导批示：沿河绿地积存建筑垃圾，请限期清运')
    .executeTakeFirstOrThrow();
  assert.equal(row.source, 'leader_instruction');
  assert.equal(row.source_details?.leader, '王区长');
  assert.equal(row.source_details?.documentNumber, '闵府批〔2026〕12号');
  assert.equal(
    new Date(row.source_details?.instructedAt as string).getTime(),
    new Date(`${when.replace(' ', 'T')}:00+08:00`).getTime(),
    'the picked time, in China time',
  );

  await page.goto(`/cases/${row.id}`);
  const card = page.getByTestId('source-details');
  await card.getByText('来源信息 · 领导批示').waitFor();
  assert.equal(await card.locator('[data-field="leader"]').textContent(), '王区长');
  assert.equal(await card.locator('[data-field="instructedAt"]').textContent(), when);
  await card.getByText('请城管和街道三日内清运完毕').waitFor();
  await p.screenshot('channels-case-leader-instruction');
  await p.done();
});

test('a sensor case shows its alarms; the admin 设备 section lists and registers devices', async () => {
  const gateway = (await server.api('admin', 'GET', '/api/users')).find(
    (u: any) => u.username === 'sensor-gateway',
  );
  const { key } = await server.api('admin', 'POST', '/api/api-keys', {
    userId: gateway.id,
    name: 'e2e',
    integration: 'sensors',
  });
  let caseId = 0;
  for (const [i, minutesAgo] of [5, 2].entries()) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/sensors/alarms',
      headers: { 'x-api-key': key },
      payload: {
        deviceId: 'MH-S1-001',
        alarmType: 'cover_open',
        alarmId: `e2e-${i}`,
        at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      },
    });
    assert.ok(res.statusCode < 300, res.body);
    caseId = JSON.parse(res.body).caseId;
  }

  const p = await server.open('admin', { path: `/cases/${caseId}` });
  const { page } = p;
  const card = page.getByTestId('source-details');
  await card.getByText('来源信息 · 传感器报警').waitFor();
  assert.equal(await card.locator('[data-field="deviceId"]').textContent(), 'MH-S1-001');
  await card.getByText('报警记录（共 2 次）').waitFor();
  await card.getByText('立此案').waitFor();
  await card.getByText('并入此案').waitFor();
  await p.screenshot('channels-case-sensor');

  await page.goto('/admin/devices');
  const section = page.getByTestId('devices-section');
  await section.getByTestId('devices-table').getByText('MH-S1-001').waitFor();
  await section.getByRole('button', { name: '登记设备' }).click();
  const drawer = page.getByTestId('device-editor');
  await drawer.getByLabel('设备编号', { exact: true }).fill('WL-E2E-1');
  await choose(page, drawer, '设备类型', '积水监测');
  // the type's usual alarm type and class are filled in
  assert.equal(await drawer.getByLabel('报警类型', { exact: true }).inputValue(), 'water_high');
  await drawer.getByLabel('名称', { exact: true }).fill('E2E下立交积水监测');
  const point = await server.pointIn(S1);
  await drawer.getByLabel('经度', { exact: true }).fill(point.lon.toFixed(6));
  await drawer.getByLabel('纬度', { exact: true }).fill(point.lat.toFixed(6));
  await p.screenshot('channels-admin-device');
  await drawer.getByLabel('名称', { exact: true }).press('Enter');
  await section.getByTestId('devices-table').getByText('WL-E2E-1').waitFor();
  const saved = await server.db
    .selectFrom('devices')
    .select(['device_type', 'alarm_classes', 'lon'])
    .where('device_id', '=', 'WL-E2E-1')
    .executeTakeFirstOrThrow();
  assert.equal(saved.device_type, 'water_level');
  assert.deepEqual(saved.alarm_classes, { water_high: { kind: 'event', classCode: '10003' } });

  await section.getByText('部件', { exact: true }).click();
  await section.getByTestId('components-table').getByText('污水井盖1号').first().waitFor();
  await p.done();
});
