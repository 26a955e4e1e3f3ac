// The closed loop in a real browser: one case goes from intake to closure with every step done by
// a different signed-in role, plus the return-and-redispatch and the rework paths. Screenshots of
// each workbench land in e2e/screenshots/.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { actionDialog, choose, closed } from './actions.ts';
import { type ConsolePage, PHONE, startConsole } from './harness.ts';

const server = await startConsole({ cases: 30 });
const S1 = '310112001'; // 江川路街道
const S1_SQUAD = '江川路街道环卫所';

async function photo(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4a7' } })
    .jpeg()
    .toBuffer();
  return { name: 'after.jpg', mimeType: 'image/jpeg', buffer };
}

/** Pick a row in the visible queue by case id (waiting for live data to bring it in). */
async function openRow(page: Page, caseId: number) {
  const row = page.locator(`[data-case-id="${caseId}"]`).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await page.getByTestId('case-panel').waitFor();
}

/** Click an action button in the panel or card, fill the dialog, submit, wait for it to close. */
async function act(
  p: ConsolePage,
  action: string,
  fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  const { page } = p;
  await page.locator(`button[data-action="${action}"]`).first().click();
  const dialog = actionDialog(page);
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByTestId('action-submit').click();
  await closed(dialog);
}

async function caseState(id: number): Promise<string> {
  const row = await server.db
    .selectFrom('cases')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.state;
}

async function tab(page: Page, name: RegExp) {
  await page.getByRole('tab', { name }).click();
}

