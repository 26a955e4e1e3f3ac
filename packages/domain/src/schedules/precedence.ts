// One precedence for time limits (时限): which limit is in force for a step of a case, and one line
// saying why. Layers are ordered from the least to the most specific: today the class version
// (the class's own limit) and the area class of the case's place (江川路街道·A 类区域); later road
// class, zone, key place and operation layers plug in after them. The most specific layer that
// names the class wins, but a layer may only tighten: a layer whose limit is looser than the one
// in force, or on another kind of time (natural vs working), is ignored and the reason recorded.
// Ignoring, not refusing, keeps a case running when two admins' settings disagree; admin forms can
// show the same reasons before saving.
import { comparableMinutes, isWorkingUnit } from '../catalogue/time-limits.ts';
import type { StepName } from '../catalogue/time-limits.ts';
import type { TimeLimit, TimeUnit } from '../catalogue/types.ts';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** `setting`: the platform's step limits (file, dispatch, check…), which no class names. */
export type LimitLayerKind = 'setting' | 'class' | 'area' | 'road' | 'zone' | 'keyPlace' | 'operation';

export interface LimitLayer {
  readonly kind: LimitLayerKind;
  /** Where the layer comes from, e.g. { zh: '江川路街道·A 类区域', en: 'Jiangchuan Road · area class A' }. */
  readonly label: Bilingual;
  /** The limit this layer sets for the step; absent when the layer does not name the class. */
  readonly limit?: TimeLimit;
}

export type LimitStep = 'handle' | StepName;

export interface ResolvedLimit {
  readonly limit: TimeLimit;
  readonly layer: LimitLayer;
  /** One line for the case page: "江川路街道·A 类区域：处置时限 4 工作小时". */
  readonly explanation: Bilingual;
  readonly ignored: readonly { readonly layer: LimitLayer; readonly reason: Bilingual }[];
}

const UNIT_TEXT: Record<TimeUnit, Bilingual> = {
  minute: { zh: '分钟', en: 'minute' },
  hour: { zh: '小时', en: 'hour' },
  day: { zh: '天', en: 'day' },
  workMinute: { zh: '工作分钟', en: 'working minute' },
  workHour: { zh: '工作小时', en: 'working hour' },
  workDay: { zh: '工作日', en: 'working day' },
};

const STEP_TEXT: Record<LimitStep, Bilingual> = {
  verify: { zh: '核实时限', en: 'verification limit' },
  file: { zh: '立案时限', en: 'filing limit' },
  dispatch: { zh: '派遣时限', en: 'dispatch limit' },
  sign: { zh: '签收时限', en: 'sign-for limit' },
  handle: { zh: '处置时限', en: 'handling limit' },
  check: { zh: '核查时限', en: 'check limit' },
  close: { zh: '结案时限', en: 'closing limit' },
  callback: { zh: '回访时限', en: 'callback limit' },
};

/** "4 工作小时" / "4 working hours". */
export function formatLimit(limit: TimeLimit): Bilingual {
  const unit = UNIT_TEXT[limit.unit];
  return {
    zh: `${limit.amount} ${unit.zh}`,
    en: `${limit.amount} ${unit.en}${limit.amount === 1 ? '' : 's'}`,
  };
}

/**
 * The limit in force for `step`: the most specific layer that names it and does not loosen the
 * limit of the layers before it. Throws if no layer names a limit (the class layer always does).
 */
export function resolveLimit(step: LimitStep, layers: readonly LimitLayer[]): ResolvedLimit {
  let winner: LimitLayer | undefined;
  const ignored: { layer: LimitLayer; reason: Bilingual }[] = [];
  for (const layer of layers) {
    if (!layer.limit) continue;
    const current = winner?.limit;
    if (current && isWorkingUnit(current.unit) !== isWorkingUnit(layer.limit.unit)) {
      ignored.push({
        layer,
        reason: {
          zh: `${layer.label.zh}的时限 ${formatLimit(layer.limit).zh} 与 ${formatLimit(current).zh} 计时方式不同，不予采用`,
          en: `${layer.label.en}: ${formatLimit(layer.limit).en} runs on another kind of time than ${formatLimit(current).en}; ignored`,
        },
      });
      continue;
    }
    if (current && comparableMinutes(layer.limit) > comparableMinutes(current)) {
      ignored.push({
        layer,
        reason: {
          zh: `${layer.label.zh}的时限 ${formatLimit(layer.limit).zh} 宽于 ${formatLimit(current).zh}，只能收紧，不予采用`,
          en: `${layer.label.en}: ${formatLimit(layer.limit).en} is looser than ${formatLimit(current).en}; a layer may only tighten`,
        },
      });
      continue;
    }
    winner = layer;
  }
  if (!winner?.limit) throw new RangeError(`No layer sets a ${step} limit`);
  const text = formatLimit(winner.limit);
  return {
    limit: winner.limit,
    layer: winner,
    explanation: {
      zh: `${winner.label.zh}：${STEP_TEXT[step].zh} ${text.zh}`,
      en: `${winner.label.en}: ${STEP_TEXT[step].en} ${text.en}`,
    },
    ignored,
  };
}
