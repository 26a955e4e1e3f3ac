// Who sees a case and where a dispatcher may send it: the scope rules of cases, for a loaded row
// and as SQL. A case outside your scope is answered 404 by the callers, so it does not leak.

import type { AreaRow, CaseRow } from '@xiuhua/db';
import { type CaseAccessFacts, canSeeCase } from '@xiuhua/domain/workflow';
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError } from '../platform/errors.ts';

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

// ---------------------------------------------------------------- who sees a case: ONE rule
// The domain's canSeeCase() decides for a loaded row (detail, actions, live updates); visibleTo()
// is the same rule as SQL for lists, maps and counts. A test checks that they agree.

/** Whether the actor may see this case (the domain rule on a loaded row). */
export function isVisible(actor: Actor, row: AccessColumns): boolean {
  return canSeeCase(actor.scope, accessFacts(row));
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
 * The four find/handle modes (docs/domain.md, "Levels and tiers") as a rule on who may send a
 * case where: a unit is eligible only if its area contains the case; a street command centre
 * dispatches only to units of its own street (street finds / street handles) — a case needing
 * district or city units is dispatched by the district/city command centre, which sees the
 * street's cases too. `ownArea` is the area of the dispatcher's own unit. Returns the refusal, or
 * null if allowed.
 */
export function dispatchRefusal(
  ownArea: Pick<AreaRow, 'code' | 'name' | 'level'> | undefined,
  caseAreaPath: string,
  unit: { area_code: string; name: string },
): AppError | null {
  if (!caseAreaPath.split('/').includes(unit.area_code)) {
    return new AppError(422, 'UNIT_NOT_ELIGIBLE', `${unit.name} does not cover the case's area`, 'unitId');
  }
  if (
    ownArea &&
    (ownArea.level === 'street' || ownArea.level === 'community') &&
    !unit.area_code.startsWith(ownArea.code)
  ) {
    return new AppError(
      403,
      'NOT_IN_SCOPE',
      `a street command centre dispatches to its own street's units; ${unit.name} is outside ${ownArea.name} — report the case up to the district command centre`,
      'unitId',
    );
  }
  return null;
}

/** The area of the actor's own unit (the `ownArea` of dispatchRefusal). */
export async function ownArea(directory: DirectoryService, actor: Actor): Promise<AreaRow | undefined> {
  const own = await directory.unit(actor.user.unit_id);
  return own ? await directory.area(own.area_code) : undefined;
}
