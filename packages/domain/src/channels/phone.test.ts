import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCallableNumber, normalizePhone, phoneVariants } from './phone.ts';

describe('phone numbers', () => {
  test('every spelling of one number has one normal form', () => {
    for (const typed of [
      '13912345678',
      '139 1234 5678',
      '139-1234-5678',
      '(139) 1234.5678',
      '+86 139 1234 5678',
      '+8613912345678',
      '8613912345678',
      '0086 13912345678',
      '１３９１２３４５６７８',
    ])
      assert.equal(normalizePhone(typed), '13912345678', typed);
    assert.equal(normalizePhone('021-6412 3456'), '02164123456');
    assert.equal(normalizePhone('+1 (415) 555-0100'), '+14155550100');
    assert.equal(normalizePhone('call me'), null);
    assert.equal(normalizePhone('12'), null);
  });

  test('a number that can be called back: mobile, landline with area code, international', () => {
    // The portal once refused 0086 and dotted spellings the hotline accepted for the same number.
    for (const typed of ['0086 139 1234 5678', '139.1234.5678', '021 6412 3456', '+44 20 7946 0018'])
      assert.ok(isCallableNumber(normalizePhone(typed) ?? ''), typed);
    for (const typed of ['12345', '12912345678', '+0123456789'])
      assert.equal(isCallableNumber(normalizePhone(typed) ?? ''), false, typed);
  });

  test('the variants of a stored number are the spellings other channels kept', () => {
    const variants = phoneVariants('13912345678');
    for (const v of ['13912345678', '139 1234 5678', '+86 139-1234-5678', '0086139 1234 5678'])
      assert.ok(variants.includes(v), v);
    assert.deepEqual(phoneVariants('+14155550100'), ['+14155550100']);
  });
});
