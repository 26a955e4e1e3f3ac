// Changes to the working-time rules: calendar overrides, imported year arrangements and settings
// (working hours, warning thresholds, step limits). After each change the rules are reloaded and every
// running step's deadline and colour are moved onto them; each change is recorded in the admin
// history in its transaction. Kept apart from TimeService because the sweeper, which reschedules,
// depends on TimeService.

import type { Db } from '@xiuhua/db';
import {
  CalendarConfigError,
  parseArrangement,
  parseWarningThresholds,
  parseWorkingHours,
} from '@xiuhua/domain/calendar';
import { PROVISIONAL_LAST_YEAR, provisionalFirstYear } from '@xiuhua/domain/holiday-rule';
import { type AdminChange, recordAdminEvent } from '../admin/history.ts';
import { rescheduleRunningSteps } from '../cases/sweeper.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { DEFAULT_SETTINGS, type SettingKey, type TimeService } from './service.ts';

export interface CalendarDay {
  date: string;
  working: boolean;
  override: boolean;
  note: string | null;
}

export class CalendarAdmin {
  #s: { db: Db; clock: Clock; time: TimeService };

  constructor(services: { db: Db; clock: Clock; time: TimeService }) {
    this.#s = services;
  }

  /**
   * Every day of a year under the rules in force; whether the year is provisional (暂定), the
   * published years and the range the provisional rule answers for.
   */
  async year(year: number): Promise<{
    year: number;
    provisional: boolean;
    coveredYears: number[];
    provisionalYears: { from: number; to: number };
    days: CalendarDay[];
  }> {
    const rules = await this.#s.time.rules();
    const days: CalendarDay[] = [];
    for (
      let d = new Date(Date.UTC(year, 0, 1));
      d.getUTCFullYear() === year;
      d = new Date(d.getTime() + 86_400_000)
    ) {
      const date = d.toISOString().slice(0, 10);
      const override = rules.calendar.overrideFor(date);
      days.push({
        date,
        working: rules.calendar.isWorkingDay(date),
        override: override !== undefined,
        note: override?.note ?? null,
      });
    }
    return {
      year,
      provisional: rules.calendar.isProvisional(year),
      coveredYears: rules.calendar.coveredYears(),
      provisionalYears: { from: provisionalFirstYear(), to: PROVISIONAL_LAST_YEAR },
      days,
    };
  }

