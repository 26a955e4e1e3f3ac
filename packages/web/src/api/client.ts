// The one way the console talks to the server: JSON over fetch with the session cookie, asking
// for answers in the UI's language (Accept-Language). Errors arrive as { code, message, field?,
// detail? } and become ApiError, whose message is rendered from the code by the shared list
// (@xiuhua/domain/errors) in the UI's language; a 401 tells the shell the session is gone so it
// can ask for the password again without leaving the page.

import { type ErrorLang, errorText } from '@xiuhua/domain/errors';

let language: ErrorLang = 'zh';

/** The UI's language: the server answers in it, errors are rendered in it (set by I18nProvider). */
export function setApiLanguage(lang: ErrorLang): void {
  language = lang;
}

export const apiLanguage = (): ErrorLang => language;

/** The Accept-Language header of every request the console sends: the UI's language. */
export const acceptLanguage = () => ({ 'accept-language': language === 'en' ? 'en' : 'zh-CN' });

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** The server's specific sentence, in English (shown only in the English UI). */
  readonly detail: string | undefined;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    const code = typeof body.code === 'string' ? body.code : 'HTTP_ERROR';
    const field = typeof body.field === 'string' ? body.field : undefined;
    // VALIDATION's sentence carries the schema's reason, which only the server knows: it came in
    // the language asked for. Every other code is rendered here, from the list.
    super(
      code === 'VALIDATION' && typeof body.message === 'string'
        ? body.message
        : errorText(code, language, {
            field,
            // ACCOUNT_LOCKED: 账户暂时锁定，请 N 分钟后再试
            minutes: typeof body.retryAfterMinutes === 'number' ? body.retryAfterMinutes : undefined,
          }),
    );
    this.status = status;
    this.code = code;
    this.field = field;
    this.detail = typeof body.detail === 'string' ? body.detail : undefined;
    this.body = body;
  }
}

type SessionListener = () => void;
const sessionListeners = new Set<SessionListener>();
/** Bumped at every sign-in: a 401 to a request sent before it says nothing about the new session. */
let sessionGeneration = 0;

/** The shell subscribes: called when any request comes back 401 while signed in. */
export function onSessionExpired(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

let confirming = false;

/**
 * A 401 may be stale: sent just before a sign-in. Tell the listeners only when the session the
 * request was sent with is still the current one and the server confirms it is gone.
 */
async function confirmExpired(generation: number): Promise<void> {
  if (confirming || generation !== sessionGeneration) return;
  confirming = true;
  try {
    const res = await fetch('/api/auth/session', { credentials: 'same-origin' });
    const gone = res.ok && ((await res.json()) as { user: unknown }).user === null;
    if (gone && generation === sessionGeneration) {
      for (const listener of sessionListeners) listener();
    }
  } finally {
    confirming = false;
  }
}

export type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined | null
>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { ...acceptLanguage(), ...headers },
  };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const generation = sessionGeneration;
  const response = await fetch(path, init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { code: 'BAD_RESPONSE', detail: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) void confirmExpired(generation);
    throw new ApiError(response.status, (json ?? {}) as Record<string, unknown>);
  }
  if (path.startsWith('/api/auth/login')) sessionGeneration++;
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, headers);
