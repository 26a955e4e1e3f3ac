// The admin endpoints (packages/server/src/admin/routes.ts and geo/routes.ts): shapes and queries.
// Keys start with 'admin'; changes to units also refresh the shared ['units'] list.

import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api/client.ts';

export type Kind = 'component' | 'event';
export type TimeUnit = 'minute' | 'hour' | 'day' | 'workMinute' | 'workHour' | 'workDay';
export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}
export interface AreaLimits {
  handle: TimeLimit;
  sign?: TimeLimit;
}

export interface AdminUnit {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  unitType: string | null;
  parentId: number | null;
  areaCode: string;
  active: boolean;
}

export interface AdminUser {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  roles: string[];
  phone: string | null;
  active: boolean;
}

export interface CatalogueMajor {
  kind: Kind;
  code: string;
  name: string;
  nameEn: string;
}

export interface CatalogueClassRow {
  id: number;
  kind: Kind;
  code: string;
  version: number;
  majorCode: string;
  name: string;
  nameEn: string | null;
  keywords: string[];
  filingStandard: string;
  closureStandard: string;
  urgency: 'normal' | 'urgent' | 'emergency';
  clock: 'working' | 'natural';
  defaultUnitType: string;
  limits: Record<'A' | 'B' | 'C', AreaLimits>;
  active: boolean;
  validFrom: string;
  supersededAt: string | null;
  changeNote: string | null;
}

export interface RoutingRuleRow {
  id: number;
  ruleId: string;
  label: string | null;
  kind: Kind | null;
  classCode: string | null;
  areaCode: string | null;
  level: 'community' | 'street' | 'district' | 'city' | null;
  unitId: number;
  priority: number;
  enabled: boolean;
}

export interface CalendarDay {
  date: string;
  working: boolean;
  override: boolean;
  note: string | null;
}
export interface CalendarYear {
  year: number;
  coveredYears: number[];
  days: CalendarDay[];
}

export interface WorkingPeriod {
  start: string;
  end: string;
}
export interface Settings {
  working_hours: WorkingPeriod[];
  warning_thresholds: { yellow: number; orange: number; red: number };
  step_limits: { working: Record<string, TimeLimit>; natural: Record<string, TimeLimit> };
}

export interface GridRejection {
  index: number;
  code: string | null;
  reason: string;
  reasonCode: string;
}
export interface GridImportReport {
  imported: number;
  rejected: GridRejection[];
}

export interface ResponsibilityGrid {
  id: number;
  code: string;
  name: string;
  gridType: 'residential' | 'business' | 'institutional';
  streetCode: string;
  cellCodes: string[];
  inspectorIds: number[];
}

export const useAdminUnits = () =>
  useQuery({ queryKey: ['admin', 'units'], queryFn: () => get<AdminUnit[]>('/api/units') });

export const useAdminUsers = () =>
  useQuery({ queryKey: ['admin', 'users'], queryFn: () => get<AdminUser[]>('/api/users') });

export const useMajors = () =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'majors'],
    queryFn: () => get<CatalogueMajor[]>('/api/catalogue/majors'),
    staleTime: 5 * 60_000,
  });

export const useClasses = () =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'classes'],
    queryFn: () => get<CatalogueClassRow[]>('/api/catalogue/classes', { limit: 500 }),
  });

export const useClassHistory = (kind: Kind, code: string, enabled: boolean) =>
  useQuery({
    queryKey: ['admin', 'catalogue', 'history', kind, code],
    queryFn: () => get<CatalogueClassRow[]>(`/api/catalogue/classes/${kind}/${code}`),
    enabled,
  });

export const useRules = () =>
  useQuery({ queryKey: ['admin', 'rules'], queryFn: () => get<RoutingRuleRow[]>('/api/routing-rules') });

/** A year's days, or `null` when the year has no calendar (422 CALENDAR_NOT_COVERED). */
export const useCalendarYear = (year: number) =>
  useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: async () => {
      try {
        return await get<CalendarYear>(`/api/calendar/${year}`);
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
    queryFn: () => get<ResponsibilityGrid[]>('/api/responsibility-grids'),
  });

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
