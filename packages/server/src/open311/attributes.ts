// Service definition attributes: what a POST may answer (`attribute[CODE]=v`,
// `attribute[CODE][]=v1&attribute[CODE][]=v2`) and the checks on those answers. Pure.

import type { Open311Datatype } from '@xiuhua/db';
import { AppError } from '../platform/errors.ts';
import { badParam } from './format.ts';
import type { Notices } from './notices.ts';

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

/** At most this many answers to attributes the service does not list are kept (FixMyStreet's uprn…). */
const MAX_UNLISTED = 20;
const UNLISTED_CODE = /^[A-Za-z0-9_.:-]{1,40}$/;

/**
 * Check the answers against the service's attributes. A required attribute must be answered with
 * a value of its datatype (a list value one of its keys), or the report is refused (400). Anything
 * else that does not fit is kept where it can be and dropped where not, each said in `notices`:
 * an attribute the service does not list is kept as sent (strings ≤ 500), an answer to an
 * information-only attribute (`variable: false`) or an optional answer of the wrong type is
 * dropped, a second value of a single-valued attribute is dropped, over-long text is shortened.
 */
export function checkAttributes(
  defs: readonly AttributeDef[],
  answers: Map<string, string[]>,
  notices: Notices,
): AttributeAnswers {
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const out: AttributeAnswers = {};
  let unlisted = 0;
  for (const [code, given] of answers) {
    const def = byCode.get(code);
    if (!def) {
      if (UNLISTED_CODE.test(code) && unlisted < MAX_UNLISTED) {
        unlisted += 1;
        const values = given.map((v) => v.slice(0, MAX_STRING));
        out[code] = values.length === 1 ? values[0]! : values;
        notices.add(
          `本服务没有属性 ${code}，已按原样保存`,
          `this service has no attribute ${code}; kept as sent`,
        );
      } else
        notices.add(`属性 ${code} 无法识别，已舍弃`, `attribute ${code} was not understood and was dropped`);
      continue;
    }
    if (!def.variable) {
      notices.add(
        `属性 ${code} 仅供说明，不需回答，回答已舍弃`,
        `attribute ${code} is information only; the answer was dropped`,
      );
      continue;
    }
    const param = `attribute[${code}]`;
    let values = [...new Set(given)];
    if (def.datatype !== 'multivaluelist' && values.length > 1) {
      notices.add(
        `属性 ${code} 只取一个值，已保留第一个`,
        `attribute ${code} takes one value; the first was kept`,
      );
      values = values.slice(0, 1);
    }
    const kept: string[] = [];
    for (const v of values) {
      const problem = valueProblem(def, v);
      if (!problem) kept.push(v);
      else if (problem.shortened !== undefined) {
        kept.push(problem.shortened);
        notices.add(problem.zh, problem.en);
      } else if (def.required) throw badParam(param, problem.en);
      else notices.add(`${problem.zh}，已舍弃`, `${problem.en}; dropped`);
    }
    if (kept.length === 0) continue;
    out[code] = def.datatype === 'multivaluelist' ? kept : kept[0]!;
  }
  for (const def of defs) {
    if (def.variable && def.required && out[def.code] === undefined)
      throw badParam(`attribute[${def.code}]`, `attribute ${def.code} is required: ${def.description}`);
  }
  return out;
}

interface ValueProblem {
  zh: string;
  en: string;
  /** Set when the value is kept shortened. */
  shortened?: string;
}

function valueProblem(def: AttributeDef, value: string): ValueProblem | null {
  const code = def.code;
  const tooLong = (max: number): ValueProblem | null =>
    value.length > max
      ? {
          zh: `属性 ${code} 超过 ${max} 字，已截断`,
          en: `attribute ${code} is longer than ${max} characters; shortened`,
          shortened: value.slice(0, max),
        }
      : null;
  switch (def.datatype) {
    case 'number':
      return !/^-?\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(Number(value))
        ? { zh: `属性 ${code} 应为数字`, en: `attribute ${code} must be a number` }
        : null;
    case 'datetime':
      return isIsoDateTime(value)
        ? null
        : {
            zh: `属性 ${code} 应为带时区的 ISO 8601 时间`,
            en: `attribute ${code} must be an ISO 8601 date-time with offset`,
          };
    case 'string':
      return tooLong(MAX_STRING);
    case 'text':
      return tooLong(MAX_TEXT);
    case 'singlevaluelist':
    case 'multivaluelist':
      return def.values.some((v) => v.key === value)
        ? null
        : {
            zh: `属性 ${code} 应为 ${def.values.map((v) => v.key).join('、')} 之一`,
            en: `attribute ${code} must be one of ${def.values.map((v) => v.key).join(', ')}`,
          };
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
