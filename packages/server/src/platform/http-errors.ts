// Every error leaves as `{ code, message, field? }`: domain errors (AppError) with their own status
// and code, schema validation as 400 VALIDATION naming the field, Fastify's own 4xx with a code of
// ours, anything else as 500 INTERNAL (logged, never shown).

import type { FastifyError, FastifyInstance } from 'fastify';
import { toAppError } from './errors.ts';

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

/** A union of literals fails once per literal ("must be equal to constant" ×14): say "one of" instead. */
function validationMessage(error: FastifyError): string {
  const errors = error.validation ?? [];
  const at = errors[0]?.instancePath;
  const consts = errors.filter((e) => e.keyword === 'const');
  if (
    consts.length === 0 ||
    !errors.every((e) => ['const', 'anyOf'].includes(e.keyword) && e.instancePath === at)
  )
    return error.message;
  const allowed = consts.map((e) => JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue));
  return `${error.validationContext ?? 'input'}${at} must be one of ${allowed.join(', ')}`;
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) {
      return reply.status(known.status).send({
        code: known.code,
        message: known.message,
        ...(known.field ? { field: known.field } : {}),
        ...(known.details ?? {}),
      });
    }
    if (error.validation) {
      const field = fieldOf(error);
      return reply
        .status(400)
        .send({ code: 'VALIDATION', message: validationMessage(error), ...(field ? { field } : {}) });
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && error.statusCode === 400)
    ) {
      return reply
        .status(400)
        .send({ code: 'MALFORMED_JSON', message: 'the request body is not valid JSON' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'BODY_TOO_LARGE'
          : error.statusCode === 429
            ? 'RATE_LIMITED' // @fastify/rate-limit's error carries no code of its own
            : (error.code ?? 'BAD_REQUEST');
      return reply.status(error.statusCode).send({ code, message: error.message });
    }
    request.log.error(error);
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
