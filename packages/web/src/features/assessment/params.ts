// The assessment views' choices kept in the URL (period, scheme, tier, level), shared by every tab.

import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { currentMonth, periodInfo } from './period.ts';

/** The view's choices kept in the URL: period (default this month), scheme, tier, level. */
export function useAssessmentParams() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('period');
  const period = raw && periodInfo(raw) ? raw : currentMonth();
  const set = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { params, period, set };
}
