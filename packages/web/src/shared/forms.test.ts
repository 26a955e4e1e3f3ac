/// <reference types="node" />
// Which form field a server error lands on: the longest prefix of its path the form names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formPath } from './forms.ts';

test('a server field path lands on the deepest field the form names, with # for any index', () => {
  const names = ['holidays', 'shifts', 'shifts.#.start', 'shifts.#.people', 'location'];
  assert.deepEqual(formPath('shifts.2.start', names), ['shifts', 2, 'start']);
  assert.deepEqual(formPath('shifts.0.people', names), ['shifts', 0, 'people']);
  // No field for the shift's code: the whole list carries it.
  assert.deepEqual(formPath('shifts.1.code', names), ['shifts']);
  assert.deepEqual(formPath('location.lon', names), ['location']);
  assert.equal(formPath('exceptions.0.date', names), null);
});
