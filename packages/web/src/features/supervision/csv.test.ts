import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Case } from '../../api/types.ts';
import { commonMessages } from '../../i18n/common.ts';
import { casesCsv, cstMinute } from './csv.ts';

const zh = (key: string) => (commonMessages as Record<string, { zh: string }>)[key]?.zh ?? key;

test('the CSV export writes the warning colour in words and times in China Standard Time', () => {
  const row = {
    number: '2026092800001',
    className: '暴露垃圾',
    area: { streetName: '江川路街道', communityName: '东风村' },
    stateName: '处置中',
    colour: 'red',
    assigneeUnit: { name: '江川路街道环卫所' },
    dueAt: '2026-09-28T16:30:00.000Z',
    provisional: false,
    description: '路边 "垃圾"',
  } as unknown as Case;
  const csv = casesCsv([row, { ...row, colour: 'blue', dueAt: null } as Case], zh);
  assert.ok(csv.startsWith('\uFEFF'), 'BOM for Excel');
  const [, red, blue] = csv.trim().split('\n');
  assert.match(red!, /"红灯（超时）"/);
  assert.match(red!, /"2026-09-29 00:30"/, 'UTC 16:30 is 00:30 the next day in China');
  assert.match(red!, /"路边 ""垃圾"""/);
  assert.match(blue!, /"正常"/);
  assert.doesNotMatch(csv, /"red"|"blue"|\d{2}:\d{2}:\d{2}/);
  assert.equal(cstMinute('2026-12-31T23:59:00Z'), '2027-01-01 07:59');
});
