// The admin endpoints (packages/server/src/admin/routes.ts and geo/routes.ts): shapes and queries.
// Keys start with 'admin'; changes to units also refresh the shared ['units'] list.

import { useQuery } from '@tanstack/react-query';
import type { WarningThresholds, WorkingPeriod } from '@xiuhua/domain/calendar';
import type { TimeLimit } from '@xiuhua/domain/catalogue';
import type * as contract from '@xiuhua/server/contract';
import { ApiError, get } from '../../api/client.ts';

export type { ClassKind as Kind, AreaLimits, TimeLimit, TimeUnit } from '@xiuhua/domain/catalogue';
export type { WorkingPeriod } from '@xiuhua/domain/calendar';
export type {
  AdminUnit,
  AdminUser,
  CatalogueClassRow,
  CatalogueMajor,
  CalendarYear,
  DutySchedule,
  GridImportReport,
  ScheduleInput,
  ResponsibilityGrid,
  RoutingRuleRow,
  UnitInput,
} from '@xiuhua/server/contract';

export type CalendarDay = contract.CalendarYear['days'][number];
export type GridRejection = contract.GridImportReport['rejected'][number];

/** GET /api/settings answers every setting as stored; these are their shapes (@xiuhua/domain/calendar). */
export interface Settings {
  working_hours: WorkingPeriod[];
  warning_thresholds: WarningThresholds;
  step_limits: { working: Record<string, TimeLimit>; natural: Record<string, TimeLimit> };
}

export const useAdminUnits = () =>
  useQuery({ queryKey: ['admin', 'units'], queryFn: () => get<contract.AdminUnit[]>('/api/units') });

export const useSchedules = () =>
  useQuery({
    queryKey: ['admin', 'schedules'],
    queryFn: () => get<contract.DutySchedule[]>('/api/schedules'),
  });

export const useAdminUsers = () =>
  useQuery({ queryKey: ['admin', 'users'], queryFn: () => get<contract.AdminUser[]>('/api/users') });

export const useMajors = () =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'majors'],
    queryFn: () => get<contract.CatalogueMajor[]>('/api/catalogue/majors'),
    staleTime: 5 * 60_000,
  });

export const useClasses = () =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'classes'],
    // the editor shows inactive classes too (pickers elsewhere never get them)
    queryFn: () =>
      get<contract.CatalogueClassRow[]>('/api/catalogue/classes', { limit: 500, includeInactive: true }),
  });

export const useClassHistory = (kind: string, code: string, enabled: boolean) =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'history', kind, code],
    queryFn: () => get<contract.CatalogueClassRow[]>(`/api/catalogue/classes/${kind}/${code}`),
    enabled,
  });

export const useRules = () =>
  useQuery({
    queryKey: ['admin', 'rules'],
    queryFn: () => get<contract.RoutingRuleRow[]>('/api/routing-rules'),
  });

/** A year's days, or `null` when the year has no calendar (422 CALENDAR_NOT_COVERED). */
export const useCalendarYear = (year: number) =>
  useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: async () => {
      try {
        return await get<contract.CalendarYear>(`/api/calendar/${year}`);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'CALENDAR_NOT_COVERED') return null;
        throw e;
      }
    },
  });

export const useSettings = () =>
  useQuery({ queryKey: ['admin', 'settings'], queryFn: () => get<Settings>('/api/settings') });

export const useResponsibilityGrids = () =>
  useQuery({
    queryKey: ['admin', 'rgrids'],
    queryFn: () => get<contract.ResponsibilityGrid[]>('/api/responsibility-grids'),
  });

/** Roads with their segment counts, zones, key places and the segment distance. */
export const useRoads = () =>
  useQuery({ queryKey: ['admin', 'roads'], queryFn: () => get<contract.RoadsList>('/api/roads') });

/** Unit cell codes of a street (for the responsibility-grid form). */
export const useStreetCells = (streetCode: string | undefined) =>
  useQuery({
    queryKey: ['admin', 'cells', streetCode],
    queryFn: async () => {
      const fc = await get<{ features: { properties: { code: string; communityCode: string } }[] }>(
        '/api/grid/cells',
        { areaCode: streetCode },
      );
      return fc.features.map((f) => f.properties);
    },
    enabled: !!streetCode && /^[0-9]{9}$/.test(streetCode),
    staleTime: 60_000,
  });
