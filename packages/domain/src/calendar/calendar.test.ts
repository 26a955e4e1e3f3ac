import { existsSync, readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CalendarConfigError, CalendarNotCoveredError, WorkingCalendar } from './calendar.ts';
import { HOLIDAYS_CN } from './holidays-cn.data.ts';

const cal = new WorkingCalendar();

/** Every 'YYYY-MM-DD' from `from` to `to` inclusive. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

describe('official calendar 2026', () => {
  test('adjusted weekend working days (调休) are working days', () => {
    for (const date of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      assert.ok(weekday === 0 || weekday === 6, `${date} is a weekend day`);
      assert.equal(cal.isWorkingDay(date), true, date);
    }
  });

  test('National Day 2026-10-01..07 is off, 10-08 and 10-09 are back at work', () => {
    for (const date of datesBetween('2026-10-01', '2026-10-07'))
      assert.equal(cal.isWorkingDay(date), false, date);
    assert.equal(cal.isWorkingDay('2026-10-08'), true);
    assert.equal(cal.isWorkingDay('2026-10-09'), true);
    assert.equal(cal.isWorkingDay('2026-10-11'), false, 'an ordinary Sunday');
  });

  test('Spring Festival 2026-02-15..23 is off, weekdays included', () => {
    for (const date of datesBetween('2026-02-15', '2026-02-23'))
      assert.equal(cal.isWorkingDay(date), false, date);
    assert.equal(cal.isWorkingDay('2026-02-13'), true, 'Friday before');
    assert.equal(cal.isWorkingDay('2026-02-24'), true, 'Tuesday after');
  });

  test('plain weeks: weekdays on, weekends off', () => {
    assert.equal(cal.isWorkingDay('2026-03-02'), true); // Monday
    assert.equal(cal.isWorkingDay('2026-03-06'), true); // Friday
    assert.equal(cal.isWorkingDay('2026-03-07'), false); // Saturday
    assert.equal(cal.isWorkingDay('2026-03-08'), false); // Sunday
  });

  test('a notice day in the previous December is filed under its own year', () => {
    // The 2008 notice made Saturday 2007-12-29 a working day for the New Year holiday.
    assert.equal(cal.isWorkingDay('2007-12-29'), true);
    assert.equal(cal.isWorkingDay('2007-12-31'), false);
    assert.equal(cal.isWorkingDay('2008-01-01'), false);
  });

  test('rejects malformed dates', () => {
    assert.throws(() => cal.isWorkingDay('2026-02-30'), RangeError);
    assert.throws(() => cal.isWorkingDay('2026-2-3'), RangeError);
  });
});

describe('coverage', () => {
  test('covers exactly the years of the official data by default', () => {
    const years = cal.coveredYears();
    assert.equal(years[0], 2007);
    assert.equal(years.at(-1), 2026);
    assert.equal(years.length, 20);
  });

  test('an uncovered year is an explicit error, not a plain week', () => {
    for (const date of ['2030-03-01', '2027-01-04', '2006-12-29']) {
      const year = Number(date.slice(0, 4));
      assert.throws(
        () => cal.isWorkingDay(date),
        (error: unknown) =>
          error instanceof CalendarNotCoveredError &&
          error.year === year &&
          error.code === 'CALENDAR_NOT_COVERED' &&
          error.message.includes(String(year)),
      );
    }
  });

  test('an imported year has its published days plus overrides', () => {
    const admin = new WorkingCalendar({
      published: { 2030: { off: ['01-01'], work: [] } },
      overrides: [{ date: '2030-01-05', working: true, note: '调休' }],
    });
    assert.deepEqual(admin.coveredYears().slice(-2), [2026, 2030]);
    assert.equal(admin.isProvisional(2030), false);
    assert.equal(admin.isWorkingDay('2030-03-01'), true); // Friday
    assert.equal(admin.isWorkingDay('2030-03-02'), false); // Saturday
    assert.equal(admin.isWorkingDay('2030-01-01'), false); // Tuesday, published off
    assert.equal(admin.isWorkingDay('2030-01-05'), true); // Saturday, overridden on
    assert.equal(admin.overrideFor('2030-01-05')?.note, '调休');
    assert.throws(() => admin.isWorkingDay('2029-12-31'), CalendarNotCoveredError);
  });

  test('overrides alone do not cover a year', () => {
    const c = new WorkingCalendar({ overrides: [{ date: '2031-05-01', working: false }] });
    assert.throws(() => c.isWorkingDay('2031-05-01'), CalendarNotCoveredError);
  });

  test('an imported arrangement replaces the shipped data of its year', () => {
    const c = new WorkingCalendar({ published: { 2026: { off: ['10-09'], work: [] } } });
    assert.equal(c.isWorkingDay('2026-10-01'), true, 'the shipped day off no longer applies');
    assert.equal(c.isWorkingDay('2026-10-09'), false);
    assert.equal(c.isWorkingDay('2026-10-10'), false, 'a plain Saturday again');
  });

  test('a year the provisional rule declines stays uncovered', () => {
    const c = new WorkingCalendar({ provisional: (y) => (y === 2030 ? { off: ['01-01'], work: [] } : null) });
    assert.equal(c.isWorkingDay('2030-01-01'), false);
    assert.equal(c.isProvisional(2030), true);
    assert.throws(() => c.isWorkingDay('2031-01-02'), CalendarNotCoveredError);
    assert.equal(c.isProvisional(2031), false);
  });

  test('an override beats the official data', () => {
    const c = new WorkingCalendar({
      overrides: [
        { date: '2026-10-08', working: false, note: 'local day off' },
        { date: '2026-10-05', working: true },
      ],
    });
    assert.equal(c.isWorkingDay('2026-10-08'), false);
    assert.equal(c.isWorkingDay('2026-10-05'), true);
    assert.equal(cal.isWorkingDay('2026-10-08'), true, 'the default calendar is unchanged');
  });

  test('a custom base replaces the official data', () => {
    const c = new WorkingCalendar({ base: { 2040: { off: ['01-02'], work: ['01-07'] } } });
    assert.deepEqual(c.coveredYears(), [2040]);
    assert.equal(c.isWorkingDay('2040-01-02'), false); // Monday off
    assert.equal(c.isWorkingDay('2040-01-07'), true); // Saturday on
    assert.throws(() => c.isWorkingDay('2026-03-02'), CalendarNotCoveredError);
  });

  test('rejects bad configuration', () => {
    assert.throws(
      () => new WorkingCalendar({ published: { 2030.5: { off: [], work: [] } } }),
      CalendarConfigError,
    );
    assert.throws(
      () => new WorkingCalendar({ overrides: [{ date: '2030-13-01', working: true }] }),
      CalendarConfigError,
    );
    assert.throws(
      () =>
        new WorkingCalendar({
          overrides: [
            { date: '2026-10-08', working: true },
            { date: '2026-10-08', working: false },
          ],
        }),
      /Two overrides for 2026-10-08/,
    );
    assert.throws(
      () => new WorkingCalendar({ base: { 2040: { off: ['1-2'], work: [] } } }),
      CalendarConfigError,
    );
    assert.throws(
      () => new WorkingCalendar({ base: { 2040: { off: ['02-30'], work: [] } } }),
      CalendarConfigError,
    );
    assert.throws(
      () => new WorkingCalendar({ base: { 2040: { off: ['01-06'], work: ['01-06'] } } }),
      /both off and working/,
    );
  });
});

// Cross-checks against the raw sources in ../shared beside the repository (XIUHUA_SHARED_DIR
// elsewhere; README § "Data beside the repository"): skipped where they are absent.
const holidaysDir = pathToFileURL(
  `${process.env.XIUHUA_SHARED_DIR || fileURLToPath(new URL('../../../../../shared', import.meta.url))}/data/holidays/`,
);
const sharedPresent = existsSync(holidaysDir);
const skipShared = sharedPresent
  ? false
  : `missing ${holidaysDir.pathname} (data beside the repository, see README)`;

interface HolidayCnFile {
  days: { date: string; isOffDay: boolean }[];
}

describe('data sources', () => {
  test('the derived module holds exactly the dates of holiday-cn for its covered years', {
    skip: skipShared,
  }, () => {
    const dir = new URL('holiday-cn/', holidaysDir);
    const raw = new Map<string, boolean>(); // date -> off
    for (const name of readdirSync(dir).filter((n) => /^\d{4}\.json$/.test(n))) {
      const file = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as HolidayCnFile;
      for (const day of file.days) raw.set(day.date, day.isOffDay);
    }
    const derived = new Map<string, boolean>();
    for (const [year, data] of Object.entries(HOLIDAYS_CN)) {
      for (const md of data.off) derived.set(`${year}-${md}`, true);
      for (const md of data.work) derived.set(`${year}-${md}`, false);
    }
    const covered = new Set(Object.keys(HOLIDAYS_CN));
    const rawInCovered = [...raw].filter(([date]) => covered.has(date.slice(0, 4)));
    assert.deepEqual(new Map(rawInCovered), derived, 'regenerate with: node scripts/derive-holidays.ts');
  });

  test('holiday-cn and chinese-days agree on every date 2007–2026', { skip: skipShared }, () => {
    const other = JSON.parse(readFileSync(new URL('chinese-days_1.5.7.json', holidaysDir), 'utf8')) as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    const dates = datesBetween('2007-01-01', '2026-12-31');
    const disagreements: string[] = [];
    let weekendWorking = 0;
    let weekdayOff = 0;
    for (const date of dates) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const otherWorking = date in other.workdays ? true : date in other.holidays ? false : !weekend;
      if (weekend && otherWorking) weekendWorking++;
      if (!weekend && !otherWorking) weekdayOff++;
      if (cal.isWorkingDay(date) !== otherWorking) disagreements.push(date);
    }
    assert.equal(dates.length, 7305);
    assert.deepEqual(disagreements, []);
    // Both kinds of exception were compared, not just plain weeks.
    assert.ok(weekendWorking > 100, `saw ${weekendWorking} weekend working days`);
    assert.ok(weekdayOff > 300, `saw ${weekdayOff} weekday holidays`);
  });
});
