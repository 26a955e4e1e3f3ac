// Units as the admin edits them: create and change, with their area and parent checked, each
// change recorded in the admin history in its transaction. Reads go through the directory (held
// in memory), which is reloaded after every change made here.

import type { Db, UnitKind, UnitRow } from '@xiuhua/db';
import { defaultSideOf } from '@xiuhua/domain/workflow';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { recordRowChange } from './history.ts';
import type { UnitInput } from './schemas.ts';

export type UnitChanges = Partial<Omit<UnitInput, 'code'>>;

export class UnitAdmin {
  #s: { db: Db; clock: Clock; directory: DirectoryService };

  constructor(services: { db: Db; clock: Clock; directory: DirectoryService }) {
    this.#s = services;
  }

  /** A new unit; 422 for an unknown area or parent, 409 if the code is taken. */
  async create(input: UnitInput, by: number | null): Promise<UnitRow> {
    await this.#checkRefs(input);
    const dup = await this.#s.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (dup) throw new AppError(409, 'DUPLICATE', `a unit with code ${input.code} exists`, 'code');
    const row = await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('units')
        .values({
          code: input.code,
          name: input.name,
          name_en: input.nameEn ?? null,
          kind: input.kind as UnitKind,
          unit_type: input.unitType ?? null,
          parent_id: input.parentId ?? null,
          area_code: input.areaCode,
          active: input.active ?? true,
          side: input.side ?? defaultSideOf(input.kind as UnitKind),
          dual_role: input.dualRole ?? false,
          ...(input.scheduleId !== undefined && { schedule_id: input.scheduleId }),
          ...(input.headUserId !== undefined && { head_user_id: input.headUserId }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#record(trx, by, null, row);
      return row;
    });
    this.#s.directory.invalidate();
    return row;
  }

  /** Change the given fields of a unit (its code never changes). */
  async update(id: number, changes: UnitChanges, by: number | null): Promise<UnitRow> {
    const current = await this.#s.directory.unit(id);
    if (!current) throw notFound('unit');
    await this.#checkRefs({
      parentId: changes.parentId,
      areaCode: changes.areaCode ?? current.area_code,
      scheduleId: changes.scheduleId,
      headUserId: changes.headUserId,
    });
    if (changes.parentId === id)
      throw new AppError(422, 'INVALID_FIELD', 'a unit cannot be its own parent', 'parentId');
    const row = await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('units')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const set = {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
        ...(changes.kind !== undefined && { kind: changes.kind as UnitKind }),
        ...(changes.unitType !== undefined && { unit_type: changes.unitType }),
        ...(changes.parentId !== undefined && { parent_id: changes.parentId }),
        ...(changes.areaCode !== undefined && { area_code: changes.areaCode }),
        ...(changes.active !== undefined && { active: changes.active }),
        // a new kind brings its side unless the admin names one
        ...(changes.kind !== undefined && { side: defaultSideOf(changes.kind as UnitKind) }),
        ...(changes.side !== undefined && { side: changes.side }),
        ...(changes.dualRole !== undefined && { dual_role: changes.dualRole }),
        ...(changes.scheduleId !== undefined && { schedule_id: changes.scheduleId }),
        ...(changes.headUserId !== undefined && { head_user_id: changes.headUserId }),
      };
      // An empty change (PATCH {}) changes nothing: the unit as it is, and no event.
      if (Object.keys(set).length === 0) return before;
      const row = await trx
        .updateTable('units')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#record(trx, by, before, row);
      return row;
    });
    this.#s.directory.invalidate();
    return row;
  }

  async #record(trx: Db, by: number | null, before: UnitRow | null, after: UnitRow | null) {
    await recordRowChange(
      trx,
      { actorUserId: by, entity: 'unit', at: this.#s.clock.now(), fields: unitFields },
      before,
      after,
    );
  }

  async #checkRefs(refs: {
    parentId?: number | null;
    areaCode: string;
    scheduleId?: number;
    headUserId?: number | null;
  }): Promise<void> {
    if (refs.headUserId) {
      const head = await this.#s.db
        .selectFrom('users')
        .select('id')
        .where('id', '=', refs.headUserId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!head)
        throw new AppError(422, 'UNKNOWN_USER', `there is no active user ${refs.headUserId}`, 'headUserId');
    }
    if (refs.scheduleId !== undefined) {
      const schedule = await this.#s.db
        .selectFrom('duty_schedules')
        .select('id')
        .where('id', '=', refs.scheduleId)
        .executeTakeFirst();
      if (!schedule)
        throw new AppError(
          422,
          'UNKNOWN_SCHEDULE',
          `there is no duty schedule ${refs.scheduleId}`,
          'scheduleId',
        );
    }
    if (!(await this.#s.directory.area(refs.areaCode)))
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${refs.areaCode}`, 'areaCode');
    if (refs.parentId && !(await this.#s.directory.unit(refs.parentId))) {
      throw new AppError(422, 'UNKNOWN_UNIT', `there is no unit ${refs.parentId}`, 'parentId');
    }
  }
}

/** A unit as the admin sees it (and its history records it). */
export function unitFields(u: UnitRow) {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    nameEn: u.name_en,
    kind: u.kind,
    unitType: u.unit_type,
    parentId: u.parent_id,
    areaCode: u.area_code,
    active: u.active,
    side: u.side,
    dualRole: u.dual_role,
    scheduleId: u.schedule_id,
    headUserId: u.head_user_id,
  };
}
