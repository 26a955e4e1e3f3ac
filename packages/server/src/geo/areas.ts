// Areas as the admin edits them: create or change one area (city → district → street →
// community), its code, parent and level checked, each change recorded in the admin history in
// its transaction. The directory is reloaded after each change.

import { createHash } from 'node:crypto';
import type { AreaRow, Db } from '@xiuhua/db';
import { type ArealGeometry, type Crs, geometryToWgs84 } from '@xiuhua/domain/geo';
import { recordAdminEvent, rowFields } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { DirectoryService } from '../platform/directory.ts';

type Level = AreaRow['level'];

export interface AreaInput {
  level: Level;
  parentCode: string | null;
  name: string;
  nameEn?: string;
  areaClass?: AreaRow['area_class'];
  geometry?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
  crs?: Crs;
}

const CODE_LENGTH: Record<Level, number> = { city: 6, district: 6, street: 9, community: 12 };
const PARENT_LEVEL: Record<Level, Level | null> = {
  city: null,
  district: 'city',
  street: 'district',
  community: 'street',
};

export class AreaAdmin {
  #s: { db: Db; clock: Clock; directory: DirectoryService };

  constructor(services: { db: Db; clock: Clock; directory: DirectoryService }) {
    this.#s = services;
  }

  /** Create or change the area `code`. An existing area keeps its parent and level (409 AREA_MOVE). */
  async save(code: string, input: AreaInput, by: number | null): Promise<AreaRow> {
    const expectedLength = CODE_LENGTH[input.level];
    if (code.length !== expectedLength) {
      throw new AppError(400, 'INVALID_FIELD', `a ${input.level} code has ${expectedLength} digits`, 'code');
    }
    const parent = input.parentCode ? await this.#s.directory.area(input.parentCode) : undefined;
    if (input.parentCode && !parent)
      throw new AppError(422, 'UNKNOWN_AREA', `there is no area ${input.parentCode}`, 'parentCode');
    const parentLevel = PARENT_LEVEL[input.level];
    if ((parent?.level ?? null) !== parentLevel) {
      throw new AppError(
        422,
        'INVALID_FIELD',
        `a ${input.level} needs a ${parentLevel ?? 'no'} parent`,
        'parentCode',
      );
    }
    if (parent && input.level !== 'district' && !code.startsWith(parent.code)) {
      throw new AppError(
        422,
        'INVALID_FIELD',
        `${code} does not start with its parent's code ${parent.code}`,
        'code',
      );
    }
    const existing = await this.#s.directory.area(code);
    if (existing && (existing.parent_code !== input.parentCode || existing.level !== input.level)) {
      // Cases and children carry the area's path: codes are stable, a moved area is a new code.
      throw new AppError(
        409,
        'AREA_MOVE',
        `${code} exists under ${existing.parent_code ?? 'no parent'} as a ${existing.level}; areas cannot move`,
        'parentCode',
      );
    }
    const geometry = input.geometry
      ? geometryToWgs84(input.geometry as ArealGeometry, input.crs ?? 'WGS84')
      : null;
    const values = {
      level: input.level,
      parent_code: input.parentCode,
      path: parent ? `${parent.path}/${code}` : code,
      name: input.name,
      name_en: input.nameEn ?? null,
      area_class: input.areaClass ?? parent?.area_class ?? 'B',
      geometry: geometry ? JSON.stringify(geometry) : null,
    };
    const row = await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('areas')
        .selectAll()
        .where('code', '=', code)
        .forUpdate()
        .executeTakeFirst();
      const row = await trx
        .insertInto('areas')
        .values({ code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'area',
        key: code,
        action: before ? 'update' : 'create',
        before: before && areaFields(before),
        after: areaFields(row),
        at: this.#s.clock.now(),
      });
      return row;
    });
    this.#s.directory.invalidate();
    return row;
  }
}

/** An area as its history records it: the boundary as a fingerprint, enough to see it changed. */
function areaFields(row: AreaRow) {
  const geometry =
    row.geometry === null
      ? null
      : `sha256:${createHash('sha256').update(JSON.stringify(row.geometry)).digest('hex').slice(0, 12)}`;
  return { ...rowFields(row, ['geometry']), geometry };
}
