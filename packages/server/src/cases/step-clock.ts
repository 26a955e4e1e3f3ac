// The running step's clock on a case: which limit a step starts with (the handling limit through
// the domain's precedence of layers, with its one-line explanation), whose duty schedule its working
// time runs on (the unit owning the step: the handling unit for `handle`, the case's centre for the
// others; the version is stored in the clock, so a later schedule change never re-times it), what a
// transition's clock effect (start, stop, suspend, resume, extend) makes of it, the derived columns
// (due_at, colour, next_colour_at) it is stored with, and the extension a postponement asked for.

import type { CaseRow } from '@xiuhua/db';
import {
  type TimeLimit,
  colourOf,
  extendStep,
  nextChangeOf,
  resumeStep,
  scheduleOf,
  startStep,
  suspendStep,
} from '@xiuhua/domain/calendar';
import type { StepName } from '@xiuhua/domain/catalogue';
import { type Bilingual, type LimitLayer, resolveLimit } from '@xiuhua/domain/schedules';
import type { ActionInput, ClockEffect, Step } from '@xiuhua/domain/workflow';
import {
  currentScheduleRef,
  parseStepClock,
  type ScheduleRef,
  type StoredClock,
  scheduleVersion,
  type TimeRules,
  workingTimeOf,
} from '../calendar/service.ts';
import type { DirectoryService } from '../platform/directory.ts';
import { AppError } from '../platform/errors.ts';
import type { Trx } from './deps.ts';

/** What the clock reads of the class version a case runs under. */
export interface ClassClock {
  clock: string;
  limits: unknown;
  name: string;
  name_en: string | null;
}

/** Where a case is, as the limit layers name it. */
export interface PlaceOfCase {
  areaClass: string;
  street?: { name: string; name_en: string | null };
  /** Road class, zone and key place layers for the case's class (RoadsService.limitLayers). */
  placeLayers?: readonly LimitLayer[];
}

const STEP_LIMIT_NAME: Record<Exclude<Step, 'handle'>, StepName> = {
  accept: 'file',
  verify: 'verify',
  file: 'file',
  dispatch: 'dispatch',
  check: 'check',
  close: 'close',
};

/** A step's limit: the class's own if it has one, else the global setting for its kind of time. */
export function stepLimit(step: StepName, clock: string, rules: TimeRules, own?: TimeLimit): TimeLimit {
  return own ?? (clock === 'natural' ? rules.stepLimits.natural : rules.stepLimits.working)[step];
}

/**
 * The handling limit in force by the precedence of layers, least specific first: the class version
 * (its limit for the loosest area class, C), the case's area class (江川路街道·A 类区域), then the
 * place layers — road class, zone, key place (一类道路·严管区) — where the city has rules for them.
 */
export function handleLimit(cls: ClassClock, place: PlaceOfCase) {
  const limits = cls.limits as Record<string, { handle: TimeLimit }>;
  const layers: LimitLayer[] = [
    { kind: 'class', label: { zh: cls.name, en: cls.name_en ?? cls.name }, limit: limits.C?.handle },
    {
      kind: 'area',
      label: {
        zh: `${place.street ? `${place.street.name}·` : ''}${place.areaClass} 类区域`,
        en: `${place.street ? `${place.street.name_en ?? place.street.name} · ` : ''}area class ${place.areaClass}`,
      },
      limit: limits[place.areaClass]?.handle,
    },
    ...(place.placeLayers ?? []),
  ];
  return resolveLimit('handle', layers);
}

/**
 * Which unit owns a step, and so whose duty schedule (its current version) the step runs on; the
 * office schedule when no unit owns it.
 */
export async function ownerSchedule(
  directory: DirectoryService,
  rules: TimeRules,
  step: Step,
  kase: { area_path: string; assignee_unit_id: number | null; centre_unit_id?: number | null },
): Promise<ScheduleRef | null> {
  const owner =
    step === 'handle' && kase.assignee_unit_id !== null
      ? await directory.unit(kase.assignee_unit_id)
      : kase.centre_unit_id
        ? await directory.unit(kase.centre_unit_id) // a street centre holding it, or the one escalated to
        : await directory.centreFor(kase.area_path);
  // No centre over the area (a city set up without one): the office schedule every unit starts with.
  const scheduleId =
    owner?.schedule_id ?? [...rules.schedules.current.values()].find((r) => r.code === 'office')?.id;
  return scheduleId === undefined ? null : currentScheduleRef(rules, scheduleId);
}

