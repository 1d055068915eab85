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

/**
 * UK clock changes. A wall-clock time in London is normally one instant, but on the last Sunday of
 * March the hour from 1am is skipped (01:30 never happens) and on the last Sunday of October the
 * hour from 1am happens twice (01:30 BST, then 01:30 GMT). A victim's time is never moved silently:
 * every place a local time is entered asks the person when the time is missing or repeated.
 */

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** London's offset from UTC at an instant, in milliseconds. */
export function londonOffsetAt(t: number): number {
  const parts = londonParts.formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = new Date(Date.UTC(2000, n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
  wall.setUTCFullYear(n('year'));
  return wall.getTime() - Math.floor(t / 1000) * 1000;
}

/** The name of a London offset: GMT, BST, or (in the war years) BDST. */
export function londonZoneName(offsetMs: number): string {
  if (offsetMs === 0) return 'GMT';
  if (offsetMs === 3_600_000) return 'BST';
  if (offsetMs === 7_200_000) return 'BDST';
  const h = offsetMs / 3_600_000;
  return `UTC${h >= 0 ? '+' : ''}${h}`;
}

/** One reading of a repeated local time: the instant, its zone's name and its offset ('+01:00'). */
export type LocalReading = { at: Date; zone: string; offset: string };

export type LocalTime =
  | { kind: 'exact'; at: Date }
  /** the time did not happen: the clocks went forward over it */
  | { kind: 'skipped' }
  /** the time happened twice: the clocks went back over it; earlier first */
  | { kind: 'repeated'; readings: [LocalReading, LocalReading] };

const offsetText = (ms: number) => {
  const m = Math.abs(ms) / 60_000;
  return `${ms < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/**
 * A UK wall-clock time ('YYYY-MM-DD' and 'HH:MM' or 'HH:MM:SS') as the instants it names: one,
 * none (skipped by the clocks going forward) or two (repeated when they go back). Null when the
 * date or time is not real.
 */
export function londonLocalTime(date: string, time: string): LocalTime | null {
  if (!isRealDate(date)) return null;
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!t) return null;
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  // (Date.UTC takes years 0 to 99 as 1900 to 1999: the year is set on its own)
  const wallDate = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  wallDate.setUTCFullYear(y);
  const wall = wallDate.getTime();
  // the offsets in force a day either side are the only candidates
  const offsets = [...new Set([londonOffsetAt(wall - 86_400_000), londonOffsetAt(wall + 86_400_000)])];
  const readings = offsets
    .map((o) => wall - o)
    .filter((at) => londonOffsetAt(at) === wall - at)
    .sort((a, b) => a - b)
    .map((at): LocalReading => ({
      at: new Date(at),
      zone: londonZoneName(wall - at),
      offset: offsetText(wall - at),
    }));
  if (readings.length === 0) return { kind: 'skipped' };
  if (readings.length === 1) return { kind: 'exact', at: readings[0]!.at };
  return { kind: 'repeated', readings: [readings[0]!, readings[1]!] };
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "29 March 2026" for 'YYYY-MM-DD'. */
export const longDateOf = (date: string): string => longDate.format(new Date(`${date}T12:00:00Z`));

/** What to tell a person who entered a time the clocks skipped. */
export function skippedTimeMessage(date: string, time: string): string {
  return (
    `${time} on ${longDateOf(date)} did not happen in the UK: the clocks went forward an hour that night. ` +
    'Enter the time as the clock showed it'
  );
}

/** What to tell a person who entered a time that happened twice, naming both readings. */
export function repeatedTimeMessage(date: string, time: string, readings: readonly LocalReading[]): string {
  const [first, second] = readings;
  return (
    `${time} on ${longDateOf(date)} happened twice in the UK: the clocks went back an hour that night. ` +
    `Choose ${time} ${first!.zone} (the first time) or ${time} ${second!.zone} (the second time)`
  );
}
