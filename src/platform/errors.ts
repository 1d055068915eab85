/**
 * Domain errors: what services (and routes) throw when a request cannot be done. They say what
 * went wrong in the domain's terms, never an HTTP status; `platform/http/problems.ts` maps them to
 * HTTP in one place (a GOV.UK error page for pages, a JSON problem for the API).
 */

import type { ZodError } from 'zod';

/** One field's error, in the order the form shows its fields. */
export type FieldError = { field: string; message: string };

/** Field → message, in the order of the form (insertion order), or the same as a list. */
export type FieldErrors = Readonly<Record<string, string>> | readonly FieldError[];

function listOf(errors: FieldErrors | undefined): FieldError[] | undefined {
  if (!errors) return undefined;
  if (Array.isArray(errors)) return errors.map(({ field, message }) => ({ field, message }));
  return Object.entries(errors as Record<string, string>).map(([field, message]) => ({ field, message }));
}

export abstract class DomainError extends Error {
  readonly fieldErrors?: FieldError[];
  constructor(
    readonly title: string,
    readonly detail?: string,
    fieldErrors?: FieldErrors,
  ) {
    super(title);
    const list = listOf(fieldErrors);
    if (list) this.fieldErrors = list;
  }
}

/** There is no such thing for this user (a record that does not exist, or that they may not know of). */
export class NotFound extends DomainError {
  constructor(title = 'Page not found', detail?: string, fieldErrors?: FieldErrors) {
    super(title, detail, fieldErrors);
  }
}

/** The user knows the thing is there but may not do this to it. */
export class Forbidden extends DomainError {
  constructor(title: string, detail?: string) {
    super(title, detail);
  }
}

/**
 * Why the input was refused: it breaks a rule (the default), it is not in the shape the form or
 * API asks for, or it is a file that is too large or of a kind that is not taken.
 */
export type InvalidReason = 'rule' | 'shape' | 'too_large' | 'unsupported_type';

/** The input was refused; `fieldErrors` say which fields and why, in the order of the form. */
export class Invalid extends DomainError {
  readonly reason: InvalidReason;
  constructor(
    title: string,
    fieldErrors?: FieldErrors,
    options: { detail?: string | undefined; reason?: InvalidReason } = {},
  ) {
    super(title, options.detail, fieldErrors);
    this.reason = options.reason ?? 'rule';
  }
}

/** The thing changed under the user (a stale version) or is in a state that does not allow this. */
export class Conflict extends DomainError {
  constructor(title: string, detail?: string, fieldErrors?: FieldErrors) {
    super(title, detail, fieldErrors);
  }
}

/** Something the user cannot put right (damaged data, a missing stored file): an error page. */
export class Fault extends DomainError {
  constructor(title: string, detail?: string) {
    super(title, detail);
  }
}

/** A zod error as field errors, the first message of each field, in the order zod found them. */
export function fieldErrorsFrom(error: ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    const message =
      issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : issue.message;
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message });
  }
  return out;
}
