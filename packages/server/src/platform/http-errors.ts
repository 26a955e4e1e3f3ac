// Every error leaves as `{ code, message, field?, detail? }`: `message` is the code's sentence from
// the closed list (@xiuhua/domain/errors) in the request's language (Accept-Language; Chinese
// unless English is preferred), `detail` the specific English sentence the service wrote (for
// integrators and logs). Domain errors (AppError) keep their own status and code, schema
// validation is 400 VALIDATION naming the field, Fastify's own 4xx get a code of ours, anything
// else is 500 INTERNAL (logged, never shown).

import { type ErrorCode, type ErrorLang, errorText, isErrorCode } from '@xiuhua/domain/errors';
import { createRequire } from 'node:module';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from './errors.ts';
import { CONTROL_CHARS, FINITE } from './input-limits.ts';

type AjvError = NonNullable<FastifyError['validation']>[number];

/** ajv-i18n's Chinese (a CommonJS function whose typings TypeScript reads as a namespace). */
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: AjvError[]) => void;

/** The language the client prefers among ours: English only when it ranks above Chinese. */
export function languageOf(request: FastifyRequest): ErrorLang {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'zh';
  let best: { lang: ErrorLang; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'zh' && primary !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? 'zh';
}

type ErrorExtra = Record<string, unknown>;

/** The answer's body for a code, in the request's language. */
export function errorBody(
  request: FastifyRequest,
  code: string,
  detail: string | undefined,
  options: {
    field?: string | undefined;
    reason?: string | undefined;
    minutes?: number | undefined;
    extra?: ErrorExtra;
  } = {},
) {
  const { field, reason, minutes, extra } = options;
  return {
    code,
    message: errorText(code, languageOf(request), { field, reason, minutes }),
    ...(field ? { field } : {}),
    ...(detail ? { detail } : {}),
    ...(extra ?? {}),
  };
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string | undefined,
  options: Parameters<typeof errorBody>[3] = {},
) {
  return reply.status(status).send(errorBody(request, code, detail, options));
}

function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (first.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const leaf = missing ?? extra;
  const field = [path, leaf].filter(Boolean).join('.');
  return field || error.validationContext;
}

/** A union of literals fails once per literal ("must be equal to constant" ×14): its values. */
function allowedValues(error: FastifyError): string[] | null {
  const errors = error.validation ?? [];
  const at = errors[0]?.instancePath;
  const consts = errors.filter((e) => e.keyword === 'const');
  if (
    consts.length === 0 ||
    !errors.every((e) => ['const', 'anyOf'].includes(e.keyword) && e.instancePath === at)
  )
    return null;
  return consts.map((e) => JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue));
}

/** The English sentence as ajv says it, with "one of" for a union of literals. */
function validationDetail(error: FastifyError): string {
  const allowed = allowedValues(error);
  if (!allowed) return error.message;
  return `${error.validationContext ?? 'input'}${error.validation?.[0]?.instancePath ?? ''} must be one of ${allowed.join(', ')}`;
}

/** What is wrong with the field, in a language: ajv-i18n's Chinese, ajv's own English. */
function validationReason(error: FastifyError, lang: ErrorLang): string {
  const first = error.validation?.[0];
  const allowed = allowedValues(error);
  if (allowed)
    return lang === 'zh' ? `应为以下之一：${allowed.join('、')}` : `must be one of ${allowed.join(', ')}`;
  if (first?.keyword === 'required') return lang === 'zh' ? '为必填项' : 'is required';
  if (first?.keyword === 'additionalProperties')
    return lang === 'zh' ? '不是可接受的字段' : 'is not an accepted field';
  if (!first) return lang === 'zh' ? '不符合要求' : 'is not valid';
  if (first.keyword === FINITE) return lang === 'zh' ? '超出范围' : 'is out of range';
  if (lang === 'en') return first.message ?? 'is not valid';
  // ajv-i18n rewrites `message` in place: give it a copy, Fastify's error stays as it was.
  const copy = { ...first };
  localizeZh([copy]);
  return (copy.message ?? '不符合要求').replace(
    /应当是 (\w+) 类型/,
    (_match, type: string) => `应为${JSON_TYPES_ZH[type] ?? `${type} 类型`}`,
  );
}

