import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CalendarConfigError,
  CalendarNotCoveredError,
  WorkingCalendar,
  type WorkingDayCalendar,
} from './calendar.ts';
import {
  addMinutes,
  addTime,
  addWorkingMinutes,
  limitToMinutes,
  minutesBetween,
  workingMinutesBetween,
} from './clock.ts';
import { DEFAULT_WORKING_HOURS as HOURS, parseWorkingHours } from './working-hours.ts';

const cal = new WorkingCalendar();
/** A wall-clock time in China Standard Time, e.g. cst('2026-09-30T16:00'). */
const cst = (local: string) => new Date(`${local}+08:00`);
/** Formats an instant back to CST wall-clock 'YYYY-MM-DDTHH:MM(:SS.mmm)' for readable failures. */
const wall = (d: Date) => {
  const text = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 23);
  return text.endsWith(':00.000') ? text.slice(0, 16) : text;
};

describe('limitToMinutes', () => {
  test('natural and working units', () => {
    assert.deepEqual(limitToMinutes({ amount: 30, unit: 'minute' }, HOURS), { minutes: 30, working: false });
    assert.deepEqual(limitToMinutes({ amount: 2, unit: 'hour' }, HOURS), { minutes: 120, working: false });
    assert.deepEqual(limitToMinutes({ amount: 1, unit: 'day' }, HOURS), { minutes: 1440, working: false });
    assert.deepEqual(limitToMinutes({ amount: 45, unit: 'workMinute' }, HOURS), {
      minutes: 45,
      working: true,
    });
    assert.deepEqual(limitToMinutes({ amount: 4, unit: 'workHour' }, HOURS), { minutes: 240, working: true });
    assert.deepEqual(limitToMinutes({ amount: 2, unit: 'workDay' }, HOURS), { minutes: 900, working: true });
    const nineToSix = parseWorkingHours([{ start: '09:00', end: '18:00' }]);
    assert.deepEqual(limitToMinutes({ amount: 1, unit: 'workDay' }, nineToSix), {
      minutes: 540,
      working: true,
    });
  });

  test('rejects negative, non-finite amounts and unknown units', () => {
    assert.throws(() => limitToMinutes({ amount: -1, unit: 'workHour' }, HOURS), CalendarConfigError);
    assert.throws(() => limitToMinutes({ amount: Number.NaN, unit: 'hour' }, HOURS), CalendarConfigError);
    assert.throws(() => limitToMinutes({ amount: 1, unit: 'week' as 'day' }, HOURS), /Unknown time unit/);
  });
});

