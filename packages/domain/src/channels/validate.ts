// Validation of a report's source details against its source's schema (fields.ts). Pure: the
// caller passes the current time. The first problem is thrown as a DomainError naming the field
// (`sourceDetails.instructedAt`), so the API answers 400 with that field and writes nothing.

import { cstDayNumber, dayOfIsoDate } from '../calendar/cst.ts';
import { DomainError } from '../errors/index.ts';
import { type SourceField, sourceSchemaOf } from './fields.ts';

/** Normalised details: trimmed strings, date-times as UTC ISO strings, dates as YYYY-MM-DD. */
export type SourceDetails = Record<string, string | number>;

/** Clocks of other systems run a little ahead; more than this is a wrong time, not skew. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;
const EARLIEST = Date.UTC(1990, 0, 1);
// RFC 3339 with an explicit offset: a time without one is ambiguous (UTC? China time?).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
// Line breaks and tabs are fine in long text; other control characters are not text.
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const CONTROL_OR_BREAK = /\p{Cc}/u;

const invalid = (field: string, message: string) => new DomainError('INVALID_FIELD', message, field);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Check and normalise `details` for `source`. Returns null when the source has no fields and none
 * were sent. Throws DomainError (MISSING_FIELD / INVALID_FIELD) naming `<prefix>.<key>`.
 */
export function parseSourceDetails(
  source: string,
  details: unknown,
  now: Date,
  prefix = 'sourceDetails',
): SourceDetails | null {
  const schema = sourceSchemaOf(source);
  if (details !== undefined && details !== null && !isPlainObject(details))
    throw invalid(prefix, `${prefix} must be an object`);
  const given = (details ?? {}) as Record<string, unknown>;
  if (!schema) {
    if (Object.keys(given).length > 0)
      throw invalid(prefix, `reports from source ${source} take no ${prefix}`);
    return null;
  }
  const known = new Set(schema.fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      throw invalid(
        `${prefix}.${key}`,
        `${prefix}.${key} is not a field of a ${schema.en.toLowerCase()}; the fields are ${[...known].join(', ')}`,
      );
  }
  const out: SourceDetails = {};
  for (const field of schema.fields) {
    const path = `${prefix}.${field.key}`;
    const raw = given[field.key];
    const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (blank) {
      if (field.required)
        throw new DomainError('MISSING_FIELD', `${path} is required for a ${schema.en.toLowerCase()}`, path);
      continue;
    }
    out[field.key] = parseValue(field, raw, path, now);
  }
  for (const field of schema.fields) {
    const value = out[field.key];
    const anchor = field.notBefore ? out[field.notBefore] : undefined;
    if (typeof value === 'string' && typeof anchor === 'string') {
      if (dayOfIsoDate(value) < cstDayNumber(Date.parse(anchor)))
        throw invalid(
          `${prefix}.${field.key}`,
          `${prefix}.${field.key} is before ${prefix}.${field.notBefore}`,
        );
    }
  }
  return out;
}

function parseValue(field: SourceField, raw: unknown, path: string, now: Date): string | number {
  switch (field.type) {
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw invalid(path, `${path} must be a number`);
      if (field.integer && !Number.isInteger(raw)) throw invalid(path, `${path} must be a whole number`);
      if (field.min !== undefined && raw < field.min)
        throw invalid(path, `${path} must be at least ${field.min}`);
      if (field.max !== undefined && raw > field.max)
        throw invalid(path, `${path} must be at most ${field.max}`);
      return raw;
    }
    case 'choice': {
      const values = (field.choices ?? []).map((c) => c.value);
      if (typeof raw !== 'string' || !values.includes(raw))
        throw invalid(path, `${path} must be one of ${values.join(', ')}`);
      return raw;
    }
    default:
      break;
  }
  if (typeof raw !== 'string') throw invalid(path, `${path} must be a string`);
  const value = raw.trim();
  switch (field.type) {
    case 'dateTime': {
      const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
      // Date.parse rolls 02-30 over to March: the date part must name a real day.
      if (Number.isNaN(ms) || !realDay(value.slice(0, 10)))
        throw invalid(path, `${path} must be a date-time with offset, e.g. 2026-09-28T09:30:00+08:00`);
      if (ms < EARLIEST) throw invalid(path, `${path} is before 1990`);
      if (ms > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid(path, `${path} is in the future`);
      return new Date(ms).toISOString();
    }
    case 'date': {
      if (!realDay(value)) throw invalid(path, `${path} must be a date YYYY-MM-DD`);
      return value;
    }
    case 'url': {
      let parsed: URL | null = null;
      try {
        parsed = new URL(value);
      } catch {
        parsed = null;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || /\s/.test(value))
        throw invalid(path, `${path} must be an http(s) address`);
      break;
    }
    default:
      break;
  }
  if (field.maxLength !== undefined && [...value].length > field.maxLength)
    throw invalid(path, `${path} is longer than ${field.maxLength} characters`);
  if ((field.type === 'longText' ? CONTROL : CONTROL_OR_BREAK).test(value))
    throw invalid(path, `${path} contains control characters`);
  if (field.pattern && !field.pattern.test(value))
    throw invalid(path, `${path} may contain only letters, digits and _ . : -`);
  return value;
}

function realDay(date: string): boolean {
  try {
    dayOfIsoDate(date);
    return true;
  } catch {
    return false;
  }
}
