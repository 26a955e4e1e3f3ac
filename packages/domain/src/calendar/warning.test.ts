import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CalendarConfigError, WorkingCalendar } from './calendar.ts';
import { DEFAULT_WORKING_HOURS as HOURS } from './working-hours.ts';
import {
  colourAt,
  colourForShare,
  colourOf,
  DEFAULT_WARNING_THRESHOLDS,
  extendStep,
  nextChangeAt,
  nextChangeOf,
  parseWarningThresholds,
  remainingMinutesAt,
  resumeStep,
  type StepClock,
  scheduleOf,
  startStep,
  suspendStep,
  usedMinutesAt,
  type WarningColour,
  type WarningSchedule,
  warningSchedule,
} from './warning.ts';

const cal = new WorkingCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
const wall = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16) : null;
const walls = (s: WarningSchedule | null) =>
  s && { yellowAt: wall(s.yellowAt), orangeAt: wall(s.orangeAt), dueAt: wall(s.dueAt) };
const fourWorkHours = { amount: 4, unit: 'workHour' } as const;

describe('thresholds', () => {
  test('defaults and a valid custom set', () => {
    assert.deepEqual(DEFAULT_WARNING_THRESHOLDS, { yellow: 0.5, orange: 0.8, red: 1 });
    assert.deepEqual(parseWarningThresholds({ yellow: 0.6, orange: 0.9, red: 1 }), {
      yellow: 0.6,
      orange: 0.9,
      red: 1,
    });
  });

  test('rejects bad sets', () => {
    const bad = [
      null,
      { yellow: 0.5, orange: 0.8 },
      { yellow: '0.5', orange: 0.8, red: 1 },
      { yellow: 0.5, orange: 0.8, red: 1.2 },
      { yellow: 0.5, orange: 0.8, red: 0.9 },
      { yellow: 0, orange: 0.8, red: 1 },
      { yellow: 0.8, orange: 0.8, red: 1 },
      { yellow: 0.9, orange: 0.8, red: 1 },
      { yellow: 0.5, orange: 1, red: 1 },
      { yellow: Number.NaN, orange: 0.8, red: 1 },
    ];
    for (const input of bad)
      assert.throws(() => parseWarningThresholds(input), CalendarConfigError, JSON.stringify(input));
  });

  test('colourForShare', () => {
    const colours = [0, 0.49, 0.5, 0.79, 0.8, 0.99, 1, 1.5].map((share) => colourForShare(share));
    assert.deepEqual(colours, ['blue', 'blue', 'yellow', 'yellow', 'orange', 'orange', 'red', 'red']);
  });
});

describe('warning schedule', () => {
  test('4 working hours from 2026-09-30 16:00 change colour on 10-08', () => {
    const schedule = warningSchedule(cst('2026-09-30T16:00'), fourWorkHours, cal, HOURS);
    // 50% = 120 min: 90 on 09-30, 30 on 10-08; 80% = 192: 102 on 10-08; 100% = 240: 150 on 10-08.
    assert.deepEqual(walls(schedule), {
      yellowAt: '2026-10-08T09:00',
      orangeAt: '2026-10-08T10:12',
      dueAt: '2026-10-08T11:00',
    });
    const colourAtWall = (local: string) => colourAt(schedule, cst(local));
    assert.equal(colourAtWall('2026-09-30T17:00'), 'blue');
    assert.equal(colourAtWall('2026-10-05T12:00'), 'blue', 'the holiday uses no time');
    assert.equal(colourAtWall('2026-10-08T08:59'), 'blue');
    assert.equal(colourAtWall('2026-10-08T09:00'), 'yellow');
    assert.equal(colourAtWall('2026-10-08T10:12'), 'orange');
    assert.equal(colourAtWall('2026-10-08T10:59'), 'orange');
    assert.equal(colourAtWall('2026-10-08T11:00'), 'red');
    assert.equal(colourAtWall('2026-12-01T11:00'), 'red');
  });

  test('natural-time limits run through holidays', () => {
    const schedule = warningSchedule(cst('2026-10-01T10:00'), { amount: 2, unit: 'hour' }, cal, HOURS);
    assert.deepEqual(walls(schedule), {
      yellowAt: '2026-10-01T11:00',
      orangeAt: '2026-10-01T11:36',
      dueAt: '2026-10-01T12:00',
    });
  });

  test('custom thresholds', () => {
    const schedule = warningSchedule(
      cst('2026-03-02T08:30'),
      { amount: 100, unit: 'workMinute' },
      cal,
      HOURS,
      {
        yellow: 0.25,
        orange: 0.75,
        red: 1,
      },
    );
    assert.deepEqual(walls(schedule), {
      yellowAt: '2026-03-02T08:55',
      orangeAt: '2026-03-02T09:45',
      dueAt: '2026-03-02T10:10',
    });
  });

  test('a sweeper following nextChangeAt sees blue → yellow → orange → red, then nothing', () => {
    const start = cst('2026-02-13T10:00'); // across the 02-14 调休 Saturday and Spring Festival
    const schedule = warningSchedule(start, { amount: 2, unit: 'workDay' }, cal, HOURS);
    const seen: WarningColour[] = [colourAt(schedule, start)];
    let now: Date | null = start;
    for (let guard = 0; guard < 10 && now; guard++) {
      const next = nextChangeAt(schedule, now);
      if (!next) break;
      assert.notEqual(
        colourAt(schedule, new Date(next.getTime() - 1)),
        colourAt(schedule, next),
        'changes there',
      );
      now = next;
      seen.push(colourAt(schedule, now));
    }
    assert.deepEqual(seen, ['blue', 'yellow', 'orange', 'red']);
    assert.equal(wall(schedule.dueAt), '2026-02-24T10:00');
    assert.equal(nextChangeAt(schedule, schedule.dueAt), null);
  });

  test('a zero limit is red at once', () => {
    const step = startStep(cst('2026-03-02T10:00'), { amount: 0, unit: 'workHour' }, HOURS);
    assert.equal(colourOf(step, cst('2026-03-02T10:00'), cal, HOURS), 'red');
    assert.equal(nextChangeOf(step, cst('2026-03-02T10:00'), cal, HOURS), null);
  });
});

