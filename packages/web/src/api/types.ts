// Shapes of the server's JSON (see packages/server/src/cases/presenters.ts and /openapi.json).

import type { CaseAction, CaseState, Role } from '@xiuhua/domain/workflow';

export type Colour = 'blue' | 'yellow' | 'orange' | 'red';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  roleNames: string[];
  unit: { id: number; name: string; kind: string };
  area: { code: string; name: string; level: string };
  cityWide: boolean;
}

export interface Photo {
  url: string;
  caption?: string;
  /** Client-side only: still uploading. */
  pending?: boolean;
}

export interface Case {
  id: number;
  number: string;
  source: string;
  sourceRef: string | null;
  /** The source's own fields (@xiuhua/domain/channels). */
  sourceDetails: Record<string, string | number> | null;
  kind: 'component' | 'event';
  classCode: string;
  className: string;
  description: string;
  address: string | null;
  location: { lon: number; lat: number };
  cellCode: string;
  area: {
    communityCode: string;
    communityName: string;
    streetCode: string;
    streetName: string;
    districtCode: string;
    districtName: string;
    areaClass: string;
  };
  componentRef: string | null;
  reporter: { name: string | null; phone: string | null } | null;
  photos: Photo[];
  urgency: string;
  level: string;
  state: CaseState;
  stateName: string;
  suspendedFrom: string | null;
  assigneeUnit: { id: number; name: string } | null;
  assigneeUserId: number | null;
  mergedIntoId: number | null;
  step: string | null;
  dueAt: string | null;
  colour: Colour | null;
  signDueAt: string | null;
  counts: { rework: number; reopen: number; postpone: number; return: number };
  satisfaction: string | null;
  version: number;
  reportedAt: string;
  filedAt: string | null;
  dispatchedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  availableActions: CaseAction[];
}

export interface CaseEvent {
  id: number;
  seq: number;
  action: string;
  actionName: string;
  fromState: string | null;
  toState: string;
  actor: {
    userId: number | null;
    name: string | null;
    role: string;
    unitId: number | null;
    unitName: string | null;
  };
  at: string;
  reason: string | null;
  data: Record<string, unknown>;
  attachments: unknown[];
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface CaseFilters {
  state?: CaseState[];
  colour?: Colour[];
  kind?: 'component' | 'event';
  classCode?: string;
  areaCode?: string;
  unitId?: number;
  source?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: 'reported_at' | 'due_at' | 'updated_at' | 'number';
  order?: 'asc' | 'desc';
}

export interface RoutingSuggestion {
  unitId: number | null;
  unitName: string | null;
  ruleId: string | null;
  explanation: string;
}

export interface Area {
  code: string;
  level: string;
  parentCode: string | null;
  name: string;
  nameEn: string | null;
  areaClass: string;
}

export interface CatalogueClass {
  kind: 'component' | 'event';
  code: string;
  name: string;
  majorCode: string;
  majorName: string;
  keywords?: string[];
  [key: string]: unknown;
}

/** GET /api/stats/overview */
export interface Overview {
  from: string;
  to: string;
  byState: { state: string; name: string; count: number }[];
  byColour: { colour: string; count: number }[];
  byClass: { kind: string; code: string; name: string; count: number }[];
  byArea: { code: string; name: string; count: number }[];
  trend: { day: string; reported: number; closed: number }[];
  onTimeByUnit: { unitId: number; name: string; closed: number; onTime: number; rate: number }[];
}
