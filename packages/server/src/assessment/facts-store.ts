// Keeps assessment_facts (and the per-day term counts in assessment_rollup) in step with
// case_events: writeCaseFacts() runs in the transaction that appends an event, so figures are
// never behind and a refused action leaves no fact; rebuildFacts() recomputes everything from the
// events (`xiuhua rebuild-facts`). The meaning of the facts is @xiuhua/domain/assessment caseFacts().

import type { Database, Db } from '@xiuhua/db';
import { caseFacts, type Fact, type FactEvent } from '@xiuhua/domain/assessment';
import { type Kysely, sql } from 'kysely';
import { upsertRollup } from './terms-sql.ts';

/** What a case contributes to its facts besides its events: where it is, who watches its grid. */
interface CaseHeader {
  id: number;
  source: string;
  sign_due_at: Date | null;
  street_code: string;
  community_code: string;
  cell_code: string;
  grid_code: string | null;
  grid_inspector_id: number | null;
}

type FactRow = ReturnType<typeof toRow>;

function toRow(header: CaseHeader, f: Fact) {
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    case_id: header.id,
    ord: f.ord,
    kind: f.kind,
    outcome: f.outcome,
    tags: f.tags,
    started_at: iso(f.startedAt),
    due_at: iso(f.dueAt),
    done_at: iso(f.doneAt),
    placed_at: iso(f.placedAt),
    unit_id: f.unitId,
    user_id: f.userId,
    role: f.role,
    street_code: header.street_code,
    community_code: header.community_code,
    cell_code: header.cell_code,
    grid_code: header.grid_code,
  };
}

/** A row's content as a string, to tell which facts an event changed. */
function signature(
  r: Omit<FactRow, 'case_id' | 'kind' | 'outcome' | 'tags'> & {
    kind: string;
    outcome: string;
    tags: string[];
  },
): string {
  return JSON.stringify([
    r.ord,
    r.kind,
    r.outcome,
    r.tags,
    r.started_at,
    r.due_at,
    r.done_at,
    r.placed_at,
    r.unit_id,
    r.user_id,
    r.role,
    r.street_code,
    r.community_code,
    r.cell_code,
    r.grid_code,
  ]);
}

// The grid of a cell: the first responsibility grid holding it (by code); its inspector: the
// lowest user id among the inspectors of the grids holding it — the one CaseService gives tasks to.
const GRID_CODE = sql<string | null>`(select min(g.code) from responsibility_grid_cells gc
  join responsibility_grids g on g.id = gc.grid_id where gc.cell_code = c.cell_code)`;
const GRID_INSPECTOR = sql<number | null>`(select min(i.user_id) from responsibility_grid_cells gc
  join responsibility_grid_inspectors i on i.grid_id = gc.grid_id where gc.cell_code = c.cell_code)`;

const HEADER_COLUMNS = [
  'c.id',
  'c.source',
  'c.sign_due_at',
  'c.street_code',
  'c.community_code',
  'c.cell_code',
] as const;

function factsOf(header: CaseHeader, events: FactEvent[]): FactRow[] {
  return caseFacts(
    { source: header.source, signDueAt: header.sign_due_at, gridInspectorId: header.grid_inspector_id },
    events,
  ).map((f) => toRow(header, f));
}

const eventColumns = [
  'seq',
  'action',
  'actor_user_id as actorUserId',
  'actor_role as actorRole',
  'actor_unit_id as actorUnitId',
  'at',
  'data',
] as const;

const insertFacts = (rows: FactRow[]) =>
  sql`insert into assessment_facts
    select * from jsonb_populate_recordset(null::assessment_facts, ${JSON.stringify(rows)}::jsonb)`;

/**
 * Rewrite one case's facts from its events, inside the caller's transaction (the case row is
 * locked by it). Only the facts that changed are replaced, and the rollup gets their difference.
 */