test('one case through the whole loop, a different role at each step', async () => {
  const point = await server.pointIn(S1);

  // 1. Intake operator takes a hotline call: empty submit shows field messages, then the form by keyboard.
  const intake = await server.open('intake');
  assert.equal(
    new URL(intake.page.url()).pathname,
    '/intake',
    'intake operator lands on the intake workbench',
  );
  await intake.screenshot('intake');
  await intake.page.getByTestId('new-report').click();
  const form = intake.page.getByTestId('new-report-form');
  await form.getByLabel('问题描述').fill('江川路人行道上有大量暴露垃圾，影响通行');
  await intake.page.getByTestId('submit-report').click();
  await form.getByText('请填写案件类别').waitFor();
  await form.getByText('请选择或输入位置').first().waitFor();
  assert.equal(
    await form.getByLabel('问题描述').inputValue(),
    '江川路人行道上有大量暴露垃圾，影响通行',
    'what was typed survives a refused submit',
  );
  await form.getByLabel('案件类别').focus();
  await intake.page.keyboard.type('暴露垃圾');
  // Enter takes the active option: wait until the search has put the class first, not merely until
  // some option (the unfiltered list) shows, or Enter may pick nothing and the form never submits.
  await intake.page
    .locator('.ant-select-item-option-active')
    .filter({ hasText: '暴露垃圾' })
    .first()
    .waitFor();
  await intake.page.keyboard.press('Enter');
  // the address search places the report (the gazetteer, as on the hotline)…
  await form.getByLabel('地址搜索').click();
  await intake.page.keyboard.type('江川路街道');
  await intake.page.locator('.ant-select-item-option-active').filter({ hasText: '江川路' }).first().waitFor();
  await intake.page.keyboard.press('Enter');
  await form.getByTestId('resolved-area').getByText('江川路').waitFor();
  assert.notEqual(await form.getByLabel('经度').inputValue(), '');
  // …and the map draws the streets' boundaries over the cells
  await intake.page.waitForFunction(() =>
    [...document.querySelectorAll('div')].some((d) => (d as any).xhMap?.getLayer('streets-line')),
  );
  await form.getByLabel('经度').fill(point.lon.toFixed(6));
  await form.getByLabel('纬度').fill(point.lat.toFixed(6));
  await form.getByTestId('resolved-area').getByText('江川路').waitFor();
  await form.getByLabel('联系电话').fill('13800001234');
  await intake.screenshot('intake-new-report');
  // Watch for the answer and the 3-second toast before pressing Enter: on a loaded machine a
  // toast looked for afterwards can come and go between two polls.
  const answer = intake.page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/cases',
  );
  const toast = intake.page.getByText(/已登记：\d+/).waitFor();
  await form.getByLabel('联系电话').press('Enter');
  const response = await answer;
  assert.equal(response.status(), 201, `the report is stored: ${await response.text()}`);
  await toast;
  const created = await server.db
    .selectFrom('cases')
    .select(['id', 'number', 'class_code'])
    .where('description', '=', '江川路人行道上有大量暴露垃圾，影响通行')
    .executeTakeFirstOrThrow();
  const id = created.id;
  assert.equal(await caseState(id), 'reported');
  await intake.page.getByTestId('case-panel').getByText(created.number).waitFor();
  await act(intake, 'accept');
  assert.equal(await caseState(id), 'accepted');
  await intake.done();

  // 2. Shift leader files it (class confirmed in the filing dialog, keyboard only).
  const shift = await server.open('shift');
  await tab(shift.page, /待立案/);
  await openRow(shift.page, id);
  await shift.page.locator('button[data-action="file"]').click();
  const dialog = actionDialog(shift.page);
  await dialog.getByLabel('案件类别').waitFor();
  await shift.page.keyboard.press('Enter'); // Enter in the reason box submits nothing; use the OK button by keyboard
  await dialog.getByTestId('action-submit').focus();
  await shift.page.keyboard.press('Enter');
  await closed(dialog);
  assert.equal(await caseState(id), 'filed');
  await shift.done();

  // 3. Dispatcher sees the suggestion and its rule, and dispatches by keyboard.
  const dispatch = await server.open('dispatch');
  assert.equal(new URL(dispatch.page.url()).pathname, '/dispatch');
  await openRow(dispatch.page, id);
  await dispatch.page.getByTestId('routing-suggestion').waitFor();
  const unitSelect = dispatch.page.getByLabel('派遣至单位');
  await unitSelect.focus();
  await dispatch.page.keyboard.type(S1_SQUAD);
  await dispatch.page.locator('.ant-select-item-option', { hasText: S1_SQUAD }).first().waitFor();
  await dispatch.page.keyboard.press('Enter');
  await dispatch.screenshot('dispatch');
  await dispatch.page.getByTestId('dispatch-submit').focus();
  await dispatch.page.keyboard.press('Enter');
  await dispatch.page.getByText(`已派遣至 ${S1_SQUAD}`).waitFor();
  assert.equal(await caseState(id), 'dispatched');
  await dispatch.done();

  // 4. The street squad's handler signs for it and reports back with an after-photo.
  const handler = await server.open('s1-handler');
  assert.equal(new URL(handler.page.url()).pathname, '/handling');
  await openRow(handler.page, id);
  await act(handler, 'sign');
  assert.equal(await caseState(id), 'handling');
  await tab(handler.page, /处置中/);
  await openRow(handler.page, id);
  await handler.page.locator('button[data-action="report_back"]').click();
  const report = actionDialog(handler.page);
  await report.getByTestId('action-submit').click();
  await report.getByText('请填写原因/说明').waitFor(); // required fields say so next to themselves
  await report.getByText('本类案件须上传至少一张处置后照片').waitFor();
  await report.getByLabel('原因/说明').fill('已清运完毕，现场恢复整洁');
  await report.locator('input[type=file]').setInputFiles(await photo());
  await report.locator('.ant-upload-list-item-done').first().waitFor();
  await handler.screenshot('handling');
  await report.getByTestId('action-submit').click();
  await closed(report);
  assert.equal(await caseState(id), 'checking');
  await handler.done();

  // 5. The inspector checks on the spot, on a phone.
  const inspector = await server.open('inspector1', { viewport: PHONE });
  assert.equal(new URL(inspector.page.url()).pathname, '/inspector');
  const card = inspector.page.locator(`[data-testid="task-card"][data-case-id="${id}"]`);
  await card.waitFor();
  await inspector.screenshot('inspector-phone');
  await card.locator('button[data-action="check_pass"]').click();
  const check = actionDialog(inspector.page);
  await check.locator('input[type=file]').setInputFiles(await photo());
  await check.locator('.ant-upload-list-item-done').first().waitFor();
  await check.getByTestId('action-submit').click();
  await closed(check);
  assert.equal(await caseState(id), 'to_close');
  await inspector.done();

  // 6. The shift leader closes it; the case page tells the whole story.
  const closer = await server.open('shift');
  await tab(closer.page, /待结案/);
  await openRow(closer.page, id);
  await act(closer, 'close');
  assert.equal(await caseState(id), 'closed');
  await closer.page.goto(`/cases/${id}`);
  const detail = closer.page.getByTestId('case-detail');
  await detail.getByTestId('timeline').locator('[data-action="close"]').waitFor();
  for (const action of [
    'intake',
    'accept',
    'file',
    'dispatch',
    'sign',
    'report_back',
    'check_pass',
    'close',
  ]) {
    assert.equal(await detail.locator(`[data-action="${action}"]`).count(), 1, `timeline shows ${action}`);
  }
  assert.ok(
    (await detail.getByTestId('step-table').locator('tbody tr').count()) >= 5,
    'a deadline row per step',
  );
  assert.ok((await detail.locator('img').count()) >= 2, 'after-photos shown');
  await closer.screenshot('case-detail');
  await closer.done();
});

