// 监管分离 on a case: before a judging action (check, close, callback) the policy's
// 'case.separateDuties' is asked with the case's handling events (sign, report back — each bound
// to the unit the case was assigned to then) and the actor's unit chain. A refusal is 403 SEPARATION_OF_DUTIES naming the earlier event; in a unit
// marked dualRole the action goes ahead and its event records `separationWaived: true`.

import type { CaseRow } from '@xiuhua/db';
import {
  HANDLING_ACTIONS,
  JUDGING_ACTIONS,
  ownHandling,
  type SeparationFacts,
  why,
} from '@xiuhua/domain/policy';
import type { CaseAction } from '@xiuhua/domain/workflow';
import { type Actor, refusalError } from '../platform/actor.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError } from '../platform/errors.ts';
import type { Trx } from './deps.ts';

/** The unit a handling event made the case the work of: the case's unit then, else the actor's. */
function handlingUnitOf(e: { actor_unit_id: number | null; data: unknown }): string | null {
  const recorded = (e.data as { handlingUnitId?: unknown } | null)?.handlingUnitId;
  if (typeof recorded === 'number') return String(recorded);
  return e.actor_unit_id === null ? null : String(e.actor_unit_id);
}

/** The actor's unit, then its parents up to the top (a guard stops a cycle an admin made). */
async function unitChain(directory: DirectoryService, unitId: number): Promise<string[]> {
  const chain: string[] = [];
  let next: number | null = unitId;
  while (next !== null && chain.length < 32 && !chain.includes(String(next))) {
    chain.push(String(next));
    next = (await directory.unit(next))?.parent_id ?? null;
  }
  return chain;
}

/**
 * Whether `action` by `actor` on the locked case waives the separation of duties: false when no
 * handling event is his or his unit's; true in a dualRole unit; otherwise it throws the refusal.
 */
export async function separationWaived(
  trx: Trx,
  directory: DirectoryService,
  actor: Actor,
  row: CaseRow,
  action: CaseAction,
): Promise<boolean> {
  if (!JUDGING_ACTIONS.includes(action)) return false;
  const events = await trx
    .selectFrom('case_events')
    .select(['seq', 'action', 'actor_user_id', 'actor_unit_id', 'at', 'data'])
    .where('case_id', '=', row.id)
    .where('action', 'in', HANDLING_ACTIONS)
    .orderBy('seq')
    .execute();
  if (events.length === 0) return false;
  const own = await directory.unit(actor.user.unit_id);
  const facts: SeparationFacts = {
    action,
    userId: String(actor.user.id),
    unitChain: await unitChain(directory, actor.user.unit_id),
    dualRole: own?.dual_role ?? false,
    handling: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      userId: e.actor_user_id === null ? null : String(e.actor_user_id),
      unitId: handlingUnitOf(e),
    })),
  };
  const refusal = why(actor, 'case.separateDuties', facts);
  if (refusal) {
    const { status, code, message } = refusalError(refusal);
    const earlier = events.find((e) => e.seq === ownHandling(facts)?.seq)!;
    throw new AppError(status, code, message, undefined, {
      earlierEvent: { seq: earlier.seq, action: earlier.action, at: earlier.at.toISOString() },
    });
  }
  return ownHandling(facts) !== null;
}
