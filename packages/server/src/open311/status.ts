// The two public statuses of GeoReport v2 and the notes that carry our richer states, in one place.
// Notes are fixed texts per state (Chinese, then English): never a reason typed by staff, which
// may name people or hold internal remarks.

import type { TimeLimit } from '@xiuhua/domain/calendar';
import { type CaseState, FINAL_STATES } from '@xiuhua/domain/workflow';

export type PublicStatus = 'open' | 'closed';

export function publicStatusOf(state: string): PublicStatus {
  return (FINAL_STATES as readonly string[]).includes(state) ? 'closed' : 'open';
}

/** The internal states behind each public status (for the `status` filter). */
export function statesOf(status: PublicStatus, all: readonly CaseState[]): CaseState[] {
  return all.filter((s) => publicStatusOf(s) === status);
}

const NOTES: Record<CaseState, string> = {
  reported: '已收到，待受理 / Received, waiting to be reviewed',
  verifying: '监督员正在现场核实 / An inspector is checking the report on the spot',
  accepted: '已受理，待立案 / Accepted, waiting to be filed',
  filed: '已立案，待派遣 / Filed, waiting to be sent to the responsible unit',
  dispatched: '已派遣至责任单位 / Sent to the responsible unit',
  handling: '责任单位正在处置 / The responsible unit is working on it',
  postponement_requested: '责任单位正在处置（申请延期） / In progress; the unit asked for more time',
  returned: '正在重新派遣 / Being sent to another unit',
  suspended: '暂缓处置（挂账） / On hold: cannot be solved at present',
  checking: '已处置，待现场核查 / Reported fixed, an inspector will check on the spot',
  to_close: '核查通过，待结案 / Checked and fixed, about to be closed',
  closed: '已办结 / Fixed and closed',
  rejected: '不予立案（不属于受理范围或无法核实） / Not taken up: out of scope or could not be confirmed',
  merged: '与已有问题合并处理 / A duplicate of an earlier report, handled with it',
};

export function statusNotesOf(state: string, mergedInto: string | null): string {
  const note = NOTES[state as CaseState] ?? state;
  return state === 'merged' && mergedInto ? `${note}: ${mergedInto}` : note;
}

// [Chinese, English singular, English plural]. Chinese has no plural; a day counts with 个 only as
// a working day (1 个工作日, but 1 天).
const UNIT_WORDS: Record<TimeLimit['unit'], [string, string, string]> = {
  minute: ['分钟', 'minute', 'minutes'],
  hour: ['小时', 'hour', 'hours'],
  day: ['天', 'day', 'days'],
  workMinute: ['工作分钟', 'working minute', 'working minutes'],
  workHour: ['工作小时', 'working hour', 'working hours'],
  workDay: ['个工作日', 'working day', 'working days'],
};

/** What the service promises: the class's handling limit in the case's area class. */
export function serviceNoticeOf(limit: TimeLimit | undefined): string | null {
  if (!limit) return null;
  const [zh, one, many] = UNIT_WORDS[limit.unit];
  const en = limit.amount === 1 ? one : many;
  return `派遣后 ${limit.amount} ${zh}内处置 / To be fixed within ${limit.amount} ${en} of dispatch`;
}

/** The handling limit of a class version in an area class (A/B/C), if it defines one. */
export function handleLimitOf(limits: unknown, areaClass: string): TimeLimit | undefined {
  return (limits as Record<string, { handle?: TimeLimit }> | null)?.[areaClass]?.handle;
}
