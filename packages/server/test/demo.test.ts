import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from '@xiuhua/db/testing';
import { CASE_STATES, ROLES } from '@xiuhua/domain/workflow';
import { sql } from 'kysely';
import { seedDemo } from '../src/demo/seed.ts';
import { checkDemoProperties } from './demo-properties.ts';

// The demo is built through the real CaseService; any refusal along the way is a bug (the seed
// logs and skips it, so the test reads the log). The first one is also checked for the properties
// of an honest demo city (demo-properties.ts).
for (const [run, now] of ['2026-11-20T03:00:00Z', '2026-11-21T10:00:00Z'].entries()) {
  test(`the demo city seeded at ${now}: every state and colour, no refused step`, async (t) => {
    const database = await createTestDatabase();
    const photoDir = mkdtempSync(path.join(tmpdir(), 'xiuhua-demo-photos-'));
    after(async () => {
      await database.drop();
      rmSync(photoDir, { recursive: true, force: true });
    });
    const { db } = database;
    const log: string[] = [];
    const summary = await seedDemo(db, {
      now: new Date(now),
      log: (m) => log.push(m),
      photoStorage: { dir: photoDir },
    });
    assert.deepEqual(
      log.filter((m) => /^case \d+:/.test(m)),
      [],
    );

    assert.ok(summary.cells >= 500 && summary.units >= 15 && summary.cases >= 300, JSON.stringify(summary));
    const levels = await db
      .selectFrom('areas')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute();
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    assert.ok(
      byLevel.district === 1 && (byLevel.street ?? 0) >= 3 && (byLevel.community ?? 0) >= 15,
      JSON.stringify(byLevel),
    );

    const roles = await db
      .selectFrom('users')
      .select(sql<string>`unnest(roles)`.as('role'))
      .distinct()
      .execute();
    assert.deepEqual(roles.map((r) => r.role).sort(), [...ROLES].sort());

    const states = await db.selectFrom('cases').select('state').distinct().execute();
    assert.deepEqual(states.map((r) => r.state).sort(), [...CASE_STATES].sort());
    const colours = await db
      .selectFrom('cases')
      .select('colour')
      .distinct()
      .where('colour', 'is not', null)
      .execute();
    assert.deepEqual(colours.map((r) => r.colour).sort(), ['blue', 'orange', 'red', 'yellow']);

    const spread = await db
      .selectFrom('cases')
      .select([(eb) => eb.fn.min('reported_at').as('first'), (eb) => eb.fn.max('reported_at').as('last')])
      .executeTakeFirstOrThrow();
    const days = (new Date(now).getTime() - new Date(spread.first as Date).getTime()) / 86_400_000;
    assert.ok(days > 50 && days <= 60, `cases span ${days} days`);
    assert.ok(new Date(spread.last as Date).getTime() <= new Date(now).getTime());

    // Every case's log starts with its intake and ends in the state the case is in.
    const mismatched = await sql<{ n: number }>`
      select count(*)::int as n from cases c
      where (select action from case_events e where e.case_id = c.id order by seq limit 1) <> 'intake'
         or (select to_state from case_events e where e.case_id = c.id order by seq desc limit 1) <> c.state`.execute(
      db,
    );
    assert.equal(mismatched.rows[0]!.n, 0);

    if (run === 0) await checkDemoProperties(t, db, { now: new Date(now), photoDir });
  });
}
