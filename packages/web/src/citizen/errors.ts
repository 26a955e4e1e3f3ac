// The portal's words for a failed request, shared by its pages.

import { ApiError } from '../api/client.ts';
import type { Translate } from '../i18n/index.tsx';
import { m } from './messages.ts';

/** A sentence for a failed request: the API's code if we have words for it, else its message. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.field === 'phone' && error.code !== 'QUOTA_EXCEEDED') return t('c.err.phone');
    const key = `c.err.${error.code}`;
    if (key in m) return t(key);
    return error.message;
  }
  return t('c.err.network');
}
