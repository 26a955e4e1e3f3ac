// Duty schedules as the admin keeps them. A change to a schedule's periods or holiday rule makes a
// new version (kept for ever in duty_schedule_versions): steps started afterwards run on it, steps
// already running keep the version they started on. Each change is recorded in the admin history in
// its transaction; the time rules are reloaded after it.

import type { Db, DutyScheduleRow } from '@xiuhua/db';
import { type DutySchedule, parseDutySchedule } from '@xiuhua/domain/calendar';
import type { TimeService } from '../calendar/service.ts';
import { recordRowChange } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';

export interface ScheduleInput {
  code: string;
  name: string;
  nameEn?: string | null;
  periods: unknown;
  holidays: string;
}

export type ScheduleChanges = Partial<Omit<ScheduleInput, 'code'>>;

/** A schedule as the admin sees it (and its history records it). */
export function scheduleFields(row: DutyScheduleRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    version: row.version,
    periods: row.periods as { weekday: number; start: string; end: string }[],
    holidays: row.holidays,
  };
}

function parse(input: { periods: unknown; holidays: unknown }): DutySchedule {
  try {
    return parseDutySchedule(input);
  } catch (e) {
    throw new AppError(400, 'INVALID_SCHEDULE', (e as Error).message, 'periods');
  }
}

/** Keeps a version for ever: step clocks started on it refer to it. */
async function insertVersion(trx: Db, id: number, version: number, schedule: DutySchedule): Promise<void> {
  await trx
    .insertInto('duty_schedule_versions')
    .values({
      schedule_id: id,
      version,
      periods: JSON.stringify(schedule.periods),
      holidays: schedule.holidays,
    })
    .execute();
}

export class ScheduleAdmin {
  #s: { db: Db; clock: Clock; time: TimeService };

  constructor(services: { db: Db; clock: Clock; time: TimeService }) {
    this.#s = services;
  }

  async list(): Promise<(ReturnType<typeof scheduleFields> & { unitCount: number })[]> {
    const rows = await this.#s.db
      .selectFrom('duty_schedules as s')
      .selectAll('s')
      .select((eb) =>
        eb
          .selectFrom('units as u')
          .whereRef('u.schedule_id', '=', 's.id')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('unit_count'),
      )
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({ ...scheduleFields(r), unitCount: Number(r.unit_count ?? 0) }));
  }

  async create(input: ScheduleInput, by: number | null): Promise<DutyScheduleRow> {
    const schedule = parse(input);
    const dup = await this.#s.db
      .selectFrom('duty_schedules')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (dup) throw new AppError(409, 'DUPLICATE', `a duty schedule with code ${input.code} exists`, 'code');
    const row = await this.#s.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('duty_schedules')
        .values({
          code: input.code,
          name: input.name,
          name_en: input.nameEn ?? null,
          periods: JSON.stringify(schedule.periods),
          holidays: schedule.holidays,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await insertVersion(trx, row.id, row.version, schedule);
      await this.#record(trx, by, null, row);
      return row;
    });
    this.#s.time.invalidate();
    return row;
  }

  /** Names change in place; new periods or a new holiday rule make the next version. */
  async update(id: number, changes: ScheduleChanges, by: number | null): Promise<DutyScheduleRow> {
    const row = await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('duty_schedules')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('duty schedule');
      const schedule = parse({
        periods: changes.periods ?? before.periods,
        holidays: changes.holidays ?? before.holidays,
      });
      const timingChanged =
        JSON.stringify(schedule.periods) !== JSON.stringify(parseDutySchedule(before).periods) ||
        schedule.holidays !== before.holidays;
      const version = timingChanged ? before.version + 1 : before.version;
      const after = await trx
        .updateTable('duty_schedules')
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
          periods: JSON.stringify(schedule.periods),
          holidays: schedule.holidays,
          version,
          updated_at: this.#s.clock.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (timingChanged) {
        await insertVersion(trx, id, version, schedule);
      }
      await this.#record(trx, by, before, after);
      return after;
    });
    this.#s.time.invalidate();
    return row;
  }

  async #record(trx: Db, by: number | null, before: DutyScheduleRow | null, after: DutyScheduleRow | null) {
    await recordRowChange(
      trx,
      { actorUserId: by, entity: 'duty_schedule', at: this.#s.clock.now(), fields: scheduleFields },
      before,
      after,
    );
  }
}
