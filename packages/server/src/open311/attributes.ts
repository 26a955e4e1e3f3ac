// Service definition attributes: what a POST may answer (`attribute[CODE]=v`,
// `attribute[CODE][]=v1&attribute[CODE][]=v2`) and the checks on those answers. Pure.

import type { Open311Datatype } from '@xiuhua/db';
import { AppError } from '../platform/errors.ts';
import { badParam } from './format.ts';

export const DATATYPES: readonly Open311Datatype[] = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
];

export interface AttributeDef {
  code: string;
  position: number;
  variable: boolean;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string | null;
  description: string;
  values: { key: string; name: string }[];
}

export type AttributeAnswers = Record<string, string | string[]>;

const ATTRIBUTE_KEY = /^attribute\[([^\][]*)\](\[\])?$/;
const MAX_STRING = 500;
const MAX_TEXT = 4000;
// ISO 8601 date-time with seconds optional, fraction optional, and an offset or Z.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isIsoDateTime(value: string): boolean {
  return DATETIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** The answers in a parsed form body: `attribute[CODE]` (one value) and `attribute[CODE][]` (a list). */
export function collectAttributes(params: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(params)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (!m) continue;
    const code = m[1]!;
    const values = (Array.isArray(raw) ? raw : [raw]).map(String).filter((v) => v !== '');
    // An empty answer is no answer (the spec: an optional parameter sent empty is absent).
    if (values.length > 0) out.set(code, [...(out.get(code) ?? []), ...values]);
  }
  return out;
}

/**
 * Check the answers against the service's attributes: known codes only, every required one
 * answered, each value of its datatype (a list value one of its keys). Informational attributes
 * (`variable: false`) take no answer.
 */
export function checkAttributes(
  defs: readonly AttributeDef[],
  answers: Map<string, string[]>,
): AttributeAnswers {
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const out: AttributeAnswers = {};
  for (const [code, values] of answers) {
    const def = byCode.get(code);
    const param = `attribute[${code}]`;
    if (!def) throw badParam(param, `this service has no attribute ${code}`);
    if (!def.variable) throw badParam(param, `attribute ${code} is information only and takes no answer`);
    if (def.datatype !== 'multivaluelist' && values.length > 1)
      throw badParam(param, `attribute ${code} takes one value`);
    for (const v of values) checkValue(def, v, param);
    if (def.datatype === 'multivaluelist') {
      if (new Set(values).size !== values.length) throw badParam(param, `attribute ${code} repeats a value`);
      out[code] = values;
    } else out[code] = values[0]!;
  }
  for (const def of defs) {
    if (def.variable && def.required && out[def.code] === undefined)
      throw badParam(`attribute[${def.code}]`, `attribute ${def.code} is required: ${def.description}`);
  }
  return out;
}

function checkValue(def: AttributeDef, value: string, param: string): void {
  switch (def.datatype) {
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(Number(value)))
        throw badParam(param, `attribute ${def.code} must be a number`);
      return;
    case 'datetime':
      if (!isIsoDateTime(value))
        throw badParam(param, `attribute ${def.code} must be an ISO 8601 date-time with offset`);
      return;
    case 'string':
      if (value.length > MAX_STRING)
        throw badParam(param, `attribute ${def.code} is longer than ${MAX_STRING} characters`);
      return;
    case 'text':
      if (value.length > MAX_TEXT)
        throw badParam(param, `attribute ${def.code} is longer than ${MAX_TEXT} characters`);
      return;
    case 'singlevaluelist':
    case 'multivaluelist':
      if (!def.values.some((v) => v.key === value))
        throw badParam(
          param,
          `attribute ${def.code} must be one of ${def.values.map((v) => v.key).join(', ')}`,
        );
      return;
  }
}

/** Validate an admin's list of attributes for one service; 400 naming the item on the first problem. */
export function validateDefinitions(input: readonly AttributeDef[]): AttributeDef[] {
  const seen = new Set<string>();
  return input.map((d, i) => {
    const at = `attributes.${i}`;
    const fail = (field: string, message: string) =>
      new AppError(400, 'INVALID_FIELD', `${at}.${field} ${message}`, `${at}.${field}`);
    if (!/^[A-Za-z0-9_]{1,40}$/.test(d.code)) throw fail('code', 'must be 1–40 letters, digits or _');
    if (seen.has(d.code)) throw fail('code', `repeats ${d.code}`);
    seen.add(d.code);
    const list = d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist';
    if (list && d.values.length === 0) throw fail('values', 'must list the choices of a list attribute');
    if (!list && d.values.length > 0) throw fail('values', `must be empty for datatype ${d.datatype}`);
    const keys = new Set<string>();
    for (const v of d.values) {
      if (keys.has(v.key)) throw fail('values', `repeats the key ${v.key}`);
      keys.add(v.key);
    }
    return { ...d, position: i + 1 };
  });
}
