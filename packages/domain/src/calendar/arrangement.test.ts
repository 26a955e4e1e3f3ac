import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrangementData, parseArrangement } from './arrangement.ts';
import { CalendarConfigError } from './calendar.ts';

test('an arrangement in the shipped source shape parses to calendar data', () => {
  const a = parseArrangement({
    $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
    year: 2027,
    papers: ['https://www.gov.cn/example'],
    days: [
      { name: '春节', date: '2027-02-11', isOffDay: true },
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '春节', date: '2027-02-20', isOffDay: false },
    ],
  });
  assert.deepEqual(
    a.days.map((d) => d.date),
    ['2027-01-01', '2027-02-11', '2027-02-20'],
  );
  assert.deepEqual(arrangementData(a), { off: ['01-01', '02-11'], work: ['02-20'] });
  assert.equal(arrangementData(parseArrangement({ year: 2027, days: [] })), null, 'empty: unpublished');
});

test('a bad arrangement names the field at fault', () => {
  const fieldOf = (input: unknown) => {
    try {
      parseArrangement(input);
    } catch (e) {
      assert.ok(e instanceof CalendarConfigError);
      return e.field;
    }
    return 'accepted';
  };
  const day = (d: object) => ({
    year: 2027,
    days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, d],
  });
  assert.equal(fieldOf(null), 'year');
  assert.equal(fieldOf({ year: 27, days: [] }), 'year');
  assert.equal(fieldOf({ year: 2027 }), 'days');
  assert.equal(fieldOf({ year: 2027, papers: [1], days: [] }), 'papers');
  assert.equal(fieldOf(day({ name: '', date: '2027-01-02', isOffDay: true })), 'days.1.name');
  assert.equal(fieldOf(day({ name: 'x', date: '2027-02-30', isOffDay: true })), 'days.1.date');
  assert.equal(fieldOf(day({ name: 'x', date: '2026-12-31', isOffDay: true })), 'days.1.date');
  assert.equal(fieldOf(day({ name: 'x', date: '2027-01-01', isOffDay: true })), 'days.1.date');
  assert.equal(fieldOf(day({ name: 'x', date: '2027-01-02', isOffDay: 'yes' })), 'days.1.isOffDay');
  assert.equal(
    fieldOf(day({ name: 'x', date: '2027-01-04', isOffDay: false })),
    'days.1.isOffDay',
    'a Monday',
  );
  assert.equal(fieldOf(day({ name: 'x', date: '2027-01-02', isOffDay: false })), 'accepted', 'a Saturday');
});
