// Duty rosters as the server keeps them, one per unit, and the one query other capabilities use to
// ask who is on duty in a unit (notifications, patrol duties, major events, joint teams):
// `peopleOnDuty(unitId, at)`. The rules are the domain's (@xiuhua/domain/schedules, roster.ts); this
// file stores a roster (people must be active users of the unit or a unit below it), records each
// change in the admin history, and names the people.

import type { Db } from '@xiuhua/db';
import { CalendarConfigError } from '@xiuhua/domain/calendar';
import { onDutyAt, onDutyOn, parseRoster, type Roster, type ShiftOnDuty } from '@xiuhua/domain/schedules';
import { recordAdminEvent } from '../admin/history.ts';
import type { TimeService } from '../calendar/service.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError, notFound } from '../platform/errors.ts';

/** A unit without a roster: nobody is rostered (its schedule still says its hours). */
const EMPTY: Roster = { holidays: 'off', shifts: [], exceptions: [] };

export interface PersonOnDuty {
  userId: number;
  displayName: string;
  shift: string;
  shiftName: string;
  from: Date;
  to: Date;
}

export class RosterService {
  #s: { db: Db; clock: Clock; time: TimeService; directory: DirectoryService };

  constructor(services: { db: Db; clock: Clock; time: TimeService; directory: DirectoryService }) {
    this.#s = services;
  }

  async get(unitId: number): Promise<Roster> {
    if (!(await this.#s.directory.unit(unitId))) throw notFound('unit');
    const row = await this.#s.db
      .selectFrom('duty_rosters')
      .select(['holidays', 'shifts', 'exceptions'])
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    return row ? parseRoster(row) : EMPTY;
  }

  /** Replaces a unit's roster; 400 INVALID_SCHEDULE naming the problem, 422 for someone not of the unit. */
  async put(unitId: number, input: unknown, by: number | null): Promise<Roster> {
    let roster: Roster;
    try {
      roster = parseRoster(input);
    } catch (e) {
      const field = e instanceof CalendarConfigError ? e.field : undefined;
      throw new AppError(400, 'INVALID_SCHEDULE', (e as Error).message, field ?? 'shifts');
    }
    const people = [
      ...new Set([...roster.shifts, ...roster.exceptions].flatMap((s) => s.people.map(Number))),
    ];
    const members = new Set(
      people.length === 0
        ? []
        : (
            await this.#s.db
              .selectFrom('users')
              .select('id')
              .where('id', 'in', people)
              .where('unit_id', 'in', await this.#s.directory.subtree(unitId))
              .where('active', '=', true)
              .execute()
          ).map((u) => u.id),
    );
    const stranger = people.find((p) => !members.has(p));
    if (stranger !== undefined) {
      const listed = (list: readonly { people: readonly string[] }[]) =>
        list.findIndex((s) => s.people.includes(String(stranger)));
      const inShift = listed(roster.shifts);
      throw new AppError(
        422,
        'UNKNOWN_USER',
        `user ${stranger} is not an active member of unit ${unitId}`,
        inShift >= 0 ? `shifts.${inShift}.people` : `exceptions.${listed(roster.exceptions)}.people`,
      );
    }
    const before = await this.get(unitId);
    const now = this.#s.clock.now();
    await this.#s.db.transaction().execute(async (trx) => {
      const values = {
        holidays: roster.holidays,
        shifts: JSON.stringify(roster.shifts),
        exceptions: JSON.stringify(roster.exceptions),
        updated_at: now,
        updated_by: by,
      };
      await trx
        .insertInto('duty_rosters')
        .values({ unit_id: unitId, ...values })
        .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
        .execute();
      await recordAdminEvent(trx, {
        actorUserId: by,
        entity: 'duty_roster',
        key: unitId,
        action: before === EMPTY ? 'create' : 'update',
        before: before === EMPTY ? null : before,
        after: roster,
        at: now,
      });
    });
    return roster;
  }

  /** The shifts of a unit on duty at an instant, or starting on a day (YYYY-MM-DD). */
  async shifts(unitId: number, when: { at: Date } | { date: string }): Promise<ShiftOnDuty[]> {
    const roster = await this.get(unitId);
    const { calendar } = await this.#s.time.rules();
    return 'at' in when ? onDutyAt(roster, when.at, calendar) : onDutyOn(roster, when.date, calendar);
  }

  /** Who is on duty in a unit at an instant: the query later capabilities reuse. */
  async peopleOnDuty(unitId: number, at: Date): Promise<PersonOnDuty[]> {
    return await this.#named(await this.shifts(unitId, { at }));
  }

  /** Everyone on the shifts that start on a day. */
  async peopleOnDay(unitId: number, date: string): Promise<PersonOnDuty[]> {
    return await this.#named(await this.shifts(unitId, { date }));
  }

  /** Who may be rostered in a unit: the active users of the unit and the units below it, by name. */
  async candidates(unitId: number): Promise<{ id: number; displayName: string; unitId: number }[]> {
    const rows = await this.#s.db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_id'])
      .where('unit_id', 'in', await this.#s.directory.subtree(unitId))
      .where('active', '=', true)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map((u) => ({ id: u.id, displayName: u.display_name, unitId: u.unit_id }));
  }

  /** Display names of the people a roster names, by user id. */
  async names(roster: Roster): Promise<Record<string, string>> {
    return Object.fromEntries(
      await this.#names([...roster.shifts, ...roster.exceptions].flatMap((s) => s.people.map(Number))),
    );
  }

  async #names(people: number[]): Promise<Map<number, string>> {
    const ids = [...new Set(people)];
    if (ids.length === 0) return new Map();
    const rows = await this.#s.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  }

  async #named(shifts: ShiftOnDuty[]): Promise<PersonOnDuty[]> {
    const names = await this.#names(shifts.flatMap((s) => s.people.map(Number)));
    return shifts.flatMap((s) =>
      s.people.map((p) => ({
        userId: Number(p),
        displayName: names.get(Number(p)) ?? p,
        shift: s.shift,
        shiftName: s.name,
        from: s.start,
        to: s.end,
      })),
    );
  }
}
