// Case states of the closed loop (docs/domain.md, "The closed loop"), in loop order.

export const CASE_STATES = [
  'reported', // 待受理: a report has arrived and waits for the intake operator
  'verifying', // 待核实: an inspector has been asked to verify it on the spot
  'accepted', // 待立案: accepted by intake, waits for the shift leader to file it
  'filed', // 待派遣: filed, waits for dispatch
  'dispatched', // 待签收: sent to a unit, waits for the unit to sign for it
  'handling', // 处置中: the unit has signed and is fixing it
  'postponement_requested', // 延期待审: the unit asked for more time
  'returned', // 退回待重派: the unit sent it back as not theirs
  'suspended', // 挂账: cannot be solved now; the clock stops
  'checking', // 待核查: the unit reported back; an inspector checks on the spot
  'to_close', // 待结案: the check passed; the shift leader closes it
  'closed', // 已结案
  'rejected', // 不予立案/作废
  'merged', // 已并单: duplicate of another case
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const STATE_NAMES: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '待受理', en: 'Reported' },
  verifying: { zh: '待核实', en: 'Verifying' },
  accepted: { zh: '待立案', en: 'Accepted' },
  filed: { zh: '待派遣', en: 'Filed' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  handling: { zh: '处置中', en: 'Handling' },
  postponement_requested: { zh: '延期待审', en: 'Postponement requested' },
  returned: { zh: '退回待重派', en: 'Returned' },
  suspended: { zh: '挂账', en: 'Suspended' },
  checking: { zh: '待核查', en: 'Checking' },
  to_close: { zh: '待结案', en: 'To close' },
  closed: { zh: '已结案', en: 'Closed' },
  rejected: { zh: '已作废', en: 'Rejected' },
  merged: { zh: '已并单', en: 'Merged' },
};

/** States in which a case is finished; `closed` can still be reopened by an unsatisfied callback. */
export const FINAL_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !FINAL_STATES.includes(s));

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

/**
 * The timed step a case is in while it sits in a state. The step decides which time limit runs
 * and who is late: intake steps are the centre's, `handle` is the unit's, `check` the inspector's.
 */
export const STEPS = ['accept', 'verify', 'file', 'dispatch', 'handle', 'check', 'close'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_OF_STATE: Record<CaseState, Step | null> = {
  reported: 'accept',
  verifying: 'verify',
  accepted: 'file',
  filed: 'dispatch',
  dispatched: 'handle', // the handling clock starts at dispatch; signing has its own deadline
  handling: 'handle',
  postponement_requested: 'handle',
  returned: 'dispatch',
  suspended: null, // keeps the step it was suspended in, with its clock stopped
  checking: 'check',
  to_close: 'close',
  closed: null,
  rejected: null,
  merged: null,
};

/** The channels a report reaches the city by (docs/domain.md, "Channels"). */
export const CASE_SOURCES = [
  'inspector', // 监督员上报
  'hotline', // 12345 / 962000 热线
  'citizen_app', // 市民 app / 网页
  'open311', // Open311 客户端
  'police_transfer', // 110 转办
  'media', // 媒体曝光
  'leader_instruction', // 领导批示
  'petition', // 信访
  'online_opinion', // 网络舆情
  'sensor', // 传感器 / 视频 AI
  'survey', // 第三方测评
  'walk_in', // 来访
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/**
 * The level at which a case is solved: 一般问题解决在路段内（社区），突出问题解决在街道，重大问题解决在
 * 区/市级. `segment` is routed like `community` until road segments exist.
 */
export const CASE_LEVELS = ['community', 'segment', 'street', 'district', 'city'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];
