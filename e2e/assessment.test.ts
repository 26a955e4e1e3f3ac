// Assessment (考评) in a real browser: a leader opens this month's ranking and sees the subjects in
// the API's order with their grades and flags, opens a subject and drills from a figure down to
// exactly the cases the figure counts; an admin publishes a finished month and the badge turns to
// published; the Excel exports are real workbooks with the same numbers; the supervision office
// records a finding and handles an accountability item; the public figures page shows the API's
// numbers. Screenshots: e2e/screenshots/assessment-*.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parsePeriod, previousPeriod } from '@xiuhua/domain/assessment';
import { cstDateOf } from '@xiuhua/domain/calendar';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { PHONE, startConsole } from './harness.ts';

const server = await startConsole({ cases: 150 });
const MONTH = cstDateOf(new Date()).slice(0, 7);
const LAST_MONTH = previousPeriod(parsePeriod(MONTH)).key;

interface Row {
  subject: { id: string; name: string };
  rank: number | null;
  score: number | null;
  grade: string | null;
  flag: 'red' | 'black' | null;
  figures: { indicator: string; numerator: number; denominator: number; value: number | null }[];
}

const schemes = async () =>
  (await server.api('leader', 'GET', '/api/assessment/schemes')) as {
    id: number;
    code: string;
    name: string;
  }[];
const schemeId = async (code: string) => (await schemes()).find((s) => s.code === code)!.id;
const results = async (user: string, id: number, period: string) =>
  await server.api(user, 'GET', `/api/assessment/schemes/${id}/results?period=${period}`);

/** The ranking rows on screen: subject id, rank, flag and grade as the rows carry them. */
async function rankingRows(page: Page) {
  return await page.locator('tr[data-testid^="rank-row-"]').evaluateAll((rows) =>
    rows.map((r) => ({
      id: (r as HTMLElement).dataset.testid!.slice('rank-row-'.length),
      rank: (r as HTMLElement).dataset.rank,
      flag: (r as HTMLElement).dataset.flag,
      grade: (r as HTMLElement).dataset.grade,
    })),
  );
}

const expectedRows = (rows: Row[]) =>
  rows.map((r) => ({
    id: r.subject.id,
    rank: String(r.rank ?? ''),
    flag: r.flag ?? '',
    grade: r.grade ?? '',
  }));

/** Click an export button and read the downloaded workbook back. */
async function download(page: Page, testId: string): Promise<{ name: string; workbook: ExcelJS.Workbook }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer);
  return { name: file.suggestedFilename(), workbook };
}

const sheetRows = (sheet: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 2) out.push((row.values as unknown[]).slice(1));
  });
  return out;
};

