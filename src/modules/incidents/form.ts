import { isRealTime, TIME_MESSAGE } from '../../platform/http/date-fields.js';
import { dateFromParts } from '../../platform/http/dates.js';
import type { FieldError } from '../../platform/errors.js';
import {
  isRealDate,
  londonLocalTime,
  longDateOf,
  repeatedTimeMessage,
  skippedTimeMessage,
  type LocalReading,
} from '../../platform/time.js';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The two answers to "which 01:30?" on the night the clocks go back. */
export const CLOCK_CHOICES = ['first', 'second'] as const;

/**
 * What the clocks did to the time on the form: nothing, skipped it (the night they went forward)
 * or repeated it (the night they went back), with the person's choice of the two if they made one.
 */
export type FormClock =
  | { kind: 'none' }
  | { kind: 'unreal'; message: string; dateIsReal: boolean }
  | { kind: 'skipped'; message: string }
  | {
      kind: 'repeated';
      date: string;
      time: string;
      readings: LocalReading[];
      chosen: LocalReading | null;
      message: string;
      /** "25 October 2026", for the question */
      day: string;
    };

function exactTime(fields: Record<string, unknown>): { date: string; time: string } | null {
  if (fields.timing === 'approximate') return null;
  const date = dateFromParts(fields, 'occurredFrom');
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text(fields.occurredTime).trim());
  if (!date || !m) return null;
  return { date, time: `${m[1]!.padStart(2, '0')}:${m[2]}` };
}

/**
 * What the time on the form means: not a real time (25:99), one the clocks skipped or repeated
 * (with the person's choice of the two), or nothing to ask.
 */
export function clockOfForm(fields: Record<string, unknown>): FormClock {
  const typed = text(fields.occurredTime).trim();
  if (fields.timing !== 'approximate' && typed && !isRealTime(typed)) {
    const date = dateFromParts(fields, 'occurredFrom');
    return { kind: 'unreal', message: TIME_MESSAGE, dateIsReal: !!date && isRealDate(date) };
  }
  const exact = exactTime(fields);
  const local = exact && londonLocalTime(exact.date, exact.time);
  if (!exact || !local || local.kind === 'exact') return { kind: 'none' };
  if (local.kind === 'skipped')
    return { kind: 'skipped', message: skippedTimeMessage(exact.date, exact.time) };
  const i = CLOCK_CHOICES.indexOf(text(fields.occurredClock) as (typeof CLOCK_CHOICES)[number]);
  return {
    kind: 'repeated',
    ...exact,
    readings: local.readings,
    chosen: i >= 0 ? local.readings[i]! : null,
    message: repeatedTimeMessage(exact.date, exact.time, local.readings),
    day: longDateOf(exact.date),
  };
}

/**
 * The add-incident form's fields in the shape `incidentInput` takes. Exactly: one date and an
 * optional time (HH:MM, UK time). Approximately: the earliest date and, optionally, the latest.
 * A time the clocks repeated is sent with the offset the person chose; without a choice, or for a
 * time the clocks skipped, it is sent as typed and refused.
 */
export function incidentFromForm(fields: Record<string, unknown>): Record<string, unknown> {
  const approximate = fields.timing === 'approximate';
  const from = dateFromParts(fields, 'occurredFrom');
  const time = text(fields.occurredTime).trim();
  let occurredFrom: string | undefined = from;
  if (from && !approximate && time) {
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(time);
    occurredFrom = m ? `${from}T${m[1]!.padStart(2, '0')}:${m[2]}` : `${from}T${time}`;
    const clock = clockOfForm(fields);
    if (clock.kind === 'repeated' && clock.chosen) occurredFrom += clock.chosen.offset;
  }
  const to = approximate ? dateFromParts(fields, 'occurredTo') : undefined;
  const victim = text(fields.caseVictimId);
  return {
    occurredFrom: occurredFrom ?? '',
    occurredTo: to ?? null,
    approximate,
    behaviours: list(fields.behaviours),
    reportedBy: text(fields.reportedBy) || undefined,
    caseVictimId: victim || null,
    description: text(fields.description),
  };
}

/**
 * The form's errors with the time's problem put where the person answers it: a time that is not
 * real (25:99) or that the clocks skipped at the time, an unanswered repeated time at the BST/GMT
 * choice. A date that is wrong itself keeps its own error beside the time's.
 */
export function withClockErrors(errors: readonly FieldError[], clock: FormClock): FieldError[] {
  if (clock.kind === 'none' || (clock.kind === 'repeated' && clock.chosen)) return [...errors];
  const field = clock.kind === 'repeated' ? 'occurredClock' : 'occurredTime';
  if (clock.kind === 'unreal') {
    // the time was sent with the date: the date's error is the time's unless the date is wrong too
    const others = errors.filter((e) => e.field !== 'occurredFrom' || !clock.dateIsReal);
    const at = others.findIndex((e) => e.field === 'occurredFrom');
    const time = { field, message: clock.message };
    return at < 0 ? [time, ...others] : [...others.slice(0, at + 1), time, ...others.slice(at + 1)];
  }
  return errors.map((e) => (e.field === 'occurredFrom' ? { field, message: clock.message } : e));
}
