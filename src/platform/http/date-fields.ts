import type { GovukErrors } from './forms.js';

/**
 * GOV.UK date inputs (name-day, name-month, name-year) and their errors, for every form: the
 * error summary links to the first part in error, only the parts in error are highlighted, and
 * the message gives its example in the boxes' own format ("for example, 27 3 2026"), never as
 * the API's 2026-03-27. Applied to every page (`reply.page`) from the errors and the values
 * typed, so no route or template has to remember it.
 */

export type DatePart = 'day' | 'month' | 'year';
const PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** The example every date input's hint and message gives. */
export const DATE_EXAMPLE = '27 3 2026';

/** A field's message with the error summary's link and the parts of its date input in error. */
export type DateFieldError = { text: string; parts?: DatePart[] };

const typed = (values: Record<string, unknown>, name: string, part: DatePart) => {
  const v = values[`${name}-${part}`];
  return typeof v === 'string' ? v.trim() : '';
};

/** Whether `values` holds a date input called `name` (any of its three parts was sent or shown). */
export function isDateInput(values: Record<string, unknown>, name: string): boolean {
  return PARTS.some((p) => `${name}-${p}` in values);
}

/**
 * The parts of the date input `name` that are wrong as typed: the empty ones when some were
 * filled in; else those that are not a whole number in range (day 1–31, month 1–12, year of four
 * digits); else the day when it is past the month's end (31 2 2026). Empty when nothing or all of
 * it is wrong (the whole input is then in error, as GOV.UK says to show a problem with the date
 * as a whole, such as one in the future).
 */
export function wrongDateParts(values: Record<string, unknown>, name: string): DatePart[] {
  const [d, m, y] = PARTS.map((p) => typed(values, name, p)) as [string, string, string];
  const filled = [d, m, y].filter(Boolean).length;
  if (filled === 0) return [];
  if (filled < 3) return PARTS.filter((p) => !typed(values, name, p));
  const whole = (s: string, min: number, max: number) => /^\d+$/.test(s) && +s >= min && +s <= max;
  const wrong = PARTS.filter(
    (p) => !(p === 'day' ? whole(d, 1, 31) : p === 'month' ? whole(m, 1, 12) : /^\d{4}$/.test(y) && +y >= 1),
  );
  if (wrong.length) return wrong.length === 3 ? [] : wrong;
  const lastDay = new Date(Date.UTC(+y, +m, 0)).getUTCDate();
  return +d > lastDay ? ['day'] : [];
}

/** `3 4 2026` for `2026-04-03`. */
const boxes = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${Number(m)} ${y}`;
};

/**
 * A date's message in the boxes' format: an example written as 2026-03-04 ("like 2026-03-04",
 * "for example 2026-03-04") becomes "for example, 4 3 2026", and "... as a real date" or "must be
 * a real date" without an example gets ", for example, 27 3 2026".
 */
export function dateMessage(message: string): string {
  const iso =
    /,?\s*(?:like|for example,?|e\.g\.)\s+(\d{4}-\d{2}-\d{2})\b(?:\s+or\s+\d{4}-\d{2}-\d{2}T[\d:]+)?/;
  const m = iso.exec(message);
  if (m) return message.replace(iso, `, for example, ${boxes(m[1]!)}`);
  if (/\breal date\b/.test(message) && !/for example,? \d{1,2} \d{1,2} \d{4}/.test(message))
    return message.replace(/\breal date\b/, `real date, for example, ${DATE_EXAMPLE}`);
  return message;
}

/**
 * The errors of a page with each date input's error made GOV.UK's: its summary link to the first
 * part in error (`#occurredFrom-month`; the day when the whole date is), its message in the
 * boxes' format, and `parts` on its field error (read by the `dateInput` macro to highlight only
 * those). Errors of fields that are not date inputs in `values` are unchanged.
 */
export function withDateParts(errors: GovukErrors, values: Record<string, unknown>): GovukErrors {
  const fieldErrors: Record<string, DateFieldError> = { ...errors.fieldErrors };
  const hrefs = new Map<string, string>();
  for (const [name, error] of Object.entries(errors.fieldErrors)) {
    // the error is the input's (occurredFrom), or, on some forms, its first box's (answer-day)
    const input = isDateInput(values, name) ? name : name.replace(/-day$/, '');
    if (!isDateInput(values, input)) continue;
    const parts = wrongDateParts(values, input);
    const text = dateMessage(error.text);
    fieldErrors[name] = parts.length ? { text, parts } : { text };
    hrefs.set(`#${name.replace(/\./g, '-')}`, `#${input}-${parts[0] ?? 'day'}`);
  }
  if (!hrefs.size) return errors;
  return {
    ...errors,
    errorList: errors.errorList.map((e) => {
      const href = hrefs.get(e.href);
      if (!href) return e;
      const name = e.href.slice(1);
      return { text: fieldErrors[name]?.text ?? dateMessage(e.text), href };
    }),
    fieldErrors,
  };
}

/**
 * GOV.UK date input parameters with each of its parts marked in error (`error: true`) when its
 * field error names it (see `withDateParts`); without such parts, unchanged (the macro then
 * highlights every part of an input in error). Used by the `dateInput` macro.
 */
export function dateInputParams(params: Record<string, unknown>): Record<string, unknown> {
  const error = params.errorMessage as DateFieldError | undefined | false;
  const parts = error && Array.isArray(error.parts) ? error.parts : [];
  if (!parts.length) return params;
  const items = (
    Array.isArray(params.items) && params.items.length ? params.items : PARTS.map((name) => ({ name }))
  ) as Record<string, unknown>[];
  return {
    ...params,
    items: items.map((item) => ({ ...item, error: parts.includes(item.name as DatePart) })),
  };
}

/** Whether `text` is a real time on the 24-hour clock ("14:30", "9.05"); hours 0–23, minutes 0–59. */
export function isRealTime(text: string): boolean {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  return !!m && +m[1]! <= 23 && +m[2]! <= 59;
}

/** The message for a time that is not a real one (25:99), in the field's format. */
export const TIME_MESSAGE = 'Enter a real time on the 24-hour clock, for example 14:30';

/** Whether a page's `errors` are a GOV.UK error summary and field messages (`formErrors`). */
export function isGovukErrors(errors: unknown): errors is GovukErrors {
  const e = errors as GovukErrors | undefined;
  return !!e && Array.isArray(e.errorList) && !!e.fieldErrors && typeof e.fieldErrors === 'object';
}
