// The properties an honest demo city keeps (docs/domain.md, "The demo city"), checked on one
// seeded demo by demo.test.ts: routing by unit type to units with people to sign, actions inside
// the acting unit's working hours, a believable case volume, descriptions that name the problem
// and the place, photos the product serves, and assessment results that follow the on-time rates.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Db } from '@xiuhua/db';
import { cstDateOf, cstDayNumber, isoDateOfDay, workingMinutesBetween } from '@xiuhua/domain/calendar';
import { parsePeriod, previousPeriod } from '@xiuhua/domain/assessment';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { buildServices } from '../src/composition.ts';
import { scheduleVersion } from '../src/calendar/service.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';

const HANDLING_KINDS = ['department', 'branch', 'squad', 'enterprise'];
const GRADES = ['A', 'B', 'C', 'D', 'E'];

/** A few examples of what failed, for the assertion message. */
const some = (xs: unknown[]) => `${xs.length} failing, e.g. ${JSON.stringify(xs.slice(0, 5))}`;

export async function checkDemoProperties(
  t: TestContext,
  db: Db,
  opts: { now: Date; photoDir: string },
): Promise<void> {
  const { now } = opts;
  const services = buildServices(db, { now: () => now });

  await t.test('every class routes to a unit of its type with someone to sign for it', async () => {
    const units = await db
      .selectFrom('units as u')
      .select([
        'u.id',
        'u.code',
        'u.unit_type',
        sql<number>`(select count(*)::int from users s where s.unit_id = u.id and s.active and 'handler' = any(s.roles))`.as(
          'handlers',
        ),
      ])
      .execute();
    const byId = new Map(units.map((u) => [u.id, u]));
    const { catalogue } = await services.catalogue.current();
    const cells = await sql<{
      cell_code: string;
      community_code: string;
      street_code: string;
    }>`select distinct on (a.parent_code) g.code as cell_code, g.community_code, a.parent_code as street_code
       from grid_cells g join areas a on a.code = g.community_code order by a.parent_code, g.code`.execute(
      db,
    );
    const wrong: string[] = [];
    for (const cls of catalogue.minors.filter((m) => m.active)) {
      for (const cell of cells.rows) {
        const s = await services.routing.suggest({
          kind: cls.kind,
          class_code: cls.code,
          district_code: cell.street_code.slice(0, 6),
          street_code: cell.street_code,
          community_code: cell.community_code,
          cell_code: cell.cell_code,
          level: 'street',
        });
        const unit = s.unitId === null ? undefined : byId.get(Number(s.unitId));
        if (!unit || unit.unit_type !== cls.defaultUnitType || unit.handlers === 0)
          wrong.push(`${cls.kind}:${cls.code} ${cls.defaultUnitType} in ${cell.street_code} → ${unit?.code}`);
      }
    }
    assert.equal(wrong.length, 0, some(wrong));

    // …and the demo's cases went there: each case's last dispatch names a unit of its class's type
    // with handlers (an earlier one to the wrong unit was returned).
    const dispatched = await sql<{ id: number; unit_id: number; class_type: string; returned: boolean }>`
      select c.id, (e.data->>'unitId')::int as unit_id, k.default_unit_type as class_type,
        exists (select 1 from case_events r where r.case_id = c.id and r.seq > e.seq and r.action = 'return') as returned,
        e.seq = (select max(seq) from case_events x where x.case_id = c.id and x.action in ('dispatch', 'redispatch')) as last
      from cases c join catalogue_classes k on k.id = c.class_id
      join case_events e on e.case_id = c.id and e.action in ('dispatch', 'redispatch')`.execute(db);
    const misrouted = dispatched.rows.filter((r) => {
      const unit = byId.get(r.unit_id);
      const right = unit !== undefined && unit.unit_type === r.class_type && unit.handlers > 0;
      return !right && !r.returned;
    });
    assert.ok(dispatched.rows.length > 100);
    assert.equal(
      misrouted.length,
      0,
      some(misrouted.map((r) => `${r.id} ${r.class_type} → ${byId.get(r.unit_id)?.code}`)),
    );
  });

  await t.test("every action falls inside the acting unit's working hours", async () => {
    const rules = await services.time.rules();
    const units = await db.selectFrom('units').select(['id', 'code', 'schedule_id']).execute();
    const events = await db
      .selectFrom('case_events')
      .select(['case_id', 'action', 'actor_unit_id', 'at'])
      .where('actor_unit_id', 'is not', null)
      .execute();
    const outside: string[] = [];
    for (const e of events) {
      const unit = units.find((u) => u.id === e.actor_unit_id)!;
      const row = rules.schedules.current.get(unit.schedule_id)!;
      const schedule = scheduleVersion(rules, { id: row.id, version: row.version });
      const at = new Date(e.at);
      // inside a period, or at its very end: the minute before was working time
      if (workingMinutesBetween(new Date(at.getTime() - 60_000), at, rules.calendar, schedule) <= 0)
        outside.push(`case ${e.case_id} ${e.action} by ${unit.code} at ${at.toISOString()}`);
    }
    assert.ok(events.length > 1000);
    assert.equal(outside.length, 0, some(outside));
  });

  await t.test('the case volume is steady: weekdays, weekends, the last week', async () => {
    const rules = await services.time.rules();
    const rows = await db.selectFrom('cases').select('reported_at').execute();
    const perDay = new Map<string, number>();
    for (const r of rows) {
      const day = cstDateOf(new Date(r.reported_at));
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    // the demo's 60 days end today, which has only begun: its 59 whole days
    const today = cstDayNumber(now.getTime());
    const days = Array.from({ length: 59 }, (_, i) => isoDateOfDay(today - 59 + i));
    const count = (d: string) => perDay.get(d) ?? 0;
    const working = days.filter((d) => rules.calendar.isWorkingDay(d));
    const off = days.filter((d) => !rules.calendar.isWorkingDay(d));
    const mean = (ds: string[]) => ds.reduce((s, d) => s + count(d), 0) / ds.length;
    const weekdayMean = mean(working);
    const detail = days
      .map((d) => `${d.slice(5)}${rules.calendar.isWorkingDay(d) ? '' : '*'}:${count(d)}`)
      .join(' ');
    const badWeekdays = working.filter((d) => Math.abs(count(d) - weekdayMean) > 0.3 * weekdayMean);
    assert.equal(
      badWeekdays.length,
      0,
      `working days off ±30 % of ${weekdayMean.toFixed(1)}: ${badWeekdays} — ${detail}`,
    );
    const badOff = off.filter((d) => count(d) < 0.4 * weekdayMean || count(d) > 0.7 * weekdayMean);
    assert.equal(
      badOff.length,
      0,
      `days off outside 40–70 % of ${weekdayMean.toFixed(1)}: ${badOff} — ${detail}`,
    );
    const all = mean(days); // the 60-day mean, today aside
    const lastWeek = mean(days.slice(-7));
    assert.ok(
      Math.abs(lastWeek - all) <= 0.2 * all,
      `last 7 days ${lastWeek.toFixed(1)}/day vs ${all.toFixed(1)} — ${detail}`,
    );
  });

  await t.test('descriptions name the problem and the place', async () => {
    const rows = await db
      .selectFrom('cases as c')
      .innerJoin('catalogue_classes as k', 'k.id', 'c.class_id')
      .select(['c.id', 'c.source', 'c.description', 'c.address', 'k.name', 'k.keywords'])
      .execute();
    const vague = rows.filter((r) => {
      // a sensor's alarm names its device; the place is its component's address
      const place =
        r.address !== null &&
        /\d+\s?号/.test(r.address) &&
        (r.source === 'sensor' || r.description.includes(r.address));
      const words = [r.name, ...((r.keywords as string[] | null) ?? [])];
      const problem = words.some((w) => r.description.includes(w));
      return !place || !problem;
    });
    assert.equal(
      vague.length,
      0,
      some(vague.map((r) => `${r.id} ${r.name}: ${r.description} @ ${r.address}`)),
    );
  });

  await t.test('every demo photo is an image the product serves', async () => {
    const rows = await sql<{ url: string }>`
      select distinct p->>'url' as url from (
        select jsonb_array_elements(photos) as p from cases
        union all select jsonb_array_elements(attachments) from case_events) x`.execute(db);
    assert.ok(rows.rows.length > 0);
    const app = await buildApp({
      db,
      clock: { now: () => now },
      photoDir: opts.photoDir,
      publicRateLimit: 10_000,
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'leader', password: DEMO_PASSWORD },
      });
      const cookie = `xh_session=${login.cookies.find((c) => c.name === 'xh_session')!.value}`;
      const broken: string[] = [];
      for (const { url } of rows.rows) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (
          res.statusCode !== 200 ||
          !/^image\//.test(String(res.headers['content-type'])) ||
          res.rawPayload.length < 100
        )
          broken.push(`${url} ${res.statusCode} ${res.headers['content-type']}`);
      }
      assert.equal(broken.length, 0, some(broken));
    } finally {
      await app.close();
    }
  });

  await t.test('unit grades follow the on-time rates; every assessed unit has cases', async () => {
    const month = previousPeriod(parsePeriod(cstDateOf(now).slice(0, 7))).key;
    const publication = await db
      .selectFrom('assessment_publications as p')
      .innerJoin('assessment_schemes as s', 's.id', 'p.scheme_id')
      .select(['p.id', 'p.scheme'])
      .where('s.code', '=', 'units-monthly')
      .where('p.period_key', '=', month)
      .executeTakeFirstOrThrow();
    const stored = publication.scheme as { config?: { weights: { indicator: string }[] } };
    const weights = (stored.config?.weights ?? []).map((w) => w.indicator);
    assert.ok(weights.includes('handled_on_time') && weights.includes('overdue_open_rate'), String(weights));
    const results = await db
      .selectFrom('assessment_results as r')
      .innerJoin('units as u', (j) => j.on(sql`u.id::text`, '=', sql.ref('r.subject_id')))
      .select(['r.subject_id', 'u.code', 'u.kind', 'r.score', 'r.grade', 'r.flag'])
      .where('r.publication_id', '=', publication.id)
      .execute();
    const handling = await db
      .selectFrom('units')
      .select('code')
      .where('kind', 'in', HANDLING_KINDS as never)
      .execute();
    assert.deepEqual(
      results.map((r) => r.code).sort(),
      handling.map((u) => u.code).sort(),
      'every handling unit is assessed',
    );
    const figures = await db
      .selectFrom('assessment_figures')
      .select(['subject_id', 'numerator', 'denominator'])
      .where('publication_id', '=', publication.id)
      .where('indicator', '=', 'handled_on_time')
      .execute();
    const rate = new Map(
      figures.filter((f) => f.denominator > 0).map((f) => [f.subject_id, f.numerator / f.denominator]),
    );
    const idle = results.filter((r) => r.score === null || !rate.has(r.subject_id));
    assert.equal(idle.length, 0, `units without cases in ${month}: ${idle.map((r) => r.code)}`);

    const sorted = [...rate.values()].sort((a, b) => a - b);
    const quantile = (q: number) => {
      const pos = (sorted.length - 1) * q;
      const lo = Math.floor(pos);
      return sorted[lo]! + (sorted[Math.ceil(pos)]! - sorted[lo]!) * (pos - lo);
    };
    const median = quantile(0.5);
    const p75 = quantile(0.75);
    const gradeOf = (r: (typeof results)[number]) => GRADES.indexOf(r.grade!);
    const describe = (r: (typeof results)[number]) =>
      `${r.code} ${(rate.get(r.subject_id)! * 100).toFixed(0)}% ${r.score} ${r.grade}`;
    const low = results.filter((r) => rate.get(r.subject_id)! < median);
    const high = results.filter((r) => rate.get(r.subject_id)! > p75);
    const inverted = low.flatMap((l) =>
      high.filter((h) => gradeOf(l) < gradeOf(h)).map((h) => `${describe(l)} above ${describe(h)}`),
    );
    assert.equal(inverted.length, 0, `median ${median.toFixed(2)}, p75 ${p75.toFixed(2)}: ${some(inverted)}`);
    const blackA = results.filter((r) => r.flag === 'black' && r.grade === 'A');
    assert.equal(blackA.length, 0, `black flag on grade A: ${blackA.map(describe)}`);
  });
}
