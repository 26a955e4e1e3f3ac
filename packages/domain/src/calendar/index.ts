// Working-time calendar, deadlines and warning colours: everything the server needs.
export { type Arrangement, type ArrangementDay, arrangementData, parseArrangement } from './arrangement.ts';
export {
  CalendarConfigError,
  CalendarNotCoveredError,
  type CalendarOverride,
  type CalendarYearData,
  WorkingCalendar,
  type WorkingCalendarOptions,
  type WorkingDayCalendar,
} from './calendar.ts';
export {
  addMinutes,
  addTime,
  addWorkingMinutes,
  type LimitMinutes,
  limitToMinutes,
  minutesBetween,
  minutesPerWorkDay,
  type TimeLimit,
  type TimeUnit,
  workingMinutesBetween,
  type WorkingTime,
} from './clock.ts';
export { cstDateOf, cstDayNumber, cstDayStart, dayOfIsoDate, isoDateOfDay } from './cst.ts';
export { HOLIDAYS_CN } from './holidays-cn.data.ts';
export {
  type DutySchedule,
  type HolidayRule,
  isHoliday,
  isoWeekdayOfDay,
  OFFICE_SCHEDULE,
  parseDutySchedule,
  patternOfDay,
  ROUND_THE_CLOCK_SCHEDULE,
  type SchedulePeriod,
  scheduleDay,
  scheduleMinutesPerDay,
  type Weekday,
} from './schedule.ts';
export {
  colourAt,
  colourForShare,
  colourOf,
  DEFAULT_WARNING_THRESHOLDS,
  extendStep,
  nextChangeAt,
  nextChangeOf,
  parseWarningThresholds,
  remainingMinutesAt,
  resumeStep,
  type StepClock,
  scheduleOf,
  startStep,
  suspendStep,
  usedMinutesAt,
  type WarningColour,
  type WarningSchedule,
  type WarningThresholds,
  warningSchedule,
} from './warning.ts';
export {
  DEFAULT_WORKING_HOURS,
  parseWorkingHours,
  type WorkingHours,
  type WorkingPeriod,
  workingMinutesPerDay,
} from './working-hours.ts';
