// Routing rules as the admin edits them: list, add, change, delete. RoutingService reads the
// same table on every suggestion, so a change applies to the next case at once.

import type { Db, RoutingRuleRow } from '@xiuhua/db';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';

type Level = 'community' | 'street' | 'district' | 'city';

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
  async create(input: RuleInput): Promise<RoutingRuleRow> {
    await this.#checkRefs(input);
    return await this.#s.db
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
  }

  /** Change the given fields of a rule; 404 if there is none. */
  async update(id: number, changes: Partial<RuleInput>): Promise<RoutingRuleRow> {
    await this.#checkRefs(changes);
    const row = await this.#s.db
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
      .executeTakeFirst();
    if (!row) throw notFound('routing rule');
    return row;
  }

  async remove(id: number): Promise<void> {
    const r = await this.#s.db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('routing rule');
  }

  async #checkRefs(refs: { unitId?: number; areaCode?: string | null }): Promise<void> {
    if (refs.unitId !== undefined && !(await this.#s.directory.unit(refs.unitId)))
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${refs.unitId}`, 'unitId');
    if (refs.areaCode && !(await this.#s.directory.area(refs.areaCode)))
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${refs.areaCode}`, 'areaCode');
  }
}
