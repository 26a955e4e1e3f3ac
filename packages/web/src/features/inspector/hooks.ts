// React views of the outbox, the patrol state and the network, plus the inspector app's reads
// (cached on the phone so the app opens without a network).

import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import type * as contract from '@xiuhua/server/contract';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { get } from '../../api/client.ts';
import type { CatalogueClass, WithClassKind } from '../../api/types.ts';
import {
  cachedRead,
  type OutboxItem,
  outboxItems,
  countPoints,
  subscribeOutbox,
} from '../../shared/outbox.ts';
import { patrolState, subscribePatrol } from './background.ts';

export interface OutboxView {
  items: OutboxItem[];
  points: number;
  loaded: boolean;
}

/** The user's outbox, reloaded whenever it changes (in this tab or another). */
export function useOutbox(owner: number): OutboxView {
  const [view, setView] = useState<OutboxView>({ items: [], points: 0, loaded: false });
  useEffect(() => {
    let alive = true;
    let latest = 0;
    const load = async () => {
      // Reads may finish out of order: only the one started last is shown.
      const mine = ++latest;
      const [items, points] = await Promise.all([outboxItems(owner), countPoints(owner)]);
      if (alive && mine === latest) setView({ items, points, loaded: true });
    };
    void load();
    const unsubscribe = subscribeOutbox(() => void load());
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [owner]);
  return view;
}

export function usePatrol() {
  return useSyncExternalStore(subscribePatrol, patrolState);
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}

export type FrequentClass = WithClassKind<contract.FrequentClass>;

export function useFrequentClasses(owner: number) {
  return useQuery({
    queryKey: ['inspector', 'frequent-classes', owner],
    queryFn: () =>
      cachedRead(`frequent:${owner}`, () =>
        get<FrequentClass[]>('/api/inspector/frequent-classes', { limit: 8 }),
      ),
    staleTime: 10 * 60_000,
  });
}

/** The whole current catalogue, for searching on the phone (works offline once loaded). */
export function useCatalogueList() {
  return useQuery({
    queryKey: ['inspector', 'catalogue'],
    queryFn: () =>
      cachedRead('catalogue', () => get<CatalogueClass[]>('/api/catalogue/classes', { limit: 500 })),
    staleTime: Infinity,
  });
}

export function useMyGrids(owner: number) {
  return useQuery({
    queryKey: ['inspector', 'grids', owner],
    queryFn: () => cachedRead(`grids:${owner}`, () => get<FeatureCollection>('/api/inspector/grids')),
    staleTime: 30 * 60_000,
  });
}
