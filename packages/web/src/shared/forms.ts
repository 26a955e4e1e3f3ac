// Server errors into forms: a 4xx naming a field puts its message next to that field; anything
// else becomes a banner. Messages come from the error's code in the UI's language (ApiError), the
// server's English detail only in the English UI. The values the user typed are never cleared on
// failure.

import type { FormInstance } from 'antd';
import { ApiError, apiLanguage } from '../api/client.ts';

/**
 * Map a server field path (`location.lon`, `photos.0.url`, `shifts.2.start`) onto the form's field
 * name: the longest prefix the form names. In `names`, `#` stands for any list index
 * (`shifts.#.start` marks the start time of whichever shift is at fault).
 */
export function formPath(field: string, names: readonly string[]): (string | number)[] | null {
  const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n);
    const pattern = candidate.map((p) => (typeof p === 'number' ? '#' : p)).join('.');
    if (names.includes(candidate.join('.')) || names.includes(pattern)) return candidate;
  }
  return null;
}

/**
 * Put an API error on the form. Returns the message for a banner when it belongs to no field
 * (or null when a field got it).
 */
export function applyApiError(
  form: FormInstance,
  error: unknown,
  fieldNames: readonly string[],
): string | null {
  if (error instanceof ApiError) {
    const path = error.field ? formPath(error.field, fieldNames) : null;
    if (path) {
      form.setFields([{ name: path, errors: [error.message] }]);
      return null;
    }
    const detail = apiLanguage() === 'en' && error.detail ? `: ${error.detail}` : '';
    return `${error.message}${detail} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
