// The warning sweeper keeps every running clock's colour current: the case steps (cases.step_clock)
// and the timed items (timed_items.clock, docs/timed-items.md), one sweep for both. Each row stores
// the instant its colour next changes (next_colour_at, indexed); a sweep takes only the rows whose
// instant has passed, so its cost grows with the rows changing colour, not with all open ones.
// Rows are claimed with FOR UPDATE SKIP LOCKED: several app instances can sweep at once, and a
// restart loses nothing.

import type { Db } from '@xiuhua/db';
import { sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { clockColumns } from './step-clock.ts';
import { parseStepClock, type TimeRules, type TimeService } from '../calendar/service.ts';
import type { Trx } from './deps.ts';

/** The tables holding a step clock with its derived columns (due_at, colour, next_colour_at). */
const CLOCKED = [
  { table: 'cases', clock: 'step_clock', caseId: 'id' },
  { table: 'timed_items', clock: 'clock', caseId: 'case_id' },
] as const;
type Clocked = (typeof CLOCKED)[number];

interface DueRow {
  id: number;
  clock: unknown;
  colour: string | null;
  case_id: number | null;
}

/** Recolours a table's rows whose colour instant has passed; how many it took. */
async function recolourDue(
  trx: Trx,
  t: Clocked,
  rules: TimeRules,
  now: Date,
  batch: number,
): Promise<number> {
  const { rows } = await sql<DueRow>`
    select id, ${sql.ref(t.clock)} as clock, colour, ${sql.ref(t.caseId)} as case_id
    from ${sql.table(t.table)}
    where next_colour_at <= ${now}
    order by next_colour_at
    limit ${batch}
    for update skip locked`.execute(trx);
  for (const row of rows) {
    const { colour, next_colour_at } = clockColumns(parseStepClock(row.clock), now, rules);
    await sql`update ${sql.table(t.table)} set colour = ${colour}, next_colour_at = ${next_colour_at}
      where id = ${row.id}`.execute(trx);
    if (colour !== row.colour && row.case_id !== null) {
      const action = t.table === 'cases' ? 'colour' : 'timed_colour';
      await sql`select pg_notify('case_changes', ${JSON.stringify({ caseId: Number(row.case_id), action, colour })})`.execute(
        trx,
      );
    }
  }
  return rows.length;
}

/** One sweep of every clocked table, up to `batch` rows each; the rows recoloured. */
export async function sweepOnce(db: Db, time: TimeService, now: Date, batch = 500): Promise<number> {
  return (await sweepTables(db, time, now, batch)).reduce((a, b) => a + b, 0);
}

async function sweepTables(db: Db, time: TimeService, now: Date, batch: number): Promise<number[]> {
  const rules = await time.rules();
  return await db.transaction().execute(async (trx) => {
    const counts: number[] = [];
    for (const t of CLOCKED) counts.push(await recolourDue(trx, t, rules, now, batch));
    return counts;
  });
}

/**
 * After the official calendar (an override, a declared year) or the legacy working hours change,
 * move every running clock's deadline and colour instants onto the new rules (minutes already used
 * stay used): case steps and timed items. A clock started on a duty schedule keeps its schedule
 * version: a schedule change never comes here. In batches by id, so a large city's open cases are
 * not locked all at once.
 */
export async function rescheduleRunningSteps(
  db: Db,
  time: TimeService,
  now: Date,
  batch = 1000,
): Promise<number> {
  const rules = await time.rules();
  let total = 0;
  for (const t of CLOCKED) {
    const open = t.table === 'cases' ? sql`step_clock is not null` : sql`status = 'open'`;
    let lastId = 0;
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<DueRow>`
          select id, ${sql.ref(t.clock)} as clock from ${sql.table(t.table)}
          where ${open} and id > ${lastId} order by id limit ${batch} for update`.execute(trx);
        for (const row of rows) {
          const { due_at, colour, next_colour_at } = clockColumns(parseStepClock(row.clock), now, rules);
          await sql`update ${sql.table(t.table)}
            set due_at = ${due_at}, colour = ${colour}, next_colour_at = ${next_colour_at}
            where id = ${row.id}`.execute(trx);
          lastId = Number(row.id);
        }
        return rows.length;
      });
      total += n;
      if (n < batch) break;
    }
  }
  return total;
}

/** Sweep until nothing is due. */
export async function sweepAll(db: Db, time: TimeService, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const counts = await sweepTables(db, time, now, 500);
    total += counts.reduce((a, b) => a + b, 0);
    if (counts.every((n) => n < 500)) return total;
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