/** Prepare a case by API up to `filed`, in street s1. */
async function filedCase(description: string): Promise<{ id: number; version: number }> {
  const point = await server.pointIn(S1);
  const created = await server.api('intake', 'POST', '/api/cases', {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    description,
    location: point,
  });
  await server.api('shift', 'POST', `/api/cases/${created.id}/file`, {});
  return created;
}

async function unitId(code: string): Promise<number> {
  const u = await server.db
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return u.id;
}

test('a unit returns a case with a reason; the dispatcher sees it and re-dispatches', async () => {
  const { id } = await filedCase('返回再派测试：路面破损');
  await server.api('dispatch', 'POST', `/api/cases/${id}/dispatch`, { unitId: await unitId('sanitation') });

  const handler = await server.open('sanitation');
  await openRow(handler.page, id);
  await act(handler, 'return', async (d) => {
    await d.getByLabel('原因/说明').fill('非本单位职责，应由街道环卫所处理');
  });
  assert.equal(await caseState(id), 'returned');
  await handler.done();

  const dispatch = await server.open('dispatch');
  await tab(dispatch.page, /退回待重派/);
  await openRow(dispatch.page, id);
  await dispatch.page.getByTestId('return-reason').getByText('非本单位职责，应由街道环卫所处理').waitFor();
  await dispatch.page.getByLabel('派遣至单位').focus();
  await dispatch.page.keyboard.type(S1_SQUAD);
  await dispatch.page.locator('.ant-select-item-option', { hasText: S1_SQUAD }).first().waitFor();
  await dispatch.page.keyboard.press('Enter');
  await dispatch.screenshot('dispatch-returned');
  await dispatch.page.getByTestId('dispatch-submit').click();
  await dispatch.page.getByText(`已派遣至 ${S1_SQUAD}`).waitFor();
  assert.equal(await caseState(id), 'dispatched');
  const row = await server.db
    .selectFrom('cases')
    .select('assignee_unit_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.assignee_unit_id, await unitId('s1-sanitation'));
  await dispatch.done();
});

test('a failed check sends the case back for rework, then it passes', async () => {
  const { id } = await filedCase('返工测试：垃圾未清理干净');
  const squad = await unitId('s1-sanitation');
  await server.api('dispatch', 'POST', `/api/cases/${id}/dispatch`, { unitId: squad });
  await server.api('s1-handler', 'POST', `/api/cases/${id}/sign`, {});
  await server.api('s1-handler', 'POST', `/api/cases/${id}/report-back`, {
    reason: '已处理',
    photos: [{ url: '/photos/after.jpg' }],
  });

  const inspector = await server.open('inspector1', { viewport: PHONE });
  const card = inspector.page.locator(`[data-testid="task-card"][data-case-id="${id}"]`);
  await card.locator('button[data-action="check_fail"]').click();
  const d = actionDialog(inspector.page);
  await d.getByTestId('action-submit').click();
  await d.getByText('请填写原因/说明').waitFor();
  await d.getByLabel('原因/说明').fill('现场仍有残留垃圾');
  await d.getByTestId('action-submit').click();
  await closed(d);
  assert.equal(await caseState(id), 'handling');

  const handler = await server.open('s1-handler');
  await tab(handler.page, /处置中/);
  await openRow(handler.page, id);
  // A slow network: submitting while the photo is still uploading is refused, not sent without it.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await handler.page.route('**/api/photos', async (route) => {
    await held;
    await route.continue();
  });
  await act(handler, 'report_back', async (dialog) => {
    await dialog.getByLabel('原因/说明').fill('返工完毕，已彻底清理');
    await dialog.locator('input[type=file]').setInputFiles(await photo());
    await dialog.getByTestId('action-submit').click();
    await dialog.getByText('照片正在上传，请稍候再提交').waitFor();
    release();
    await dialog.locator('.ant-upload-list-item-done').first().waitFor();
  });
  assert.equal(await caseState(id), 'checking');
  const reported = await server.db
    .selectFrom('case_events')
    .select('attachments')
    .where('case_id', '=', id)
    .where('action', '=', 'report_back')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal((reported.attachments as unknown[]).length, 1, 'the photo went with the report');
  await handler.done();

  await inspector.page.reload();
  await inspector.page
    .locator(`[data-testid="task-card"][data-case-id="${id}"] button[data-action="check_pass"]`)
    .click();
  await actionDialog(inspector.page).getByTestId('action-submit').click();
  await closed(actionDialog(inspector.page));
  assert.equal(await caseState(id), 'to_close');
  const rework = await server.db
    .selectFrom('cases')
    .select('rework_count')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(rework.rework_count, 1);
  await inspector.done();
});

