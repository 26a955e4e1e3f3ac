import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CalendarConfigError } from './calendar.ts';
import { DEFAULT_WORKING_HOURS, parseWorkingHours, workingMinutesPerDay } from './working-hours.ts';

describe('working hours', () => {
  test('default is 08:30–12:00 and 13:30–17:30, 450 minutes a day', () => {
    assert.deepEqual(DEFAULT_WORKING_HOURS, [
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    assert.equal(workingMinutesPerDay(DEFAULT_WORKING_HOURS), 450);
  });

  test('parses a valid config into a frozen copy', () => {
    const input = [
      { start: '09:00', end: '12:00', extra: 'ignored' },
      { start: '12:00', end: '18:00' },
    ];
    const hours = parseWorkingHours(input);
    assert.deepEqual(hours, [
      { start: '09:00', end: '12:00' },
      { start: '12:00', end: '18:00' },
    ]);
    assert.ok(Object.isFrozen(hours) && Object.isFrozen(hours[0]));
    assert.equal(workingMinutesPerDay(hours), 540);
  });

  test('round the clock is allowed with an end of 24:00', () => {
    assert.equal(workingMinutesPerDay(parseWorkingHours([{ start: '00:00', end: '24:00' }])), 1440);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not a list', { start: '08:30', end: '12:00' }, /non-empty list/],
    ['empty', [], /non-empty list/],
    ['a period that is not an object', ['08:30-12:00'], /period 1 must be an object/],
    ['missing end', [{ start: '08:30' }], /period 1 end must be a time/],
    ['single-digit hour', [{ start: '8:30', end: '12:00' }], /period 1 start must be a time 'HH:MM'/],
    ['minute 60', [{ start: '08:60', end: '12:00' }], /period 1 start/],
    ['start at 24:00', [{ start: '24:00', end: '24:00' }], /period 1 start/],
    ['end after 24:00', [{ start: '20:00', end: '24:30' }], /period 1 end/],
    ['end before start', [{ start: '12:00', end: '08:30' }], /period 1 ends \(08:30\) before it starts/],
    ['empty period', [{ start: '12:00', end: '12:00' }], /before it starts/],
    [
      'overlap',
      [
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '17:30' },
      ],
      /period 2 \(11:30–17:30\) starts before period 1 ends/,
    ],
    [
      'out of order',
      [
        { start: '13:30', end: '17:30' },
        { start: '08:30', end: '12:00' },
      ],
      /period 2 .* starts before period 1 ends/,
    ],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseWorkingHours(input),
        (error: unknown) => error instanceof CalendarConfigError && message.test(error.message),
      );
    });
  }
});
