// China Standard Time (UTC+8, no daylight saving since 1991) helpers. Instants are JS Dates;
// calendar days are counted as "day numbers": whole days since 1970-01-01 in UTC+8.

export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_MINUTE = 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC+8 day number an instant (ms since epoch) falls on. */
export function cstDayNumber(ms: number): number {
  return Math.floor((ms + CST_OFFSET_MS) / MS_PER_DAY);
}

/** The instant (ms since epoch) at which a UTC+8 day starts. */
export function cstDayStart(dayNumber: number): number {
  return dayNumber * MS_PER_DAY - CST_OFFSET_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDateOfDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a 'YYYY-MM-DD' date, or throws RangeError if it is not a real date. */
export function dayOfIsoDate(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Date.UTC rolls 02-30 over to March; a real date formats back to itself.
    if (Number(match[1]) >= 1000 && new Date(ms).toISOString().slice(0, 10) === date) return ms / MS_PER_DAY;
  }
  throw new RangeError(`Not a calendar date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The calendar date ('YYYY-MM-DD') of an instant in China Standard Time. */
export function cstDateOf(instant: Date): string {
  return isoDateOfDay(cstDayNumber(instant.getTime()));
}
