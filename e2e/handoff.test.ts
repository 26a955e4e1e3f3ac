// The find/handle modes in the browser: what a street's grid staff reported, the street centre
// escalates (上报) from the case page, and the district centre hands it down (下派) to the street's
// centre, picking it in the dialog; the case page says which centre holds it and at what level.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionDialog, choose, closed } from './actions.ts';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 0 });
const S1 = '310112001'; // 江川路街道

test('a street escalates a case and the district hands it down again', async () => {
  const c = await server.api('s1-grid', 'POST', '/api/cases', {
    source: 'inspector',
    kind: 'event',
    classCode: '06010',
    description: '江川路 128 号门前暴露垃圾约 3 袋',
    location: await server.pointIn(S1),
  });
  await server.api('s1-shift', 'POST', `/api/cases/${c.id}/accept`, {});
  await server.api('s1-shift', 'POST', `/api/cases/${c.id}/file`, {});

  const street = await server.open('s1-dispatch');
  await street.page.goto(`/cases/${c.id}`);
  const detail = street.page.getByTestId('case-detail');
  const centre = detail.getByTestId('case-centre');
  await centre.getByText('江川路街道办事处').waitFor();
  await detail.locator('button[data-action="escalate"]').click();
  const up = actionDialog(street.page);
  await up.getByLabel('原因').fill('需区级部门处置');
  await up.getByTestId('action-submit').click();
  await closed(up);
  await centre.getByText('闵行区城市管理指挥中心').waitFor(); // the page follows without a reload
  await detail.getByText('区级').first().waitFor();
  await street.screenshot('case-escalated');
  await street.done();

  const district = await server.open('dispatch');
  await district.page.goto(`/cases/${c.id}`);
  const page2 = district.page.getByTestId('case-detail');
  await page2.locator('button[data-action="hand_down"]').click();
  const down = actionDialog(district.page);
  await choose(district.page, down, '接收中心', '江川路街道办事处');
  await down.getByTestId('action-submit').click();
  await closed(down);
  await page2.getByTestId('case-centre').getByText('江川路街道办事处').waitFor();
  await page2.getByTestId('timeline').locator('[data-action="hand_down"]').waitFor();
  await district.done();

  const after = await server.api('dispatch', 'GET', `/api/cases/${c.id}`);
  assert.equal(after.level, 'street');
  assert.equal(after.state, 'filed');
  assert.equal(after.step, 'dispatch');
});
