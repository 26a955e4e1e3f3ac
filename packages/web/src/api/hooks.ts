// TanStack Query hooks over the API. Query keys: ['cases', …] lists, ['case', id] one case,
// ['case', id, 'events'] its log; live updates invalidate by these prefixes.

import type { CaseAction } from '@xiuhua/domain/workflow';
import type * as contract from '@xiuhua/server/contract';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { forgetMe, recallMe, rememberMe } from '../shared/pwa.ts';
import { ApiError, get, post } from './client.ts';
import type { Area, Case, CaseEvent, CaseFilters, Me, Paged, RoutingSuggestion } from './types.ts';

export const PAGE_SIZE = 200;

export function useMe() {
  const query = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        // /session, not /me: nobody signed in is a 200 with null, not a 401 in the browser console
        const { user } = await get<{ user: Me | null }>('/api/auth/session');
        if (user) return user;
        throw new ApiError(401, { code: 'UNAUTHENTICATED' });
      } catch (e) {
        // No network (not a refusal): the installed inspector app still opens, as the last user.
        const known = e instanceof ApiError ? null : recallMe<Me>();
        if (known) return known;
        if (e instanceof ApiError && e.status === 401) forgetMe();
        throw e;
      }
    },
    retry: false,
    staleTime: 5 * 60_000,
  });
  // Remembered however it arrived (fetched, or set by the sign-in form).
  useEffect(() => {
    if (query.data) rememberMe(query.data);
  }, [query.data]);
  return query;
}

/** A queue: pages of PAGE_SIZE fetched as the table scrolls. */
export function useCaseQueue(filters: CaseFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['cases', 'queue', filters],
    queryFn: ({ pageParam }) =>
      get<Paged<Case>>('/api/cases', { ...filters, page: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCaseCount(filters: CaseFilters) {
  return useQuery({
    queryKey: ['cases', 'count', filters],
    queryFn: async () => (await get<Paged<Case>>('/api/cases', { ...filters, pageSize: 1 })).total,
  });
}

export function useCase(id: string | number | undefined) {
  return useQuery({
    queryKey: ['case', String(id)],
    queryFn: () => get<Case>(`/api/cases/${id}`),
    enabled: id !== undefined && id !== '',
  });
}

export function useCaseEvents(id: string | number | undefined) {
  return useQuery({
    queryKey: ['case', String(id), 'events'],
    queryFn: () => get<CaseEvent[]>(`/api/cases/${id}/events`),
    enabled: id !== undefined && id !== '',
  });
}

export function useRoutingSuggestion(id: number | undefined) {
  return useQuery({
    queryKey: ['case', String(id), 'routing'],
    queryFn: () => get<RoutingSuggestion>(`/api/cases/${id}/routing-suggestion`),
    enabled: id !== undefined,
    staleTime: 60_000,
  });
}

/** Where a point lies (cell, community, street, district). */
export type { ResolvedPoint } from '@xiuhua/server/contract';

/** The cell and areas of the point a report is being made at; a 422 error when outside the grid. */
export function useResolvedPoint(point: { lon: number; lat: number } | null) {
  return useQuery({
    queryKey: ['resolve', point?.lon, point?.lat],
    queryFn: () => get<contract.ResolvedPoint>('/api/geo/resolve', { lon: point!.lon, lat: point!.lat }),
    enabled: !!point,
    retry: false,
  });
}

/** An open case near a report's point: the report may be about the same problem. */
export type { NearbyCase } from '@xiuhua/server/contract';

/** Open cases of the class within 300 m of the point, nearest first (with `kind`: of that kind only). */
export function useNearbyCases(
  point: { lon: number; lat: number } | null,
  cls: { kind?: 'component' | 'event'; classCode: string } | null,
) {
  return useQuery({
    queryKey: ['cases', 'nearby', point?.lon, point?.lat, cls?.classCode, cls?.kind],
    queryFn: () =>
      get<contract.NearbyCase[]>('/api/cases/nearby', {
        lon: point!.lon,
        lat: point!.lat,
        kind: cls!.kind,
        classCode: cls!.classCode,
        radius: 300,
      }),
    enabled: !!point && !!cls,
    retry: false,
  });
}

export function useAreas() {
  return useQuery({ queryKey: ['areas'], queryFn: () => get<Area[]>('/api/areas'), staleTime: Infinity });
}

export type { AdminUnit as UnitSummary } from '@xiuhua/server/contract';

export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: () => get<contract.AdminUnit[]>('/api/units'),
    staleTime: 5 * 60_000,
  });
}

export type ActionInput = Record<string, unknown>;

export function actionPath(caseId: number, action: CaseAction): string {
  return `/api/cases/${caseId}/${action.replaceAll('_', '-')}`;
}

/** Take one action of the loop on one case. The case's version guards against acting on stale data. */
export function useCaseAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      caseRow,
      action,
      input,
    }: {
      caseRow: Pick<Case, 'id' | 'version'>;
      action: CaseAction;
      input?: ActionInput;
    }) => post<Case>(actionPath(caseRow.id, action), { expectedVersion: caseRow.version, ...input }),
    onSuccess: (updated) => {
      // a case page may be open by id or by number (/cases/2026000380): both are refreshed
      for (const key of [String(updated.id), updated.number]) {
        queryClient.setQueryData(['case', key], updated);
        void queryClient.invalidateQueries({ queryKey: ['case', key, 'events'] });
      }
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
