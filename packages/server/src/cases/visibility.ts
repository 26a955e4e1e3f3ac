// Who sees a case and where a dispatcher may send it: the scope rules of cases, for a loaded row
// and as SQL. A case outside your scope is answered 404 by the callers, so it does not leak.

import type { AreaRow, CaseRow, Db, UnitSide } from '@xiuhua/db';
import { type AreaRef, type CaseAccessFacts, can, why } from '@xiuhua/domain/policy';
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Actor, refusalError } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { AppError } from '../platform/errors.ts';

type AccessColumns = Pick<
  CaseRow,
  'area_path' | 'assignee_unit_id' | 'assignee_user_id' | 'involved_unit_ids' | 'created_by'
>;

export function accessFacts(row: AccessColumns): CaseAccessFacts {
  return {
    areaPath: row.area_path,
    assigneeUnitId: row.assignee_unit_id === null ? null : String(row.assignee_unit_id),
    assigneeUserId: row.assignee_user_id === null ? null : String(row.assignee_user_id),
    involvedUnitIds: row.involved_unit_ids.map(String),
    createdByUserId: row.created_by === null ? null : String(row.created_by),
  };
}

/** The access facts of a case by id (null for none, or a case that does not exist). */
export async function caseAccessFacts(
  db: Pick<Db, 'selectFrom'>,
  caseId: number | null,
): Promise<CaseAccessFacts | null> {
  if (caseId === null) return null;
  const row = await db
    .selectFrom('cases')
    .select(['area_path', 'assignee_unit_id', 'assignee_user_id', 'involved_unit_ids', 'created_by'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row ? accessFacts(row) : null;
}

// ---------------------------------------------------------------- who sees a case: ONE rule
// The policy's 'case.see' decides for a loaded row (detail, actions, live updates); visibleTo()
// is the same rule as SQL for lists, maps and counts. A test checks that they agree.

/** Whether the actor may see this case (the policy's rule on a loaded row). */
export function isVisible(actor: Actor, row: AccessColumns): boolean {
  return can(actor, 'case.see', accessFacts(row));
}

/** The visibility rule as a SQL condition on `table` (the cases table or its alias). */
export function visibleTo(actor: Actor, table = 'cases'): RawBuilder<SqlBool> {
  const { scope } = actor;
  if (scope.cityWide) return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const unitIds = scope.unitIds.map(Number);
  const terms = [
    ...scope.areaPaths.flatMap((p) => [
      sql`${col('area_path')} = ${p}`,
      sql`${col('area_path')} like ${`${p}/%`}`,
    ]),
    ...(unitIds.length > 0 ? [sql`${col('involved_unit_ids')} && ${unitIds}::int[]`] : []),
    sql`${col('assignee_user_id')} = ${actor.user.id}`,
    sql`${col('created_by')} = ${actor.user.id}`,
  ];
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}

/** Restrict a query on cases to those the actor may see. */
export function whereVisible<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  actor: Actor,
  table = 'cases',
): SelectQueryBuilder<DB, TB, O> {
  return actor.scope.cityWide ? qb : qb.where(visibleTo(actor, table));
}

// ---------------------------------------------------------------- where a case may be sent

/**
 * Why the actor may not dispatch the case to `unit` (policy 'case.dispatchTo'): `heldByStreet` is
 * the street whose centre holds the case (cases/handoff.ts), if one does.
 */
export function dispatchRefusal(
  ownArea: Pick<AreaRow, 'code' | 'name' | 'level'> | undefined,
  kase: Pick<CaseRow, 'area_path' | 'level'>,
  heldByStreet: AreaRef | null,
  unit: { area_code: string; name: string; side: UnitSide },
): AppError | null {
  const refusal = why(null, 'case.dispatchTo', {
    ownArea: ownArea ?? null,
    caseAreaPath: kase.area_path,
    caseLevel: kase.level,
    heldByStreet,
    unit,
  });
  return refusal ? refusalError(refusal) : null;
}

/** The area of the actor's own unit (the `ownArea` of dispatchRefusal). */
export async function ownArea(directory: DirectoryService, actor: Actor): Promise<AreaRow | undefined> {
  const own = await directory.unit(actor.user.unit_id);
  return own ? await directory.area(own.area_code) : undefined;
}
