import type { UnitTypeCode } from './unit-types.ts';

/** 部件 (a fixed public object) or 事件/事项 (a behaviour or state). Codes are unique per kind only. */
export type ClassKind = 'component' | 'event';
export const CLASS_KINDS: readonly ClassKind[] = ['component', 'event'];

export type Urgency = 'normal' | 'urgent' | 'emergency';
export const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'emergency'];

/** Which clock a class's limits run on: the official working calendar or natural (wall) time. */
export type ClockKind = 'working' | 'natural';
export const CLOCK_KINDS: readonly ClockKind[] = ['working', 'natural'];

/** Whether a report-back (处置反馈) on a class needs at least one after-photo. */
export const REPORT_BACK_PHOTO = ['required', 'optional'] as const;
export type ReportBackPhoto = (typeof REPORT_BACK_PHOTO)[number];

export type NaturalTimeUnit = 'minute' | 'hour' | 'day';
export type WorkingTimeUnit = 'workMinute' | 'workHour' | 'workDay';
export type TimeUnit = NaturalTimeUnit | WorkingTimeUnit;
export const NATURAL_TIME_UNITS: readonly NaturalTimeUnit[] = ['minute', 'hour', 'day'];
export const WORKING_TIME_UNITS: readonly WorkingTimeUnit[] = ['workMinute', 'workHour', 'workDay'];

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

/** Area class: A = key/core areas (strictest limits), B = ordinary built-up areas, C = outskirts. */
export type AreaClass = 'A' | 'B' | 'C';
export const AREA_CLASSES: readonly AreaClass[] = ['A', 'B', 'C'];

export interface AreaLimits {
  /** Time the unit has from dispatch to report back (处置时限). */
  handle: TimeLimit;
  /** Time to sign for the task (签收时限); absent = the global default for the class's clock. */
  sign?: TimeLimit;
}

export interface MajorClass {
  kind: ClassKind;
  /** Two digits, e.g. "01". */
  code: string;
  name: string;
  nameEn: string;
}

export interface MinorClass {
  kind: ClassKind;
  /** Five digits: the major code + three digits, e.g. "01001". */
  code: string;
  name: string;
  nameEn: string;
  /** Colloquial words and pinyin initials that citizens and operators type. */
  keywords: string[];
  /** 立案条件 */
  filingStandard: string;
  /** 结案条件 */
  closureStandard: string;
  urgency: Urgency;
  clock: ClockKind;
  /**
   * 'required' (the default) unless the fix leaves nothing to photograph, such as a noise
   * nuisance that has stopped; optional in a catalogue file.
   */
  reportBackPhoto: ReportBackPhoto;
  defaultUnitType: UnitTypeCode;
  limits: Record<AreaClass, AreaLimits>;
  /**
   * Whether the class is offered for new cases (true, the default; optional in a catalogue file).
   * An inactive class stays in the catalogue: cases filed under it keep it and admins can edit
   * it, but pickers, search and intake do not offer it.
   */
  active: boolean;
}

export interface Catalogue {
  version: 1;
  /** Who wrote this catalogue and from what, e.g. "Xiuhua seed, codes after GB/T 47678.5-2026". */
  source: string;
  majors: MajorClass[];
  minors: MinorClass[];
}
