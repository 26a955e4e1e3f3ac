// The working-time rules in force: official calendar (shipped data, imported arrangements, the
// provisional holiday rule for the years after) + admin overrides, working hours,
// warning thresholds, global step limits (settings table, defaults from the domain) and every
// version of every duty schedule. Cached; reloaded after an admin changes any of them.

import type { Db, DutyScheduleRow } from '@xiuhua/db';
import {
  arrangementData,
  type CalendarOverride,
  type CalendarYearData,
  DEFAULT_WARNING_THRESHOLDS,
  DEFAULT_WORKING_HOURS,
  type DutySchedule,
  parseDutySchedule,
  parseWarningThresholds,
  parseWorkingHours,
  type StepClock,
  type TimeLimit,
  parseArrangement,
  WorkingCalendar,
  type WarningThresholds,
  type WorkingHours,
  type WorkingTime,
} from '@xiuhua/domain/calendar';
import { DEFAULT_STEP_LIMITS, NATURAL_STEP_LIMITS, type StepName } from '@xiuhua/domain/catalogue';
import { provisionalYear } from '@xiuhua/domain/holiday-rule';

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
  /** Years whose arrangement an admin imported (non-empty). */
  importedYears: number[];
  schedules: ScheduleBook;
}

/** A duty schedule version as a step clock names it. */
export interface ScheduleRef {
  id: number;
  version: number;
}

/** A step clock as stored: the domain's clock plus the schedule version its working time runs on. */
export type StoredClock = StepClock & { schedule?: ScheduleRef };

/** Every duty schedule: the current rows, and every version ever in force. */
export interface ScheduleBook {
  current: Map<number, DutyScheduleRow>;
  versions: Map<string, DutySchedule>;
}

/** The current version of a schedule, as a step started now records it. */
export function currentScheduleRef(rules: TimeRules, scheduleId: number): ScheduleRef | null {
  const row = rules.schedules.current.get(scheduleId);
  return row ? { id: row.id, version: row.version } : null;
}

/**
 * Whose hours a stored clock's working time runs on: the schedule version it was started on, or —
 * for clocks started before duty schedules — the global working hours.
 */
export function workingTimeOf(clock: StoredClock | null, rules: TimeRules): WorkingTime {
  return clock?.schedule ? scheduleVersion(rules, clock.schedule) : rules.hours;
}

/**
 * Whether a stored clock's deadline rests on a provisional year (暂定): a working-time clock whose
 * hours follow the official calendar (not a schedule with holidays on, not natural time) and
 * whose span, from its start to `dueAt`, touches a provisional year.
 */
export function isProvisionalDeadline(
  clock: StoredClock | null,
  dueAt: Date | null,
  rules: TimeRules,
): boolean {
  if (!clock || !dueAt || !clock.working) return false;
  const hours = workingTimeOf(clock, rules);
  if ('holidays' in hours && hours.holidays === 'on') return false;
  return rules.calendar.touchesProvisional(clock.startedAt, dueAt);
}

/** A schedule version (versions are never deleted, so a missing one is a bug). */
export function scheduleVersion(rules: TimeRules, ref: ScheduleRef): DutySchedule {
  const schedule = rules.schedules.versions.get(`${ref.id}:${ref.version}`);
  if (!schedule) throw new Error(`duty schedule ${ref.id} version ${ref.version} is missing`);
  return schedule;
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
    const [overrideRows, yearRows, settingRows, scheduleRows, versionRows] = await Promise.all([
      this.#db.selectFrom('calendar_overrides').select(['day', 'working', 'note']).execute(),
      this.#db.selectFrom('calendar_years').select(['year', 'days']).execute(),
      this.#db.selectFrom('settings').select(['key', 'value']).execute(),
      this.#db.selectFrom('duty_schedules').selectAll().execute(),
      this.#db
        .selectFrom('duty_schedule_versions')
        .select(['schedule_id', 'version', 'periods', 'holidays'])
        .execute(),
    ]);
    const settings = new Map<string, unknown>(settingRows.map((r) => [r.key, r.value]));
    const overrides = overrideRows.map((r) => ({
      date: r.day,
      working: r.working,
      note: r.note ?? undefined,
    }));
    // An imported arrangement was checked when imported; an empty one leaves the year provisional.
    const published: Record<number, CalendarYearData> = {};
    for (const r of yearRows) {
      const data = arrangementData(parseArrangement({ year: r.year, days: r.days }));
      if (data) published[r.year] = data;
    }
    return {
      calendar: new WorkingCalendar({ overrides, published, provisional: (y) => provisionalYear(y) }),
      hours: parseWorkingHours(settings.get('working_hours') ?? DEFAULT_WORKING_HOURS),
      thresholds: parseWarningThresholds(settings.get('warning_thresholds') ?? DEFAULT_WARNING_THRESHOLDS),
      stepLimits: (settings.get('step_limits') as StepLimits | undefined) ?? {
        working: { ...DEFAULT_STEP_LIMITS },
        natural: { ...NATURAL_STEP_LIMITS },
      },
      overrides,
      importedYears: Object.keys(published).map(Number),
      schedules: {
        current: new Map(scheduleRows.map((r) => [r.id, r])),
        versions: new Map(
          versionRows.map((r) => [
            `${r.schedule_id}:${r.version}`,
            parseDutySchedule({ periods: r.periods, holidays: r.holidays }),
          ]),
        ),
      },
    };
  }
}

/** StepClock as stored in cases.step_clock (JSON: instants as ISO strings). */
export function parseStepClock(json: unknown): StoredClock | null {
  if (!json || typeof json !== 'object') return null;
  const raw = json as Record<string, unknown>;
  return {
    ...(raw as unknown as StoredClock),
    startedAt: new Date(raw.startedAt as string),
    since: new Date(raw.since as string),
  };
}
