// The history drawer's diff: only changed fields, nested objects by path, lists whole.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffFields, shortValue } from './historyDiff.ts';

test('an update lists only the fields that changed, nested ones by path', () => {
  const before = { name: '甲', active: true, limits: { A: { amount: 2 } }, roles: ['a'] };
  const after = { name: '乙', active: true, limits: { A: { amount: 4 } }, roles: ['a', 'b'] };
  assert.deepEqual(diffFields(before, after), [
    { field: 'name', before: '甲', after: '乙' },
    { field: 'limits.A.amount', before: 2, after: 4 },
    { field: 'roles', before: ['a'], after: ['a', 'b'] },
  ]);
});

test('a creation or deletion lists every field on one side; a bare value has no field name', () => {
  assert.deepEqual(diffFields(null, { year: 2035 }), [{ field: 'year', before: undefined, after: 2035 }]);
  assert.deepEqual(diffFields({ id: 1 }, null), [{ field: 'id', before: 1, after: undefined }]);
  assert.deepEqual(diffFields([1], [2]), [{ field: '—', before: [1], after: [2] }]);
});

test('values in one short line', () => {
  assert.equal(shortValue(null), '—');
  assert.equal(shortValue('文本'), '文本');
  assert.equal(shortValue({ a: 1 }), '{"a":1}');
  assert.equal(shortValue('x'.repeat(200)).length, 120);
});
