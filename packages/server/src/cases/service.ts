// CaseService: the one door other capabilities and routes use for cases. A thin facade over the
// use cases in this folder (create.ts, act.ts, queries.ts, lookups.ts, nearby.ts), each taking its
// dependencies explicitly; the composition root builds it once.

import type { CaseRow } from '@xiuhua/db';
import type { CaseAction } from '@xiuhua/domain/workflow';
import type { Actor } from '../platform/actor.ts';
import { type ActInput, actOnCase } from './act.ts';
import { type CreateCaseInput, type CreateOptions, type Creator, createCase } from './create.ts';
import type { CaseDeps, Gateway } from './deps.ts';
import type { HandOffAction } from './handoff.ts';
import { dispatchableUnits, listInspectors } from './lookups.ts';
import { type NearbyQuery, nearbyCases } from './nearby.ts';
import { type CaseFilters, caseEvents, casePoints, getCase, listCases } from './queries.ts';

export class CaseService {
  #deps: CaseDeps;

  constructor(deps: CaseDeps) {
    this.#deps = deps;
  }

  /**
   * Take a report. Returns the case and whether it was created now (false: idempotent replay).
   * `options.inTransaction` runs inside the creating transaction after the case and its event are
   * written (a gateway's own record of the report; throwing there undoes the case).
   */
  async create(
    creator: Creator,
    input: CreateCaseInput,
    options: CreateOptions = {},
  ): Promise<{ row: CaseRow; created: boolean }> {
    return await createCase(this.#deps, creator, input, options);
  }

  /** The only path that changes a case: one transition, in one transaction (act.ts). */
  async act(actor: Actor | Gateway, caseId: number, action: CaseAction, input: ActInput): Promise<CaseRow> {
    return await actOnCase(this.#deps, actor, caseId, action, input);
  }

  async get(actor: Actor, idOrNumber: string): Promise<CaseRow> {
    return await getCase(this.#deps.db, actor, idOrNumber);
  }

  /** The active units this actor may dispatch the case to, nearest area first. */
  async dispatchableUnits(actor: Actor, idOrNumber: string, action: 'dispatch' | HandOffAction = 'dispatch') {
    return await dispatchableUnits(this.#deps, actor, idOrNumber, action);
  }

  async events(actor: Actor, idOrNumber: string) {
    return await caseEvents(this.#deps.db, actor, idOrNumber);
  }

  /** One page of the cases the actor may see, filtered and sorted, with the total. */
  async list(actor: Actor, filters: CaseFilters) {
    return await listCases(this.#deps.db, this.#deps.directory, actor, filters);
  }

  /** Positions of the visible cases for the map, at most `limit`. */
  async points(actor: Actor, filters: Parameters<typeof casePoints>[3], limit?: number) {
    return await casePoints(this.#deps.db, this.#deps.directory, actor, filters, limit);
  }

  /** Open visible cases near a point (duplicate warnings at intake). */
  async nearby(actor: Actor, query: NearbyQuery) {
    return await nearbyCases(this.#deps.db, actor, query);
  }

  /** The inspectors this actor may send a verification or check task to. */
  async inspectors(actor: Actor) {
    return await listInspectors(this.#deps.db, this.#deps.directory, actor);
  }
}
