// Duty schedules in the browser: the case page says which handling limit is in force and why, the
// admin's schedules tab lists the demo schedules with their history, and a unit's head edits its
// roster in the form.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 0 });

test('the case shows the limit line; the admin sees the duty schedules', async () => {
  const S1 = '310112001'; // 江川路街道, area class A
  const units: { id: number; code: string }[] = await server.api('admin', 'GET', '/api/units');
  const squad = units.find((u) => u.code === 's1-enforcement')!;
  const c = await server.api('inspector1', 'POST', '/api/cases', {
    source: 'inspector',
    kind: 'event',
    classCode: '09006', // 占道经营: 1 working hour in an A area
    description: '占道经营',
    location: await server.pointIn(S1),
  });
  await server.api('intake', 'POST', `/api/cases/${c.id}/accept`, {});
  await server.api('shift', 'POST', `/api/cases/${c.id}/file`, {});
  await server.api('dispatch', 'POST', `/api/cases/${c.id}/dispatch`, { unitId: String(squad.id) });

  const p = await server.open('admin');
  const { page } = p;
  const caseAnswer = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${c.id}`) && r.ok());
  await page.goto(`/cases/${c.id}`);
  await caseAnswer;
  const note = page.getByTestId('limit-note');
  await note.waitFor();
  assert.equal(await note.innerText(), '江川路街道·A 类区域：处置时限 1 工作小时');

  const schedulesAnswer = page.waitForResponse((r) => r.url().endsWith('/api/schedules') && r.ok());
  await page.goto('/admin/schedules');
  await schedulesAnswer;
  const row = page.getByTestId('schedules-section').locator('tr').filter({ hasText: '执法中队勤务' });
  await row.waitFor();
  assert.match(await row.innerText(), /07:00-22:00[\s\S]*照常值守/);
  await row.getByTestId('history-button').click();
  await page.getByTestId('history-drawer').waitFor();
  await p.screenshot('schedules');
  await p.done();
});

test('a unit’s head adds a shift with a person to the roster', async () => {
  // The demo names 周环卫 (sanitation) the head of the sanitation station.
  const p = await server.open('sanitation');
  const { page } = p;
  const rosterAnswer = page.waitForResponse((r) => /\/api\/units\/\d+\/roster$/.test(r.url()) && r.ok());
  await page.goto('/roster');
  await rosterAnswer;
  const peopleAnswer = page.waitForResponse((r) => r.url().endsWith('/roster/people') && r.ok());
  await page.getByTestId('roster-edit').click();
  await peopleAnswer;
  const form = page.getByTestId('roster-form');
  await form.getByTestId('add-shift').click();
  const row = form.getByTestId('shift-row').last();
  await row.getByLabel('班次名称', { exact: true }).fill('夜巡班');
  const people = row.getByLabel('人员', { exact: true });
  await people.click();
  await people.fill('周环卫');
  const id = await people.getAttribute('id');
  await page
    .locator(`.ant-select-dropdown:has([id="${id}_list"]) .ant-select-item-option`)
    .filter({ hasText: '周环卫' })
    .first()
    .click();
  await p.screenshot('roster-form');
  const saved = page.waitForResponse((r) => r.url().endsWith('/roster') && r.request().method() === 'PUT');
  await form.getByTestId('roster-save').click();
  const answer = await saved;
  assert.equal(answer.status(), 200, await answer.text());
  const shift = page.locator('tr').filter({ hasText: '夜巡班' });
  await shift.waitFor();
  assert.match(await shift.innerText(), /周环卫/);
  await p.done();
});
