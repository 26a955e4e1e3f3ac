// Routing rules as the admin edits them: list, add, change, delete, each change recorded in the
// admin history in its transaction. RoutingService reads the same table on every suggestion, so
// a change applies to the next case at once.

import type { Db, RoutingRuleRow } from '@xiuhua/db';
import type { Clock } from '../platform/clock.ts';
import { recordRowChange } from '../admin/history.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';

type Level = 'community' | 'segment' | 'street' | 'district' | 'city';

export interface RuleInput {
  label?: string | null;
  kind?: 'component' | 'event' | null;
  classCode?: string | null;
  areaCode?: string | null;
  level?: Level | null;
  unitId: number;
  priority?: number;
  enabled?: boolean;
}

export class RoutingRuleAdmin {
  #s: { db: Db; clock: Clock; directory: DirectoryService };

  constructor(services: { db: Db; clock: Clock; directory: DirectoryService }) {
    this.#s = services;
  }

  async list(): Promise<RoutingRuleRow[]> {
    return await this.#s.db.selectFrom('routing_rules').selectAll().orderBy('id').execute();
  }

  /** 422 for an unknown unit or area. */
  async create(input: RuleInput, by: number | null): Promise<RoutingRuleRow> {
    return await this.#s.db.transaction().execute(async (trx) => await this.createIn(trx, input, by));
  }

  /** Adds a rule inside the caller's transaction (a dispute ruling correcting the routing at fault). */
  async createIn(trx: Db, input: RuleInput, by: number | null): Promise<RoutingRuleRow> {
    await this.#checkRefs(input);
    const row = await trx
      .insertInto('routing_rules')
      .values({
        label: input.label ?? null,
        kind: input.kind ?? null,
        class_code: input.classCode ?? null,
        area_code: input.areaCode ?? null,
        level: input.level ?? null,
        unit_id: input.unitId,
        priority: input.priority ?? 0,
        enabled: input.enabled ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#record(trx, by, null, row);
    return row;
  }

  /** Change the given fields of a rule; 404 if there is none. */
  async update(id: number, changes: Partial<RuleInput>, by: number | null): Promise<RoutingRuleRow> {
    await this.#checkRefs(changes);
    return await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('routing_rules')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('routing rule');
      const row = await trx
        .updateTable('routing_rules')
        .set({
          ...(changes.label !== undefined && { label: changes.label }),
          ...(changes.kind !== undefined && { kind: changes.kind }),
          ...(changes.classCode !== undefined && { class_code: changes.classCode }),
          ...(changes.areaCode !== undefined && { area_code: changes.areaCode }),
          ...(changes.level !== undefined && { level: changes.level }),
          ...(changes.unitId !== undefined && { unit_id: changes.unitId }),
          ...(changes.priority !== undefined && { priority: changes.priority }),
          ...(changes.enabled !== undefined && { enabled: changes.enabled }),
          updated_at: this.#s.clock.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#record(trx, by, before, row);
      return row;
    });
  }

  async remove(id: number, by: number | null): Promise<void> {
    await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('routing_rules')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('routing rule');
      await this.#record(trx, by, row, null);
    });
  }

  async #record(trx: Db, by: number | null, before: RoutingRuleRow | null, after: RoutingRuleRow | null) {
    await recordRowChange(
      trx,
      { actorUserId: by, entity: 'routing_rule', at: this.#s.clock.now(), fields: ruleFields },
      before,
      after,
    );
  }

  async #checkRefs(refs: { unitId?: number; areaCode?: string | null }): Promise<void> {
    if (refs.unitId !== undefined && !(await this.#s.directory.unit(refs.unitId)))
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${refs.unitId}`, 'unitId');
    if (refs.areaCode && !(await this.#s.directory.area(refs.areaCode)))
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${refs.areaCode}`, 'areaCode');
  }
}

/** A rule as the admin sees it (and its history records it). */
export function ruleFields(r: RoutingRuleRow) {
  return {
    id: r.id,
    ruleId: `R${r.id}`,
    label: r.label,
    kind: r.kind,
    classCode: r.class_code,
    areaCode: r.area_code,
    level: r.level,
    unitId: r.unit_id,
    priority: r.priority,
    enabled: r.enabled,
  };
}
