// Duty schedules, worked by hand. 2026: 12-05 is a Saturday, 12-07 a Monday; 10-01..10-07 National
// Day off (10-03, 10-04 are its weekend), 10-10 (Saturday) an adjusted working day.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CalendarConfigError, WorkingCalendar } from './calendar.ts';
import { addTime, addWorkingMinutes, limitToMinutes, workingMinutesBetween } from './clock.ts';
import { OFFICE_SCHEDULE, parseDutySchedule, ROUND_THE_CLOCK_SCHEDULE } from './schedule.ts';
import { scheduleOf, startStep } from './warning.ts';
import { DEFAULT_WORKING_HOURS } from './working-hours.ts';

const cal = new WorkingCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
const wall = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

const ENFORCEMENT = parseDutySchedule({
  periods: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '22:00' })),
  holidays: 'on',
});
/** A sanitation station in two shifts, Monday–Saturday, holidays off. */
const STATION = parseDutySchedule({
  periods: [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
    { weekday, start: '05:00', end: '13:00' },
    { weekday, start: '13:00', end: '21:00' },
  ]),
  holidays: 'off',
});
const hour = { amount: 1, unit: 'workHour' } as const;

describe('duty schedules', () => {
  test('Saturday 20:00 + 1 working hour: enforcement squad 21:00, office Monday 09:30', () => {
    const sat = cst('2026-12-05T20:00');
    assert.equal(wall(addTime(sat, hour, cal, ENFORCEMENT)), '2026-12-05T21:00');
    // Saturday and Sunday are off; Monday starts at 08:30, one hour later is 09:30.
    assert.equal(wall(addTime(sat, hour, cal, OFFICE_SCHEDULE)), '2026-12-07T09:30');
    // Natural time ignores the schedule: 2 hours from 20:00 is 22:00 whoever owns the step.
    assert.equal(wall(addTime(sat, { amount: 2, unit: 'hour' }, cal, OFFICE_SCHEDULE)), '2026-12-05T22:00');
  });

  test('an enforcement squad: 21:30 + 1 h runs 30 min to 22:00, then from 07:00 → 07:30 next day', () => {
    assert.equal(wall(addTime(cst('2026-12-05T21:30'), hour, cal, ENFORCEMENT)), '2026-12-06T07:30');
    // Holidays on: National Day 10-01 works like any day.
    assert.equal(wall(addTime(cst('2026-10-01T09:00'), hour, cal, ENFORCEMENT)), '2026-10-01T10:00');
    // 1 workDay = its standard day, 15 h.
    assert.deepEqual(limitToMinutes({ amount: 1, unit: 'workDay' }, ENFORCEMENT), {
      minutes: 900,
      working: true,
    });
  });

  test('the office schedule gives exactly the legacy working hours', () => {
    for (const [start, minutes] of [
      ['2026-09-30T16:00', 240],
      ['2026-09-30T17:20', 30],
      ['2026-10-09T17:00', 120], // runs into the adjusted Saturday 10-10
      ['2026-12-04T12:30', 4 * 450 + 15],
    ] as const) {
      assert.equal(
        wall(addWorkingMinutes(cst(start), minutes, cal, OFFICE_SCHEDULE)),
        wall(addWorkingMinutes(cst(start), minutes, cal, DEFAULT_WORKING_HOURS)),
        start,
      );
    }
    assert.equal(
      workingMinutesBetween(cst('2026-09-30T10:00'), cst('2026-10-12T10:00'), cal, OFFICE_SCHEDULE),
      workingMinutesBetween(cst('2026-09-30T10:00'), cst('2026-10-12T10:00'), cal, DEFAULT_WORKING_HOURS),
    );
  });

  test('a six-day station: works plain Saturdays, not holidays; an adjusted Saturday runs the standard day', () => {
    // Saturday 12-05 20:30 + 1 h: 30 min to 21:00, Sunday off, Monday 05:00 + 30 min.
    assert.equal(wall(addTime(cst('2026-12-05T20:30'), hour, cal, STATION)), '2026-12-07T05:30');
    // 09-30 (Wed) 20:30 + 1 h: 30 min, then 10-01..10-07 holiday (Saturday 10-03 too), 10-08 05:30.
    assert.equal(wall(addTime(cst('2026-09-30T20:30'), hour, cal, STATION)), '2026-10-08T05:30');
    // Working minutes 10-09 21:00 → 10-11 00:00: Saturday 10-10 is an adjusted working day, 16 h.
    assert.equal(
      workingMinutesBetween(cst('2026-10-09T21:00'), cst('2026-10-11T00:00'), cal, STATION),
      16 * 60,
    );
  });

  test('a round-the-clock centre: working time is natural time', () => {
    assert.equal(
      wall(addTime(cst('2026-10-01T23:30'), hour, cal, ROUND_THE_CLOCK_SCHEDULE)),
      '2026-10-02T00:30',
    );
  });

  test('a schedule version is a value: a step started on it keeps its deadline', () => {
    const step = startStep(cst('2026-12-05T20:00'), hour, ENFORCEMENT);
    assert.equal(wall(scheduleOf(step, cal, ENFORCEMENT)!.dueAt), '2026-12-05T21:00');
    const shorter = parseDutySchedule({
      periods: [{ weekday: 6, start: '07:00', end: '20:00' }],
      holidays: 'on',
    });
    // Timed on the new version, a new step started at the same instant waits for next Saturday.
    assert.equal(wall(addTime(cst('2026-12-05T20:00'), hour, cal, shorter)), '2026-12-12T08:00');
  });

  test('bad schedules are refused naming the problem', () => {
    const bad = (input: unknown, message: RegExp) =>
      assert.throws(
        () => parseDutySchedule(input),
        (e: Error) => e instanceof CalendarConfigError && message.test(e.message),
      );
    bad({ periods: [], holidays: 'off' }, /at least one/);
    bad({ periods: [{ weekday: 1, start: '08:00', end: '12:00' }], holidays: 'sometimes' }, /holidays/);
    bad({ periods: [{ weekday: 8, start: '08:00', end: '12:00' }], holidays: 'on' }, /weekday/);
    bad(
      {
        periods: [
          { weekday: 2, start: '08:00', end: '12:00' },
          { weekday: 2, start: '11:00', end: '13:00' },
        ],
        holidays: 'on',
      },
      /Tuesday/,
    );
    bad({ periods: [{ weekday: 3, start: '22:00', end: '06:00' }], holidays: 'on' }, /before it starts/);
  });
});
