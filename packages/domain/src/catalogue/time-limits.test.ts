import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clockOfUnit,
  comparableMinutes,
  DEFAULT_STEP_LIMITS,
  NATURAL_STEP_LIMITS,
  STEP_NAMES,
  signLimitFor,
  stepLimitsForClock,
} from './time-limits.ts';
import type { MinorClass } from './types.ts';

describe('time limits', () => {
  test('comparableMinutes counts a working day as 8 working hours', () => {
    assert.equal(comparableMinutes({ amount: 2, unit: 'workDay' }), 960);
    assert.equal(comparableMinutes({ amount: 3, unit: 'workHour' }), 180);
    assert.equal(comparableMinutes({ amount: 1, unit: 'day' }), 1440);
    assert.equal(comparableMinutes({ amount: 2, unit: 'hour' }), 120);
  });

  test('every default step limit is on the working clock, every natural one on the natural clock', () => {
    for (const step of STEP_NAMES) {
      assert.equal(clockOfUnit(DEFAULT_STEP_LIMITS[step].unit), 'working', step);
      assert.equal(clockOfUnit(NATURAL_STEP_LIMITS[step].unit), 'natural', step);
      assert.ok(
        comparableMinutes(NATURAL_STEP_LIMITS[step]) <= 1440,
        `${step}: urgent steps finish within a day`,
      );
    }
    assert.deepEqual(DEFAULT_STEP_LIMITS.verify, { amount: 1, unit: 'workHour' });
    assert.equal(stepLimitsForClock('natural'), NATURAL_STEP_LIMITS);
    assert.equal(stepLimitsForClock('working'), DEFAULT_STEP_LIMITS);
  });

  test('signLimitFor uses the class limit, else the default for its clock', () => {
    const minor = {
      clock: 'natural',
      limits: {
        A: { handle: { amount: 2, unit: 'hour' }, sign: { amount: 15, unit: 'minute' } },
        B: { handle: { amount: 4, unit: 'hour' } },
        C: { handle: { amount: 6, unit: 'hour' } },
      },
    } as unknown as MinorClass;
    assert.deepEqual(signLimitFor(minor, 'A'), { amount: 15, unit: 'minute' });
    assert.deepEqual(signLimitFor(minor, 'B'), NATURAL_STEP_LIMITS.sign);
  });
});