describe('addWorkingMinutes and addTime', () => {
  test('4 working hours from Wednesday 2026-09-30 16:00 end after National Day, 2026-10-08 11:00', () => {
    // 16:00–17:30 uses 90 minutes; 10-01..07 are off; 150 more from 08:30 on Thursday 10-08.
    const due = addTime(cst('2026-09-30T16:00'), { amount: 4, unit: 'workHour' }, cal, HOURS);
    assert.equal(wall(due), '2026-10-08T11:00');
  });

  test('4 working hours from Friday 2026-04-03 16:00 skip Qingming (04-04..06) to Tuesday 11:00', () => {
    const due = addTime(cst('2026-04-03T16:00'), { amount: 4, unit: 'workHour' }, cal, HOURS);
    assert.equal(wall(due), '2026-04-07T11:00');
  });

  test('a start at lunch (12:30) begins counting at 13:30', () => {
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T12:30'), 60, cal, HOURS)), '2026-03-02T14:30');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T12:30'), 1, cal, HOURS)), '2026-03-02T13:31');
  });

  test('a start before work, at night or on a weekend begins at the next working period', () => {
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T06:00'), 30, cal, HOURS)), '2026-03-02T09:00');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T21:00'), 30, cal, HOURS)), '2026-03-03T09:00');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-07T10:00'), 30, cal, HOURS)), '2026-03-09T09:00'); // Saturday
  });

  test('a limit that exactly fills a period ends at its end, not at the next start', () => {
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T08:30'), 210, cal, HOURS)), '2026-03-02T12:00');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T08:30'), 450, cal, HOURS)), '2026-03-02T17:30');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T08:00'), 450, cal, HOURS)), '2026-03-02T17:30');
    // From midnight, whole days are skipped at once; a whole day still ends at 17:30.
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T00:00'), 450, cal, HOURS)), '2026-03-02T17:30');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T00:00'), 900, cal, HOURS)), '2026-03-03T17:30');
    assert.equal(wall(addWorkingMinutes(cst('2026-03-02T17:30'), 1, cal, HOURS)), '2026-03-03T08:31');
  });

  test('zero minutes is the start itself', () => {
    const start = cst('2026-03-07T10:00');
    assert.equal(addWorkingMinutes(start, 0, cal, HOURS).getTime(), start.getTime());
  });

  test('2 working days from 10:00 end at 10:00 two working days later', () => {
    const twoDays = { amount: 2, unit: 'workDay' } as const;
    assert.equal(wall(addTime(cst('2026-03-02T10:00'), twoDays, cal, HOURS)), '2026-03-04T10:00');
    // Friday 02-13, then Saturday 02-14 is a 调休 working day, then Spring Festival 02-15..23.
    assert.equal(wall(addTime(cst('2026-02-13T10:00'), twoDays, cal, HOURS)), '2026-02-24T10:00');
  });

  test('20 working days cross the 09-20 调休 Sunday and Mid-Autumn (09-25..27)', () => {
    const due = addTime(cst('2026-09-01T09:00'), { amount: 20, unit: 'workDay' }, cal, HOURS);
    assert.equal(wall(due), '2026-09-29T09:00');
  });

  test('long spans skip whole days: one calendar look-up per day at most', () => {
    let lookups = 0;
    const counting: WorkingDayCalendar = {
      isWorkingDay: (date) => {
        lookups++;
        return cal.isWorkingDay(date);
      },
    };
    const start = cst('2026-01-05T09:00');
    const due = addWorkingMinutes(start, 200 * 450, counting, HOURS);
    const days = Math.round((due.getTime() - start.getTime()) / 86_400_000) + 1;
    assert.equal(wall(due), wall(addTime(start, { amount: 200, unit: 'workDay' }, cal, HOURS)));
    assert.ok(lookups <= days, `${lookups} look-ups for ${days} days`);
    assert.equal(workingMinutesBetween(start, due, cal, HOURS), 200 * 450);
  });

  test('natural-time limits ignore holidays', () => {
    const start = cst('2026-09-30T16:00');
    assert.equal(wall(addTime(start, { amount: 3, unit: 'day' }, cal, HOURS)), '2026-10-03T16:00');
    assert.equal(wall(addTime(start, { amount: 4, unit: 'hour' }, cal, HOURS)), '2026-09-30T20:00');
    assert.equal(wall(addTime(start, { amount: 90, unit: 'minute' }, cal, HOURS)), '2026-09-30T17:30');
    assert.equal(minutesBetween(start, cst('2026-10-03T16:00'), false, cal, HOURS), 3 * 1440);
    assert.equal(wall(addMinutes(start, 30, false, cal, HOURS)), '2026-09-30T16:30');
  });

  test('an override making 2026-10-08 a day off moves the deadline to 10-09', () => {
    const local = new WorkingCalendar({
      overrides: [{ date: '2026-10-08', working: false, note: 'local holiday' }],
    });
    const due = addTime(cst('2026-09-30T16:00'), { amount: 4, unit: 'workHour' }, local, HOURS);
    assert.equal(wall(due), '2026-10-09T11:00');
  });

  test('an uncovered year throws, and works once it is published', () => {
    const fourHours = { amount: 4, unit: 'workHour' } as const;
    assert.throws(
      () => addTime(cst('2030-03-01T16:00'), fourHours, cal, HOURS),
      (error: unknown) => error instanceof CalendarNotCoveredError && error.year === 2030,
    );
    const admin = new WorkingCalendar({ published: { 2030: { off: ['01-01'], work: [] } } });
    assert.equal(wall(addTime(cst('2030-03-01T16:00'), fourHours, admin, HOURS)), '2030-03-04T11:00');
  });

  test('a span running into an uncovered year throws', () => {
    assert.throws(
      () => addWorkingMinutes(cst('2026-12-31T17:00'), 60, cal, HOURS),
      (error: unknown) => error instanceof CalendarNotCoveredError && error.year === 2027,
    );
    assert.equal(wall(addWorkingMinutes(cst('2026-12-31T17:00'), 30, cal, HOURS)), '2026-12-31T17:30');
    assert.throws(
      () => workingMinutesBetween(cst('2026-12-31T09:00'), cst('2027-01-04T09:00'), cal, HOURS),
      CalendarNotCoveredError,
    );
    // The part of 2027-01-01 before 08:30 holds no working period, so it needs no calendar.
    assert.equal(workingMinutesBetween(cst('2026-12-31T09:00'), cst('2027-01-01T08:00'), cal, HOURS), 420);
  });

  test('other working hours', () => {
    const shifts = parseWorkingHours([
      { start: '00:00', end: '06:00' },
      { start: '22:00', end: '24:00' },
    ]);
    // Friday 22:00–24:00 uses 120; the weekend is off; Monday from 00:00.
    assert.equal(wall(addWorkingMinutes(cst('2026-03-06T21:00'), 180, cal, shifts)), '2026-03-09T01:00');
  });
});

