// fast-check arbitraries from the JSON schemas of our OpenAPI document: values a schema accepts
// (`valid`), and the hostile values the fuzz test puts in their place (`NASTY`).

import fc from 'fast-check';

export type Schema = Record<string, any>;

/** Resolves `#/components/schemas/X` against the document. */
export type Resolve = (schema: Schema) => Schema;

export function resolverOf(doc: Schema): Resolve {
  return (schema) => {
    let s = schema;
    while (s && typeof s.$ref === 'string') {
      const name = s.$ref.replace('#/components/schemas/', '');
      s = doc.components?.schemas?.[name];
      if (!s) throw new Error(`unresolved ${schema.$ref}`);
    }
    return s;
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: generated text must not hold them
const CONTROL = /[\u0000-\u001f\u007f]/;
const DAY = 24 * 3600 * 1000;
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2030, 0, 1);

/** Strings: mostly short Chinese or ASCII text, now and then any grapheme; never a control character. */
function text(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.max(min, Math.min(max, 24));
  const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
  return fc
    .oneof(
      fc.string({ minLength: min, maxLength: cap, unit: han }),
      fc.string({ minLength: min, maxLength: cap }),
      fc.string({ minLength: min, maxLength: cap, unit: 'grapheme' }),
    )
    .filter((s) => !CONTROL.test(s) && [...s].length >= min && s.length <= max);
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const inRange = (s: string) => s.length <= max && [...s].length >= min;
  switch (schema.format) {
    case 'date-time':
      return fc.integer({ min: FROM, max: TO }).map((t) => new Date(t).toISOString());
    case 'date':
      return fc
        .integer({ min: FROM / DAY, max: TO / DAY })
        .map((d) => new Date(d * DAY).toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
  }
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    const matching = fc.stringMatching(pattern).filter((s) => !CONTROL.test(s) && inRange(s));
    // an id in a path or a query: mostly one that may exist
    if (/^\^\[0-9\]\{1,\d+\}\$$/.test(schema.pattern) || schema.pattern === '^[0-9]+$')
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) }, matching);
    return matching;
  }
  return text(min, max);
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo =
    schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-9) : schema.minimum;
  const hi =
    schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-9) : schema.maximum;
  if (integer) {
    const min = Math.max(lo ?? -(2 ** 31), Number.MIN_SAFE_INTEGER);
    const max = Math.min(hi ?? 2 ** 31 - 1, Number.MAX_SAFE_INTEGER);
    const small = fc.integer({ min: Math.max(min, Math.min(1, max)), max: Math.min(max, Math.max(min, 40)) });
    return fc.oneof({ weight: 2, arbitrary: small }, fc.integer({ min, max }));
  }
  return fc.double({ min: lo ?? -1e9, max: hi ?? 1e9, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (as far as JSON Schema can say: cross-field rules are the server's). */
export function valid(schema: Schema | undefined, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return fc.jsonValue({ maxDepth: 1 });
  const s = resolve(schema);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (Array.isArray(union)) return fc.oneof(...union.map((u: Schema) => valid(u, resolve, depth)));
  if (Array.isArray(s.allOf)) return valid(Object.assign({}, ...s.allOf.map(resolve)), resolve, depth);
  if (Array.isArray(s.type))
    return fc.oneof(...s.type.map((t: string) => valid({ ...s, type: t }, resolve, depth)));
  const type = s.type ?? (s.properties ? 'object' : undefined);
  const plain = s.nullable
    ? (a: fc.Arbitrary<unknown>) => fc.option(a, { nil: null, freq: 8 })
    : (a: fc.Arbitrary<unknown>) => a;
  switch (type) {
    case 'string':
      return plain(stringOf(s));
    case 'integer':
      return plain(numberOf(s, true));
    case 'number':
      return plain(numberOf(s, false));
    case 'boolean':
      return plain(fc.boolean());
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = valid(s.items, resolve, depth + 1);
      const constraints = {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
      };
      return plain(
        s.uniqueItems
          ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(item, constraints),
      );
    }
    case 'object': {
      const properties: Record<string, Schema> = s.properties ?? {};
      const required: string[] = s.required ?? [];
      const keys = Object.keys(properties);
      const record = fc.record(
        Object.fromEntries(keys.map((k) => [k, valid(properties[k], resolve, depth + 1)])),
        { requiredKeys: required.filter((k) => keys.includes(k)) },
      );
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && keys.length === 0)
        return plain(
          fc.dictionary(text(1, 12), valid(s.additionalProperties, resolve, depth + 1), { maxKeys: 3 }),
        );
      return plain(record);
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** What a careless or hostile client sends in a field's place. */
export const NASTY: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0007b',
  'x'.repeat(5000),
  '绣'.repeat(600),
  '𠜎🀄️‍',
  '\ud800',
  "' OR 1=1 --",
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '2026-02-30',
  '9999-12-31T25:61:00Z',
  '0000-00-00',
  '2026-13-01',
  -1,
  0,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 1,
  1e308,
  -1e308,
  0.5,
  1e-320,
  null,
  true,
  [],
  [null],
  {},
  { $ref: '#' },
  { __proto__: { admin: true } },
];

export const nasty = fc.constantFrom(...NASTY);
