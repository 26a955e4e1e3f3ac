// The hotline desk in a real browser, by keyboard only: the operator types the caller's number and
// sees the caller's earlier case, answers, finds the road by its pinyin, picks the class by a
// keyword, is warned of the same problem nearby, records the first reply from a template and
// files the case; then the callback queue records a caller's satisfaction with a closed case.
// Screenshots: e2e/screenshots/hotline-*.png.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsole } from './harness.ts';

const server = await startConsole();
const S1 = '310112001'; // 江川路街道
const CALLER = '13812340000';

/** The focused element's id, or its data-testid. */
const active = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || '',
  );

async function focusedOn(page: Page, id: string) {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if ((await active(page)) === id) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`focus is on "${await active(page)}", expected ${id}`);
}

async function report(body: Record<string, unknown>) {
  return await server.api('intake', 'POST', '/api/cases', {
    source: 'hotline',
    kind: 'event',
    classCode: '06010',
    ...body,
  });
}

test('a call taken by keyboard, then its callback', async () => {
  // The caller rang before; someone else reported garbage on 江川路 an hour ago; and a case of
  // another caller was closed and waits for its callback.
  const earlier = await report({
    description: '小区门口垃圾桶满溢',
    location: await server.pointIn(S1),
    reporter: { name: '陈先生', phone: CALLER },
  });
  const [road] = await server.api('intake', 'GET', `/api/places/search?q=${encodeURIComponent('江川路')}`);
  assert.equal(road.name, '江川路');
  const nearby = await report({
    description: '江川路人行道上有暴露垃圾',
    location: { lon: road.location.lon + 0.0003, lat: road.location.lat },
  });
  const done = await report({
    description: '绿化带里有建筑垃圾',
    location: await server.pointIn(S1),
    reporter: { name: '周女士', phone: '13900005678' },
  });
  const squad = await server.db
    .selectFrom('units')
    .select('id')
    .where('code', '=', 's1-sanitation')
    .executeTakeFirstOrThrow();
  for (const [user, action, body] of [
    ['intake', 'accept', {}],
    ['shift', 'file', {}],
    ['dispatch', 'dispatch', { unitId: squad.id }],
    ['s1-handler', 'sign', {}],
    ['s1-handler', 'report-back', { reason: '已清运', photos: [{ url: '/photos/after.jpg' }] }],
    ['inspector1', 'check-pass', {}],
    ['shift', 'close', {}],
  ] as const)
    await server.api(user, 'POST', `/api/cases/${done.id}/${action}`, body);

  const desk = await server.open('intake', { path: '/hotline' });
  const { page } = desk;

  // 1. The number: focus is there, typing shows the caller's earlier case.
  await focusedOn(page, 'hotline_phone');
  await page.keyboard.type(CALLER);
  const history = page.getByTestId('caller-history');
  await history.locator(`[data-case-id="${earlier.id}"]`).getByText(earlier.number).waitFor();
  // Enter answers; focus moves to the address search.
  await page.keyboard.press('Enter');
  await page.getByTestId('call-status').waitFor();
  await focusedOn(page, 'hotline_place');

  // 2. The address by its pinyin; Enter picks the best match and moves on to the class.
  await page.keyboard.type('jiangchuanlu');
  await page.getByTestId('place-option').filter({ hasText: '江川路' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('resolved-area').getByText('江川路街道').waitFor();
  assert.equal(await page.getByLabel('详细地址').inputValue(), '江川路');
  await focusedOn(page, 'hotline_classValue');

  // 3. The class by keyword; the same problem nearby is flagged before anything is saved.
  await page.keyboard.type('暴露垃圾');
  await page.locator('.ant-select-item-option').filter({ hasText: '暴露垃圾' }).first().waitFor();
  await page.keyboard.press('Enter');
  await focusedOn(page, 'hotline_description');
  const warning = page.getByTestId('duplicates');
  await warning.getByTestId('duplicate-warning').waitFor();
  await warning.getByText(nearby.number).waitFor();

  // 4. What the caller says, their name, the first reply from a template, recorded (Alt+R).
  await page.keyboard.type('江川路公交站旁又堆了很多生活垃圾，气味很大');
  await page.keyboard.press('Tab');
  await page.keyboard.type('陈先生');
  await page.keyboard.press('Tab');
  await focusedOn(page, 'hotline_template');
  await page.keyboard.type('受理告知');
  await page.locator('.ant-select-item-option').filter({ hasText: '受理告知' }).first().waitFor();
  await page.keyboard.press('Enter');
  await focusedOn(page, 'hotline_reply');
  const reply = await page.getByLabel('先行回复', { exact: true }).inputValue();
  assert.match(reply, /^您反映的问题已受理/);
  await page.keyboard.press('Alt+KeyR');
  await page.getByTestId('reply-recorded').waitFor();
  await desk.screenshot('hotline-desk');

  // 5. Ctrl+Enter records the case; focus lands on "next call".
  await page.keyboard.press('Control+Enter');
  const result = page.getByTestId('hotline-result');
  await result.getByText(/已登记案件 \d+/).waitFor();
  const created = await server.db
    .selectFrom('cases')
    .selectAll()
    .where('description', '=', '江川路公交站旁又堆了很多生活垃圾，气味很大')
    .executeTakeFirstOrThrow();
  assert.equal(created.source, 'hotline');
  assert.equal(created.reporter_phone, CALLER);
  assert.equal(created.reporter_name, '陈先生');
  assert.equal(created.address, '江川路');
  assert.equal(created.street_code, S1);
  assert.ok(
    Math.abs(created.lon - road.location.lon) < 1e-6 && Math.abs(created.lat - road.location.lat) < 1e-6,
  );
  const events = await server.db
    .selectFrom('case_events')
    .select(['action', 'reason'])
    .where('case_id', '=', created.id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    events.map((e) => e.action),
    ['intake', 'first_reply'],
  );
  assert.equal(events[1]!.reason, reply);
  const call = await server.db
    .selectFrom('hotline_calls')
    .selectAll()
    .where('case_id', '=', created.id)
    .executeTakeFirstOrThrow();
  assert.equal(call.outcome, 'case_created');
  assert.equal(call.caller_phone, CALLER);
  assert.equal(call.first_reply, reply);
  assert.ok(call.first_reply_at);
  await desk.screenshot('hotline-created');
  await focusedOn(page, 'next-call');
  await page.keyboard.press('Enter');
  await focusedOn(page, 'hotline_phone');
  assert.equal(await page.getByLabel('来电号码').inputValue(), '');
  await desk.done();

  // 6. The callback queue: the closed case is selected first; Alt+1 records "satisfied".
  const callbacks = await server.open('intake', { path: '/callback' });
  const cb = callbacks.page;
  await cb.getByTestId('callback-queue').locator(`[data-case-id="${done.id}"]`).waitFor();
  const panel = cb.getByTestId('callback-panel');
  await panel.getByText(done.number).waitFor();
  await panel.getByTestId('dial').getByText('13900005678').waitFor();
  await callbacks.screenshot('hotline-callback');
  await cb.keyboard.press('Alt+Digit1');
  await cb.getByText(`${done.number}：已记录满意`).waitFor();
  await cb
    .getByTestId('callback-queue')
    .locator(`[data-case-id="${done.id}"]`)
    .waitFor({ state: 'detached' });
  const rated = await server.db
    .selectFrom('cases')
    .select(['state', 'satisfaction'])
    .where('id', '=', done.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(rated, { state: 'closed', satisfaction: 'satisfied' });
  await callbacks.done();
});
