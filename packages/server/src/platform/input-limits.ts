// Limits every request schema gets, so that no input reaches PostgreSQL in a shape it refuses
// (a 500): each integer without bounds is bounded to PostgreSQL's `integer` (2^31 − 1), each
// number to a finite range, and neither may be infinite (ajv coerces `1e400` in a query string or
// path to Infinity, accepts it as an integer and skips its bounds), and each string is cleaned of
// control characters. Free text loses NUL and the other C0 controls except
// tab, newline and carriage return on the way in, and a lone UTF-16 surrogate becomes U+FFFD; a string with a pattern or format (codes, ids,
// dates) or marked `IDENTIFIER` (user names, passwords) that holds either is refused with 400
// INVALID_CHARACTER. Applied once, to every route, by an onRoute hook.

import type { Plugin } from 'ajv';
import type { FastifyInstance } from 'fastify';

export const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;
const NUMBER_LIMIT = Number.MAX_SAFE_INTEGER;

/** The schema keyword: 'strip' removes control characters, 'refuse' fails validation on one. */
export const CONTROL_CHARS = 'x-control-chars';
/** The schema keyword that refuses an infinite number. */
export const FINITE = 'x-finite';
/** Spread into a string schema that names something (a user name, a password): refused, not cleaned. */
export const IDENTIFIER = { [CONTROL_CHARS]: 'refuse' } as const;

// C0 controls except \t \n \r, and DEL: matching them is the point.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this module removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
/** Half of a surrogate pair without its other half (`u`: a whole pair is one code point, not matched). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const LONE_SURROGATE_ALL = /[\ud800-\udfff]/gu;

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;
const hasType = (schema: Schema, type: string) =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));

/** Adds the limits to a request schema and everything in it (in place; adding them twice is harmless). */
export function limitInput(schema: unknown): void {
  if (!isSchema(schema)) return;
  if (hasType(schema, 'integer') || hasType(schema, 'number')) {
    const integer = hasType(schema, 'integer');
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
      schema.maximum = integer ? INT_MAX : NUMBER_LIMIT;
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
      schema.minimum = integer ? INT_MIN : -NUMBER_LIMIT;
    schema[FINITE] = true;
  }
  if (hasType(schema, 'string') && schema.const === undefined && schema.enum === undefined) {
    schema[CONTROL_CHARS] ??=
      schema.pattern !== undefined || schema.format !== undefined ? 'refuse' : 'strip';
  }
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions'] as const) {
    const children = schema[key];
    if (isSchema(children)) for (const child of Object.values(children)) limitInput(child);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else'] as const)
    limitInput(schema[key]);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list) limitInput(child);
  }
}

interface DataContext {
  parentData?: Record<string | number, unknown>;
  parentDataProperty?: string | number;
}
type KeywordValidate = ((data: unknown, context?: DataContext) => boolean) & { errors?: object[] };

/** The ajv keywords behind CONTROL_CHARS and FINITE (an ajv plugin for Fastify's `ajv.plugins`). */
export const inputKeywords: Plugin<unknown> = (ajv) =>
  ajv
    .addKeyword({
      keyword: FINITE,
      schemaType: 'boolean',
      errors: true,
      // no `type`: ajv's own number keywords skip a non-finite number, and so would ours
      compile() {
        const validate: KeywordValidate = (data) => {
          if (typeof data !== 'number' || Number.isFinite(data)) return true;
          validate.errors = [{ keyword: FINITE, message: 'must be a finite number', params: {} }];
          return false;
        };
        return validate;
      },
    })
    .addKeyword({
      keyword: CONTROL_CHARS,
      type: 'string',
      schemaType: 'string',
      // before the pattern and format: a code with a NUL is INVALID_CHARACTER, not a mismatch
      before: 'maxLength',
      modifying: true,
      errors: true,
      compile(mode: 'strip' | 'refuse') {
        const validate: KeywordValidate = (data, context) => {
          if (typeof data !== 'string' || (!CONTROL.test(data) && !LONE_SURROGATE.test(data))) return true;
          if (mode === 'strip' && context?.parentData && context.parentDataProperty !== undefined) {
            // a lone surrogate (JSON's "\ud800") becomes U+FFFD: PostgreSQL refuses it in jsonb
            context.parentData[context.parentDataProperty] = data
              .replace(CONTROL_ALL, '')
              .replace(LONE_SURROGATE_ALL, '\ufffd');
            return true;
          }
          validate.errors = [
            { keyword: CONTROL_CHARS, message: 'must not contain control characters', params: {} },
          ];
          return false;
        };
        return validate;
      },
    });

/** Bounds and cleans every route's request schemas (register before the routes). */
export function registerInputLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema) return;
    for (const part of [schema.body, schema.querystring, schema.params, schema.headers]) limitInput(part);
  });
}
