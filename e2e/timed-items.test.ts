// Timed items in the browser: the case page lists the case's timed items with their warning
// colours, and a supervisor urges one (催办) from there; the prompt is recorded with who and when.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startConsole } from './harness.ts';

const server = await startConsole({ cases: 0 });

test('the case page shows its timed items in colour; the supervisor urges one', async () => {
  const units: { id: number; code: string }[] = await server.api('admin', 'GET', '/api/units');
  const owner = units.find((u) => u.code === 's2-sanitation')!;
  const c = await server.api('inspector1', 'POST', '/api/cases', {
    source: 'inspector',
    kind: 'event',
    classCode: '06010',
    description: '暴露垃圾',
    location: await server.pointIn('310112006'),
  });
  // Natural time, so the colours do not hang on office hours: 10 hours, started 1, 6, 9 and 11
  // hours ago → blue, yellow (≥ 50 %), orange (≥ 80 %), red (overdue).
  const hour = 3_600_000;
  const { timedItems } = server.app.services;
  const ids: Record<string, number> = {};
  for (const [colour, ago] of [
    ['blue', 1],
    ['yellow', 6],
    ['orange', 9],
    ['red', 11],
  ] as const) {
    const row = await server.db.transaction().execute((trx) =>
      timedItems.open(trx, {
        subjectType: 'notice',
        subjectId: colour,
        caseId: c.id,
        ownerUnitId: owner.id,
        title: `整改通知（${colour}）`,
        limit: { amount: 10, unit: 'hour' },
        startedAt: new Date(Date.now() - ago * hour),
      }),
    );
    ids[colour] = row.id;
  }

  const p = await server.open('supervisor');
  const { page } = p;
  const itemsAnswer = page.waitForResponse((r) => r.url().includes('/api/timed-items?') && r.ok());
  await page.goto(`/cases/${c.id}`);
  await itemsAnswer;
  const card = page.getByTestId('timed-items');
  await card.waitFor();
  for (const colour of ['blue', 'yellow', 'orange', 'red'])
    assert.equal(
      await card
        .getByTestId(`timed-colour-${ids[colour]}`)
        .locator('[data-colour]')
        .getAttribute('data-colour'),
      colour,
    );
  const red = card.locator('tr').filter({ hasText: '整改通知（red）' });
  // antd spaces a two-character Chinese label: 催 办
  await red.getByRole('button', { name: /催\s*办/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('原因/说明').fill('已超时，请立即整改');
  const sent = page.waitForResponse((r) => r.url().endsWith(`/api/timed-items/${ids.red}/urge`));
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  const answer = await sent;
  assert.equal(answer.status(), 200, await answer.text());
  await red.locator('td').nth(5).filter({ hasText: '催办' }).waitFor(); // the last prompt column
  await p.screenshot('timed-items');
  await p.done();

  const detail = await server.api('admin', 'GET', `/api/timed-items/${ids.red}`);
  const urge = detail.events.find((e: { action: string }) => e.action === 'urge');
  assert.equal(urge.actor.name, '赵督办');
  assert.equal(urge.reason, '已超时，请立即整改');
});