test('监管分离: who handled a case cannot close it; the street office above the squad can', async () => {
  const { id } = await filedCase('监管分离测试：垃圾桶满溢');
  await server.api('dispatch', 'POST', `/api/cases/${id}/dispatch`, {
    unitId: await unitId('s1-sanitation'),
  });
  await server.api('s1-duty', 'POST', `/api/cases/${id}/sign`, {});
  await server.api('s1-duty', 'POST', `/api/cases/${id}/report-back`, {
    reason: '已清运',
    photos: [{ url: '/photos/after.jpg' }],
  });
  await server.api('inspector1', 'POST', `/api/cases/${id}/check-pass`, {});
  assert.equal(await caseState(id), 'to_close');

  // He holds the shift-leader role too, so the button is there; the server refuses, in Chinese.
  const duty = await server.open('s1-duty');
  duty.expectHttpErrors(`/api/cases/${id}/close`); // the refusal under test
  duty.expectHttpErrors('/photos/after.jpg'); // the report-back's photo is a stand-in URL
  await duty.page.goto(`/cases/${id}`);
  await duty.page.locator('button[data-action="close"]').first().click();
  const refused = actionDialog(duty.page);
  await refused.getByTestId('action-submit').click();
  await refused
    .getByRole('alert')
    .getByText(/监管分离/)
    .waitFor();
  assert.equal(await caseState(id), 'to_close');
  await duty.done();

  const office = await server.open('s1-shift');
  office.expectHttpErrors('/photos/after.jpg');
  await office.page.goto(`/cases/${id}`);
  await act(office, 'close');
  assert.equal(await caseState(id), 'closed');
  await office.done();
});

/** Choose an option of the labelled select in an open dialog, until the select shows it. */

