import assert from 'node:assert/strict';
import test from 'node:test';
import { isErrorCode } from '../errors/index.ts';
import { SUBJECT_TYPE_PATTERN, TIMED_ITEM_PROMPTS, TIMED_SUBJECT_TYPES, timedItemRefusal } from './index.ts';

test('only an open item takes prompts, or is done or cancelled', () => {
  for (const action of [...TIMED_ITEM_PROMPTS, 'done', 'cancelled'] as const) {
    assert.equal(timedItemRefusal('open', action), null);
    for (const status of ['done', 'cancelled'] as const) {
      const refusal = timedItemRefusal(status, action);
      assert.equal(refusal?.code, 'CONFLICT');
      assert.ok(isErrorCode(refusal!.code));
      assert.match(refusal!.message, new RegExp(status));
    }
  }
});

test('subject types are lower-case identifiers', () => {
  for (const t of [...TIMED_SUBJECT_TYPES, 'co_unit_part', 'survey_appeal'])
    assert.match(t, SUBJECT_TYPE_PATTERN);
  for (const t of ['', 'A', 'dispute ruling', '1x', 'x'.repeat(41)])
    assert.doesNotMatch(t, SUBJECT_TYPE_PATTERN);
});