test('a leader ranks this month, opens a subject and drills from a figure to its cases', async () => {
  const units = await schemeId('units-monthly');
  const streets = await schemeId('streets-monthly');
  const p = await server.open('leader', { path: '/assessment' });
  const table = p.page.getByTestId('ranking-table');
  await table.locator('tr[data-testid^="rank-row-"]').first().waitFor();
  assert.equal(await p.page.getByTestId('period-picker').getAttribute('data-period'), MONTH);
  await p.page.locator('[data-testid=assessment-status][data-status=provisional]').waitFor();

  // The first scheme (responsible units, two difficulty tiers): the API's order, ranks, grades, flags.
  const api = await results('leader', units, MONTH);
  assert.ok(
    api.rows.some((r: Row) => r.flag === 'red'),
    'some unit has a red flag this month',
  );
  assert.deepEqual(await rankingRows(p.page), expectedRows(api.rows));
  await table.getByText('红旗').first().waitFor();
  if (api.rows.some((r: Row) => r.flag === 'black')) await table.getByText('黑旗').first().waitFor();
  // Each indicator carries its numerator and denominator (shown on hover).
  const first = api.rows.find((r: Row) => r.figures.length > 0)!;
  const cell = p.page
    .getByTestId(`rank-row-${first.subject.id}`)
    .locator(`[data-indicator="${first.figures[0]!.indicator}"]`);
  assert.equal(await cell.getAttribute('data-n'), String(first.figures[0]!.numerator));
  assert.equal(await cell.getAttribute('data-d'), String(first.figures[0]!.denominator));
  await cell.hover();
  await p.page
    .locator('.ant-tooltip')
    .getByText(`分子 ${first.figures[0]!.numerator} / 分母 ${first.figures[0]!.denominator}`)
    .waitFor();
  // One tier at a time.
  await p.page.getByTestId('tier-switch').getByText('街道中队').click();
  await p.page.waitForFunction(() => document.querySelectorAll('tr[data-testid^="rank-row-"]').length > 0);
  const streetTier = api.rows.filter((r: Row & { tier: { code: string } }) => r.tier.code === 'street');
  await p.page.waitForFunction(
    (n) => document.querySelectorAll('tr[data-testid^="rank-row-"]').length === n,
    streetTier.length,
  );
  assert.deepEqual(await rankingRows(p.page), expectedRows(streetTier));
  await p.page.getByTestId('tier-switch').getByText('全部档次').click();
  await p.page.mouse.move(0, 0);
  await p.page.waitForTimeout(300);
  await p.screenshot('assessment-ranking');

  // Another scheme: the streets.
  await p.page.getByLabel('考评方案').click();
  await p.page.locator('.ant-select-item-option', { hasText: '街道月度综合考评' }).click();
  const streetsApi = await results('leader', streets, MONTH);
  await p.page.getByTestId(`rank-row-${streetsApi.rows[0].subject.id}`).waitFor();
  assert.deepEqual(await rankingRows(p.page), expectedRows(streetsApi.rows));

  // The top street's page: breakdown, history chart, drill-down.
  const top: Row = streetsApi.rows[0];
  await p.page.getByTestId(`subject-link-${top.subject.id}`).click();
  await p.page.getByTestId('subject-name').getByText(top.subject.name).waitFor();
  await p.page.getByTestId('breakdown').locator('tbody tr.ant-table-row').first().waitFor();
  await p.page.getByTestId('history-chart').locator('canvas').waitFor();

  // A figure whose side counts one fact per case, so the cases listed are the number shown.
  let pick: { indicator: string; side: 'numerator' | 'denominator'; n: number; numbers: string[] } | null =
    null;
  for (const f of top.figures) {
    for (const side of ['denominator', 'numerator'] as const) {
      const n = f[side];
      if (pick || n === 0) continue;
      const drill = await server.api(
        'leader',
        'GET',
        `/api/assessment/schemes/${streets}/drilldown?period=${MONTH}&subject=${top.subject.id}&indicator=${f.indicator}&side=${side}`,
      );
      if (drill.count === n && drill.cases.length === n)
        pick = {
          indicator: f.indicator,
          side,
          n,
          numbers: drill.cases.map((c: { number: string }) => c.number),
        };
    }
  }
  assert.ok(pick, 'a figure of the top street counts one fact per case');
  const button = p.page.getByTestId(`${pick.side === 'numerator' ? 'num' : 'den'}-${pick.indicator}`);
  assert.equal(await button.getAttribute('data-value'), String(pick.n));
  await button.click();
  const drill = p.page.locator(
    `[data-testid=drilldown][data-indicator="${pick.indicator}"][data-side="${pick.side}"][data-cases="${pick.n}"]`,
  );
  await drill.waitFor();
  assert.equal(await drill.getAttribute('data-facts'), String(pick.n));
  const listed = await p.page
    .getByTestId('drill-cases')
    .locator('tbody tr.ant-table-row td:first-child')
    .allTextContents();
  assert.equal(listed.length, pick.n);
  assert.deepEqual(listed, pick.numbers);
  await p.page.waitForTimeout(500); // the chart's entry animation
  await p.screenshot('assessment-subject');

  // A case number opens the case.
  await p.page.getByTestId('drill-cases').getByRole('link', { name: pick.numbers[0] }).click();
  await p.page.waitForURL(/\/cases\/\d+$/);
  await p.page.getByText(pick.numbers[0]!).first().waitFor();
  await p.done();
});