describe('step clock: suspension (挂账) and postponement (延期)', () => {
  const twoDays = { amount: 2, unit: 'workDay' } as const; // 900 working minutes

  test('suspend at 30% used, resume a week later: yellow comes after 20% more of the limit', () => {
    let step: StepClock = startStep(cst('2026-03-02T08:30'), twoDays, HOURS);
    assert.equal(step.limitMinutes, 900);
    // 08:30–12:00 and 13:30–14:30 = 270 minutes = 30%.
    step = suspendStep(step, cst('2026-03-02T14:30'), cal, HOURS);
    assert.equal(step.usedMinutes, 270);
    assert.equal(step.suspended, true);
    assert.equal(scheduleOf(step, cal, HOURS), null);
    assert.equal(nextChangeOf(step, cst('2026-03-05T10:00'), cal, HOURS), null);
    assert.equal(colourOf(step, cst('2026-03-30T10:00'), cal, HOURS), 'blue', 'frozen while suspended');
    assert.equal(remainingMinutesAt(step, cst('2026-03-30T10:00'), cal, HOURS), 630);

    step = resumeStep(step, cst('2026-03-09T08:30'));
    // yellow: 450 − 270 = 180 more; orange: 720 − 270 = 450 more; due: 900 − 270 = 630 more.
    assert.deepEqual(walls(scheduleOf(step, cal, HOURS)), {
      yellowAt: '2026-03-09T11:30',
      orangeAt: '2026-03-09T17:30',
      dueAt: '2026-03-10T11:30',
    });
    assert.equal(colourOf(step, cst('2026-03-09T11:29'), cal, HOURS), 'blue');
    assert.equal(colourOf(step, cst('2026-03-09T11:30'), cal, HOURS), 'yellow');
    assert.equal(wall(nextChangeOf(step, cst('2026-03-09T12:00'), cal, HOURS)), '2026-03-09T17:30');
    assert.equal(usedMinutesAt(step, cst('2026-03-09T12:00'), cal, HOURS), 270 + 210);
  });

  test('a step suspended in yellow stays yellow, and is yellow again at once on resume', () => {
    let step = startStep(cst('2026-03-02T08:30'), twoDays, HOURS);
    step = suspendStep(step, cst('2026-03-03T08:30'), cal, HOURS); // 450 = 50%
    assert.equal(colourOf(step, cst('2026-03-20T09:00'), cal, HOURS), 'yellow');
    step = resumeStep(step, cst('2026-03-20T09:00'));
    const schedule = scheduleOf(step, cal, HOURS)!;
    assert.equal(wall(schedule.yellowAt), '2026-03-20T09:00');
    assert.equal(colourAt(schedule, cst('2026-03-20T09:00')), 'yellow');
    assert.equal(wall(schedule.dueAt), '2026-03-23T09:00'); // 450 more: Friday 09:00 → Monday 09:00
  });

  test('several suspensions add up', () => {
    let step = startStep(cst('2026-03-02T08:30'), fourWorkHours, HOURS);
    step = suspendStep(step, cst('2026-03-02T09:30'), cal, HOURS); // 60
    step = resumeStep(step, cst('2026-03-04T16:30'));
    step = suspendStep(step, cst('2026-03-04T17:30'), cal, HOURS); // 60 more, across the night: 17:30 stops
    step = resumeStep(step, cst('2026-03-05T15:00'));
    assert.equal(step.usedMinutes, 120);
    // 120 left from 15:00 on 03-05, which has 150 working minutes to go.
    assert.equal(wall(scheduleOf(step, cal, HOURS)!.dueAt), '2026-03-05T17:00');
  });

  test('postponement extends the limit; the shares apply to the new limit', () => {
    let step = startStep(cst('2026-09-30T16:00'), fourWorkHours, HOURS);
    assert.equal(colourOf(step, cst('2026-10-08T10:30'), cal, HOURS), 'orange');
    step = extendStep(step, { amount: 1, unit: 'workDay' }, HOURS); // 240 + 450 = 690
    assert.equal(step.limitMinutes, 690);
    // used at 10:30 on 10-08: 90 + 120 = 210, i.e. 30% of 690.
    assert.equal(colourOf(step, cst('2026-10-08T10:30'), cal, HOURS), 'blue');
    assert.deepEqual(walls(scheduleOf(step, cal, HOURS)), {
      yellowAt: '2026-10-08T14:15', // 345
      orangeAt: '2026-10-09T08:42', // 552
      dueAt: '2026-10-09T11:00', // 690
    });
  });

  test('postponement after red turns the step back from red', () => {
    let step = startStep(cst('2026-09-30T16:00'), fourWorkHours, HOURS);
    const now = cst('2026-10-08T14:00');
    assert.equal(colourOf(step, now, cal, HOURS), 'red');
    // used: 90 on 09-30, then 210 + 30 on 10-08 = 330 of 240.
    assert.equal(remainingMinutesAt(step, now, cal, HOURS), -90);
    step = extendStep(step, { amount: 4, unit: 'workHour' }, HOURS);
    assert.equal(colourOf(step, now, cal, HOURS), 'yellow'); // 330 of 480
    assert.equal(wall(nextChangeOf(step, now, cal, HOURS)), '2026-10-08T14:54'); // 384 = 80%
  });

  test('postponement while suspended keeps the clock stopped', () => {
    let step = startStep(cst('2026-03-02T08:30'), fourWorkHours, HOURS);
    step = suspendStep(step, cst('2026-03-02T12:00'), cal, HOURS); // 210 of 240: orange
    assert.equal(colourOf(step, cst('2026-03-03T09:00'), cal, HOURS), 'orange');
    step = extendStep(step, { amount: 3, unit: 'workHour' }, HOURS); // 210 of 420: yellow
    assert.equal(colourOf(step, cst('2026-03-03T09:00'), cal, HOURS), 'yellow');
    assert.equal(scheduleOf(step, cal, HOURS), null);
  });

  test('a step clock stays consistent with the share of time used', () => {
    let step = startStep(cst('2026-04-30T15:00'), { amount: 3, unit: 'workDay' }, HOURS);
    step = suspendStep(step, cst('2026-05-06T09:00'), cal, HOURS);
    step = resumeStep(step, cst('2026-05-08T13:00'));
    step = extendStep(step, { amount: 90, unit: 'workMinute' }, HOURS);
    for (let t = cst('2026-05-08T13:00').getTime(); t < cst('2026-05-20T00:00').getTime(); t += 17 * 60_000) {
      const now = new Date(t);
      const share = usedMinutesAt(step, now, cal, HOURS) / step.limitMinutes;
      assert.equal(colourOf(step, now, cal, HOURS), colourForShare(share), wall(now) ?? '');
    }
  });

  test('natural-time steps suspend and resume in natural minutes', () => {
    let step = startStep(cst('2026-10-01T10:00'), { amount: 2, unit: 'hour' }, HOURS);
    assert.equal(step.working, false);
    step = suspendStep(step, cst('2026-10-01T10:30'), cal, HOURS);
    step = resumeStep(step, cst('2026-10-02T10:00'));
    assert.equal(wall(scheduleOf(step, cal, HOURS)!.dueAt), '2026-10-02T11:30');
  });

  test('misuse is refused', () => {
    const step = startStep(cst('2026-03-02T08:30'), fourWorkHours, HOURS);
    assert.throws(() => resumeStep(step, cst('2026-03-02T09:00')), /not suspended/);
    assert.throws(() => suspendStep(step, cst('2026-03-02T08:00'), cal, HOURS), RangeError);
    const suspended = suspendStep(step, cst('2026-03-02T10:00'), cal, HOURS);
    assert.throws(() => suspendStep(suspended, cst('2026-03-02T11:00'), cal, HOURS), /already suspended/);
    assert.throws(() => resumeStep(suspended, cst('2026-03-02T09:59')), RangeError);
    assert.throws(() => extendStep(step, { amount: 1, unit: 'day' }, HOURS), /natural time/);
    assert.throws(
      () => startStep(cst('2026-03-02T08:30'), fourWorkHours, HOURS, { yellow: 0.5, orange: 0.4, red: 1 }),
      CalendarConfigError,
    );
  });
});