export async function writeCaseFacts(trx: Kysely<Database>, caseId: number): Promise<void> {
  const [header, events, old] = await Promise.all([
    trx
      .selectFrom('cases as c')
      .select(HEADER_COLUMNS)
      .select([GRID_CODE.as('grid_code'), GRID_INSPECTOR.as('grid_inspector_id')])
      .where('c.id', '=', caseId)
      .executeTakeFirstOrThrow(),
    trx.selectFrom('case_events').select(eventColumns).where('case_id', '=', caseId).orderBy('seq').execute(),
    trx.selectFrom('assessment_facts').selectAll().where('case_id', '=', caseId).execute(),
  ]);
  const next = factsOf(header, events);
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  const before = new Map(
    old.map((r) => [
      r.ord,
      signature({
        ...r,
        started_at: iso(r.started_at),
        due_at: iso(r.due_at),
        done_at: iso(r.done_at),
        placed_at: iso(r.placed_at),
      }),
    ]),
  );
  const changed = next.filter((r) => before.get(r.ord) !== signature(r));
  const gone = old.filter((r) => r.ord >= next.length).map((r) => r.ord);
  const replaced = [...changed.filter((r) => before.has(r.ord)).map((r) => r.ord), ...gone];
  if (changed.length === 0 && gone.length === 0) return;
  // The rollup gets old contributions out and new ones in, in one sorted upsert.
  await upsertRollup(sql`(
    select f.*, -1 as s from assessment_facts f where f.case_id = ${caseId} and f.ord = any(${replaced}::smallint[])
    union all
    select n.*, 1 as s from jsonb_populate_recordset(null::assessment_facts, ${JSON.stringify(changed)}::jsonb) n
  )`).execute(trx);
  if (replaced.length > 0) {
    await trx
      .deleteFrom('assessment_facts')
      .where('case_id', '=', caseId)
      .where('ord', 'in', replaced)
      .execute();
  }
  if (changed.length > 0) await insertFacts(changed).execute(trx);
}

export interface RebuildResult {
  cases: number;
  events: number;
  facts: number;
  rollupRows: number;
  ms: number;
}

/**
 * Recompute every fact and the rollup from case_events, in one transaction that holds the
 * tables locked (writers wait; readers see the old figures until it commits).
 */
export async function rebuildFacts(
  db: Db,
  options: { batchSize?: number; log?: (message: string) => void } = {},
): Promise<RebuildResult> {
  const t0 = performance.now();
  const batch = options.batchSize ?? 5000;
  return await db.transaction().execute(async (trx) => {
    await sql`lock table assessment_facts, assessment_rollup in exclusive mode`.execute(trx);
    await sql`truncate assessment_facts, assessment_rollup`.execute(trx);
    // Loading into a bare table and indexing once afterwards is several times faster than
    // keeping the secondary indexes up to date row by row.
    const indexes = (
      await sql<{ name: string; definition: string }>`
        select indexname as name, indexdef as definition from pg_indexes
        where schemaname = current_schema() and tablename = 'assessment_facts'
          and indexname <> 'assessment_facts_pkey'`.execute(trx)
    ).rows;
    for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
    const grids = new Map(
      (
        await sql<{ cell_code: string; grid_code: string; inspector: number | null }>`
          select gc.cell_code, min(g.code) as grid_code, min(i.user_id) as inspector
          from responsibility_grid_cells gc
          join responsibility_grids g on g.id = gc.grid_id
          left join responsibility_grid_inspectors i on i.grid_id = gc.grid_id
          group by gc.cell_code`.execute(trx)
      ).rows.map((r) => [r.cell_code, r]),
    );
    let cases = 0;
    let events = 0;
    let facts = 0;
    let lastId = 0;
    for (;;) {
      const headers = await trx
        .selectFrom('cases as c')
        .select(HEADER_COLUMNS)
        .where('c.id', '>', lastId)
        .orderBy('c.id')
        .limit(batch)
        .execute();
      if (headers.length === 0) break;
      const maxId = headers.at(-1)!.id;
      const rows = await trx
        .selectFrom('case_events')
        .select(['case_id', ...eventColumns])
        .where('case_id', '>', lastId)
        .where('case_id', '<=', maxId)
        .orderBy('case_id')
        .orderBy('seq')
        .execute();
      const byCase = new Map<number, FactEvent[]>();
      for (const r of rows) {
        const list = byCase.get(r.case_id);
        if (list) list.push(r);
        else byCase.set(r.case_id, [r]);
      }
      const out: FactRow[] = [];
      for (const h of headers) {
        const grid = grids.get(h.cell_code);
        const header = {
          ...h,
          grid_code: grid?.grid_code ?? null,
          grid_inspector_id: grid?.inspector ?? null,
        };
        out.push(...factsOf(header, byCase.get(h.id) ?? []));
      }
      if (out.length > 0) await insertFacts(out).execute(trx);
      cases += headers.length;
      events += rows.length;
      facts += out.length;
      lastId = maxId;
      options.log?.(`facts: ${cases} cases, ${events} events, ${facts} facts`);
    }
    await sql`set local work_mem = '256MB'`.execute(trx);
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
    options.log?.(`facts: done in ${Math.round(performance.now() - t0)} ms; counting the rollup…`);
    const rollup = await upsertRollup(sql`(select f.*, 1 as s from assessment_facts f)`).execute(trx);
    return {
      cases,
      events,
      facts,
      rollupRows: Number(rollup.numAffectedRows ?? 0),
      ms: Math.round(performance.now() - t0),
    };
  });
}
