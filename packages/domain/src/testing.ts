// Helpers for the domain's own tests (not part of the package's exports).

import assert from 'node:assert/strict';
import { DomainError } from './errors/index.ts';

/** The code and field of the DomainError `fn` throws; the test fails when it throws none. */
export function refusal(fn: () => unknown): { code: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return { code: e.code, field: e.field };
  }
  assert.fail('expected a refusal');
}

/** The code of the DomainError `fn` throws. */
export const refusalCode = (fn: () => unknown): string => refusal(fn).code;