/** ajv-i18n says "应当是 integer 类型": the JSON type in words a desk operator reads. */
const JSON_TYPES_ZH: Record<string, string> = {
  integer: '整数',
  number: '数字',
  string: '文本',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  null: '空值',
};

/** Fastify's own 4xx codes (FST_…) are not ours: the closed list's code for that status. */
function codeOfStatus(error: FastifyError, status: number): ErrorCode {
  if (error.code && isErrorCode(error.code)) return error.code;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return 'BODY_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED'; // @fastify/rate-limit's error carries no code of its own
  if (status === 415) return 'UNSUPPORTED_MEDIA';
  if (status === 404) return 'NOT_FOUND';
  if (status === 401) return 'UNAUTHENTICATED';
  return 'BAD_REQUEST';
}

/**
 * Fastify's errors before routing (a URL that does not decode, a path parameter over
 * maxParamLength), which its error handler never sees: in our shape, as 400.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return sendError(request, reply, status === 414 ? 414 : 400, codeOfStatus(error, 400), error.message);
}

/**
 * The statuses every route can answer before its handler runs, in the Error shape, added to each
 * route's documented responses (register before the routes): 400 for a request that fails its
 * schema or a URL that does not decode, 414 for an over-long path parameter, 413/415 for a body,
 * 401/403 for a staff route (no session; a cross-site request, a missing role), 429 for a
 * rate-limited one. Routes list the errors of their own logic; these are the framework's.
 */
export function declareFrameworkErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as
      | { response?: Record<string, unknown>; hide?: boolean; produces?: string[] }
      | undefined;
    if (!schema?.response || schema.hide || !route.url.startsWith('/api/')) return;
    const config = (route.config ?? {}) as { public?: boolean; rateLimit?: unknown };
    const statuses = [400, 414];
    if (route.method !== 'GET' && route.method !== 'HEAD') statuses.push(413, 415);
    if (!config.public) statuses.push(401, 403);
    if (config.rateLimit || config.public) statuses.push(429);
    for (const status of statuses) schema.response[status] ??= { $ref: 'Error' };
    // A route that produces an image or a spreadsheet still answers its errors in JSON: say so,
    // or the document files them under the route's own media type.
    if (schema.produces && !schema.produces.includes('application/json')) {
      for (const [status, entry] of Object.entries(schema.response)) {
        if (Number(status) >= 400 && (entry as { $ref?: string }).$ref === 'Error')
          schema.response[status] = {
            description: 'Error',
            content: { 'application/json': { schema: { $ref: 'Error' } } },
          };
      }
    }
  });
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) {
      return sendError(request, reply, known.status, known.code, known.message, {
        field: known.field,
        extra: known.details,
        minutes:
          typeof known.details?.retryAfterMinutes === 'number' ? known.details.retryAfterMinutes : undefined,
      });
    }
    const controlChars = error.validation?.find((e) => e.keyword === CONTROL_CHARS);
    if (error.validation && controlChars) {
      return sendError(
        request,
        reply,
        400,
        'INVALID_CHARACTER',
        `${fieldOf(error) ?? 'input'} holds a control character`,
        {
          field: fieldOf(error),
        },
      );
    }
    if (error.validation) {
      return sendError(request, reply, 400, 'VALIDATION', validationDetail(error), {
        field: fieldOf(error),
        reason: validationReason(error, languageOf(request)),
      });
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && error.statusCode === 400)
    ) {
      return sendError(request, reply, 400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(
        request,
        reply,
        error.statusCode,
        codeOfStatus(error, error.statusCode),
        error.message,
      );
    }
    request.log.error(error);
    return sendError(request, reply, 500, 'INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
}
