// The hotline endpoints (docs/hotline.md): shapes and calls.

import type { HotlineOutcome as Outcome, PoliceCategory } from '@xiuhua/domain/channels';
import type { CaseState } from '@xiuhua/domain/workflow';
import { get, post } from '../../api/client.ts';
import type { Case, Colour, Paged } from '../../api/types.ts';

export type { HotlineOutcome as Outcome, PoliceCategory } from '@xiuhua/domain/channels';

export interface Transfer {
  id: number;
  direction: 'inbound' | 'outbound';
  reference: string;
  callId: number | null;
  caseId: number | null;
  category: string | null;
  status: 'received' | 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  externalRef: string | null;
  createdAt: string;
}

export interface Call {
  id: number;
  callerPhone: string | null;
  callRef: string | null;
  line: string;
  operator: { id: number; name: string };
  startedAt: string;
  endedAt: string | null;
  outcome: Outcome | null;
  caseId: number | null;
  caseNumber: string | null;
  firstReply: string | null;
  firstReplyAt: string | null;
  note: string | null;
  transfer: Transfer | null;
}

export interface CaseBrief {
  id: number;
  number: string;
  source: string;
  kind: 'component' | 'event';
  classCode: string;
  className: string;
  description: string;
  address: string | null;
  state: CaseState;
  stateName: string;
  colour: Colour | null;
  reportedAt: string;
  closedAt: string | null;
  satisfaction: string | null;
  version: number;
}

export interface CallbackItem extends CaseBrief {
  reporter: { name: string | null; phone: string };
  streetName: string;
  unitName: string | null;
  attempts: number;
  lastAttemptAt: string | null;
}

export interface PlaceHit {
  id: string;
  kind: 'district' | 'street' | 'community' | 'road' | 'landmark' | 'compound' | 'other';
  category: string | null;
  name: string;
  matched: string;
  match: string;
  areaCode: string;
  streetName: string | null;
  communityName: string | null;
  location: { lon: number; lat: number };
}

export interface CaseFields {
  kind: 'component' | 'event';
  classCode: string;
  description: string;
  location: { lon: number; lat: number };
  address?: string;
  reporterName?: string;
  firstReply?: string;
}

export const hotlineApi = {
  lookup: (phone: string) =>
    get<{ phone: string; cases: CaseBrief[]; calls: Call[] }>('/api/hotline/lookup', { phone }),
  places: (q: string) => get<PlaceHit[]>('/api/places/search', { q, limit: 10 }),
  call: (id: number) => get<Call>(`/api/hotline/calls/${id}`),
  start: (callerPhone: string | undefined, line: string) =>
    post<Call>('/api/hotline/calls', { ...(callerPhone ? { callerPhone } : {}), line }),
  firstReply: (id: number, text: string) => post<Call>(`/api/hotline/calls/${id}/first-reply`, { text }),
  createCase: (id: number, body: CaseFields) =>
    post<{ call: Call; case: Case }>(`/api/hotline/calls/${id}/case`, body),
  link: (id: number, caseId: number, firstReply?: string) =>
    post<{ call: Call; case: Case }>(`/api/hotline/calls/${id}/link`, {
      caseId,
      ...(firstReply ? { firstReply } : {}),
    }),
  complete: (id: number, outcome: 'consultation' | 'invalid' | 'dropped', firstReply?: string) =>
    post<Call>(`/api/hotline/calls/${id}/complete`, { outcome, ...(firstReply ? { firstReply } : {}) }),
  transfer110: (
    id: number,
    body: {
      category: PoliceCategory;
      description: string;
      address?: string;
      location?: { lon: number; lat: number };
    },
  ) => post<{ call: Call; transfer: Transfer }>(`/api/hotline/calls/${id}/transfer-110`, body),
  callbacks: () => get<Paged<CallbackItem>>('/api/hotline/callbacks', { pageSize: 200 }),
  notReached: (caseId: number, note?: string) =>
    post<{ case: Case; attempts: number; inQueue: boolean }>(`/api/hotline/callbacks/${caseId}/not-reached`, {
      ...(note ? { note } : {}),
    }),
};
