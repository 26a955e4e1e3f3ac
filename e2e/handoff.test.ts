// The find/handle modes in the browser: what a street's grid staff reported, the street centre
// escalates (上报) from the case page, and the district centre hands it down (下派) to the street's
// centre, picking it in the dialog; the case page says which centre holds it and at what level. A
// jurisdiction dispute runs from the case page too: opened by a return, ruled, appealed, reviewed,
// ruled finally.

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

test('a jurisdiction dispute: ruled, appealed, overturned, ruled finally — each from the case page', async () => {
  const units: { id: number; code: string }[] = await server.api('admin', 'GET', '/api/units');
  const id = (code: string) => units.find((u) => u.code === code)!.id;
  const c = await server.api('intake', 'POST', '/api/cases', {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    description: '江川路 200 号旁堆物',
    location: await server.pointIn(S1),
  });
  await server.api('intake', 'POST', `/api/cases/${c.id}/accept`, {});
  await server.api('shift', 'POST', `/api/cases/${c.id}/file`, {});
  await server.api('dispatch', 'POST', `/api/cases/${c.id}/dispatch`, { unitId: id('s1-sanitation') });
  const notOurs = { reason: '非本单位职责', returnKind: 'not_our_duty' };
  await server.api('s1-handler', 'POST', `/api/cases/${c.id}/return`, {
    ...notOurs,
    suggestedUnitId: id('enforcement'),
  });
  await server.api('dispatch', 'POST', `/api/cases/${c.id}/redispatch`, { unitId: id('enforcement') });

  // The second return "not our duty", from the handling page's dialog, opens the dispute.
  const bureau = await server.open('enforcement');
  await bureau.page.goto(`/cases/${c.id}`);
  await bureau.page.getByTestId('case-detail').locator('button[data-action="return"]').click();
  const back = actionDialog(bureau.page);
  await choose(bureau.page, back, '建议责任单位', '江川路街道环卫所');
  await back.getByLabel('原因/说明', { exact: true }).fill('路面垃圾属环卫');
  await back.getByTestId('action-submit').click();
  await closed(back);
  await bureau.page.getByTestId('dispute-state').getByText('待裁定').waitFor();
  await bureau.done();

  const move = async (
    user: string,
    m: string,
    fill?: (p: Awaited<ReturnType<typeof server.open>>) => Promise<void>,
  ) => {
    const p = await server.open(user);
    await p.page.goto(`/cases/${c.id}`);
    await p.page.locator(`button[data-dispute-move="${m}"]`).click();
    const dialog = p.page.getByRole('dialog').filter({ has: p.page.getByTestId('dispute-submit') });
    await dialog.waitFor();
    await fill?.(p);
    await dialog.getByTestId('dispute-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    return p;
  };
  const reason = (text: string) => async (p: Awaited<ReturnType<typeof server.open>>) =>
    await p.page.getByRole('dialog').getByLabel('原因/说明', { exact: true }).fill(text);

  // the centre rules the squad responsible (the suggestion of the last return is preselected)
  (await move('dispatch', 'rule', reason('路面垃圾属环卫所清运'))).done();
  // the squad appeals; the city centre reviews and overturns; its final ruling names the bureau
  (await move('s1-handler', 'appeal', reason('该处为商户占道堆物'))).done();
  (await move('leader', 'start-review')).done();
  (await move('leader', 'overturn', reason('属占道堆物'))).done();
  const final = await move('leader', 'final', async (p) => {
    const dialog = p.page.getByRole('dialog').filter({ has: p.page.getByTestId('dispute-submit') });
    await choose(p.page, dialog, '责任单位', '闵行区城管执法局');
    await reason('商户占道堆物由区执法局处理')(p);
  });
  await final.page.getByTestId('dispute-state').getByText('终局').waitFor();
  await final.page.getByTestId('dispute-responsible').getByText('闵行区城管执法局').waitFor();
  await final.screenshot('dispute-final');
  await final.done();

  const [d] = await server.api('dispatch', 'GET', `/api/disputes?caseId=${c.id}&state=all`);
  assert.equal(d.state, 'final');
  assert.deepEqual(
    d.returns.map((r: { justified: boolean }) => r.justified),
    [true, false],
  );
});
