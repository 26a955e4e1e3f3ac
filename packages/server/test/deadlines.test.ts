// Deadlines on the official working-time calendar, through the API and the warning sweeper.
// Working hours 08:30–12:00 and 13:30–17:30 (7.5 h a day). 2026: 10-01..10-07 National Day off,
// 10-08 (Thu) and 10-09 (Fri) working, 10-10 (Sat) an adjusted working day; 2027–2100 are
// provisional (the holiday rule: 2027-01-01 Friday off) until an arrangement is imported; 2101 on
// is not covered until an admin imports it. Expected instants are worked out by hand in the
// comments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepAll, sweepOnce } from '../src/cases/sweeper.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { startTestServer, type TestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道, area class A
const S2 = '310112006'; // 古美街道, area class B
const S4 = '310112009'; // 浦锦街道, area class C
const GARBAGE = '06010'; // 暴露垃圾: normal, working clock; handle A 2 / B 4 / C 8 workHour
const BURNING = '06020'; // 焚烧垃圾、树叶: urgent, natural clock; handle B 2 hour, sign 15 minute

/** 'YYYY-MM-DD HH:MM' China Standard Time → ISO instant as the API returns it. */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/**
 * API helpers on one test server. Requests carry API keys, not sessions: sessions expire 12 hours
 * after their last use on the test's clock, and these tests move the clock by days and years.
 */