test('a case page opened by number: dispatch and merge ask for their field, the page follows', async () => {
  // dispatch from the case page: the unit is asked in the dialog; a toast and the page say it went
  const { id } = await filedCase('案件页派遣测试：垃圾堆放');
  const { number } = await server.api('dispatch', 'GET', `/api/cases/${id}`);
  const d = await server.open('dispatch');
  await d.page.goto(`/cases/${number}`);
  const detail = d.page.getByTestId('case-detail');
  await detail.locator('button[data-action="dispatch"]').click();
  const dialog = actionDialog(d.page);
  await choose(d.page, dialog, '处置单位', S1_SQUAD);
  // the 3-second toast is watched for before the click: looked for afterwards it can be gone
  const toast = d.page.getByText('派遣：已完成').waitFor();
  await dialog.getByTestId('action-submit').click();
  await closed(dialog);
  await toast;
  await detail.getByText(S1_SQUAD).first().waitFor(); // the facts follow without a reload
  await detail.getByTestId('timeline').locator('[data-action="dispatch"]').waitFor();
  assert.equal(await caseState(id), 'dispatched');
  await d.done();

  // merge from the case page: the target is one of the open cases of the class nearby
  const point = await server.pointIn(S1);
  const report = (description: string) =>
    server.api('intake', 'POST', '/api/cases', {
      source: 'hotline',
      kind: 'event',
      classCode: '06010',
      description,
      location: point,
    });
  const target = await report('并单测试：先报的垃圾');
  const dup = await report('并单测试：同一处垃圾又报一次');
  const i = await server.open('intake');
  await i.page.goto(`/cases/${dup.number}`);
  await i.page.getByTestId('case-detail').locator('button[data-action="merge"]').click();
  const merge = actionDialog(i.page);
  await choose(i.page, merge, '并入案件', target.number);
  await merge.getByTestId('action-submit').click();
  await closed(merge);
  await i.page.getByText(`已并入案件 ${target.id}`).waitFor();
  assert.equal(await caseState(dup.id), 'merged');
  await i.done();
});

test('处置后/核查照片 shows the report-back’s photo, not the report’s', async () => {
  const created = await server.api('intake', 'POST', '/api/cases', {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    description: '照片测试：暴露垃圾',
    location: await server.pointIn(S1),
    photos: [{ url: '/photos/before.jpg' }],
  });
  await server.api('shift', 'POST', `/api/cases/${created.id}/file`, {});
  await server.api('dispatch', 'POST', `/api/cases/${created.id}/dispatch`, {
    unitId: await unitId('s1-sanitation'),
  });
  await server.api('s1-handler', 'POST', `/api/cases/${created.id}/sign`, {});
  await server.api('s1-handler', 'POST', `/api/cases/${created.id}/report-back`, {
    reason: '已清运',
    photos: [{ url: '/photos/after.jpg' }],
  });
  const p = await server.open('shift');
  p.expectHttpErrors('/photos/'); // stand-in photo URLs
  await p.page.goto(`/cases/${created.number}`);
  const card = (title: string) =>
    p.page.locator('.ant-card').filter({ has: p.page.getByText(title, { exact: true }) });
  await card('处置后/核查照片').locator('img').first().waitFor();
  assert.deepEqual(
    await card('处置后/核查照片')
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src'))),
    ['/photos/after.jpg'],
  );
  assert.deepEqual(
    await card('处置前照片')
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src'))),
    ['/photos/before.jpg'],
  );
  await p.done();
});

test('the handler’s queue shows the dispatcher’s note and the supervision’s 催办', async () => {
  const { id } = await filedCase('指示测试：垃圾满溢');
  await server.api('dispatch', 'POST', `/api/cases/${id}/dispatch`, {
    unitId: await unitId('s1-sanitation'),
    reason: '请带压缩车，注意早高峰',
  });
  await server.api('supervisor', 'POST', `/api/cases/${id}/urge`, { reason: '居民多次反映，今日内处理' });
  const handler = await server.open('s1-handler');
  await openRow(handler.page, id);
  const notes = handler.page.getByTestId('instructions');
  await notes.getByText('派遣说明：请带压缩车，注意早高峰').waitFor();
  await notes
    .locator('[data-action="urge"]')
    .getByText(/催办（赵督办，.*）：居民多次反映，今日内处理/)
    .waitFor();
  await handler.done();
});
