// Publication freezes a period: after October is published, cases are called back, reopened and
// closed, and the published figures, scores, ranks, flags and drill-down stay exactly as published
// while an unpublished twin of the scheme, computed now, moves. Republishing is refused;
// corrections go into a later month with a note. Also: the bulletins as Excel, findings for the
// deduction scheme, the public figures, and the routes' refusals (400 naming the field, 403, 404, 409).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { rebuildFacts } from '../src/assessment/facts-store.ts';
import { loopDriver, STREETS } from './assessment-helpers.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer({ now: '2026-10-12T01:00:00.000Z' });
const loop = loopDriver(s);
const S1 = '310112001';
const S4 = '310112009';

const composite = (code: string) => ({
  code,
  name: code === 'streets-pub' ? '街道综合考评' : '街道综合考评（对照）',
  config: {
    kind: 'composite',
    level: 'street',
    weights: [
      { indicator: 'closure_rate', weight: 50 },
      { indicator: 'actual_resolution', weight: 50 },
    ],
    flags: { red: 1, black: 1 },
  },
});

async function create(body: unknown) {
  const res = await s.call('POST', '/api/assessment/schemes', { as: 'admin', body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

const pub = await create(composite('streets-pub'));
const twin = await create(composite('streets-twin'));
const ded = await create({
  code: 'streets-ded',
  name: '街道百分考核',
  config: {
    kind: 'deduction',
    level: 'street',
    deductions: [
      { code: 'garbage', name: '暴露垃圾未及时清理', points: 2 },
      { code: 'stall', name: '占道经营', points: 1 },
    ],
    flags: { red: 1, black: 1 },
  },
});

// October: street 2 closes its case on time; street 3 closes one and leaves one overdue.
const a = await loop.drive({ street: 2, day: '2026-10-12', by: 'hotline' });
await loop.drive({ street: 3, day: '2026-10-13' });
const c = await loop.drive({ street: 3, day: '2026-10-14', until: 'sign' });
// Street 2: a case suspended (挂账) before its deadline stays open with its clock stopped.
const suspended = await loop.drive({ street: 2, day: '2026-10-15', until: 'sign' });
loop.at('2026-10-15', '10:00');
await s.act('dispatch', suspended, 'suspend', { reason: '涉及规划调整，暂缓处置' });

const results = (scheme: number, period: string, as = 'leader') =>
  s.call('GET', `/api/assessment/schemes/${scheme}/results?period=${period}`, { as });
const publish = (scheme: number, period: string, as = 'supervisor', note?: string) =>
  s.call('POST', `/api/assessment/schemes/${scheme}/publish`, {
    as,
    body: { period, ...(note ? { note } : {}) },
  });
const summary = (body: { rows: any[] }) =>
  body.rows.map((r) => [r.subject.id, r.score, r.grade, r.rank, r.flag]);

/** The whole-file download of a route (Excel). */
async function download(url: string, as = 'leader') {
  const res = await s.app.inject({ method: 'GET', url, headers: { cookie: (await s.as(as)).cookie } });
  return res;
}

let published: any;

/** The values of cells from..to (1-based) of a row; empty cells as null. */
function cells(sheet: ExcelJS.Worksheet, row: number, from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, i) => sheet.getRow(row).getCell(from + i).value ?? null);
}

test('a period is published only once it has ended, only as a month or a quarter', async () => {
  loop.at('2026-10-30', '10:00');
  const early = await publish(pub, '2026-10');
  assert.deepEqual([early.status, early.body.code, early.body.field], [409, 'PERIOD_NOT_ENDED', 'period']);
  const finding = await s.call('POST', `/api/assessment/schemes/${ded}/findings`, {
    as: 'supervisor',
    body: { subjectId: STREETS[2], date: '2026-10-20', code: 'garbage', count: 2 },
  });
  assert.equal(finding.status, 201, JSON.stringify(finding.body));

  loop.at('2026-11-02', '10:00');
  for (const [period, field] of [
    ['2026-W44', 'period'],
    ['2026-10-05', 'period'],
    ['October', 'period'],
  ] as const) {
    const res = await publish(pub, period);
    assert.deepEqual([res.status, res.body.field], [400, field], `${period}: ${JSON.stringify(res.body)}`);
  }
  const missingMonths = await publish(pub, '2026-Q3');
  assert.deepEqual([missingMonths.status, missingMonths.body.code], [409, 'MONTHS_NOT_PUBLISHED']);
  assert.equal((await publish(pub, '2026-10', 'sanitation')).status, 403);
  assert.equal(
    (await publish(pub, '2026-10', 'shift')).status,
    403,
    'shift leaders read, they do not publish',
  );
  assert.equal((await publish(9999, '2026-10')).status, 404);
  assert.equal(await s.count('assessment_publications'), 0, 'nothing written by a refusal');
});

test('publishing October freezes figures, scores, ranks and flags', async () => {
  const res = await publish(pub, '2026-10', 'supervisor', '10月考评结果');
  assert.equal(res.status, 201, JSON.stringify(res.body));
  published = res.body;
  assert.equal(published.status, 'published');
  assert.equal(published.publication.note, '10月考评结果');
  // Street 3: one of two cases due closed (50), the one closed not reopened (100) → 75.
  assert.deepEqual(summary(published), [
    [STREETS[2], 100, 'A', 1, 'red'],
    [STREETS[3], 75, 'B', 2, 'black'],
    [S1, null, null, null, null],
    [S4, null, null, null, null],
  ]);
  const again = await publish(pub, '2026-10');
  assert.deepEqual([again.status, again.body.code, again.body.field], [409, 'ALREADY_PUBLISHED', 'period']);
  assert.equal((await s.call('GET', '/api/assessment/publications', { as: 'leader' })).body.length, 1);
  assert.deepEqual((await results(pub, '2026-10')).body, published, 'reading gives what was published');
  assert.equal((await results(twin, '2026-10')).body.status, 'provisional');
});

test('later case changes move the live twin, never the published period', async () => {
  // A's caller is unsatisfied (October's closure no longer counts as resolved); C is finished late.
  loop.at('2026-11-03', '09:00');
  await s.act('intake', a, 'callback', { satisfaction: 'unsatisfied', reason: '垃圾又堆起来了' });
  loop.at('2026-11-03', '10:00');
  await s.act('s3-handler', c, 'report-back', { reason: '已清理', photos: AFTER_PHOTOS });
  loop.at('2026-11-03', '10:30');
  await s.act('inspector3', c, 'check-pass');
  loop.at('2026-11-03', '11:00');
  await s.act('shift', c, 'close');

  const live = await results(twin, '2026-10');
  assert.deepEqual(summary(live.body), [
    [STREETS[3], 75, 'B', 1, 'red'],
    [STREETS[2], 50, 'D', 2, 'black'], // closure 100, resolution now 0
    [S1, null, null, null, null],
    [S4, null, null, null, null],
  ]);
  assert.deepEqual((await results(pub, '2026-10')).body, published);
  // Facts rebuilt from the events (derived data recomputed): still the same published period.
  await rebuildFacts(s.db);
  assert.deepEqual((await results(pub, '2026-10')).body, published);
  assert.deepEqual(summary((await results(twin, '2026-10')).body), summary(live.body));
  const drill = (scheme: number) =>
    s.call(
      'GET',
      `/api/assessment/schemes/${scheme}/drilldown?period=2026-10&subject=${STREETS[2]}&indicator=actual_resolution&side=numerator`,
      { as: 'leader' },
    );
  const frozen = await drill(pub);
  assert.deepEqual(
    [frozen.body.status, frozen.body.count, frozen.body.cases.map((x: any) => x.id)],
    ['published', 1, [a]],
  );
  assert.deepEqual([(await drill(twin)).body.count], [0]);
  // Not even the database lets a published row change.
  await assert.rejects(
    s.db.updateTable('assessment_results').set({ score: 0 }).execute(),
    /published assessment data never changes/,
  );
  await assert.rejects(s.db.deleteFrom('assessment_figures').execute(), /never changes/);
});

test('corrections go into a later unpublished month, with a note', async () => {
  // November: street 3 closes a case on time (100).
  await loop.drive({ street: 3, day: '2026-11-04' });
  loop.at('2026-11-05', '09:00');
  const correct = (body: Record<string, unknown>) =>
    s.call('POST', `/api/assessment/schemes/${pub}/corrections`, { as: 'supervisor', body });
  const good = {
    subjectId: STREETS[3],
    period: '2026-11',
    correctsPeriod: '2026-10',
    points: -5,
    note: '10月漏计一件超期案件',
  };
  for (const [body, status, field] of [
    [{ ...good, period: '2026-10' }, 400, 'period'],
    [{ ...good, correctsPeriod: '2026-09', period: '2026-11' }, 409, 'correctsPeriod'],
    [{ ...good, note: '' }, 400, 'note'],
    [{ ...good, points: 0 }, 400, 'points'],
    [{ ...good, points: 1.005 }, 400, 'points'],
    [{ ...good, subjectId: 'x' }, 400, 'subjectId'],
    [{ ...good, period: '2026-Q4' }, 400, 'period'],
  ] as const) {
    const res = await correct(body);
    assert.deepEqual([res.status, res.body.field], [status, field], JSON.stringify([body, res.body]));
  }
  assert.equal(await s.count('assessment_corrections'), 0);
  const res = await correct(good);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const november = await results(pub, '2026-11');
  const s3 = november.body.rows.find((r: any) => r.subject.id === STREETS[3]);
  assert.deepEqual([s3.baseScore, s3.score, s3.grade], [100, 95, 'A']);
  assert.deepEqual(
    s3.corrections.map((x: any) => [x.points, x.correctsPeriod, x.note]),
    [[-5, '2026-10', '10月漏计一件超期案件']],
  );
  assert.deepEqual((await results(pub, '2026-10')).body, published, 'October is untouched');
});

test('the ranking bulletin as JSON and as an Excel workbook', async () => {
  const json = await s.call(
    'GET',
    `/api/assessment/bulletins/ranking?period=2026-10&schemeId=${pub}&schemeId=${twin}`,
    {
      as: 'leader',
    },
  );
  assert.equal(json.status, 200, JSON.stringify(json.body));
  assert.deepEqual(
    json.body.sections.map((x: any) => [x.scheme.code, x.status, x.rows.length]),
    [
      ['streets-pub', 'published', 4],
      ['streets-twin', 'provisional', 4],
    ],
  );
  const res = await download(`/api/assessment/bulletins/ranking.xlsx?period=2026-10&schemeId=${pub}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /attachment/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  assert.deepEqual(
    book.worksheets.map((w) => w.name),
    ['街道综合考评'],
  );
  const sheet = book.worksheets[0]!;
  assert.equal(sheet.getCell(1, 1).value, '街道综合考评 2026-10（正式发布）');
  assert.deepEqual(cells(sheet, 2, 1, 9), [
    '分档',
    '排名',
    '考评对象',
    '得分',
    '等级',
    '红黑旗',
    '上期得分',
    '上期排名',
    '升降',
  ]);
  assert.equal(sheet.views[0]?.state, 'frozen');
  assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 2);
  assert.ok((sheet.getColumn(3).width ?? 0) >= 20, 'the name column is wide');
  const rows = [];
  for (let i = 3; i <= sheet.rowCount; i++) rows.push(cells(sheet, i, 1, 6));
  assert.deepEqual(rows, [
    ['全部', 1, '古美街道', 100, 'A', '红旗'],
    ['全部', 2, published.rows[1].subject.name, 75, 'B', '黑旗'],
    ['全部', null, published.rows[2].subject.name, null, null, null],
    ['全部', null, published.rows[3].subject.name, null, null, null],
  ]);
});

test('the red case bulletin lists what went overdue in the period, by unit', async () => {
  const json = await s.call('GET', '/api/assessment/bulletins/red-cases?period=2026-10', { as: 'leader' });
  assert.equal(json.status, 200, JSON.stringify(json.body));
  assert.equal(
    json.body.total,
    1,
    'the suspended case is not overdue: its clock stopped before its deadline',
  );
  const [unit] = json.body.units;
  assert.equal(unit.unitId, await loop.unitId('s3-sanitation'));
  assert.deepEqual(
    unit.cases.map((x: any) => [x.id, x.dueAt, x.endedAt, x.overdueHours]),
    // due 10-14 15:00, reported back 11-03 10:00 (China time): 19 days 19 hours
    [[c, '2026-10-14T07:00:00.000Z', '2026-11-03T02:00:00.000Z', 475]],
  );
  assert.equal(
    (await s.call('GET', '/api/assessment/bulletins/red-cases?period=2026-09', { as: 'leader' })).body.total,
    0,
  );
  const res = await download('/api/assessment/bulletins/red-cases.xlsx?period=2026-10');
  assert.equal(res.statusCode, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  const sheet = book.worksheets[0]!;
  assert.deepEqual(cells(sheet, 2, 1, 3), ['责任单位', '案件编号', '类别']);
  assert.equal(sheet.rowCount, 3);
  assert.deepEqual(cells(sheet, 3, 6, 8), ['2026-10-14 15:00', '2026-11-03 10:00', 475]);
  const bad = await s.call('GET', '/api/assessment/bulletins/red-cases?period=2026-13', { as: 'leader' });
  assert.deepEqual([bad.status, bad.body.field], [400, 'period']);
});

test('findings of a published month are frozen; the open month takes new ones', async () => {
  assert.equal((await publish(ded, '2026-10')).status, 201);
  const record = (body: Record<string, unknown>, as = 'supervisor') =>
    s.call('POST', `/api/assessment/schemes/${ded}/findings`, { as, body });
  const ok = { subjectId: STREETS[3], date: '2026-11-05', code: 'stall' };
  const before = await s.count('supervision_findings');
  for (const [body, status, field] of [
    [{ ...ok, date: '2026-10-25' }, 409, 'date'],
    [{ ...ok, date: '2026-11-06' }, 400, 'date'],
    [{ ...ok, date: '2026-02-30' }, 400, 'date'],
    [{ ...ok, code: 'nope' }, 400, 'code'],
    [{ ...ok, subjectId: '999' }, 400, 'subjectId'],
    [{ ...ok, count: 0 }, 400, 'count'],
    [{ ...ok, caseId: 987654 }, 422, 'caseId'],
  ] as const) {
    const res = await record(body);
    assert.deepEqual([res.status, res.body.field], [status, field], JSON.stringify([body, res.body]));
  }
  assert.equal((await record(ok, 'leader')).status, 403, 'the supervision office records findings');
  assert.equal(await s.count('supervision_findings'), before);
  const october = await s.call('GET', `/api/assessment/schemes/${ded}/findings?period=2026-10`, {
    as: 'leader',
  });
  assert.deepEqual(
    october.body.map((f: any) => [f.subjectId, f.code, f.points, f.count]),
    [[STREETS[2], 'garbage', 2, 2]],
  );
  const frozenVoid = await s.call(
    'POST',
    `/api/assessment/schemes/${ded}/findings/${october.body[0].id}/void`,
    {
      as: 'supervisor',
      body: { reason: '录入错误' },
    },
  );
  assert.deepEqual([frozenVoid.status, frozenVoid.body.code], [409, 'PERIOD_PUBLISHED']);

  const created = await record({ ...ok, caseId: c, note: '早市占道' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual([created.body.points, created.body.caseId, created.body.name], [1, c, '占道经营']);
  const november = async () =>
    (await results(ded, '2026-11')).body.rows.find((r: any) => r.subject.id === STREETS[3]).score;
  assert.equal(await november(), 99);
  const voided = await s.call('POST', `/api/assessment/schemes/${ded}/findings/${created.body.id}/void`, {
    as: 'supervisor',
    body: { reason: '录入错误' },
  });
  assert.equal(voided.status, 200, JSON.stringify(voided.body));
  assert.equal(voided.body.voidReason, '录入错误');
  assert.equal(await november(), 100);
  const twice = await s.call('POST', `/api/assessment/schemes/${ded}/findings/${created.body.id}/void`, {
    as: 'supervisor',
    body: { reason: '再次' },
  });
  assert.equal(twice.status, 409);
  const onComposite = await s.call('POST', `/api/assessment/schemes/${pub}/findings`, {
    as: 'supervisor',
    body: ok,
  });
  assert.deepEqual([onComposite.status, onComposite.body.field], [400, 'schemeId']);
});

test('schemes: admin only, every bad field named, published kind and level kept', async () => {
  assert.equal(
    (await s.call('POST', '/api/assessment/schemes', { as: 'leader', body: composite('x-1') })).status,
    403,
  );
  const bad = async (body: unknown) =>
    (await s.call('POST', '/api/assessment/schemes', { as: 'admin', body })).body;
  assert.equal((await bad({ ...composite('streets-pub') })).code, 'DUPLICATE');
  const wrong = composite('x-2');
  wrong.config.weights[0]!.indicator = 'handled_on_time'; // a unit indicator
  assert.deepEqual(
    [(await bad(wrong)).code, (await bad(wrong)).field],
    ['INVALID_FIELD', 'config.weights.0.indicator'],
  );
  assert.equal((await bad({ ...composite('x-3'), extra: 1 })).field, 'extra');
  assert.equal((await bad({ code: 'x-4', name: 'x' })).field, 'config');
  const tiers = composite('x-5') as any;
  tiers.config.tiers = [{ code: 'core', name: '核心区', subjects: ['310112999'] }];
  assert.equal((await bad(tiers)).field, 'config.tiers.0.subjects.0');
  const toUnits = composite('streets-pub') as any;
  toUnits.config.level = 'unit';
  toUnits.config.weights = [{ indicator: 'handled_on_time', weight: 100 }];
  const put = await s.call('PUT', `/api/assessment/schemes/${pub}`, { as: 'admin', body: toUnits });
  assert.deepEqual([put.status, put.body.field], [409, 'config.level']);
  const renamed = await s.call('PUT', `/api/assessment/schemes/${pub}`, {
    as: 'admin',
    body: { ...composite('streets-pub'), name: '街道综合考评（新）' },
  });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(
    (await results(pub, '2026-10')).body.scheme.name,
    '街道综合考评',
    'published with the old name',
  );
  const list = await s.call('GET', '/api/assessment/schemes', { as: 'shift' });
  // The demo's default schemes, then this file's.
  assert.deepEqual(list.body.map((x: any) => x.code).slice(-3), [
    'streets-pub',
    'streets-twin',
    'streets-ded',
  ]);
  assert.ok(list.body.some((x: any) => x.code === 'units-monthly'));
});

test('who may read: roles, and a street supervisor sees only the street', async () => {
  for (const user of ['sanitation', 'dispatch', 'inspector2', 's2-chief']) {
    const res = await results(pub, '2026-10', user);
    assert.deepEqual([res.status, res.body.code], [403, 'ROLE_NOT_ALLOWED'], user);
  }
  const office = await loop.unitId('s2-office');
  const created = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username: 's2-supervisor',
      displayName: '古美督办',
      password: 'xiuhua-demo',
      unitId: office,
      roles: ['supervisor'],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const own = await results(pub, '2026-10', 's2-supervisor');
  assert.deepEqual(
    summary(own.body),
    [[STREETS[2], 100, 'A', 1, 'red']],
    'ranked among all, shown only its own',
  );
  const other = await s.call('GET', `/api/assessment/schemes/${pub}/results/${STREETS[3]}?period=2026-10`, {
    as: 's2-supervisor',
  });
  assert.equal(other.status, 404);
  const drill = await s.call(
    'GET',
    `/api/assessment/schemes/${pub}/drilldown?period=2026-10&subject=${STREETS[3]}&indicator=closure_rate&side=denominator`,
    { as: 's2-supervisor' },
  );
  assert.equal(drill.status, 404);
  loop.at('2026-12-01', '09:00');
  const refused = await publish(twin, '2026-11', 's2-supervisor');
  assert.deepEqual([refused.status, refused.body.code], [403, 'NOT_IN_SCOPE']);
  const outOfOrder = await publish(pub, '2026-09');
  assert.deepEqual([outOfOrder.status, outOfOrder.body.code], [409, 'OUT_OF_ORDER']);
  const badQuery = await results(pub, '');
  assert.equal(badQuery.status, 400);
  const ahead = await results(ded, '2027-01');
  assert.deepEqual([ahead.status, ahead.body.field], [400, 'period']);
  const noScheme = await results(424242, '2026-10');
  assert.equal(noScheme.status, 404);
});

test('the public page: city-wide figures without signing in, no personal data', async () => {
  const res = await s.call('GET', '/api/public/figures');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.month.period, '2026-12');
  assert.equal(res.body.streets.length, 4);
  assert.deepEqual(Object.keys(res.body).sort(), ['asOf', 'month', 'open', 'streets', 'today']);
  assert.deepEqual(res.body.open, { total: 2, overdue: 0 }, 'the reopened case and the suspended one');
  const text = JSON.stringify(res.body);
  for (const secret of ['reporter', 'phone', 'inspector', '李受理', 'description'])
    assert.ok(!text.includes(secret), secret);
});

test('the routes are in the OpenAPI document', async () => {
  const res = await s.call('GET', '/openapi.json', { as: 'admin' });
  assert.equal(res.status, 200);
  for (const path of [
    '/api/assessment/schemes/{id}/results',
    '/api/assessment/schemes/{id}/publish',
    '/api/assessment/bulletins/ranking.xlsx',
    '/api/public/figures/',
  ])
    assert.ok(res.body.paths[path], path);
});