describe('workingMinutesBetween', () => {
  test('counts only working periods of working days', () => {
    assert.equal(workingMinutesBetween(cst('2026-09-30T16:00'), cst('2026-10-08T11:00'), cal, HOURS), 240);
    assert.equal(workingMinutesBetween(cst('2026-03-02T11:00'), cst('2026-03-02T14:00'), cal, HOURS), 90);
    assert.equal(workingMinutesBetween(cst('2026-03-06T17:00'), cst('2026-03-09T09:00'), cal, HOURS), 60);
    assert.equal(workingMinutesBetween(cst('2026-02-14T00:00'), cst('2026-02-24T00:00'), cal, HOURS), 450);
  });

  test('is 0 when to <= from', () => {
    const t = cst('2026-03-02T10:00');
    assert.equal(workingMinutesBetween(t, t, cal, HOURS), 0);
    assert.equal(workingMinutesBetween(t, cst('2026-03-02T09:00'), cal, HOURS), 0);
    assert.equal(minutesBetween(t, cst('2026-03-02T09:00'), false, cal, HOURS), 0);
  });

  test('keeps seconds exact', () => {
    const from = new Date(cst('2026-03-02T10:00').getTime() + 30_000);
    assert.equal(workingMinutesBetween(from, cst('2026-03-02T10:02'), cal, HOURS), 1.5);
  });
});

/** Seeded PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Reference: walk minute by minute, counting the minutes that lie in working time. */
function bruteForceAdd(start: Date, minutes: number): Date {
  if (minutes === 0) return start;
  const periods = [
    [8 * 60 + 30, 12 * 60],
    [13 * 60 + 30, 17 * 60 + 30],
  ] as const;
  let t = start.getTime();
  let used = 0;
  for (;;) {
    const local = new Date(t + 8 * 3_600_000);
    const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
    const working =
      cal.isWorkingDay(local.toISOString().slice(0, 10)) &&
      periods.some(([from, to]) => minuteOfDay >= from && minuteOfDay < to);
    t += 60_000;
    if (working && ++used === minutes) return new Date(t);
  }
}

describe('properties', () => {
  const from = Date.parse('2010-01-01T00:00:00+08:00');
  const to = Date.parse('2026-11-01T00:00:00+08:00');

  test('workingMinutesBetween(start, addWorkingMinutes(start, m)) == m', () => {
    const random = prng(20260930);
    for (let i = 0; i < 3000; i++) {
      // Half the starts on whole minutes, half at any millisecond; some amounts fractional.
      const raw = from + Math.floor(random() * (to - from));
      const start = new Date(i % 2 === 0 ? raw - (raw % 60_000) : raw);
      const whole = Math.floor(random() * 20 * 450);
      const minutes = i % 3 === 0 ? whole + Math.floor(random() * 60) / 60 : whole;
      const due = addWorkingMinutes(start, minutes, cal, HOURS);
      assert.ok(due.getTime() >= start.getTime());
      assert.equal(
        workingMinutesBetween(start, due, cal, HOURS),
        minutes,
        `${start.toISOString()} + ${minutes}`,
      );
    }
  });

  test('addWorkingMinutes matches a minute-by-minute walk', () => {
    const random = prng(42);
    for (let i = 0; i < 150; i++) {
      const raw = from + Math.floor(random() * (to - from));
      const start = new Date(raw - (raw % 60_000));
      const minutes = Math.floor(random() * 1000);
      assert.equal(
        wall(addWorkingMinutes(start, minutes, cal, HOURS)),
        wall(bruteForceAdd(start, minutes)),
        `${wall(start)} + ${minutes}`,
      );
    }
  });
});
