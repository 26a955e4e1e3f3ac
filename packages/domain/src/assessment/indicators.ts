// Assessment indicators (考评指标), each defined ONCE: a numerator and a denominator,
// both "terms" — a named count of assessment facts (facts.ts) with a filter and the instant that
// places a fact in the period — with their meaning in plain words (zh + en), the subject levels
// the indicator applies to, and whether higher or lower is better. The server counts terms (from
// per-day rollups or straight from the facts) and divides; nothing else about an indicator lives
// anywhere else. Adding one = a definition here + its plain words + a test.
// See docs/domain.md, "Assessment".

import type { Role } from '../workflow/roles.ts';
import type { FactKind, FactOutcome, FactTag } from './facts.ts';

export const SUBJECT_LEVELS = ['unit', 'street', 'community', 'grid', 'person'] as const;
export type SubjectLevel = (typeof SUBJECT_LEVELS)[number];

export const SUBJECT_LEVEL_NAMES: Record<SubjectLevel, { zh: string; en: string }> = {
  unit: { zh: '单位', en: 'Unit' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
  grid: { zh: '责任网格', en: 'Responsibility grid' },
  person: { zh: '人员', en: 'Person' },
};

export function isSubjectLevel(value: string): value is SubjectLevel {
  return (SUBJECT_LEVELS as readonly string[]).includes(value);
}

export interface Term {
  id: string;
  kinds: readonly FactKind[];
  outcomes: readonly FactOutcome[];
  /** Facts carrying every one of these tags… */
  tags?: readonly FactTag[];
  /** …and none of these. */
  notTags?: readonly FactTag[];
  /** Which instant places a fact in the period: its placement (done, or deadline passed) or when it was done. */
  at: 'placed' | 'done';
  /** Counted only if at the period's end it had been done ('done') or had not ('open'). */
  atEnd?: 'done' | 'open';
  zh: string;
  en: string;
}

export interface IndicatorDef {
  id: string;
  zh: string;
  en: string;
  numerator: Term;
  denominator: Term;
  levels: readonly SubjectLevel[];
  /** For the person level: the roles it is computed for (a person holding any of them). */
  roles?: readonly Role[];
  better: 'higher' | 'lower';
  /** Where it comes from: the seeds' rates, or the practice per role (docs/domain.md, "Assessment"). */
  group: 'seeds' | 'inspector' | 'intake' | 'dispatcher' | 'unit' | 'area';
}

const DECIDED: readonly FactOutcome[] = ['on_time', 'late', 'open'];
const DONE: readonly FactOutcome[] = ['on_time', 'late'];

/** Every term, by id. Numerators are their denominator narrowed by outcome, tag or period end. */
export const TERMS = {
  // ---- sign-for tasks (签收): one per dispatch to a unit
  sign_done: {
    id: 'sign_done',
    kinds: ['sign'],
    outcomes: DONE,
    at: 'done',
    zh: '期内签收（或退回）的派遣任务数',
    en: 'dispatches signed for (or returned) in the period',
  },
  sign_on_time: {
    id: 'sign_on_time',
    kinds: ['sign'],
    outcomes: ['on_time'],
    at: 'done',
    zh: '其中在签收时限内签收（或退回）的',
    en: 'of which within the sign-for limit',
  },
  // ---- handling steps (处置): one per dispatch or rework
  handle_done: {
    id: 'handle_done',
    kinds: ['handle'],
    outcomes: DONE,
    at: 'done',
    zh: '期内处置反馈的处置任务数（含返工）',
    en: 'handling tasks reported back in the period (reworks included)',
  },
  handle_on_time: {
    id: 'handle_on_time',
    kinds: ['handle'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '在处置时限内（含批准的延期）处置反馈的处置任务数',
    en: 'handling tasks reported back within their limit (approved postponements included)',
  },
  handle_due: {
    id: 'handle_due',
    kinds: ['handle'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应处置数：期内按时处置完成，或处置时限已到期的处置任务数（被退回、改派且未超时的不计；挂账期间不计时）',
    en: 'tasks to handle: handling tasks done in time in the period or whose limit fell in it (returned or re-sent before their limit: not counted; suspended: clock stopped)',
  },
  handle_done_by_end: {
    id: 'handle_done_by_end',
    kinds: ['handle'],
    outcomes: DONE,
    at: 'placed',
    atEnd: 'done',
    zh: '其中到期末已处置反馈的',
    en: 'of which reported back by the end of the period',
  },
  handle_open_at_end: {
    id: 'handle_open_at_end',
    kinds: ['handle'],
    outcomes: ['late', 'open'],
    at: 'placed',
    atEnd: 'open',
    zh: '其中已超时且到期末仍未处置反馈的',
    en: 'of which overdue and still not reported back at the end of the period',
  },
  handle_postponed: {
    id: 'handle_postponed',
    kinds: ['handle'],
    outcomes: DECIDED,
    tags: ['postponed'],
    at: 'placed',
    zh: '其中获批延期的',
    en: 'of which granted a postponement',
  },
  // ---- handling cycles (办理周期): filing or reopening → closure
  cycle_due: {
    id: 'cycle_due',
    kinds: ['cycle'],
    outcomes: ['closed', 'open'],
    at: 'placed',
    zh: '应结案数：期内结案，或处置时限已到期的案件（每次立案或重办各算一次）',
    en: 'cases to close: cases closed in the period or whose handling limit fell in it (each filing or reopening counts once)',
  },
  cycle_closed_by_end: {
    id: 'cycle_closed_by_end',
    kinds: ['cycle'],
    outcomes: ['closed'],
    at: 'placed',
    atEnd: 'done',
    zh: '其中到期末已结案的',
    en: 'of which closed by the end of the period',
  },
  cycle_closed_on_time_by_end: {
    id: 'cycle_closed_on_time_by_end',
    kinds: ['cycle'],
    outcomes: ['closed'],
    tags: ['handled_on_time'],
    at: 'placed',
    atEnd: 'done',
    zh: '其中到期末已结案、且处置在时限内完成的',
    en: 'of which closed by the end of the period with the handling done within its limit',
  },
  cycle_reworked: {
    id: 'cycle_reworked',
    kinds: ['cycle'],
    outcomes: ['closed', 'open'],
    tags: ['reworked'],
    at: 'placed',
    zh: '其中核查不通过、返工过的',
    en: 'of which sent back for rework after a failed check',
  },
  cycle_closed: {
    id: 'cycle_closed',
    kinds: ['cycle'],
    outcomes: ['closed'],
    at: 'done',
    zh: '期内结案数',
    en: 'cases closed in the period',
  },
  cycle_closed_timely: {
    id: 'cycle_closed_timely',
    kinds: ['cycle'],
    outcomes: ['closed'],
    tags: ['handled_on_time'],
    at: 'done',
    zh: '其中处置在时限内完成的',
    en: 'of which the handling was done within its limit',
  },
  cycle_resolved: {
    id: 'cycle_resolved',
    kinds: ['cycle'],
    outcomes: ['closed'],
    notTags: ['reopened'],
    at: 'done',
    zh: '其中结案后未被重办（回访不满意或重新办理）的',
    en: 'of which not reopened afterwards (by an unsatisfied callback or a reopening)',
  },
  // ---- callbacks (回访)
  callback_rated: {
    id: 'callback_rated',
    kinds: ['callback'],
    outcomes: ['done'],
    at: 'placed',
    zh: '期内回访评价数',
    en: 'callbacks with a rating in the period',
  },
  callback_satisfied: {
    id: 'callback_satisfied',
    kinds: ['callback'],
    outcomes: ['done'],
    tags: ['satisfied'],
    at: 'placed',
    zh: '其中满意或基本满意的',
    en: 'of which satisfied or basically satisfied',
  },
  // ---- inspectors (监督员)
  report_decided: {
    id: 'report_decided',
    kinds: ['report'],
    outcomes: ['filed', 'rejected', 'merged'],
    tags: ['inspector_report'],
    at: 'placed',
    zh: '期内作出受理结论（立案、不予立案、核实不属实、并单）的监督员上报数',
    en: 'inspector reports decided in the period (filed, rejected, not found on the spot, merged)',
  },
  report_valid: {
    id: 'report_valid',
    kinds: ['report'],
    outcomes: ['filed'],
    tags: ['inspector_report'],
    at: 'placed',
    zh: '其中立案的',
    en: 'of which filed',
  },
  verify_due: {
    id: 'verify_due',
    kinds: ['verify'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应核实数：期内按时完成，或核实时限已到期的核实任务数',
    en: 'verifications due: verification tasks done in time in the period or whose limit fell in it',
  },
  verify_on_time: {
    id: 'verify_on_time',
    kinds: ['verify'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '其中在核实时限内完成的',
    en: 'of which done within the limit',
  },
  check_due: {
    id: 'check_due',
    kinds: ['check'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应核查数：期内按时完成，或核查时限已到期的核查任务数',
    en: 'checks due: check tasks done in time in the period or whose limit fell in it',
  },
  check_on_time: {
    id: 'check_on_time',
    kinds: ['check'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '其中在核查时限内完成的',
    en: 'of which done within the limit',
  },
  grid_filed: {
    id: 'grid_filed',
    kinds: ['grid_filed'],
    outcomes: ['done'],
    at: 'placed',
    zh: '期内在其责任网格内立案的案件数',
    en: 'cases filed in the period in his responsibility grid',
  },
  grid_filed_missed: {
    id: 'grid_filed_missed',
    kinds: ['grid_filed'],
    outcomes: ['done'],
    tags: ['missed'],
    at: 'placed',
    zh: '其中不是由该网格监督员上报的（他人发现）',
    en: "of which not reported by the grid's inspector (found by others)",
  },
  // ---- intake and shift leaders (受理员、值班长)
  intake_due: {
    id: 'intake_due',
    kinds: ['accept', 'file'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应立案处理数：期内按时完成，或受理/立案时限已到期的受理、立案环节数',
    en: 'intake steps due: acceptance and filing steps done in time in the period or whose limit fell in it',
  },
  intake_on_time: {
    id: 'intake_on_time',
    kinds: ['accept', 'file'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '其中在时限内完成的',
    en: 'of which done within the limit',
  },
  filed: {
    id: 'filed',
    kinds: ['filed'],
    outcomes: ['done'],
    at: 'placed',
    zh: '期内立案数',
    en: 'cases filed in the period',
  },
  filed_kept: {
    id: 'filed_kept',
    kinds: ['filed'],
    outcomes: ['done'],
    notTags: ['voided'],
    at: 'placed',
    zh: '其中未被作废（立案后不予立案或并单）的',
    en: 'of which not voided afterwards (rejected or merged after filing)',
  },
  filed_public_verified: {
    id: 'filed_public_verified',
    kinds: ['filed'],
    outcomes: ['done'],
    tags: ['public_verified'],
    at: 'placed',
    zh: '其中来自公众举报（非监督员上报）并经现场核实属实的',
    en: 'of which reported by the public (not an inspector) and confirmed on the spot',
  },
  close_due: {
    id: 'close_due',
    kinds: ['close'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应结案处理数：期内按时结案，或结案时限已到期的结案环节数',
    en: 'closing steps due: closing steps done in time in the period or whose limit fell in it',
  },
  close_on_time: {
    id: 'close_on_time',
    kinds: ['close'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '其中在结案时限内结案的',
    en: 'of which closed within the limit',
  },
  // ---- dispatchers (派遣员)
  dispatch_due: {
    id: 'dispatch_due',
    kinds: ['dispatch'],
    outcomes: DECIDED,
    at: 'placed',
    zh: '应派遣数：期内按时派遣，或派遣时限已到期的派遣环节数（含退回后的重新派遣）',
    en: 'dispatches due: dispatch steps done in time in the period or whose limit fell in it (re-dispatch after a return included)',
  },
  dispatch_on_time: {
    id: 'dispatch_on_time',
    kinds: ['dispatch'],
    outcomes: ['on_time'],
    at: 'placed',
    zh: '其中在派遣时限内派遣的',
    en: 'of which dispatched within the limit',
  },
  dispatched: {
    id: 'dispatched',
    kinds: ['dispatched'],
    outcomes: ['done'],
    at: 'placed',
    zh: '期内派遣（含重新派遣）次数',
    en: 'dispatches (and re-dispatches) made in the period',
  },
  dispatched_kept: {
    id: 'dispatched_kept',
    kinds: ['dispatched'],
    outcomes: ['done'],
    notTags: ['returned'],
    at: 'placed',
    zh: '其中未被单位以“不属本单位”退回的',
    en: 'of which not returned by the unit as not theirs',
  },
  // ---- returns (退回) by handling units
  returned: {
    id: 'returned',
    kinds: ['returned'],
    outcomes: ['done'],
    at: 'placed',
    zh: '期内退回次数',
    en: 'returns made in the period',
  },
  returned_unjustified: {
    id: 'returned_unjustified',
    kinds: ['returned'],
    outcomes: ['done'],
    tags: ['unjustified'],
    at: 'placed',
    zh: '其中经权属争议裁定属本单位职责的（退回不当）',
    en: 'of which a jurisdiction ruling found the unit responsible (unjustified)',
  },
} as const satisfies Record<string, Term>;
export type TermId = keyof typeof TERMS;

const AREAS: readonly SubjectLevel[] = ['street', 'community', 'grid'];
const HANDLING: readonly SubjectLevel[] = ['unit', ...AREAS];

export const INDICATORS: readonly IndicatorDef[] = [
  // ---- the seeds' four rates and satisfaction: units, streets and below
  {
    id: 'timely_sign',
    zh: '及时接单率',
    en: 'Timely sign-for rate',
    numerator: TERMS.sign_on_time,
    denominator: TERMS.sign_done,
    levels: [...HANDLING, 'person'],
    roles: ['handler'],
    better: 'higher',
    group: 'seeds',
  },
  {
    id: 'timely_handling',
    zh: '及时处置率',
    en: 'Timely handling rate',
    numerator: TERMS.handle_on_time,
    denominator: TERMS.handle_done,
    levels: [...HANDLING, 'person'],
    roles: ['handler'],
    better: 'higher',
    group: 'seeds',
  },
  {
    id: 'timely_closure',
    zh: '及时结案率',
    en: 'Timely closure rate',
    numerator: TERMS.cycle_closed_timely,
    denominator: TERMS.cycle_closed,
    levels: HANDLING,
    better: 'higher',
    group: 'seeds',
  },
  {
    id: 'actual_resolution',
    zh: '实际解决率',
    en: 'Actual resolution rate',
    numerator: TERMS.cycle_resolved,
    denominator: TERMS.cycle_closed,
    levels: HANDLING,
    better: 'higher',
    group: 'seeds',
  },
  {
    id: 'satisfaction',
    zh: '满意率',
    en: 'Satisfaction rate',
    numerator: TERMS.callback_satisfied,
    denominator: TERMS.callback_rated,
    levels: HANDLING,
    better: 'higher',
    group: 'seeds',
  },
  // ---- inspectors
  {
    id: 'valid_reports',
    zh: '有效上报率',
    en: 'Valid report rate',
    numerator: TERMS.report_valid,
    denominator: TERMS.report_decided,
    levels: ['person', ...AREAS],
    roles: ['inspector'],
    better: 'higher',
    group: 'inspector',
  },
  {
    id: 'on_time_verification',
    zh: '按时核实率',
    en: 'On-time verification rate',
    numerator: TERMS.verify_on_time,
    denominator: TERMS.verify_due,
    levels: ['person', ...AREAS],
    roles: ['inspector'],
    better: 'higher',
    group: 'inspector',
  },
  {
    id: 'on_time_check',
    zh: '按时核查率',
    en: 'On-time check rate',
    numerator: TERMS.check_on_time,
    denominator: TERMS.check_due,
    levels: ['person', ...AREAS],
    roles: ['inspector'],
    better: 'higher',
    group: 'inspector',
  },
  {
    id: 'missed_reports',
    zh: '漏报率',
    en: 'Missed report rate',
    numerator: TERMS.grid_filed_missed,
    denominator: TERMS.grid_filed,
    levels: ['person', ...AREAS],
    roles: ['inspector'],
    better: 'lower',
    group: 'inspector',
  },
  // ---- intake operators and shift leaders
  {
    id: 'on_time_filing',
    zh: '按时立案率',
    en: 'On-time filing rate',
    numerator: TERMS.intake_on_time,
    denominator: TERMS.intake_due,
    levels: ['person'],
    roles: ['intake_operator', 'shift_leader'],
    better: 'higher',
    group: 'intake',
  },
  {
    id: 'accurate_filing',
    zh: '准确立案率',
    en: 'Accurate filing rate',
    numerator: TERMS.filed_kept,
    denominator: TERMS.filed,
    levels: ['person'],
    roles: ['shift_leader'],
    better: 'higher',
    group: 'intake',
  },
  {
    id: 'on_time_closing',
    zh: '按时结案率',
    en: 'On-time closing rate',
    numerator: TERMS.close_on_time,
    denominator: TERMS.close_due,
    levels: ['person'],
    roles: ['shift_leader'],
    better: 'higher',
    group: 'intake',
  },
  // ---- dispatchers
  {
    id: 'on_time_dispatch',
    zh: '按时派遣率',
    en: 'On-time dispatch rate',
    numerator: TERMS.dispatch_on_time,
    denominator: TERMS.dispatch_due,
    levels: ['person'],
    roles: ['dispatcher'],
    better: 'higher',
    group: 'dispatcher',
  },
  {
    id: 'accurate_dispatch',
    zh: '准确派遣率',
    en: 'Accurate dispatch rate',
    numerator: TERMS.dispatched_kept,
    denominator: TERMS.dispatched,
    levels: ['person'],
    roles: ['dispatcher'],
    better: 'higher',
    group: 'dispatcher',
  },
  // ---- handling units
  {
    id: 'handling_rate',
    zh: '处置率',
    en: 'Handling rate',
    numerator: TERMS.handle_done_by_end,
    denominator: TERMS.handle_due,
    levels: ['unit'],
    better: 'higher',
    group: 'unit',
  },
  {
    id: 'handled_on_time',
    zh: '按期处置率',
    en: 'On-time handling rate',
    numerator: TERMS.handle_on_time,
    denominator: TERMS.handle_due,
    levels: ['unit'],
    better: 'higher',
    group: 'unit',
  },
  {
    id: 'unjustified_return_rate',
    zh: '退回不当率',
    en: 'Unjustified return rate',
    numerator: TERMS.returned_unjustified,
    denominator: TERMS.returned,
    levels: ['unit'],
    better: 'lower',
    group: 'unit',
  },
  {
    id: 'rework_rate',
    zh: '返工率',
    en: 'Rework rate',
    numerator: TERMS.cycle_reworked,
    denominator: TERMS.cycle_due,
    levels: ['unit'],
    better: 'lower',
    group: 'unit',
  },
  {
    id: 'overdue_open_rate',
    zh: '超期待处置率',
    en: 'Overdue open rate',
    numerator: TERMS.handle_open_at_end,
    denominator: TERMS.handle_due,
    levels: ['unit'],
    better: 'lower',
    group: 'unit',
  },
  {
    id: 'postponement_rate',
    zh: '延期率',
    en: 'Postponement rate',
    numerator: TERMS.handle_postponed,
    denominator: TERMS.handle_due,
    levels: ['unit'],
    better: 'lower',
    group: 'unit',
  },
  {
    id: 'closure_rate',
    zh: '结案率',
    en: 'Closure rate',
    numerator: TERMS.cycle_closed_by_end,
    denominator: TERMS.cycle_due,
    levels: HANDLING,
    better: 'higher',
    group: 'unit',
  },
  {
    id: 'closed_on_time',
    zh: '按期结案率',
    en: 'On-time closure rate',
    numerator: TERMS.cycle_closed_on_time_by_end,
    denominator: TERMS.cycle_due,
    levels: HANDLING,
    better: 'higher',
    group: 'unit',
  },
  // ---- areas
  {
    id: 'public_report_rate',
    zh: '监督举报率',
    en: 'Public report rate',
    numerator: TERMS.filed_public_verified,
    denominator: TERMS.filed,
    levels: AREAS,
    better: 'lower',
    group: 'area',
  },
];

const BY_ID = new Map(INDICATORS.map((i) => [i.id, i]));

export function indicatorOf(id: string): IndicatorDef | undefined {
  return BY_ID.get(id);
}

/** The indicators a level has (for persons: of any of these roles). */
export function indicatorsFor(level: SubjectLevel, roles?: readonly string[]): IndicatorDef[] {
  return INDICATORS.filter(
    (i) =>
      i.levels.includes(level) &&
      (level !== 'person' || !roles || (i.roles ?? []).some((r) => roles.includes(r))),
  );
}

/** The roles whose holders are assessed as persons (by some indicator). */
export const ASSESSED_ROLES: readonly Role[] = [
  ...new Set(INDICATORS.flatMap((i) => (i.levels.includes('person') ? (i.roles ?? []) : []))),
];

/** The levels at which each term is counted (those of the indicators using it). */
export function termLevels(): Map<string, Set<SubjectLevel>> {
  const out = new Map<string, Set<SubjectLevel>>();
  for (const i of INDICATORS) {
    for (const t of [i.numerator, i.denominator]) {
      const set = out.get(t.id) ?? new Set<SubjectLevel>();
      for (const l of i.levels) set.add(l);
      out.set(t.id, set);
    }
  }
  return out;
}

/** Whether a fact counts for a term, leaving out the period (which instant, period end). */
export function factMatches(
  term: Term,
  fact: { kind: string; outcome: string; tags: readonly string[] },
): boolean {
  return (
    (term.kinds as readonly string[]).includes(fact.kind) &&
    (term.outcomes as readonly string[]).includes(fact.outcome) &&
    (term.tags ?? []).every((t) => fact.tags.includes(t)) &&
    !(term.notTags ?? []).some((t) => fact.tags.includes(t))
  );
}

/**
 * A rate in percent rounded to 2 decimals, or null when nothing was to be counted (not
 * applicable: never 0 or 100).
 */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator * 10000) / denominator) / 100;
}
