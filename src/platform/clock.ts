import { todayInLondon } from './time.js';

/**
 * THE CONTROLLABLE CLOCK for rules that depend on the date (an action overdue, a meeting in the
 * past). In production it is the system clock; a test may move it on (`moveClockForTests`) to see
 * tomorrow's pages today, without faking timers for the whole process (sessions, cookies and the
 * database keep real time). Code that asks "what is today?" for such a rule calls `now()` or
 * `today()` here, never `new Date()`.
 */
let offsetMs = 0;

/** The current moment, moved on by any offset a test has set. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Today's date in the UK ('YYYY-MM-DD'), by the controllable clock. */
export function today(): string {
  return todayInLondon(now());
}

/** Moves the clock on (or back) by `ms` from the real time; 0 puts it right. Tests only. */
export function moveClockForTests(ms: number): void {
  offsetMs = ms;
}
