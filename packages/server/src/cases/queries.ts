// Reading cases: one case by id or number (404 outside the reader's scope), its event log, the
// filtered and paged list, and the map points.

import type { CaseRow, Database, Db } from '@xiuhua/db';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { can } from '@xiuhua/domain/policy';
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { accessFacts, whereVisible } from './visibility.ts';

export async function findCase(db: Kysely<Database>, idOrNumber: string): Promise<CaseRow | undefined> {
  const q = db.selectFrom('cases').selectAll();
  if (/^\d{1,9}$/.test(idOrNumber)) return await q.where('id', '=', Number(idOrNumber)).executeTakeFirst();
  if (/^\d{10,16}$/.test(idOrNumber)) return await q.where('number', '=', idOrNumber).executeTakeFirst();
  return undefined;
}

/** The case the actor asked for; 404 if there is none or the actor may not see it. */
export async function getCase(db: Db, actor: Actor, idOrNumber: string): Promise<CaseRow> {
  const row = await findCase(db, idOrNumber);
  if (!row || !can(actor, 'case.see', accessFacts(row))) throw notFound('case');
  return row;
}

/** The event log of a case the actor may see, oldest first, with the actors' names. */
export async function caseEvents(db: Db, actor: Actor, idOrNumber: string) {
  const row = await getCase(db, actor, idOrNumber);
  return await db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('units as un', 'un.id', 'e.actor_unit_id')
    .select([
      'e.id',
      'e.seq',
      'e.action',
      'e.from_state',
      'e.to_state',
      'e.actor_user_id',
      'e.actor_role',
      'e.actor_unit_id',
      'e.at',
      'e.reason',
      'e.data',
      'e.attachments',
    ])
    .select(['u.display_name as actor_name', 'un.name as actor_unit_name'])
    .where('e.case_id', '=', row.id)
    .orderBy('e.seq')
    .execute();
}

export interface CaseFilters {
  state?: string[];
  colour?: string[];
  kind?: ClassKind;
  classCode?: string;
  areaCode?: string;
  unitId?: number;
  /** On any of these road segments. */
  segmentId?: number[];
  source?: string;
  from?: Date;
  to?: Date;
  q?: string;
  sort?: 'reported_at' | 'due_at' | 'updated_at' | 'number';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** The cases the actor may see, narrowed by the list filters (no selection, order or paging). */
async function filteredCases(db: Db, directory: DirectoryService, actor: Actor, f: CaseFilters) {
  // Scope first: what this user may see at all.
  let q = whereVisible(db.selectFrom('cases'), actor);
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.colour?.length) q = q.where('colour', 'in', f.colour as NonNullable<CaseRow['colour']>[]);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.classCode) q = q.where('class_code', 'like', `${f.classCode}%`);
  if (f.areaCode) {
    const path = await areaPathOf(directory, f.areaCode);
    q = q.where((eb) => eb.or([eb('area_path', '=', path), eb('area_path', 'like', `${path}/%`)]));
  }
  if (f.unitId !== undefined) q = q.where('assignee_unit_id', '=', f.unitId);
  if (f.segmentId?.length) q = q.where('segment_id', 'in', f.segmentId);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.from) q = q.where('reported_at', '>=', f.from);
  if (f.to) q = q.where('reported_at', '<', f.to);
  if (f.q) {
    const text = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([eb('number', 'like', text), eb('description', 'like', text), eb('address', 'like', text)]),
    );
  }
  return q;
}

/** The path of a known area; 400 UNKNOWN_AREA (field areaCode) otherwise. */
export async function areaPathOf(directory: DirectoryService, areaCode: string): Promise<string> {
  const area = await directory.area(areaCode);
  if (!area) throw new AppError(400, 'UNKNOWN_AREA', `there is no area ${areaCode}`, 'areaCode');
  return area.path;
}

export async function listCases(db: Db, directory: DirectoryService, actor: Actor, f: CaseFilters) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const q = await filteredCases(db, directory, actor, f);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(f.sort ?? 'reported_at', f.order ?? 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(total), page, pageSize, rows };
}

export const POINTS_MAX = 50_000;

/**
 * Map points: the list filters, only the columns a marker needs, newest first, at most `limit`
 * (one more is read to tell whether the set was cut).
 */
export async function casePoints(
  db: Db,
  directory: DirectoryService,
  actor: Actor,
  f: Omit<CaseFilters, 'sort' | 'order' | 'page' | 'pageSize'>,
  limit = 10_000,
) {
  const q = await filteredCases(db, directory, actor, f);
  const rows = await q
    .select(['id', 'number', 'state', 'colour', 'class_code', 'assignee_unit_id', 'lon', 'lat'])
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), truncated: rows.length > limit };
}
