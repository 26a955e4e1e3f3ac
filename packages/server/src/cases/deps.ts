// What the case use cases are given (CaseDeps, built once in the composition root and handed over
// by CaseService) and the few shapes they all share: the transaction, a gateway, a photo.

import type { CaseRow, Database, Db } from '@xiuhua/db';
import type { Transaction } from 'kysely';
import type { CatalogueService } from '../catalogue/service.ts';
import type { GridService } from '../geo/grid.ts';
import type { RoadsService } from '../geo/roads.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { TimeService } from '../calendar/service.ts';

export interface CaseDeps {
  db: Db;
  clock: Clock;
  time: TimeService;
  grid: GridService;
  roads: RoadsService;
  catalogue: CatalogueService;
  directory: DirectoryService;
  /**
   * Run after every action, inside its transaction, with the case as it now is (another
   * capability's follow-up: a second "not our duty" return opens a jurisdiction dispute). Filled in
   * by the composition root; a hook that throws undoes the action.
   */
  afterAction?: AfterAction[];
}

export type Trx = Transaction<Database>;

export type AfterAction = (trx: Trx, action: string, kase: CaseRow) => Promise<void>;

export interface Photo {
  url: string;
  caption?: string;
}

/**
 * A gateway acting for someone without an account: a citizen (the portal; for an action, after
 * the tracking code proved the right to it) or a device. It has no scope of its own.
 */
export type Gateway = { channel: 'citizen' | 'system'; label: string };