test('an admin publishes a finished month: the badge turns to published, the Excel export matches', async () => {
  const scheme = await server.api('admin', 'POST', '/api/assessment/schemes', {
    code: 'e2e-streets',
    name: '街道结案考评（浏览器测试）',
    config: {
      kind: 'composite',
      level: 'street',
      weights: [
        { indicator: 'closure_rate', weight: 50 },
        { indicator: 'closed_on_time', weight: 50 },
      ],
      flags: { red: 1, black: 1 },
    },
  });
  const p = await server.open('admin', { path: `/assessment?scheme=${scheme.id}&period=${MONTH}` });
  // This month has not ended: it cannot be published yet.
  await p.page.locator('[data-testid=assessment-status][data-status=provisional]').waitFor();
  assert.equal(await p.page.getByTestId('publish').isDisabled(), true);

  await p.page.goto(`/assessment?scheme=${scheme.id}&period=${LAST_MONTH}`);
  await p.page.locator('[data-testid=assessment-status][data-status=provisional]').waitFor();
  const before = await results('admin', scheme.id, LAST_MONTH);
  assert.equal(before.status, 'provisional');
  await p.page.getByTestId('publish').click();
  const dialog = p.page.getByRole('dialog');
  await dialog.getByText('发布后本期的指标、得分、排名和红黑旗将被冻结').waitFor();
  await dialog.getByLabel('发布说明（选填）').fill('浏览器测试发布');
  await p.screenshot('assessment-publish-confirm');
  await p.page.getByTestId('publish-confirm').click();
  const badge = p.page.locator('[data-testid=assessment-status][data-status=published]');
  await badge.waitFor();
  const after = await results('admin', scheme.id, LAST_MONTH);
  assert.equal(after.status, 'published');
  assert.equal(after.publication.note, '浏览器测试发布');
  await badge.getByText(after.publication.publishedBy).waitFor();
  await p.page.getByText('浏览器测试发布').waitFor();
  // The published figures are what was computed just before.
  assert.deepEqual(
    after.rows.map((r: Row) => [r.subject.id, r.score, r.rank]),
    before.rows.map((r: Row) => [r.subject.id, r.score, r.rank]),
  );
  assert.deepEqual(await rankingRows(p.page), expectedRows(after.rows));
  assert.equal(await p.page.getByTestId('publish').count(), 0);
  await p.screenshot('assessment-published');

  // Excel: the scheme's ranking as published.
  const { name, workbook } = await download(p.page, 'export-ranking');
  assert.match(name, /\.xlsx$/);
  assert.equal(workbook.worksheets.length, 1);
  const sheet = workbook.worksheets[0]!;
  assert.match(String(sheet.getCell(1, 1).value), /正式发布/);
  assert.deepEqual(
    sheetRows(sheet).map((r) => [r[1] ?? null, r[2], r[3] ?? null]),
    after.rows.map((r: Row) => [r.rank, r.subject.name, r.score]),
  );
  await p.done();
});

test('bulletins: the red case list is the API’s, and both exports are real workbooks', async () => {
  const p = await server.open('leader', { path: `/assessment/bulletins?period=${MONTH}` });
  const ranking = await server.api('leader', 'GET', `/api/assessment/bulletins/ranking?period=${MONTH}`);
  const cards = p.page.getByTestId('ranking-bulletin').locator('.ant-card');
  await p.page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=ranking-bulletin] .ant-card').length === n,
    ranking.sections.length,
  );
  assert.equal(await cards.count(), ranking.sections.length);
  const book = await download(p.page, 'export-ranking');
  assert.equal(book.workbook.worksheets.length, ranking.sections.length);

  await p.page.getByRole('tab', { name: '红灯超时案件通报' }).click();
  const red = await server.api('leader', 'GET', `/api/assessment/bulletins/red-cases?period=${MONTH}`);
  assert.ok(red.total > 0, 'the demo has overdue cases this month');
  await p.page.locator(`[data-testid=red-total][data-total="${red.total}"]`).waitFor();
  const numbers = await p.page
    .getByTestId('red-bulletin')
    .locator('tbody tr.ant-table-row a[href^="/cases/"]')
    .allTextContents();
  assert.deepEqual(
    numbers,
    red.units.flatMap((u: { cases: { number: string }[] }) => u.cases.map((c) => c.number)),
  );
  await p.screenshot('assessment-red-cases');
  const redBook = await download(p.page, 'export-red');
  const cells = new Set<string>();
  redBook.workbook.worksheets[0]!.eachRow((row) =>
    row.eachCell((c) => {
      cells.add(String(c.value));
    }),
  );
  for (const n of numbers) assert.ok(cells.has(n), `${n} is in the workbook`);
  await p.done();
});

