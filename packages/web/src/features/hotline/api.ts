// The hotline endpoints (docs/hotline.md): shapes and calls.

import type { PoliceCategory } from '@xiuhua/domain/channels';
import type * as contract from '@xiuhua/server/contract';
import { get, post } from '../../api/client.ts';
import type { Case, Paged } from '../../api/types.ts';

export type { HotlineOutcome as Outcome, PoliceCategory } from '@xiuhua/domain/channels';

export type {
  CallbackItem,
  CaseBrief,
  HotlineCall as Call,
  PlaceHit,
  PoliceTransfer as Transfer,
} from '@xiuhua/server/contract';

/** A call and its case, the case with the console's narrower types. */
type CallAndCase = { call: contract.HotlineCall; case: Case };

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
  lookup: (phone: string) => get<contract.CallerHistory>('/api/hotline/lookup', { phone }),
  places: (q: string) => get<contract.PlaceHit[]>('/api/places/search', { q, limit: 10 }),
  call: (id: number) => get<contract.HotlineCall>(`/api/hotline/calls/${id}`),
  start: (callerPhone: string | undefined, line: string) =>
    post<contract.HotlineCall>('/api/hotline/calls', { ...(callerPhone ? { callerPhone } : {}), line }),
  firstReply: (id: number, text: string) =>
    post<contract.HotlineCall>(`/api/hotline/calls/${id}/first-reply`, { text }),
  createCase: (id: number, body: CaseFields) => post<CallAndCase>(`/api/hotline/calls/${id}/case`, body),
  link: (id: number, caseId: number, firstReply?: string) =>
    post<CallAndCase>(`/api/hotline/calls/${id}/link`, {
      caseId,
      ...(firstReply ? { firstReply } : {}),
    }),
  complete: (id: number, outcome: 'consultation' | 'invalid' | 'dropped', firstReply?: string) =>
    post<contract.HotlineCall>(`/api/hotline/calls/${id}/complete`, {
      outcome,
      ...(firstReply ? { firstReply } : {}),
    }),
  transfer110: (
    id: number,
    body: {
      category: PoliceCategory;
      description: string;
      address?: string;
      location?: { lon: number; lat: number };
    },
  ) => post<contract.CallAndTransfer>(`/api/hotline/calls/${id}/transfer-110`, body),
  callbacks: () => get<Paged<contract.CallbackItem>>('/api/hotline/callbacks', { pageSize: 200 }),
  notReached: (caseId: number, note?: string) =>
    post<Omit<contract.NotReachedAnswer, 'case'> & { case: Case }>(
      `/api/hotline/callbacks/${caseId}/not-reached`,
      {
        ...(note ? { note } : {}),
      },
    ),
};
