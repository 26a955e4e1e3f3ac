// The admin's differentiated standards by place (docs/routing.md, "Limits by place"): handling
// limits for a road class, a zone type or a key place type, for every class or a major or minor
// class. Each change bumps the 'roads' revision (the rules live in the roads index) and is an
// admin-history event. The layers themselves: @xiuhua/domain/schedules, place-limits.ts.

import type { Db } from '@xiuhua/db';
import type { TimeLimit } from '@xiuhua/domain/catalogue';
import { DEFAULT_ROAD_CLASSES, KEY_PLACE_TYPES, ZONE_TYPES } from '@xiuhua/domain/geo';
import type { PlaceLayer, PlaceLimitRule } from '@xiuhua/domain/schedules';
import { recordRowChange } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { bumpRevision } from './revision-cache.ts';

type Row = {
  id: number;
  layer: PlaceLayer;
  match: string;
  class_kind: 'component' | 'event' | null;
  class_code: string | null;
  handle: unknown;
};

export function toPlaceLimitRule(r: Row): PlaceLimitRule {
  return {
    id: r.id,
    layer: r.layer,
    match: r.match,
    classKind: r.class_kind,
    classCode: r.class_code,
    handle: r.handle as TimeLimit,
  };
}

export interface PlaceLimitInput {
  layer: PlaceLayer;
  match: string;
  classKind: 'component' | 'event' | null;
  classCode: string | null;
  handle: TimeLimit;
}

export class PlaceLimitAdmin {
  #db: Db;
  #clock: Clock;
  /** This instance's roads index must rebuild (others notice the revision). */
  #changed: () => void;

  constructor(deps: { db: Db; clock: Clock; changed: () => void }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#changed = deps.changed;
  }

  async list(): Promise<PlaceLimitRule[]> {
    return (await this.#db.selectFrom('place_limit_rules').selectAll().orderBy('id').execute()).map(
      toPlaceLimitRule,
    );
  }

  /** Adds a rule; 400 naming the field for a place the city cannot have, 409 for a duplicate. */
  async create(input: PlaceLimitInput, by: number): Promise<PlaceLimitRule> {
    const places: Record<PlaceLayer, readonly string[]> = {
      zone: Object.keys(ZONE_TYPES),
      keyPlace: Object.keys(KEY_PLACE_TYPES),
      road: [
        ...Object.keys(DEFAULT_ROAD_CLASSES),
        ...(await this.#db.selectFrom('roads').select('class_code').distinct().execute()).map(
          (r) => r.class_code,
        ),
      ],
    };
    if (!places[input.layer].includes(input.match))
      throw new AppError(
        400,
        'INVALID_FIELD',
        `${input.match} is not a ${input.layer} of this city`,
        'match',
      );
    if ((input.classKind === null) !== (input.classCode === null))
      throw new AppError(
        400,
        'INVALID_FIELD',
        'name both the kind and the code of the class, or neither',
        'classCode',
      );
    const exists = await this.#db
      .selectFrom('place_limit_rules')
      .select('id')
      .where('layer', '=', input.layer)
      .where('match', '=', input.match)
      .where((eb) =>
        input.classCode === null
          ? eb('class_code', 'is', null)
          : eb.and([eb('class_kind', '=', input.classKind), eb('class_code', '=', input.classCode)]),
      )
      .executeTakeFirst();
    if (exists) throw new AppError(409, 'CONFLICT', 'a rule for this place and class exists', 'match');
    const row = await this.#db.transaction().execute(async (trx) => {
      const created = (await trx
        .insertInto('place_limit_rules')
        .values({
          layer: input.layer,
          match: input.match,
          class_kind: input.classKind,
          class_code: input.classCode,
          handle: JSON.stringify(input.handle),
        })
        .returningAll()
        .executeTakeFirstOrThrow()) as Row;
      await bumpRevision(trx, 'roads');
      await recordRowChange(
        trx,
        { actorUserId: by, entity: 'place_limit', at: this.#clock.now() },
        null,
        created,
      );
      return created;
    });
    this.#changed();
    return toPlaceLimitRule(row);
  }

  async remove(id: number, by: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const before = (await trx
        .deleteFrom('place_limit_rules')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()) as Row | undefined;
      if (!before) throw notFound('place limit rule');
      await bumpRevision(trx, 'roads');
      await recordRowChange(
        trx,
        { actorUserId: by, entity: 'place_limit', at: this.#clock.now() },
        before,
        null,
      );
    });
    this.#changed();
  }
}