/** The platform's limit for a step no class names (file, dispatch, check, close), as one layer. */
function settingLimit(step: StepName, cls: ClassClock, rules: TimeRules) {
  const clock =
    cls.clock === 'natural' ? { zh: '自然时', en: 'natural time' } : { zh: '工作时', en: 'working time' };
  return resolveLimit(step, [
    {
      kind: 'setting',
      label: { zh: `平台环节时限（${clock.zh}）`, en: `Platform step limits (${clock.en})` },
      limit: stepLimit(step, cls.clock, rules),
    },
  ]);
}

/** Starts a step's clock on the owner's schedule; `note` explains the limit in force. */
export function startClock(
  step: Step,
  cls: ClassClock,
  place: PlaceOfCase,
  now: Date,
  rules: TimeRules,
  owner: ScheduleRef | null,
): { clock: StoredClock; note: Bilingual | null } {
  const resolved =
    step === 'handle' ? handleLimit(cls, place) : settingLimit(STEP_LIMIT_NAME[step], cls, rules);
  return { clock: startOn(now, resolved.limit, rules, owner), note: resolved.explanation };
}

/** A clock started now on a schedule version (natural-time clocks need none). */
export function startOn(
  now: Date,
  limit: TimeLimit,
  rules: TimeRules,
  owner: ScheduleRef | null,
): StoredClock {
  const time = owner ? scheduleVersion(rules, owner) : rules.hours;
  const clock: StoredClock = startStep(now, limit, time, rules.thresholds);
  return clock.working && owner ? { ...clock, schedule: owner } : clock;
}

/** The running step and its clock after a transition's clock effect. */
export function clockAfter(
  effect: ClockEffect,
  row: Pick<CaseRow, 'step_clock' | 'step'>,
  cls: ClassClock,
  place: PlaceOfCase,
  extension: ActionInput['extension'],
  now: Date,
  rules: TimeRules,
  owner: ScheduleRef | null,
): { clock: StoredClock | null; step: string | null; note: Bilingual | null } {
  const previous = parseStepClock(row.step_clock);
  if (effect.kind === 'start') {
    return { ...startClock(effect.step, cls, place, now, rules, owner), step: effect.step };
  }
  if (effect.kind === 'stop') return { clock: null, step: null, note: null };
  let clock: StoredClock | null = previous;
  const time = workingTimeOf(previous, rules);
  if (effect.kind === 'suspend' && previous) {
    clock = suspendStep(previous, now, rules.calendar, time);
  } else if (effect.kind === 'resume' && previous) {
    clock = resumeStep(previous, now);
  } else if (effect.kind === 'extend' && previous && extension) {
    try {
      clock = extendStep(previous, extension as TimeLimit, time);
    } catch (e) {
      throw new AppError(400, 'INVALID_FIELD', (e as Error).message, 'extension');
    }
  }
  return { clock, step: row.step, note: null };
}

export function clockColumns(clock: StoredClock | null, now: Date, rules: TimeRules) {
  if (!clock) return { step_clock: null, due_at: null, colour: null, next_colour_at: null };
  const time = workingTimeOf(clock, rules);
  const schedule = scheduleOf(clock, rules.calendar, time);
  return {
    step_clock: JSON.stringify(clock),
    due_at: schedule?.dueAt ?? null,
    colour: colourOf(clock, now, rules.calendar, time),
    next_colour_at: nextChangeOf(clock, now, rules.calendar, time),
  };
}

/** The extension the latest postponement request asked for (an approval may grant it as asked). */
export async function requestedExtension(trx: Trx, caseId: number): Promise<TimeLimit | null> {
  const ev = await trx
    .selectFrom('case_events')
    .select('data')
    .where('case_id', '=', caseId)
    .where('action', '=', 'request_postponement')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return (ev?.data.extension as TimeLimit | undefined) ?? null;
}
