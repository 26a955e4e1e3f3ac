// Live updates: the server pushes one small message per case change the user may see
// (GET /api/live, server-sent events). Queues and the case on screen are refetched, at most a few
// times a second however busy the city is. EventSource reconnects by itself.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type LiveState = 'connecting' | 'open' | 'closed';

export function useLiveUpdates(enabled: boolean): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/live');
    const changed = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void queryClient.invalidateQueries({ queryKey: ['stats'] });
      for (const id of changed) void queryClient.invalidateQueries({ queryKey: ['case', String(id)] });
      changed.clear();
    };
    source.onopen = () => setState('open');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    source.addEventListener('case', (event) => {
      try {
        const { caseId } = JSON.parse((event as MessageEvent<string>).data) as { caseId: number };
        changed.add(caseId);
      } catch {
        // a malformed message still means something changed
      }
      timer ??= setTimeout(flush, 300);
    });
    // the server lost its feed for a moment: whatever is on screen may be stale
    source.addEventListener('resync', () => void queryClient.invalidateQueries());
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [enabled, queryClient]);
  return state;
}
