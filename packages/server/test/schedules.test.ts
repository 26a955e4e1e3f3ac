// Duty schedules through the API: a step's deadline runs on the schedule of the unit that owns it,
// the schedule version is kept in the step clock, and the case says which limit is in force and
// why. Worked by hand: 2026-10-17 is a plain Saturday, 10-19 the Monday after. 占道经营 (09006) has
// a handling limit of 1 working hour in area class A (江川路街道, S1).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownerSchedule } from '../src/cases/step-clock.ts';
import type { DirectoryService } from '../src/platform/directory.ts';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const S1 = '310112001'; // 江川路街道, area class A
const STALLS = '09006'; // 占道经营: working clock, A 1 workHour
const WATERLOGGING = '10003'; // 道路积水

const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const s = await startTestServer();
const units = new Map<string, { id: number; scheduleId: number }>(
  (await s.call('GET', '/api/units', { as: 'admin' })).body.map(
    (u: { code: string; id: number; scheduleId: number }) => [u.code, u],
  ),
);
const unit = (code: string) => units.get(code)!;

async function dispatchAt(local: string, classCode: string, unitCode: string) {
  s.clock.set(cst(local));
  const res = await s.call('POST', '/api/cases', {
    as: 'inspector1',
    body: {
      source: 'inspector',
      kind: 'event',
      classCode,
      description: '测试上报',
      location: await s.pointIn(S1),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await s.act('intake', res.body.id, 'accept');
  await s.act('shift', res.body.id, 'file');
  return await s.act('dispatch', res.body.id, 'dispatch', { unitId: String(unit(unitCode).id) });
}

const squadPeriods = (end: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end }));

let squadScheduleId = 0;

test('an admin creates a schedule and puts a squad on it; others may not; bad ones are refused', async () => {
  const denied = await s.call('POST', '/api/schedules', {
    as: 'dispatch',
    body: { code: 'squad-x', name: 'x', periods: squadPeriods('22:00'), holidays: 'on' },
  });
  assert.equal(denied.status, 403);
  const overlapping = await s.call('POST', '/api/schedules', {
    as: 'admin',
    body: {
      code: 'bad',
      name: '重叠',
      periods: [
        { weekday: 1, start: '07:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ],
      holidays: 'off',
    },
  });
  assert.equal(overlapping.status, 400);
  assert.equal(overlapping.body.code, 'INVALID_SCHEDULE');
  const before = await s.count('duty_schedules');
  const created = await s.call('POST', '/api/schedules', {
    as: 'admin',
    body: {
      code: 'squad-test',
      name: '执法中队勤务',
      nameEn: 'Squad duty',
      periods: squadPeriods('22:00'),
      holidays: 'on',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.version, 1);
  assert.equal(await s.count('duty_schedules'), before + 1);
  squadScheduleId = created.body.id;

  const unknown = await s.call('PATCH', `/api/units/${unit('s1-enforcement').id}`, {
    as: 'admin',
    body: { scheduleId: 99_999 },
  });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.code, 'UNKNOWN_SCHEDULE');
  const moved = await s.call('PATCH', `/api/units/${unit('s1-enforcement').id}`, {
    as: 'admin',
    body: { scheduleId: squadScheduleId },
  });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.scheduleId, squadScheduleId);
});

test('占道经营 dispatched Saturday 20:00: the squad (07:00–22:00) owes it by 21:00, an office by Monday 09:30', async () => {
  const squad = await dispatchAt('2026-10-17 20:00', STALLS, 's1-enforcement');
  assert.equal(squad.step, 'handle');
  assert.equal(squad.dueAt, cst('2026-10-17 21:00'));
  assert.equal(squad.signDueAt, cst('2026-10-17 21:00')); // sign-for: 1 working hour on the squad's hours
  assert.deepEqual(squad.limitNote, {
    zh: '江川路街道·A 类区域：处置时限 1 工作小时',
    en: 'Jiangchuan Road Subdistrict · area class A: handling limit 1 working hour',
  });
  // The district enforcement bureau keeps office hours: Saturday and Sunday off, Monday 08:30 + 1 h.
  const office = await dispatchAt('2026-10-17 20:00', STALLS, 'enforcement');
  assert.equal(office.dueAt, cst('2026-10-19 09:30'));
  const read = await s.call('GET', `/api/cases/${squad.id}`, { as: 'dispatch' });
  assert.equal(read.body.limitNote.zh, '江川路街道·A 类区域：处置时限 1 工作小时');
});

test('道路积水 runs on natural time through the weekend whoever owns it', async () => {
  const c = await dispatchAt('2026-10-17 20:00', WATERLOGGING, 'drainage');
  assert.equal(c.dueAt, cst('2026-10-17 22:00'));
  assert.equal(c.limitNote.zh, '江川路街道·A 类区域：处置时限 2 小时');
});

test('a schedule change leaves running steps alone and times new ones on the new version', async () => {
  const running = await dispatchAt('2026-10-24 20:00', STALLS, 's1-enforcement');
  assert.equal(running.dueAt, cst('2026-10-24 21:00'));
  const changed = await s.call('PATCH', `/api/schedules/${squadScheduleId}`, {
    as: 'admin',
    body: { periods: squadPeriods('20:00') },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.version, 2);
  // A calendar change re-times running steps — on the version each was started on.
  const override = await s.call('PUT', '/api/calendar/overrides/2026-10-26', {
    as: 'admin',
    body: { working: false },
  });
  assert.equal(override.status, 204);
  assert.equal(
    (await s.call('GET', `/api/cases/${running.id}`, { as: 'admin' })).body.dueAt,
    cst('2026-10-24 21:00'),
  );
  // Started now, on version 2: 20:00 is after the day's end; Sunday 07:00 + 1 h.
  const later = await dispatchAt('2026-10-24 20:00', STALLS, 's1-enforcement');
  assert.equal(later.dueAt, cst('2026-10-25 08:00'));
  // A name change is not a new version.
  const renamed = await s.call('PATCH', `/api/schedules/${squadScheduleId}`, {
    as: 'admin',
    body: { name: '中队勤务' },
  });
  assert.equal(renamed.body.version, 2);

  const history = await s.call('GET', `/api/admin/history?entity=duty_schedule&key=${squadScheduleId}`, {
    as: 'admin',
  });
  assert.equal(history.status, 200);
  assert.deepEqual(
    history.body.items.map((e: { action: string }) => e.action),
    ['update', 'update', 'create'],
  );
  const list = await s.call('GET', '/api/schedules', { as: 'drainage' });
  assert.equal(list.status, 200);
  assert.equal(list.body.find((x: { id: number }) => x.id === squadScheduleId).unitCount, 1);
});

test('a unit’s head keeps its roster; who is on duty across a shift change and a holiday', async () => {
  const users = (await s.call('GET', '/api/users', { as: 'admin' })).body as {
    id: number;
    username: string;
  }[];
  const userId = (name: string) => users.find((u) => u.username === name)!.id;
  const station = unit('sanitation');
  const second = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username: 'sanitation2',
      displayName: '王环卫',
      password: 'sanitation2-pass',
      unitId: station.id,
      roles: ['handler'],
    },
  });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  const [early, late] = [String(userId('sanitation')), String(second.body.id)];
  const roster = {
    holidays: 'off',
    shifts: [
      {
        code: 'early',
        name: '早班',
        weekdays: [1, 2, 3, 4, 5],
        start: '05:00',
        end: '13:00',
        people: [early],
      },
      { code: 'late', name: '中班', weekdays: [1, 2, 3, 4, 5], start: '13:00', end: '21:00', people: [late] },
    ],
    exceptions: [{ date: '2026-10-02', shift: 'late', people: [late], note: '国庆值班' }],
  };
  const url = `/api/units/${station.id}/roster`;
  // The demo names 周环卫 the station's head; without that, a handler may not edit its roster.
  const unheaded = await s.call('PATCH', `/api/units/${station.id}`, {
    as: 'admin',
    body: { headUserId: null },
  });
  assert.equal(unheaded.body.headUserId, null);
  assert.equal(
    (await s.call('PUT', url, { as: 'sanitation', body: roster })).status,
    403,
    'not yet its head',
  );
  const headed = await s.call('PATCH', `/api/units/${station.id}`, {
    as: 'admin',
    body: { headUserId: Number(early) },
  });
  assert.equal(headed.body.headUserId, Number(early));
  // The head picks the people from the unit's active users.
  const people = await s.call('GET', `${url}/people`, { as: 'sanitation' });
  assert.equal(people.status, 200, JSON.stringify(people.body));
  assert.deepEqual(
    people.body
      .filter((p: { id: number }) => [early, late].includes(String(p.id)))
      .map((p: { displayName: string }) => p.displayName)
      .sort(),
    ['周环卫', '王环卫'].sort(),
  );
  assert.ok(!people.body.some((p: { id: number }) => p.id === userId('drainage')));
  assert.equal((await s.call('GET', `${url}/people`, { as: 'drainage' })).status, 403);
  const stranger = await s.call('PUT', url, {
    as: 'sanitation',
    body: {
      ...roster,
      shifts: [{ ...roster.shifts[0]!, people: [String(userId('drainage'))] }, roster.shifts[1]!],
    },
  });
  assert.equal(stranger.status, 422, JSON.stringify(stranger.body));
  assert.equal(stranger.body.code, 'UNKNOWN_USER');
  assert.equal(stranger.body.field, 'shifts.0.people', 'the form marks the shift that names him');
  const badTime = await s.call('PUT', url, {
    as: 'sanitation',
    body: { ...roster, shifts: [roster.shifts[0]!, { ...roster.shifts[1]!, end: '25:00' }] },
  });
  assert.equal(badTime.status, 400, JSON.stringify(badTime.body));
  assert.equal(badTime.body.code, 'INVALID_SCHEDULE');
  assert.equal(badTime.body.field, 'shifts.1.end');
  const noShift = await s.call('PUT', url, {
    as: 'sanitation',
    body: { ...roster, exceptions: [{ ...roster.exceptions[0]!, shift: 'night' }] },
  });
  assert.equal(noShift.body.field, 'exceptions.0.shift');
  const saved = await s.call('PUT', url, { as: 'sanitation', body: roster });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body.names, { [early]: '周环卫', [late]: '王环卫' });
  assert.equal(
    (await s.call('PUT', url, { as: 'drainage', body: roster })).status,
    403,
    'another unit’s handler',
  );

  const onDuty = async (query: string) => {
    const res = await s.call('GET', `/api/units/${station.id}/on-duty?${query}`, { as: 'dispatch' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.people.map((p: { displayName: string }) => p.displayName);
  };
  // 2026-09-30 is a Wednesday: 12:59 the early shift, 13:00 the late one.
  assert.deepEqual(await onDuty(`at=${cst('2026-09-30 12:59')}`), ['周环卫']);
  assert.deepEqual(await onDuty(`at=${cst('2026-09-30 13:00')}`), ['王环卫']);
  // National Day: nobody, but for the holiday duty on 10-02's late shift.
  assert.deepEqual(await onDuty(`at=${cst('2026-10-01 10:00')}`), []);
  assert.deepEqual(await onDuty(`at=${cst('2026-10-02 14:00')}`), ['王环卫']);
  // The adjusted Saturday 10-10 runs Monday's shifts.
  assert.deepEqual(await onDuty('date=2026-10-10'), ['周环卫', '王环卫']);

  const history = await s.call('GET', `/api/admin/history?entity=duty_roster&key=${station.id}`, {
    as: 'admin',
  });
  assert.deepEqual(
    history.body.items.map((e: { action: string }) => e.action),
    ['update'],
  );
});

test('a step no unit owns (an area without a centre) runs on the office schedule', async () => {
  const rules = await s.app.services.time.rules();
  const nobody = {
    centreFor: async () => undefined,
    unit: async () => undefined,
  } as unknown as DirectoryService;
  const office = [...rules.schedules.current.values()].find((r) => r.code === 'office')!;
  assert.deepEqual(
    await ownerSchedule(nobody, rules, 'accept', { area_path: '310100/399999', assignee_unit_id: null }),
    {
      id: office.id,
      version: office.version,
    },
  );
});

test('every running step explains its limit; a closed case explains none', async () => {
  s.clock.set(cst('2026-10-19 10:00'));
  const res = await s.call('POST', '/api/cases', {
    as: 'inspector1',
    body: {
      source: 'inspector',
      kind: 'event',
      classCode: STALLS,
      description: '测试上报',
      location: await s.pointIn(S1),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(res.body.limitNote, {
    zh: '平台环节时限（工作时）：立案时限 30 工作分钟',
    en: 'Platform step limits (working time): filing limit 30 working minutes',
  });
  await s.act('intake', res.body.id, 'accept');
  const filed = await s.act('shift', res.body.id, 'file');
  assert.equal(filed.limitNote.zh, '平台环节时限（工作时）：派遣时限 30 工作分钟');
  const water = await dispatchAt('2026-10-19 10:00', WATERLOGGING, 'drainage');
  assert.equal(water.limitNote.zh, '江川路街道·A 类区域：处置时限 2 小时');
  await s.act('drainage', water.id, 'sign');
  const back = await s.act('drainage', water.id, 'report-back', { reason: '已排水', photos: AFTER_PHOTOS });
  assert.equal(back.limitNote.zh, '平台环节时限（自然时）：核查时限 1 小时');
  await s.act('inspector1', water.id, 'check-pass');
  const closed = await s.act('shift', water.id, 'close');
  assert.equal(closed.limitNote, null);
});
