// The warning sweeper keeps every case's colour current. Each case stores the instant its colour
// next changes (next_colour_at, indexed); a sweep takes only the cases whose instant has passed,
// so its cost grows with the cases changing colour, not with all open cases. Rows are claimed with
// FOR UPDATE SKIP LOCKED: several app instances can sweep at once, and a restart loses nothing.

import type { Db } from '@xiuhua/db';
import { colourOf, nextChangeOf } from '@xiuhua/domain/calendar';
import { sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { clockColumns } from './step-clock.ts';
import { parseStepClock, type TimeService, workingTimeOf } from '../calendar/service.ts';

export async function sweepOnce(db: Db, time: TimeService, now: Date, batch = 500): Promise<number> {
  const rules = await time.rules();
  return await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('cases')
      .select(['id', 'step_clock', 'colour'])
      .where('next_colour_at', '<=', now)
      .orderBy('next_colour_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of due) {
      const clock = parseStepClock(row.step_clock);
      const time = workingTimeOf(clock, rules);
      const colour = clock ? colourOf(clock, now, rules.calendar, time) : null;
      const next = clock ? nextChangeOf(clock, now, rules.calendar, time) : null;
      await trx.updateTable('cases').set({ colour, next_colour_at: next }).where('id', '=', row.id).execute();
      if (colour !== row.colour) {
        await sql`select pg_notify('case_changes', ${JSON.stringify({ caseId: row.id, action: 'colour', colour })})`.execute(
          trx,
        );
      }
    }
    return due.length;
  });
}

/**
 * After the official calendar (an override, a declared year) or the legacy working hours change,
 * move every running step's deadline and colour instants onto the new rules (minutes already used
 * stay used). A step started on a duty schedule keeps its schedule version: a schedule change
 * never comes here. In batches by id, so a large
 * city's open cases are not locked all at once.
 */
export async function rescheduleRunningSteps(
  db: Db,
  time: TimeService,
  now: Date,
  batch = 1000,
): Promise<number> {
  const rules = await time.rules();
  let lastId = 0;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('cases')
        .select(['id', 'step_clock'])
        .where('step_clock', 'is not', null)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(batch)
        .forUpdate()
        .execute();
      for (const row of rows) {
        const { due_at, colour, next_colour_at } = clockColumns(parseStepClock(row.step_clock), now, rules);
        await trx
          .updateTable('cases')
          .set({ due_at, colour, next_colour_at })
          .where('id', '=', row.id)
          .execute();
        lastId = row.id;
      }
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

/** Sweep until nothing is due. */
export async function sweepAll(db: Db, time: TimeService, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sweepOnce(db, time, now);
    total += n;
    if (n < 500) return total;
  }
}

export function startSweeper(
  db: Db,
  time: TimeService,
  clock: Clock,
  log: (msg: string) => void,
  everyMs = 15_000,
) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= sweepAll(db, time, clock.now())
      .catch((e) => log(`sweeper: ${(e as Error).message}`))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