test('the supervision office records a finding and handles an accountability item', async () => {
  // A finding in this month's 100-point scheme costs the street its points.
  const deduction = await schemeId('streets-deduction');
  const street = { id: '310112009', name: '浦锦街道' };
  const scoreOf = async () =>
    (await results('supervisor', deduction, MONTH)).rows.find((r: Row) => r.subject.id === street.id).score;
  const before = await scoreOf();
  const findings = async () =>
    (
      await server.api(
        'supervisor',
        'GET',
        `/api/assessment/schemes/${deduction}/findings?period=${MONTH}&voided=true`,
      )
    ).length as number;
  const rowsBefore = await findings();
  const rowCount = (n: number) =>
    p.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=findings-table] tbody tr.ant-table-row').length === n,
      n,
    );
  const p = await server.open('supervisor', { path: `/assessment/findings?period=${MONTH}` });
  await rowCount(rowsBefore);
  await p.page.getByTestId('record-finding').click();
  const form = p.page.getByTestId('finding-form');
  await form.getByLabel('被考评对象').click();
  await p.page.locator('.ant-select-item-option', { hasText: street.name }).click();
  await form.getByLabel('问题类型').click();
  await p.page.locator('.ant-select-item-option', { hasText: '乱张贴、小广告' }).click();
  await form.getByLabel('处数').fill('2');
  await form.getByLabel('说明').fill('沪闵路沿线小广告两处');
  await p.page.getByTestId('finding-submit').click();
  await p.page.getByTestId('findings-table').getByText('沪闵路沿线小广告两处').waitFor();
  await rowCount(rowsBefore + 1);
  assert.equal(await findings(), rowsBefore + 1);
  // The street's page lists the deduction and the finding behind it.
  await p.page.goto(`/assessment/schemes/${deduction}/subjects/${street.id}?period=${MONTH}`);
  const deductions = p.page.getByTestId('deductions');
  await deductions.locator('tbody tr.ant-table-row', { hasText: '乱张贴、小广告' }).getByText('−1').waitFor();
  await p.page.getByText('沪闵路沿线小广告两处').waitFor();
  await p.page.getByTestId('history-chart').locator('canvas').waitFor();
  await p.page.waitForTimeout(400);
  await p.screenshot('assessment-deduction-subject');
  assert.equal(await scoreOf(), Math.max(0, before - 1)); // 0.5 points × 2

  // A quarter whose last place raises an item: one finding in its first month, all months published.
  const quarter = previousPeriod(
    parsePeriod(`${MONTH.slice(0, 4)}-Q${Math.ceil(Number(MONTH.slice(5)) / 3)}`),
  );
  const months = [0, 1, 2].map((i) => {
    const m = Number(quarter.key.slice(-1)) * 3 - 2 + i;
    return `${quarter.key.slice(0, 4)}-${String(m).padStart(2, '0')}`;
  });
  const scheme = await server.api('admin', 'POST', '/api/assessment/schemes', {
    code: 'e2e-quarterly',
    name: '街道季度百分考核（浏览器测试）',
    config: {
      kind: 'deduction',
      level: 'street',
      deductions: [{ code: 'road', name: '道路破损未及时修复', points: 2 }],
      flags: { red: 1, black: 1 },
    },
  });
  await server.api('supervisor', 'POST', `/api/assessment/schemes/${scheme.id}/findings`, {
    subjectId: '310112006',
    date: `${months[0]}-15`,
    code: 'road',
  });
  for (const period of [...months, quarter.key])
    await server.api('supervisor', 'POST', `/api/assessment/schemes/${scheme.id}/publish`, { period });
  const items = await server.api('supervisor', 'GET', `/api/assessment/accountability?schemeId=${scheme.id}`);
  assert.equal(items.length, 1);
  assert.equal(items[0].kind, 'quarter_last');
  assert.equal(items[0].subjectId, '310112006');
  // The quarter's ranking: published, scored as the mean of its months, the last place marked.
  await p.page.goto(`/assessment?scheme=${scheme.id}&period=${quarter.key}`);
  await p.page.locator('[data-testid=assessment-status][data-status=published]').waitFor();
  const q = await results('supervisor', scheme.id, quarter.key);
  assert.deepEqual(await rankingRows(p.page), expectedRows(q.rows));
  await p.page.getByTestId('rank-row-310112006').getByText('末位').waitFor();
  await p.page.getByTestId('ranking-table').locator('thead').getByText(months[0]!).waitFor();
  await p.screenshot('assessment-quarter');

  await p.page.goto('/assessment/accountability');
  const row = p.page
    .getByTestId('accountability-table')
    .locator('tbody tr.ant-table-row', { hasText: '古美街道' });
  await row.getByText('季度末位，书面说明').waitFor();
  await p.screenshot('assessment-accountability');
  await p.page.getByTestId(`handle-${items[0].id}`).click();
  const dialog = p.page.getByRole('dialog');
  // The note is required: an empty one is refused in the form, nothing is sent.
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.getByText('请填写处理情况').waitFor();
  await dialog.getByLabel('处理情况').fill('书面说明已收悉');
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  const handled = await server.api(
    'supervisor',
    'GET',
    `/api/assessment/accountability?schemeId=${scheme.id}`,
  );
  assert.equal(handled[0].status, 'handled');
  assert.equal(handled[0].note, '书面说明已收悉');
  // Open items only by default: it has left the list; the handled view shows it with its note.
  await p.page.getByTestId('accountability-status').getByText('已处理').click();
  await p.page.getByTestId('accountability-table').getByText('书面说明已收悉', { exact: false }).waitFor();
  await p.done();
});

