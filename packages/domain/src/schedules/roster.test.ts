// Who is on duty, worked by hand. 2026: 09-30 is a Wednesday, 10-01..10-07 National Day off,
// 10-10 (Saturday) an adjusted working day.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkingCalendar } from '../calendar/calendar.ts';
import { CalendarConfigError } from '../calendar/calendar.ts';
import { onDutyAt, onDutyOn, parseRoster } from './roster.ts';

const cal = new WorkingCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
const who = (at: string) => onDutyAt(roster, cst(at), cal).flatMap((s) => s.people);

/** A sanitation station: early 05:00–13:00 and late 13:00–21:00 on weekdays, holidays off. */
const roster = parseRoster({
  holidays: 'off',
  shifts: [
    {
      code: 'early',
      name: '早班',
      weekdays: [1, 2, 3, 4, 5],
      start: '05:00',
      end: '13:00',
      people: ['11', '12'],
    },
    { code: 'late', name: '中班', weekdays: [1, 2, 3, 4, 5], start: '13:00', end: '21:00', people: ['13'] },
    { code: 'night', name: '夜班', weekdays: [3], start: '21:00', end: '05:00', people: ['14'] },
  ],
  exceptions: [
    { date: '2026-10-02', shift: 'early', people: ['12'], note: '国庆值班' },
    { date: '2026-10-08', shift: 'late', people: ['15'], note: '换班' },
  ],
});

test('across a shift change: 12:59 the early shift, 13:00 the late one', () => {
  assert.deepEqual(who('2026-09-30T12:59'), ['11', '12']);
  assert.deepEqual(who('2026-09-30T13:00'), ['13']);
  assert.deepEqual(who('2026-09-30T21:00'), ['14']);
  // The Wednesday night shift runs into the first holiday morning.
  assert.deepEqual(who('2026-10-01T04:59'), ['14']);
  assert.deepEqual(who('2026-10-01T05:00'), []);
});

test('on a holiday only the holiday duty from the exceptions; the pattern resumes after it', () => {
  assert.deepEqual(onDutyOn(roster, '2026-10-01', cal), []);
  assert.deepEqual(who('2026-10-02T10:00'), ['12']);
  assert.deepEqual(who('2026-10-02T14:00'), []);
  assert.deepEqual(who('2026-10-08T10:00'), ['11', '12']);
  assert.deepEqual(who('2026-10-08T14:00'), ['15']); // swapped
  // The adjusted Saturday 10-10 runs Monday's shifts; a plain Saturday none.
  assert.deepEqual(
    onDutyOn(roster, '2026-10-10', cal).map((s) => s.shift),
    ['early', 'late'],
  );
  assert.deepEqual(onDutyOn(roster, '2026-10-17', cal), []);
});

test('a holidays-on roster runs every day; bad rosters are refused', () => {
  const squad = parseRoster({
    holidays: 'on',
    shifts: [
      {
        code: 'day',
        name: '白班',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start: '07:00',
        end: '22:00',
        people: ['21'],
      },
    ],
  });
  assert.deepEqual(onDutyAt(squad, cst('2026-10-01T21:59'), cal)[0]!.people, ['21']);
  assert.deepEqual(onDutyAt(squad, cst('2026-10-01T22:00'), cal), []);
  assert.throws(
    () =>
      parseRoster({
        holidays: 'off',
        shifts: [{ code: 'x', name: 'x', weekdays: [1], start: '7:00', end: '22:00', people: [] }],
      }),
    CalendarConfigError,
  );
  assert.throws(
    () =>
      parseRoster({
        holidays: 'off',
        shifts: [],
        exceptions: [{ date: '2026-10-01', shift: 'nope', people: [] }],
      }),
    /no shift/,
  );
});
