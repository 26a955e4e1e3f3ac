// What the case-intake benchmarks share. The baseline: the rows one accepted report writes (case
// counter, case row, intake event), inserted by plain SQL in one transaction, with every value
// computed up front from a case the service wrote; whatever a door costs beyond this is HTTP,
// validation, lookups and the service's own bookkeeping. The reference door: staff intake,
// `POST /api/cases` as inspector1, at the centres of the demo city's grid cells in turn.

import type { Db } from '@xiuhua/db';
import { type buildApp, DEMO_PASSWORD } from '@xiuhua/server';
import pg from 'pg';

type App = Awaited<ReturnType<typeof buildApp>>;

export interface Point {
  lon: number;
  lat: number;
}

/** The centres of the first `limit` grid cells (by code): points every door accepts. */
export async function cellCentres(db: Db, limit = 400): Promise<Point[]> {
  const cells = await db
    .selectFrom('grid_cells')
    .select(['code', 'geometry'])
    .orderBy('code')
    .limit(limit)
    .execute();
  return cells.map((c) => {
    const ring = (c.geometry as { coordinates: number[][][] }).coordinates[0]!;
    return { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 };
  });
}

/** A session cookie header for a demo user. */
export async function sessionCookie(app: App, username: string): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const session = login.cookies.find((c) => c.name === 'xh_session');
  if (!session) throw new Error(`login as ${username}: HTTP ${login.statusCode} ${login.body}`);
  return `xh_session=${session.value}`;
}

/** Staff intake: one 暴露垃圾 case per call through `POST /api/cases`, as inspector1. */
export async function staffIntake(app: App, points: readonly Point[]): Promise<() => Promise<void>> {
  const cookie = await sessionCookie(app, 'inspector1');
  let n = 0;
  return async () => {
    const i = n++;
    const res = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie },
      payload: {
        source: 'inspector',
        kind: 'event',
        classCode: '06010',
        description: `基准测试 ${i}`,
        location: points[i % points.length],
      },
    });
    if (res.statusCode !== 201) throw new Error(`POST /api/cases: HTTP ${res.statusCode}: ${res.body}`);
  };
}

export interface CaseBaseline {
  /** Writes one more copy of the template case (numbered 2099xxxxxx) and its intake event. */
  insert(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the baseline on the latest case in `db` (create one through the service first). */
export async function openCaseBaseline(db: Db, url: string): Promise<CaseBaseline> {
  const t = await db.selectFrom('cases').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  pool.on('error', () => {});
  let n = 0;
  return {
    async insert() {
      const i = n++;
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query(
          `insert into case_counters (year, last_seq) values (2099, 1)
           on conflict (year) do update set last_seq = case_counters.last_seq + 1 returning last_seq`,
        );
        const number = `2099${String(rows[0].last_seq).padStart(6, '0')}`;
        const inserted = await client.query(
          `insert into cases (number, source, kind, class_id, class_code, description, lon, lat, cell_code,
             community_code, street_code, district_code, area_path, area_class, photos, urgency, level, state,
             step, step_clock, due_at, colour, next_colour_at, created_by, reported_at, updated_at)
           values ($1, 'inspector', 'event', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '[]', $13, $14,
             'reported', 'accept', $15, $16, 'blue', $17, $18, now(), now()) returning id`,
          [
            number,
            t.class_id,
            t.class_code,
            `基准 ${i}`,
            t.lon,
            t.lat,
            t.cell_code,
            t.community_code,
            t.street_code,
            t.district_code,
            t.area_path,
            t.area_class,
            t.urgency,
            t.level,
            JSON.stringify(t.step_clock),
            t.due_at,
            t.next_colour_at,
            t.created_by,
          ],
        );
        await client.query(
          `insert into case_events (case_id, seq, action, to_state, actor_user_id, actor_role, actor_unit_id, at, data)
           values ($1, 1, 'intake', 'reported', $2, 'inspector', null, now(), '{}')`,
          [inserted.rows[0].id, t.created_by],
        );
        await client.query('commit');
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
