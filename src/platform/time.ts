/**
 * Dates as the programme keeps them: calendar dates ('YYYY-MM-DD') in the UK's time zone, within a
 * range that makes sense for a case record. Every date input in every module is checked with these,
 * so a year 0000 or 0001 (which PostgreSQL would store as BC, and FHIR would export) never gets in.
 */

/** Nothing recorded about a case (a birth, an incident, a review) falls before this year. */
export const EARLIEST_YEAR = 1900;
/** A planned date (a review, a follow-up) is at most this many years ahead. */
export const YEARS_AHEAD = 20;

/** Today's date in the UK (Europe/London), as 'YYYY-MM-DD'. */
export function todayInLondon(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whether `v` is 'YYYY-MM-DD' and a day on the calendar (no 31 April). Says nothing of range. */
export function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/** The last date a planned date may be: 31 December, YEARS_AHEAD years from now. */
export function latestDate(now: Date = new Date()): string {
  return `${Number(todayInLondon(now).slice(0, 4)) + YEARS_AHEAD}-12-31`;
}

/**
 * Whether a real date ('YYYY-MM-DD') is within the record's range: from 1 January EARLIEST_YEAR
 * to latestDate(). Whether it may be in the future is the field's own rule.
 */
export function inRecordRange(v: string, now: Date = new Date()): boolean {
  return v >= `${EARLIEST_YEAR}-01-01` && v <= latestDate(now);
}

/** The message for a date outside inRecordRange, naming the field ("The date of birth", …). */
export function outOfRangeMessage(label: string, now: Date = new Date()): string {
  return `${label} must be between ${EARLIEST_YEAR} and ${latestDate(now).slice(0, 4)}`;
}

/** Whether a moment is within the record's range (used for date-times, e.g. when an incident happened). */
export function momentInRecordRange(d: Date, now: Date = new Date()): boolean {
  return inRecordRange(d.toISOString().slice(0, 10), now);
}
