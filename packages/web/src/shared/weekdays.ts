// Weekday names by ISO number (1 = Monday … 7 = Sunday), as schedules and rosters number them.
export const WEEKDAY_NAMES = {
  zh: ['', '一', '二', '三', '四', '五', '六', '日'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
} as const;
