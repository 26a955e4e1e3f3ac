// Admin history: every change to reference data (units, users, API keys, routing rules, the
// catalogue, the calendar, settings, devices, areas…) is recorded here as one admin event — who,
// when, which entity, the action, and the entity before and after — written in the same
// transaction as the change, so a change without its event (or the reverse) cannot be committed.
// Later work reads the events to invalidate caches on other instances. Secrets never go in.

import type { Db } from '@xiuhua/db';
import { sql } from 'kysely';

/** Every kind of entity the admin changes; a new admin entity adds its name here. */
export const ADMIN_ENTITIES = [
  'unit',
  'user',
  'api_key',
  'routing_rule',
  'catalogue_class',
  'catalogue_major',
  'calendar_day',
  'duty_schedule',
  'duty_roster',
  'calendar_year',
  'setting',
  'component',
  'device',
  'area',
  'grid_cells',
  'responsibility_grid',
  'places',
  'roads',
  'road_post',
  'night_check',
  'place_limit',
  'assessment_scheme',
  'open311_attributes',
] as const;
export type AdminEntity = (typeof ADMIN_ENTITIES)[number];

export const ADMIN_ACTIONS = ['create', 'update', 'delete', 'revoke', 'import', 'unlock'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export interface AdminChange {
  /** The signed-in admin; null for a system change (CLI, demo seed). */
  actorUserId: number | null;
  entity: AdminEntity;
  key: string | number;
  action: AdminAction;
  /** The entity as the admin sees it (API shape), null when created. */
  before: unknown;
  /** The entity as the admin sees it (API shape), null when deleted. */
  after: unknown;
  at: Date;
}

/**
 * Field names that must never be stored, whatever the caller passed (a safety net). Not a bare
 * `key`: Open311 attribute values are `{ key, name }` pairs.
 */
const SECRET = /^(password|\w*_hash|\w*Hash|secret|token|api_?[kK]ey)$/;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !SECRET.test(k) && v !== undefined)
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

/** Bookkeeping columns a change to an entity does not need to show. */
const BOOKKEEPING = new Set(['created_at', 'updated_at', 'imported_at', 'last_alarm_at', 'last_used_at']);

/**
 * A table row as its history records it: names in camelCase (as the API shows them), without
 * bookkeeping times or the columns in `omit`.
 */
export function rowFields(row: object, omit: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !BOOKKEEPING.has(k) && !omit.includes(k))
      .map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonical forms. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Record one admin change. Call it with the transaction that makes the change. A change that
 * changed nothing (before and after equal) is not recorded.
 */
export async function recordAdminEvent(trx: Db, change: AdminChange): Promise<void> {
  await recordAdminEvents(trx, [change]);
}

/** Record many admin changes (an import) with one statement; unchanged ones are left out. */
export async function recordAdminEvents(trx: Db, changes: readonly AdminChange[]): Promise<void> {
  const rows = changes.flatMap((change) => {
    const before = change.before == null ? null : withoutSecrets(change.before);
    const after = change.after == null ? null : withoutSecrets(change.after);
    if (before === null && after === null) return [];
    if (before !== null && after !== null && canonical(before) === canonical(after)) return [];
    return [
      {
        at: change.at,
        actor_user_id: change.actorUserId,
        entity: change.entity,
        entity_key: String(change.key),
        action: change.action,
        before: before === null ? null : JSON.stringify(before),
        after: after === null ? null : JSON.stringify(after),
      },
    ];
  });
  if (rows.length > 0) await trx.insertInto('admin_events').values(rows).execute();
}

/**
 * Record a change to one row keyed by its id: created (no before), deleted (no after) or updated,
 * unless `action` says otherwise; `fields` shows the row as the admin sees it.
 */
export async function recordRowChange<R extends { id: number }>(
  trx: Db,
  change: Pick<AdminChange, 'actorUserId' | 'entity' | 'at'> & {
    fields?: (row: R) => unknown;
    action?: AdminAction;
  },
  before: R | null,
  after: R | null,
): Promise<void> {
  const { fields = rowFields, ...rest } = change;
  await recordAdminEvent(trx, {
    ...rest,
    key: (after ?? before)!.id,
    action: change.action ?? (before === null ? 'create' : after === null ? 'delete' : 'update'),
    before: before && fields(before),
    after: after && fields(after),
  });
}

export interface AdminEvent {
  id: number;
  at: string;
  actor: { id: number; username: string; displayName: string } | null;
  entity: string;
  key: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** One entity's history (or every entity of a kind's, without key), newest first; `before` is the last id seen. */
export async function historyOf(
  db: Db,
  query: { entity: AdminEntity; key?: string; limit: number; before?: number },
): Promise<{ items: AdminEvent[]; nextBefore: number | null }> {
  let q = db
    .selectFrom('admin_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_user_id',
      'e.entity',
      'e.entity_key',
      'e.action',
      'e.before',
      'e.after',
      'u.username',
      'u.display_name',
    ])
    .where('e.entity', '=', query.entity);
  if (query.key !== undefined) q = q.where('e.entity_key', '=', query.key);
  if (query.before !== undefined) {
    // The page after event `before`, in the same (at, id) order as the index.
    q = q.where(sql<boolean>`(e.at, e.id) < (select at, id from admin_events where id = ${query.before})`);
  }
  const rows = await q
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor:
        r.actor_user_id === null
          ? null
          : { id: r.actor_user_id, username: r.username ?? '', displayName: r.display_name ?? '' },
      entity: r.entity,
      key: r.entity_key,
      action: r.action,
      before: r.before,
      after: r.after,
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}