  /** Make a day (YYYY-MM-DD) working or not, replacing an earlier override of that day. */
  async setOverride(date: string, working: boolean, note: string | null, userId: number): Promise<void> {
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      throw new AppError(400, 'INVALID_FIELD', `${date} is not a date`, 'date');
    await this.#s.db.transaction().execute(async (trx) => {
      const before = await this.#override(trx, date);
      await trx
        .insertInto('calendar_overrides')
        .values({ day: date, working, note, created_by: userId })
        .onConflict((oc) => oc.column('day').doUpdateSet({ working, note }))
        .execute();
      await this.#record(trx, userId, 'calendar_day', date, before, { date, working, note });
    });
    await this.#applied();
  }

  /** 404 if the day has no override. */
  async removeOverride(date: string, userId: number | null): Promise<void> {
    await this.#s.db.transaction().execute(async (trx) => {
      const before = await this.#override(trx, date);
      if (!before) throw notFound('override');
      await trx.deleteFrom('calendar_overrides').where('day', '=', date).execute();
      await this.#record(trx, userId, 'calendar_day', date, before, null);
    });
    await this.#applied();
  }

  /**
   * Import a year's published arrangement (the shipped data's source shape) in place of the shipped
   * data or the provisional rule; an empty `days` makes the year unpublished (provisional) again.
   * Every running step and timed item is then re-timed. 400 INVALID_FIELD naming the field at fault.
   */
  async importArrangement(input: unknown, userId: number): Promise<void> {
    let arrangement: ReturnType<typeof parseArrangement>;
    try {
      arrangement = parseArrangement(input);
    } catch (e) {
      if (e instanceof CalendarConfigError) throw new AppError(400, 'INVALID_FIELD', e.message, e.field);
      throw e;
    }
    const { year, papers, days } = arrangement;
    const changed = await this.#s.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('calendar_years')
        .select(['year', 'papers', 'days'])
        .where('year', '=', year)
        .forUpdate()
        .executeTakeFirst();
      // importing the same arrangement again changes nothing and records nothing
      if (before && JSON.stringify([before.papers, before.days]) === JSON.stringify([papers, days]))
        return false;
      const values = { days: JSON.stringify(days), papers: JSON.stringify(papers) };
      await trx
        .insertInto('calendar_years')
        .values({ year, ...values, created_by: userId })
        .onConflict((oc) => oc.column('year').doUpdateSet({ ...values, updated_at: this.#s.clock.now() }))
        .execute();
      await this.#record(trx, userId, 'calendar_year', year, before ?? null, { year, papers, days });
      return true;
    });
    if (changed) await this.#applied();
  }

  /** Store a setting after checking it parses; 400 INVALID_FIELD on `value` otherwise. */
  async setSetting(key: SettingKey, value: unknown, userId: number): Promise<void> {
    try {
      if (key === 'working_hours') parseWorkingHours(value);
      if (key === 'warning_thresholds') parseWarningThresholds(value);
      if (key === 'step_limits') checkStepLimits(value);
    } catch (e) {
      throw new AppError(400, 'INVALID_FIELD', (e as Error).message, 'value');
    }
    await this.#s.db.transaction().execute(async (trx) => {
      const stored = await trx
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_by: userId })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            value: JSON.stringify(value),
            updated_by: userId,
            updated_at: this.#s.clock.now(),
          }),
        )
        .execute();
      // Before the first change a setting has its default value.
      await this.#record(trx, userId, 'setting', key, stored ? stored.value : DEFAULT_SETTINGS[key], value);
    });
    await this.#applied();
  }

  async #override(trx: Db, date: string) {
    const row = await trx
      .selectFrom('calendar_overrides')
      .select(['working', 'note'])
      .where('day', '=', date)
      .forUpdate()
      .executeTakeFirst();
    return row ? { date, ...row } : null;
  }

  async #record(
    trx: Db,
    by: number | null,
    entity: AdminChange['entity'],
    key: string | number,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    const action = before == null ? 'create' : after == null ? 'delete' : 'update';
    await recordAdminEvent(trx, {
      actorUserId: by,
      entity,
      key,
      action,
      before,
      after,
      at: this.#s.clock.now(),
    });
  }

  async #applied(): Promise<void> {
    this.#s.time.invalidate();
    await rescheduleRunningSteps(this.#s.db, this.#s.time, this.#s.clock.now());
  }
}

function checkStepLimits(value: unknown): void {
  const defaults = DEFAULT_SETTINGS.step_limits as Record<string, Record<string, unknown>>;
  if (!value || typeof value !== 'object')
    throw new Error('step_limits must be an object with working and natural');
  for (const clockKind of ['working', 'natural']) {
    const limits = (value as Record<string, unknown>)[clockKind] as
      | Record<string, { amount?: unknown; unit?: unknown }>
      | undefined;
    if (!limits) throw new Error(`step_limits.${clockKind} is missing`);
    for (const step of Object.keys(defaults[clockKind]!)) {
      const l = limits[step];
      if (!l || typeof l.amount !== 'number' || !(l.amount > 0) || typeof l.unit !== 'string') {
        throw new Error(`step_limits.${clockKind}.${step} must be { amount > 0, unit }`);
      }
      const natural = ['minute', 'hour', 'day'].includes(l.unit);
      if (natural !== (clockKind === 'natural'))
        throw new Error(`step_limits.${clockKind}.${step}.unit ${l.unit} is the wrong kind of time`);
    }
  }
}
