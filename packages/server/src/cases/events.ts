// A case's event log and its live signal: every change appends one immutable event (and the
// assessment facts derived from it) and notifies listeners, inside the changing transaction.

import { sql } from 'kysely';
import { writeCaseFacts } from '../assessment/facts-store.ts';
import type { Trx } from './deps.ts';

export async function appendEvent(
  trx: Trx,
  caseId: number,
  ev: {
    action: string;
    from_state: string | null;
    to_state: string;
    actor_user_id: number | null;
    actor_role: string;
    actor_unit_id: number | null;
    at: Date;
    reason: string | null;
    data: Record<string, unknown>;
    attachments: unknown[];
  },
): Promise<void> {
  // The case row is locked (or new), so max(seq) + 1 cannot race.
  await trx
    .insertInto('case_events')
    .values({
      ...ev,
      case_id: caseId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_events where case_id = ${caseId})`,
      data: JSON.stringify(ev.data),
      attachments: JSON.stringify(ev.attachments),
    })
    .execute();
  // Assessment facts are derived from the events in the same transaction: never behind them.
  await writeCaseFacts(trx, caseId);
}

/** Live updates: listeners (console queues and boards) hear of every change after commit. */
export async function notifyChange(trx: Trx, caseId: number, action: string): Promise<void> {
  await sql`select pg_notify('case_changes', ${JSON.stringify({ caseId, action })})`.execute(trx);
}