test('live indicator figures of a level drill down to the facts they count; English labels', async () => {
  const p = await server.open('leader', { path: `/assessment/figures?level=street&period=${MONTH}` });
  const api = await server.api('leader', 'GET', `/api/assessment/figures?period=${MONTH}&level=street`);
  const f =
    api.figures.find(
      (x: Row['figures'][number] & { subject: { id: string } }) =>
        x.indicator === 'closure_rate' && x.numerator > 0,
    ) ?? api.figures.find((x: Row['figures'][number]) => x.numerator > 0);
  assert.ok(f, 'some street has a figure this month');
  const cell = p.page.getByTestId(`figure-${f.subject.id}-${f.indicator}`);
  await cell.waitFor();
  assert.equal(
    (await cell.textContent())?.replace(/\s/g, ''),
    `${f.value === null ? '—' : `${f.value}%`}${f.numerator}/${f.denominator}`,
  );
  const drawerRows = p.page.locator('.ant-drawer tbody tr.ant-table-row');
  const rowsAre = (n: number) =>
    p.page.waitForFunction(
      (n) => document.querySelectorAll('.ant-drawer tbody tr.ant-table-row').length === n,
      n,
    );
  await cell.locator('a').nth(0).click();
  await rowsAre(f.numerator);
  await p.page.locator('.ant-drawer').getByText('分母', { exact: true }).click();
  await rowsAre(f.denominator);
  assert.equal(await drawerRows.count(), f.denominator);
  await p.screenshot('assessment-figures-drill');
  await p.page.locator('.ant-drawer-close').click();
  await p.page.locator('.ant-drawer').waitFor({ state: 'hidden' });

  // English: tabs, headings, indicator names and flags.
  await p.page.getByTestId('lang-switch').click();
  await p.page.getByRole('tab', { name: 'Indicators' }).waitFor();
  await p.page.getByRole('tab', { name: 'Rankings' }).click();
  await p.page.getByTestId('ranking-table').getByText('Red flag').first().waitFor();
  await p.page.getByTestId('ranking-table').locator('thead').getByText('Timely sign-for rate').waitFor();
  await p.page.waitForTimeout(300);
  await p.screenshot('assessment-ranking-en');
  await p.done();
});

test('the public figures page shows the API’s numbers, on a phone, in both languages', async () => {
  const p = await server.open(null, { viewport: PHONE, path: '/m/' });
  await p.page.getByRole('link', { name: '城市数据' }).click();
  await p.page.waitForURL('**/m/figures');
  await p.page.getByTestId('fig-month-reported').waitFor();
  const api = await p.page.evaluate(async () => await (await fetch('/api/public/figures')).json());
  const value = async (id: string) => await p.page.getByTestId(`fig-${id}`).getAttribute('data-value');
  assert.equal(await value('today-reported'), String(api.today.reported));
  assert.equal(await value('today-closed'), String(api.today.closed));
  assert.equal(await value('month-reported'), String(api.month.reported));
  assert.equal(await value('month-closed'), String(api.month.closed));
  assert.equal(
    await value('month-timely'),
    api.month.timelyClosureRate === null ? '—' : `${api.month.timelyClosureRate}%`,
  );
  assert.equal(await value('open-total'), String(api.open.total));
  assert.equal(await value('open-overdue'), String(api.open.overdue));
  const bars = await p.page
    .getByTestId('street-bars')
    .locator('li')
    .evaluateAll((lis) =>
      lis.map((li) => {
        const d = (li as HTMLElement).dataset;
        return [d.street, Number(d.reported), Number(d.closed), Number(d.open), Number(d.overdue)];
      }),
    );
  assert.deepEqual(
    bars,
    api.streets.map((s: Record<string, number | string>) => [
      s.code,
      s.reported,
      s.closed,
      s.open,
      s.overdue,
    ]),
  );
  // Counts only: nothing about any person.
  assert.deepEqual(Object.keys(api).sort(), ['asOf', 'month', 'open', 'streets', 'today']);
  await p.screenshot('assessment-public-figures');
  await p.page.getByRole('button', { name: 'Switch to English' }).click();
  await p.page.getByText('City services, live').waitFor();
  await p.page.getByText('Closed on time', { exact: true }).waitFor();
  await p.screenshot('assessment-public-figures-en');
  await p.done();
});
