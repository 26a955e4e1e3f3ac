// The compact diff the history drawer shows: two JSON values flattened to field paths
// (`limits.A.handle.amount`), and only the paths whose values differ. Lists are compared whole.

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) into.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (prefix || value !== null) {
    into.set(prefix || '—', value);
  }
  return into;
}

/** The fields that changed from `before` to `after` (null: the entity did not exist then). */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .filter((f) => JSON.stringify(a.get(f)) !== JSON.stringify(b.get(f)))
    .map((f) => ({ field: f, before: a.get(f), after: b.get(f) }));
}

/** A value in one short line: text as is, absent as —, anything else as JSON, cut at 120 characters. */
export function shortValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
