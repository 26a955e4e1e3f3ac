// The working-time rules in force: official calendar + admin overrides and years, working hours,
// warning thresholds and global step limits (settings table, defaults from the domain).
// Cached; reloaded after an admin changes any of them.

import type { Db } from '@xiuhua/db';
import {
  type CalendarOverride,
  DEFAULT_WARNING_THRESHOLDS,
  DEFAULT_WORKING_HOURS,
  parseWarningThresholds,
  parseWorkingHours,
  type StepClock,
  type TimeLimit,
  WorkingCalendar,
  type WarningThresholds,
  type WorkingHours,
} from '@xiuhua/domain/calendar';
import { DEFAULT_STEP_LIMITS, NATURAL_STEP_LIMITS, type StepName } from '@xiuhua/domain/catalogue';

export interface StepLimits {
  working: Record<StepName, TimeLimit>;
  natural: Record<StepName, TimeLimit>;
}

export interface TimeRules {
  calendar: WorkingCalendar;
  hours: WorkingHours;
  thresholds: WarningThresholds;
  stepLimits: StepLimits;
  overrides: CalendarOverride[];
  adminYears: number[];
}

export const SETTING_KEYS = ['working_hours', 'warning_thresholds', 'step_limits'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const DEFAULT_SETTINGS: Record<SettingKey, unknown> = {
  working_hours: DEFAULT_WORKING_HOURS,
  warning_thresholds: DEFAULT_WARNING_THRESHOLDS,
  step_limits: { working: DEFAULT_STEP_LIMITS, natural: NATURAL_STEP_LIMITS },
};

export class TimeService {
  #db: Db;
  #rules: Promise<TimeRules> | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  rules(): Promise<TimeRules> {
    this.#rules ??= this.#load().catch((e) => {
      this.#rules = null;
      throw e;
    });
    return this.#rules;
  }

  invalidate(): void {
    this.#rules = null;
  }

  async #load(): Promise<TimeRules> {
    const [overrideRows, yearRows, settingRows] = await Promise.all([
      this.#db.selectFrom('calendar_overrides').select(['day', 'working', 'note']).execute(),
      this.#db.selectFrom('calendar_years').select('year').execute(),
      this.#db.selectFrom('settings').select(['key', 'value']).execute(),
    ]);
    const settings = new Map<string, unknown>(settingRows.map((r) => [r.key, r.value]));
    const overrides = overrideRows.map((r) => ({
      date: r.day,
      working: r.working,
      note: r.note ?? undefined,
    }));
    const adminYears = yearRows.map((r) => r.year);
    return {
      calendar: new WorkingCalendar({ overrides, adminYears }),
      hours: parseWorkingHours(settings.get('working_hours') ?? DEFAULT_WORKING_HOURS),
      thresholds: parseWarningThresholds(settings.get('warning_thresholds') ?? DEFAULT_WARNING_THRESHOLDS),
      stepLimits: (settings.get('step_limits') as StepLimits | undefined) ?? {
        working: { ...DEFAULT_STEP_LIMITS },
        natural: { ...NATURAL_STEP_LIMITS },
      },
      overrides,
      adminYears,
    };
  }
}

/** StepClock as stored in cases.step_clock (JSON: instants as ISO strings). */
export function parseStepClock(json: unknown): StepClock | null {
  if (!json || typeof json !== 'object') return null;
  const raw = json as Record<string, unknown>;
  return {
    ...(raw as unknown as StepClock),
    startedAt: new Date(raw.startedAt as string),
    since: new Date(raw.since as string),
  };
}
