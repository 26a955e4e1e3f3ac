import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkingCalendar } from '../calendar/calendar.ts';
import { dayOfIsoDate, weekdayOfDay } from '../calendar/cst.ts';
import { HOLIDAYS_CN } from '../calendar/holidays-cn.data.ts';
import { PROVISIONAL_LAST_YEAR, provisionalFirstYear, provisionalYear, ruleDays } from './holiday-rule.ts';

const isWeekend = (date: string) => weekdayOfDay(dayOfIsoDate(date)) % 6 === 0;

describe('the holiday rule in force from 2025', () => {
  test('2027: exactly the rule days, 补假 included, no weekend working day', () => {
    // Hand-checked: 正月初一 2027-02-06 (Sat), 除夕 02-05; 清明 04-05; 端午 06-09; 中秋 09-15.
    assert.deepEqual(provisionalYear(2027), {
      off: [
        '01-01',
        '02-05',
        '02-06',
        '02-07',
        '02-08',
        '02-09',
        '02-10', // 初一 Sat, 初二 Sun → 补 02-09, 02-10
        '04-05',
        '05-01',
        '05-02',
        '05-03',
        '05-04', // 05-01 Sat, 05-02 Sun → 补 05-03, 05-04
        '06-09',
        '09-15',
        '10-01',
        '10-02',
        '10-03',
        '10-04',
        '10-05', // 10-02 Sat, 10-03 Sun → 补 10-04, 10-05
      ],
      work: [],
    });
    const made = ruleDays(2027).filter((d) => d.makeUp);
    assert.deepEqual(
      made.map((d) => `${d.date} ${d.holiday}`),
      [
        '2027-02-09 春节',
        '2027-02-10 春节',
        '2027-05-03 劳动节',
        '2027-05-04 劳动节',
        '2027-10-04 国庆节',
        '2027-10-05 国庆节',
      ],
    );
  });

  // The published notice may only add to the rule: extra days off, paid for by weekend working
  // days (调休). Listed here so a change of either side is noticed.
  const expectedAdjustments: Record<
    number,
    { extraWeekdaysOff: string[]; weekendsListed: string[]; work: string[] }
  > = {
    2025: {
      extraWeekdaysOff: ['02-03', '02-04', '05-05', '10-07', '10-08'],
      weekendsListed: ['02-01', '02-02', '04-05', '04-06', '05-03', '05-04', '06-01', '10-04', '10-05'],
      work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
    },
    2026: {
      extraWeekdaysOff: ['01-02', '02-20', '02-23', '05-05', '10-06', '10-07'],
      weekendsListed: [
        '01-03',
        '02-15',
        '02-21',
        '02-22',
        '04-04',
        '05-03',
        '06-20',
        '06-21',
        '09-26',
        '09-27',
        '10-04',
      ],
      work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
    },
  };
  for (const year of [2025, 2026]) {
    test(`${year}: every day the rule gives off is off in the published notice; the rest is 调休`, () => {
      const published = HOLIDAYS_CN[year]!;
      const rule = ruleDays(year).map((d) => d.date.slice(5));
      assert.deepEqual(
        rule.filter((d) => !published.off.includes(d)),
        [],
        'rule days the notice does not give off',
      );
      const extra = published.off.filter((d) => !rule.includes(d));
      assert.deepEqual(
        {
          extraWeekdaysOff: extra.filter((d) => !isWeekend(`${year}-${d}`)),
          weekendsListed: extra.filter((d) => isWeekend(`${year}-${d}`)),
          work: [...published.work],
        },
        expectedAdjustments[year],
      );
    });
  }

  test('provisional by default: the years after the last shipped one, up to the horizon', () => {
    assert.equal(provisionalFirstYear(), 2027);
    assert.equal(provisionalYear(2026), null, 'shipped');
    assert.equal(provisionalYear(2006), null, 'before the data: not described by the 2025 rule');
    assert.notEqual(provisionalYear(PROVISIONAL_LAST_YEAR), null);
    assert.equal(provisionalYear(PROVISIONAL_LAST_YEAR + 1), null);
  });
});

describe('a calendar with provisional years', () => {
  const cal = new WorkingCalendar({ provisional: (y) => provisionalYear(y) });

  test('2027 is provisional: 元旦 off, a plain Monday on, no 调休', () => {
    assert.equal(cal.isProvisional(2027), true);
    assert.equal(cal.isProvisional(2026), false);
    assert.equal(cal.isWorkingDay('2027-01-01'), false, '元旦 is never guessed a working day');
    assert.equal(cal.isHoliday('2027-01-01'), true);
    assert.equal(cal.isWorkingDay('2027-01-04'), true);
    assert.equal(cal.isWorkingDay('2027-02-10'), false, '补假');
    assert.equal(cal.isWorkingDay('2027-02-11'), true);
    assert.equal(cal.isWorkingDay('2027-02-06'), false);
    assert.ok(cal.covers(2099));
    assert.ok(!cal.covers(2006));
    assert.deepEqual(cal.coveredYears().at(-1), 2026, 'covered years list the published ones');
  });

  test('a span touches a provisional year by its start or due instant (China Standard Time)', () => {
    const at = (s: string) => new Date(`${s}+08:00`);
    assert.equal(cal.touchesProvisional(at('2026-12-31T16:00'), at('2026-12-31T17:00')), false);
    assert.equal(cal.touchesProvisional(at('2026-12-31T16:00'), at('2027-01-04T09:00')), true);
    assert.equal(cal.touchesProvisional(at('2027-01-01T00:30'), at('2027-01-01T01:00')), true);
    assert.equal(cal.touchesProvisional(at('2026-12-31T23:30'), at('2026-12-31T23:59')), false);
  });

  test('an imported arrangement replaces the rule for its year', () => {
    const imported = new WorkingCalendar({
      provisional: (y) => provisionalYear(y),
      published: { 2027: { off: ['01-01', '02-05', '02-11'], work: ['02-20'] } },
    });
    assert.equal(imported.isProvisional(2027), false);
    assert.equal(imported.isWorkingDay('2027-02-11'), false);
    assert.equal(imported.isWorkingDay('2027-02-20'), true, 'a published weekend working day');
    assert.equal(imported.isWorkingDay('2027-02-10'), true, 'the rule no longer applies');
    assert.equal(imported.isProvisional(2028), true);
  });
});