async function client(s: TestServer) {
  // Sessions signed in again at the clock's instant (the fixture's last 5 years; see relogin).
  const fresh = new Map<string, string>();
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { as?: string; body?: unknown } = {},
  ) => {
    const cookie = options.as ? fresh.get(options.as) : undefined;
    return cookie
      ? s.call(method, url, { body: options.body, headers: { cookie } })
      : s.call(method, url, options);
  };
  /** Sign in again now, for tests that jump further ahead than a session lasts. */
  const relogin = async (...usernames: string[]) => {
    for (const username of usernames) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      fresh.set(username, `xh_session=${res.cookies.find((c) => c.name === 'xh_session')!.value}`);
    }
  };
  const units = new Map<string, number>(
    (await call('GET', '/api/units', { as: 'admin' })).body.map((u: { code: string; id: number }) => [
      u.code,
      u.id,
    ]),
  );
  const unitId = (code: string) => units.get(code)!;
  const at = (local: string) => s.clock.set(cst(local));
  const act = async (
    id: number,
    action: string,
    as: string,
    body: Record<string, unknown> = {},
    status = 200,
  ) => {
    const res = await call('POST', `/api/cases/${id}/${action.replaceAll('_', '-')}`, { as, body });
    assert.equal(res.status, status, `${action} by ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const report = async (street: string, classCode: string, status = 201) => {
    const res = await call('POST', '/api/cases', {
      as: 'inspector1',
      body: {
        source: 'inspector',
        kind: 'event',
        classCode,
        description: '测试上报',
        location: await s.pointIn(street),
      },
    });
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  /** Report, accept, file and dispatch at the current instant. */
  const dispatchNow = async (street: string, classCode: string, unitCode: string) => {
    const c = await report(street, classCode);
    await act(c.id, 'accept', 'intake');
    await act(c.id, 'file', 'shift');
    return await act(c.id, 'dispatch', 'dispatch', { unitId: unitId(unitCode) });
  };
  const getCase = async (id: number) => {
    const res = await call('GET', `/api/cases/${id}`, { as: 'admin' });
    assert.equal(res.status, 200);
    return res.body;
  };
  const count = async (table: 'cases' | 'case_events' | 'case_counters') =>
    (
      await s.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return { call, at, act, report, dispatchNow, getCase, unitId, count, relogin };
}

// Both servers start before any test is registered: node:test runs a test as soon as it is
// registered, so a top-level await after the first test() would race the tests.
const s = await startTestServer();
const api = await client(s);
// The colour tests get a server of their own, so that every sweep count is exactly their cases.
const w = await startTestServer();
const wapi = await client(w);
const { time } = w.app.services;

test('4 working hours from Wednesday 16:00 before National Day end on Thursday 10-08 at 11:00', async () => {
  const cls = await api.call('GET', '/api/catalogue/classes/event/06010', { as: 'dispatch' });
  assert.equal(cls.body[0].name, '暴露垃圾');
  assert.equal(cls.body[0].clock, 'working');
  assert.deepEqual(cls.body[0].limits.B.handle, { amount: 4, unit: 'workHour' });

  api.at('2026-09-30 16:00');
  const b = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(b.area.areaClass, 'B');
  assert.equal(b.step, 'handle');
  // 16:00–17:30 is 1.5 h; 10-01..07 are off; the other 2.5 h run from 08:30 on 10-08.
  assert.equal(b.dueAt, cst('2026-10-08 11:00'));
  assert.equal(b.signDueAt, cst('2026-09-30 17:00'));

  // The same class elsewhere: its area class decides the limit.
  const a = await api.dispatchNow(S1, GARBAGE, 's1-sanitation');
  assert.equal(a.area.areaClass, 'A');
  assert.equal(a.dueAt, cst('2026-10-08 09:00')); // 2 h: 1.5 h + 0.5 h
  const c = await api.dispatchNow(S4, GARBAGE, 's4-sanitation');
  assert.equal(c.area.areaClass, 'C');
  assert.equal(c.dueAt, cst('2026-10-08 16:30')); // 8 h: 1.5 h, then 3.5 h + 3 h on 10-08

  // The intake step is the centre's, and the demo centres run round the clock: 30 minutes later,
  // holiday or not.
  api.at('2026-09-30 17:20');
  const late = await api.report(S2, GARBAGE);
  assert.equal(late.step, 'accept');
  assert.equal(late.dueAt, cst('2026-09-30 17:50'));
});

test('the 2026 calendar: adjusted Saturdays work, the holiday does not; uncovered years are an error', async () => {
  const res = await api.call('GET', '/api/calendar/2026', { as: 'dispatch' });
  assert.equal(res.status, 200);
  const working = new Map<string, boolean>(
    res.body.days.map((d: { date: string; working: boolean }) => [d.date, d.working]),
  );
  assert.equal(working.size, 365);
  assert.equal(working.get('2026-02-14'), true, 'Saturday, adjusted working day (春节)');
  assert.equal(working.get('2026-10-10'), true, 'Saturday, adjusted working day (国庆)');
  for (let d = 1; d <= 7; d++) assert.equal(working.get(`2026-10-0${d}`), false, `2026-10-0${d}`);
  assert.equal(working.get('2026-10-08'), true);
  assert.equal(working.get('2026-10-17'), false, 'a plain Saturday');
  assert.equal(working.get('2026-09-28'), true, 'a plain Monday');
  assert.ok(res.body.coveredYears.includes(2026));
  assert.equal(res.body.provisional, false);
  assert.ok(!res.body.coveredYears.includes(2027), 'not published');
  assert.deepEqual(res.body.provisionalYears, { from: 2027, to: 2100 });

  for (const year of [2006, 2101]) {
    const uncovered = await api.call('GET', `/api/calendar/${year}`, { as: 'dispatch' });
    assert.equal(uncovered.status, 422);
    assert.equal(uncovered.body.code, 'CALENDAR_NOT_COVERED');
    assert.match(uncovered.body.detail, new RegExp(String(year)));
  }
});

test('2027 is provisional (暂定): the holiday rule, never a plain week', async () => {
  const res = await api.call('GET', '/api/calendar/2027', { as: 'dispatch' });
  assert.equal(res.status, 200);
  assert.equal(res.body.provisional, true);
  const off = res.body.days
    .filter((d: { date: string; working: boolean }) => !d.working)
    .map((d: { date: string }) => d.date)
    .filter((d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  // weekdays off: 元旦; 除夕 and the 补假 of 初一–初二; 清明; the 补假 of 1–2 May; 端午; 中秋; 国庆
  assert.deepEqual(off, [
    '2027-01-01',
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-04-05',
    '2027-05-03',
    '2027-05-04',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01',
    '2027-10-04',
    '2027-10-05',
  ]);
  assert.ok(
    res.body.days.every(
      (d: { date: string; working: boolean }) =>
        !d.working || ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay()),
    ),
    'no weekend working day (no 调休)',
  );
});

test('a deadline running into a provisional year says so until the arrangement is imported', async () => {
  // Thursday 2026-12-31 16:00: 1.5 h that day; Friday 2027-01-01 is 元旦 by the rule, so the
  // remaining 2.5 h of 4 working hours run on Monday 01-04.
  api.at('2026-12-31 16:00');
  const crossing = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(crossing.dueAt, cst('2027-01-04 11:00'));
  assert.equal(crossing.provisional, true);
  // A step due within 2026 is firm; so is one on natural time, which never asks the calendar.
  api.at('2026-12-30 09:00');
  const firm = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(firm.dueAt, cst('2026-12-30 14:30'));
  assert.equal(firm.provisional, undefined);
  api.at('2026-12-31 23:00');
  const natural = await api.dispatchNow(S2, BURNING, 's2-enforcement');
  assert.equal(natural.dueAt, cst('2027-01-01 01:00'));
  assert.equal(natural.provisional, undefined);
  const listed = await api.call('GET', '/api/cases?pageSize=500', { as: 'supervisor' });
  const row = listed.body.items.find((c: { id: number }) => c.id === crossing.id);
  assert.equal(row.provisional, true, 'the list says 暂定 too');

  // A hypothetical notice (the real one is not out) that also gives Monday 01-04 off: importing
  // it publishes 2027 and moves the open step to Tuesday.
  const notice = {
    year: 2027,
    papers: ['https://www.gov.cn/example'],
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2027-01-04', isOffDay: true },
      { name: '元旦', date: '2027-01-09', isOffDay: false },
    ],
  };
  const denied = await api.call('POST', '/api/calendar/years', { as: 'supervisor', body: notice });
  assert.equal(denied.status, 403);
  const imported = await api.call('POST', '/api/calendar/years', { as: 'admin', body: notice });
  assert.equal(imported.status, 204, JSON.stringify(imported.body));
  const moved = await api.getCase(crossing.id);
  assert.equal(moved.dueAt, cst('2027-01-05 11:00'), 'the open step is re-timed');
  assert.equal(moved.provisional, undefined, 'published: no longer 暂定');
  const cal = await api.call('GET', '/api/calendar/2027', { as: 'dispatch' });
  assert.equal(cal.body.provisional, false);
  assert.ok(cal.body.coveredYears.includes(2027));
  const day = (date: string) => cal.body.days.find((d: { date: string }) => d.date === date);
  assert.equal(day('2027-01-09').working, true, "the notice's weekend working day");
  assert.equal(day('2027-02-10').working, true, 'the rule no longer applies');

  // An empty days list means unpublished: the year is provisional again, and so is the deadline.
  const withdrawn = await api.call('POST', '/api/calendar/years', {
    as: 'admin',
    body: { year: 2027, days: [] },
  });
  assert.equal(withdrawn.status, 204);
  const back = await api.getCase(crossing.id);
  assert.equal(back.dueAt, cst('2027-01-04 11:00'));
  assert.equal(back.provisional, true);
});

test('a bad arrangement is refused naming the field, in Chinese or English, and changes nothing', async () => {
  const bad = {
    year: 2027,
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2026-12-31', isOffDay: true },
    ],
  };
  const zh = await api.call('POST', '/api/calendar/years', { as: 'admin', body: bad });
  assert.equal(zh.status, 400);
  assert.equal(zh.body.code, 'INVALID_FIELD');
  assert.equal(zh.body.field, 'days.1.date');
  assert.match(zh.body.message, /[\u4e00-\u9fff]/, 'Chinese by default');
  assert.match(zh.body.detail, /not in 2027/);
  const en = await s.call('POST', '/api/calendar/years', {
    as: 'admin',
    body: { year: 2027, days: [{ name: '元旦', date: '2027-01-04', isOffDay: false }] },
    headers: { 'accept-language': 'en' },
  });
  assert.equal(en.status, 400);
  assert.equal(en.body.field, 'days.0.isOffDay');
  assert.doesNotMatch(en.body.message, /[\u4e00-\u9fff]/, 'English when asked');
  const missing = await api.call('POST', '/api/calendar/years', { as: 'admin', body: { year: 2027 } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.field, 'days');
  const cal = await api.call('GET', '/api/calendar/2027', { as: 'dispatch' });
  assert.equal(cal.body.provisional, true, 'still provisional');
});

test('an admin override moves new deadlines and those of running steps', async () => {
  // Dispatched 10-08 16:00: 1.5 h that day, 2.5 h on the next working day.
  api.at('2026-10-08 16:00');
  const before = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(before.dueAt, cst('2026-10-09 11:00'));

  const denied = await api.call('PUT', '/api/calendar/overrides/2026-10-09', {
    as: 'dispatch',
    body: { working: false },
  });
  assert.equal(denied.status, 403);
  const put = await api.call('PUT', '/api/calendar/overrides/2026-10-09', {
    as: 'admin',
    body: { working: false, note: '台风停工' },
  });
  assert.equal(put.status, 204, JSON.stringify(put.body));
  const cal = await api.call('GET', '/api/calendar/2026', { as: 'dispatch' });
  const day = cal.body.days.find((d: { date: string }) => d.date === '2026-10-09');
  assert.deepEqual(day, { date: '2026-10-09', working: false, override: true, note: '台风停工' });

  // 10-09 is off now: the next working day is the adjusted Saturday 10-10.
  const after = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(after.dueAt, cst('2026-10-10 11:00'));
  assert.equal(
    (await api.getCase(before.id)).dueAt,
    cst('2026-10-10 11:00'),
    'running steps follow the calendar',
  );

  const removed = await api.call('DELETE', '/api/calendar/overrides/2026-10-09', { as: 'admin' });
  assert.equal(removed.status, 204);
  const again = await api.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(again.dueAt, cst('2026-10-09 11:00'));
  assert.equal((await api.getCase(before.id)).dueAt, cst('2026-10-09 11:00'));
});

test('warning thresholds: bad values are refused naming value; only an admin changes them', async () => {
  for (const value of [
    { yellow: 0.9, orange: 0.8, red: 1 },
    { yellow: 0.5, orange: 0.8, red: 0.9 },
    { yellow: 0, orange: 0.8, red: 1 },
    { yellow: '0.5', orange: 0.8, red: 1 },
    'half',
  ]) {
    const res = await api.call('PUT', '/api/settings/warning_thresholds', { as: 'admin', body: { value } });
    assert.equal(res.status, 400, JSON.stringify(value));
    assert.equal(res.body.field, 'value');
  }
  const good = { yellow: 0.25, orange: 0.5, red: 1 };
  const denied = await api.call('PUT', '/api/settings/warning_thresholds', {
    as: 'supervisor',
    body: { value: good },
  });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.code, 'ROLE_NOT_ALLOWED');
  let settings = await api.call('GET', '/api/settings', { as: 'supervisor' });
  assert.deepEqual(settings.body.warning_thresholds, { yellow: 0.5, orange: 0.8, red: 1 });

  // A change applies to steps started afterwards; running steps keep their thresholds.
  api.at('2026-09-28 09:00');
  const old = await api.dispatchNow(S2, BURNING, 's2-enforcement');
  const ok = await api.call('PUT', '/api/settings/warning_thresholds', {
    as: 'admin',
    body: { value: good },
  });
  assert.equal(ok.status, 204);
  settings = await api.call('GET', '/api/settings', { as: 'supervisor' });
  assert.deepEqual(settings.body.warning_thresholds, good);
  const fresh = await api.dispatchNow(S2, BURNING, 's2-enforcement');
  const nextColourAt = async (id: number) =>
    (
      await s.db.selectFrom('cases').select('next_colour_at').where('id', '=', id).executeTakeFirstOrThrow()
    ).next_colour_at?.toISOString();
  assert.equal(await nextColourAt(old.id), cst('2026-09-28 10:00'), '50% of 2 h');
  assert.equal(await nextColourAt(fresh.id), cst('2026-09-28 09:30'), '25% of 2 h');
  const restore = await api.call('PUT', '/api/settings/warning_thresholds', {
    as: 'admin',
    body: { value: { yellow: 0.5, orange: 0.8, red: 1 } },
  });
  assert.equal(restore.status, 204);
});

// Last on this server: it imports 2101.
test('a deadline in a year without a calendar is refused with 422 and writes nothing', async () => {
  // The intake clock runs on the centre's round-the-clock schedule (holidays on), which never asks
  // the calendar: a report in uncovered 2101 is taken, due 30 minutes later.
  api.at('2101-01-03 10:00');
  await api.relogin('inspector1', 'intake', 'shift', 'dispatch', 'admin');
  const taken = await api.report(S2, GARBAGE);
  assert.equal(taken.dueAt, cst('2101-01-03 10:30'));

  // On the last afternoon of 2100 (provisional, the rule's last year; a Friday) a case is taken,
  // but its handling time runs into 2101.
  api.at('2100-12-31 16:00');
  const c = await api.report(S2, GARBAGE);
  assert.equal(c.dueAt, cst('2100-12-31 16:30'));
  await api.act(c.id, 'accept', 'intake');
  const filed = await api.act(c.id, 'file', 'shift');
  const eventsBefore = await api.count('case_events');
  const blocked = await api.act(c.id, 'dispatch', 'dispatch', { unitId: api.unitId('s2-sanitation') }, 422);
  assert.equal(blocked.code, 'CALENDAR_NOT_COVERED');
  const unchanged = await api.getCase(c.id);
  assert.equal(unchanged.state, 'filed');
  assert.equal(unchanged.version, filed.version);
  assert.equal(unchanged.dueAt, filed.dueAt);
  assert.equal(await api.count('case_events'), eventsBefore);

  // Once an admin imports 2101, the same dispatch goes through: 1.5 h on Friday, 2.5 h on Monday.
  const notice = { year: 2101, days: [{ name: '元旦', date: '2101-01-01', isOffDay: true }] };
  const denied = await api.call('POST', '/api/calendar/years', { as: 'dispatch', body: notice });
  assert.equal(denied.status, 403);
  const declared = await api.call('POST', '/api/calendar/years', { as: 'admin', body: notice });
  assert.equal(declared.status, 204);
  const ok = await api.act(c.id, 'dispatch', 'dispatch', { unitId: api.unitId('s2-sanitation') });
  assert.equal(ok.dueAt, cst('2101-01-03 11:00'));
  assert.equal(ok.provisional, true, 'it started in provisional 2100');
});

// ------------------------------------------------------------------ colours, on server w

/** Sweep at the clock's instant; check the count is exactly the cases whose colour changed. */
async function sweep(expectedChanged: number[]) {
  const colours = async () =>
    new Map((await w.db.selectFrom('cases').select(['id', 'colour']).execute()).map((r) => [r.id, r.colour]));
  const before = await colours();
  const n = await sweepAll(w.db, time, w.clock.now());
  const after = await colours();
  const changed = [...after].filter(([id, colour]) => before.get(id) !== colour).map(([id]) => id);
  assert.deepEqual(changed.sort(), [...expectedChanged].sort(), `changed at ${w.clock.now().toISOString()}`);
  assert.equal(n, changed.length, 'the sweep touches only the cases whose colour changes');
}

const colourOf = async (id: number) => (await wapi.getCase(id)).colour;

test('colours: blue → yellow → orange → red at 50%, 80% and 100% of the limit', async () => {
  wapi.at('2026-09-28 09:00');
  // Urgent, natural time: 2 hours round the clock.
  const urgent = await wapi.dispatchNow(S2, BURNING, 's2-enforcement');
  assert.equal(urgent.urgency, 'urgent');
  assert.equal(urgent.dueAt, cst('2026-09-28 11:00'));
  assert.equal(urgent.signDueAt, cst('2026-09-28 09:15'));
  assert.equal(urgent.colour, 'blue');
  // Normal, working time: 4 working hours, due 14:30; yellow after 2 h (11:00), orange after 3.2 h (13:42).
  const normal = await wapi.dispatchNow(S2, GARBAGE, 's2-sanitation');
  assert.equal(normal.dueAt, cst('2026-09-28 14:30'));

  assert.equal(await sweepOnce(w.db, time, w.clock.now()), 0, 'nothing is due');
  wapi.at('2026-09-28 09:59');
  assert.equal(await sweepOnce(w.db, time, w.clock.now()), 0);
  assert.equal(await colourOf(urgent.id), 'blue');

  wapi.at('2026-09-28 10:00');
  await sweep([urgent.id]);
  assert.equal(await colourOf(urgent.id), 'yellow');
  assert.equal(await colourOf(normal.id), 'blue');

  wapi.at('2026-09-28 10:35');
  await sweep([]);
  wapi.at('2026-09-28 10:36');
  await sweep([urgent.id]);
  assert.equal(await colourOf(urgent.id), 'orange');

  wapi.at('2026-09-28 11:00');
  await sweep([urgent.id, normal.id]);
  assert.equal(await colourOf(urgent.id), 'red');
  assert.equal(await colourOf(normal.id), 'yellow');

  wapi.at('2026-09-28 12:30'); // lunch: working time stands still
  await sweep([]);
  wapi.at('2026-09-28 13:42');
  await sweep([normal.id]);
  assert.equal(await colourOf(normal.id), 'orange');
  wapi.at('2026-09-28 14:30');
  await sweep([normal.id]);
  assert.equal(await colourOf(normal.id), 'red');

  wapi.at('2026-09-29 09:00');
  await sweep([]);
  const red = await wapi.call('GET', '/api/cases?colour=red', { as: 'supervisor' });
  assert.deepEqual(red.body.items.map((c: { id: number }) => c.id).sort(), [urgent.id, normal.id].sort());
  const pending = await w.db
    .selectFrom('cases')
    .select('id')
    .where('next_colour_at', 'is not', null)
    .execute();
  assert.deepEqual(pending, [], 'red is the last colour: nothing left to sweep');
});

test('suspension stops the clock: a suspended case never turns red; after resuming it runs on', async () => {
  wapi.at('2026-09-29 09:00');
  const c = await wapi.dispatchNow(S2, BURNING, 's2-enforcement');
  assert.equal(c.dueAt, cst('2026-09-29 11:00'));
  wapi.at('2026-09-29 09:30'); // 30 of 120 minutes used
  const suspended = await wapi.act(c.id, 'suspend', 'dispatch', { reason: '等待产权单位' });
  assert.equal(suspended.state, 'suspended');
  assert.equal(suspended.dueAt, null);
  assert.equal(suspended.colour, 'blue');

  for (const later of ['2026-09-29 11:00', '2026-09-30 09:00', '2026-10-06 09:00']) {
    wapi.at(later);
    await sweep([]);
    assert.equal(await colourOf(c.id), 'blue', later);
  }

  // Resumed on a holiday (natural time runs regardless): 90 minutes left.
  wapi.at('2026-10-06 10:00');
  const resumed = await wapi.act(c.id, 'resume', 'dispatch');
  assert.equal(resumed.state, 'dispatched');
  assert.equal(resumed.dueAt, cst('2026-10-06 11:30'));
  assert.equal(resumed.colour, 'blue');
  wapi.at('2026-10-06 10:29');
  await sweep([]);
  wapi.at('2026-10-06 10:30'); // 60 of 120 used
  await sweep([c.id]);
  assert.equal(await colourOf(c.id), 'yellow');
  wapi.at('2026-10-06 11:06'); // 96 of 120 used
  await sweep([c.id]);
  assert.equal(await colourOf(c.id), 'orange');
  wapi.at('2026-10-06 11:30');
  await sweep([c.id]);
  assert.equal(await colourOf(c.id), 'red');
});
