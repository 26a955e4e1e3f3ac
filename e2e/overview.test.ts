// The leaders' overview in a real browser: every chart's table view shows exactly the numbers the
// stats API gives for the same period and area, the KPIs add up, the area filter refetches, and
// the language switch turns the labels into English.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATE_NAMES, type CaseState } from '@xiuhua/domain/workflow';
import type { Page } from 'playwright-core';
import type { Overview } from '../packages/web/src/api/types.ts';
import { type ConsolePage, startConsole } from './harness.ts';

const server = await startConsole({ cases: 120 });

/** Open the overview and return the stats the page asked for, fetched again from the page. */
async function openOverview(username: string): Promise<{ p: ConsolePage; api: Overview; url: string }> {
  const p = await server.open(username);
  const response = p.page.waitForResponse((r) => r.url().includes('/api/stats/overview') && r.ok());
  await p.page.goto('/overview');
  const url = (await response).url();
  const api = await p.page.evaluate(async (u) => (await (await fetch(u)).json()) as Overview, url);
  await p.page
    .getByTestId('kpi-open')
    .and(p.page.locator('[data-value]:not([data-value=""])'))
    .waitFor({ state: 'attached' });
  return { p, api, url };
}

/** Switch a panel to its table and read the cells of every row. */
async function tableOf(page: Page, id: string, label = '数据表'): Promise<string[][]> {
  const panel = page.getByTestId(`panel-${id}`);
  await panel.getByText(label, { exact: true }).click();
  const table = page.getByTestId(`table-${id}`);
  await table.waitFor();
  return await table
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
}

const kpi = async (page: Page, id: string) =>
  (await page.getByTestId(`kpi-${id}`).getAttribute('data-value')) ?? '';

test('every table shows the numbers the API gives for the same period, and the KPIs add up', async () => {
  const { p, api, url } = await openOverview('leader');
  const q = new URL(url).searchParams;
  // The default period: the last 30 days, whole days in China time.
  assert.equal(api.trend.length, 30);
  assert.equal(new Date(q.get('to')!).getTime() - new Date(q.get('from')!).getTime(), 30 * 86_400_000);
  assert.ok(
    api.byState.some((s) => s.count > 0),
    'the demo has open cases',
  );

  await p.page.waitForTimeout(800); // let the charts finish their entry animation
  await p.screenshot('overview');

  assert.deepEqual(
    await tableOf(p.page, 'byState'),
    api.byState.map((r) => [STATE_NAMES[r.state as CaseState].zh, String(r.count)]),
  );
  const colourNames: Record<string, string> = {
    blue: '正常',
    yellow: '黄灯',
    orange: '橙灯',
    red: '红灯（超时）',
    none: '无时限',
  };
  assert.deepEqual(
    await tableOf(p.page, 'byColour'),
    api.byColour.map((r) => [colourNames[r.colour], String(r.count)]),
  );
  assert.deepEqual(
    await tableOf(p.page, 'byClass'),
    api.byClass.map((r) => [`${r.kind === 'event' ? '事件' : '部件'} ${r.code}`, r.name, String(r.count)]),
  );
  assert.deepEqual(
    await tableOf(p.page, 'byArea'),
    api.byArea.map((r) => [r.name, String(r.count)]),
  );
  assert.deepEqual(
    await tableOf(p.page, 'trend'),
    api.trend.map((r) => [r.day, String(r.reported), String(r.closed)]),
  );
  assert.ok(api.onTimeByUnit.length > 0, 'some cases were closed in the period');
  assert.deepEqual(
    await tableOf(p.page, 'onTime'),
    api.onTimeByUnit.map((r) => [
      r.name,
      String(r.closed),
      String(r.onTime),
      `${(r.rate * 100).toFixed(1)}%`,
    ]),
  );

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.equal(await kpi(p.page, 'open'), String(sum(api.byState.map((s) => s.count))));
  assert.equal(await kpi(p.page, 'red'), String(api.byColour.find((c) => c.colour === 'red')!.count));
  assert.equal(await kpi(p.page, 'reported'), String(sum(api.trend.map((d) => d.reported))));
  assert.equal(await kpi(p.page, 'closed'), String(sum(api.trend.map((d) => d.closed))));
  const closed = sum(api.onTimeByUnit.map((u) => u.closed));
  const onTime = sum(api.onTimeByUnit.map((u) => u.onTime));
  assert.equal(await kpi(p.page, 'on-time'), `${((onTime / closed) * 100).toFixed(1)}%`);

  // The open cases by state are the same whichever way they are counted.
  const open = await p.page.evaluate(async () => {
    const res = await fetch(
      '/api/cases?pageSize=1&state=' +
        [
          'reported',
          'verifying',
          'accepted',
          'filed',
          'dispatched',
          'handling',
          'postponement_requested',
          'returned',
          'suspended',
          'checking',
          'to_close',
        ].join('&state='),
    );
    return ((await res.json()) as { total: number }).total;
  });
  assert.equal(await kpi(p.page, 'open'), String(open));
  await p.done();
});

test('the area filter asks for one street and the tables follow', async () => {
  const { p } = await openOverview('leader');
  const street = { code: '310112001', name: '江川路街道' };
  const response = p.page.waitForResponse(
    (r) => r.url().includes('/api/stats/overview') && r.url().includes(`areaCode=${street.code}`),
  );
  await p.page.getByLabel('区域').click();
  await p.page.getByLabel('区域').fill('江川路');
  await p.page.locator('.ant-select-tree-node-content-wrapper', { hasText: street.name }).first().click();
  const api = (await (await response).json()) as Overview;
  assert.deepEqual(
    api.byArea.map((a) => a.code),
    [street.code],
  );
  await p.page
    .getByTestId(`kpi-open`)
    .and(p.page.locator(`[data-value="${api.byState.reduce((a, s) => a + s.count, 0)}"]`))
    .waitFor({ state: 'attached' });
  assert.deepEqual(await tableOf(p.page, 'byArea'), [[street.name, String(api.byArea[0]!.count)]]);
  await p.done();
});

test('the language switch shows English labels and names', async () => {
  const { p, api } = await openOverview('leader');
  await p.page.getByTestId('lang-switch').click();
  await p.page.getByText('Open cases by state').waitFor();
  await p.page.getByText('On-time handling by unit').waitFor();
  await p.page.getByTestId('kpis').getByText('Handled on time').waitFor();
  const rows = await tableOf(p.page, 'byState', 'Table');
  assert.deepEqual(
    rows,
    api.byState.map((r) => [STATE_NAMES[r.state as CaseState].en, String(r.count)]),
  );
  const header = await p.page.getByTestId('panel-byState').locator('thead th').allTextContents();
  assert.deepEqual(header.map((h) => h.trim()).filter(Boolean), ['State', 'Cases']);
  await p.page.waitForTimeout(800);
  await p.screenshot('overview-en');
  await p.done();
});
