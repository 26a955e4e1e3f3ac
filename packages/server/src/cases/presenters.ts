// Presenters: rows → API JSON. The reporter's contact is private: only the centre's intake and
// shift-leader roles (who call back) see it.

import type { CaseEventRow, CaseRow } from '@xiuhua/db';
import {
  availableActions,
  type CaseState,
  STATE_NAMES,
  transitionOf,
  isCaseAction,
} from '@xiuhua/domain/workflow';
import { CHANNEL_EVENTS } from '@xiuhua/domain/channels';
import { DISPUTE_EVENTS } from '@xiuhua/domain/disputes';
import { isProvisionalDeadline, parseStepClock, type TimeService } from '../calendar/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { RoadsService } from '../geo/roads.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { Actor } from '../platform/actor.ts';
import { heldByStreet } from './handoff.ts';
import { ownArea } from './visibility.ts';
import { can, type TierAction, tierRefusal } from '@xiuhua/domain/policy';
import { tierOfArea } from '@xiuhua/domain/routing';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function presentCase(
  services: {
    directory: DirectoryService;
    catalogue: CatalogueService;
    roads: RoadsService;
    time: TimeService;
  },
  actor: Actor,
  row: CaseRow,
) {
  const dir = await services.directory.get();
  const rules = await services.time.rules();
  const { rows: classes } = await services.catalogue.current();
  const cls = classes.get(`${row.kind}:${row.class_code}`);
  const filedUnder = await services.catalogue.byId(row.class_id);
  const unit = row.assignee_unit_id === null ? undefined : dir.units.get(row.assignee_unit_id);
  const centre = row.centre_unit_id === null ? undefined : dir.units.get(row.centre_unit_id);
  const areaName = (code: string) => dir.areas.get(code)?.name ?? code;
  const showContact = can(actor, 'case.seeContact', null);
  // dispatch, 上报 and 下派 by the caller's tier, the case's level and who holds it (the policy's
  // full rule, with the target, applies when acted on)
  const own = await ownArea(services.directory, actor);
  const ownTier = own ? tierOfArea(own.level) : 'city';
  const held = await heldByStreet(services.directory, row);
  const tiered = (a: string): a is TierAction | 'redispatch' =>
    a === 'dispatch' || a === 'redispatch' || a === 'escalate' || a === 'hand_down';
  const offered = availableActions(row.state as CaseState, actor.roles).filter(
    (a) => !tiered(a) || !tierRefusal(a === 'redispatch' ? 'dispatch' : a, ownTier, row.level, held),
  );
  const onRoad = await services.roads.present(row);
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    sourceRef: row.source_ref,
    sourceDetails: row.source_details,
    kind: row.kind,
    classCode: row.class_code,
    className: cls?.name ?? row.class_code,
    reportBackPhoto: filedUnder.report_back_photo,
    description: row.description,
    address: row.address,
    location: { lon: row.lon, lat: row.lat },
    cellCode: row.cell_code,
    ...onRoad,
    area: {
      communityCode: row.community_code,
      communityName: areaName(row.community_code),
      streetCode: row.street_code,
      streetName: areaName(row.street_code),
      districtCode: row.district_code,
      districtName: areaName(row.district_code),
      areaClass: row.area_class,
    },
    componentRef: row.component_ref,
    reporter:
      showContact && (row.reporter_name || row.reporter_phone)
        ? { name: row.reporter_name, phone: row.reporter_phone }
        : null,
    photos: row.photos as { url: string; caption?: string }[],
    urgency: row.urgency,
    level: row.level,
    centreUnit: centre ? { id: centre.id, name: centre.name } : null,
    state: row.state,
    stateName: STATE_NAMES[row.state as CaseState]?.zh ?? row.state,
    suspendedFrom: row.suspended_from,
    assigneeUnit: unit ? { id: unit.id, name: unit.name } : null,
    assigneeUserId: row.assignee_user_id,
    mergedIntoId: row.merged_into_id,
    step: row.step,
    dueAt: iso(row.due_at),
    // present only when true: the deadline rests on a year computed by the holiday rule (暂定)
    ...(isProvisionalDeadline(parseStepClock(row.step_clock), row.due_at, rules)
      ? { provisional: true as const }
      : {}),
    colour: row.colour,
    signDueAt: iso(row.sign_due_at),
    limitNote: row.limit_note ?? null,
    counts: {
      rework: row.rework_count,
      reopen: row.reopen_count,
      postpone: row.postpone_count,
      return: row.return_count,
    },
    satisfaction: row.satisfaction,
    version: row.version,
    reportedAt: row.reported_at.toISOString(),
    filedAt: iso(row.filed_at),
    dispatchedAt: iso(row.dispatched_at),
    closedAt: iso(row.closed_at),
    updatedAt: row.updated_at.toISOString(),
    availableActions: offered,
  };
}

export function presentEvent(
  row: Pick<
    CaseEventRow,
    | 'id'
    | 'seq'
    | 'action'
    | 'from_state'
    | 'to_state'
    | 'actor_user_id'
    | 'actor_role'
    | 'actor_unit_id'
    | 'at'
    | 'reason'
    | 'data'
    | 'attachments'
  > & {
    actor_name: string | null;
    actor_unit_name: string | null;
  },
) {
  return {
    id: row.id,
    seq: row.seq,
    action: row.action,
    actionName: isCaseAction(row.action)
      ? transitionOf(row.action).zh
      : row.action === 'intake'
        ? '上报'
        : (CHANNEL_EVENTS[row.action]?.zh ?? DISPUTE_EVENTS[row.action]?.zh ?? row.action),
    fromState: row.from_state,
    toState: row.to_state,
    actor: {
      userId: row.actor_user_id,
      name: row.actor_name,
      role: row.actor_role,
      unitId: row.actor_unit_id,
      unitName: row.actor_unit_name,
    },
    at: row.at.toISOString(),
    reason: row.reason,
    data: row.data,
    attachments: row.attachments,
  };
}
