import type { FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import { Conflict, DomainError, fieldErrorsFrom, Invalid, type FieldError } from '../errors.js';

export { fieldErrorsFrom };
import { multiValueFields } from './multi-value-fields.js';
import { statusOf } from './problems.js';

/**
 * Forms: read a posted body, validate it, and when it (or the service) refuses, show the same
 * form again with a GOV.UK error summary and what the user typed. One way, for every form route.
 */

/** The GOV.UK error summary (`errorList`) and the message beside each field (`fieldErrors`). */
export type GovukErrors = {
  errorList: { text: string; href: string }[];
  fieldErrors: Record<string, { text: string }>;
};

/** A refused form: the status to answer with and the errors to show. */
export type FormFailure = {
  ok: false;
  status: number;
  errors: GovukErrors;
  fieldErrors: FieldError[];
  detail?: string | undefined;
};

/** GOV.UK error summary and per-field messages from a list of field errors (its order kept). */
export function formErrors(errors: readonly FieldError[]): GovukErrors {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}

/** Checkboxes arrive as nothing, one value or several: always a list of strings. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((x): x is string => typeof x === 'string');
}

/**
 * The fields of a posted form without its CSRF and one-time tokens, with every multi-value field
 * a list: in a template `x in values.field` is a substring test when the field is a string (one
 * ticked box), so "a" would count as ticked when only "ab" was. The multi-value fields are found
 * in the templates (every checkbox group of more than one box and every multiple select, see
 * `multiValueFields`), so a route need not name them; such a field that was not posted is left
 * out. `checkboxes` names fields to make lists as well, and those are `[]` when not posted.
 */
export function formFields(body: unknown, checkboxes: readonly string[] = []): Record<string, unknown> {
  const { _csrf: _ignored, _once: _claimed, ...fields } = (body ?? {}) as Record<string, unknown>;
  for (const name of multiValueFields()) if (name in fields) fields[name] = asList(fields[name]);
  for (const name of checkboxes) fields[name] = asList(fields[name]);
  return fields;
}

/** Validates a form's fields: the data, or a failure (400) to re-render the form with. */
export function parseForm<T>(schema: ZodType<T>, input: unknown): { ok: true; data: T } | FormFailure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return failure(400, fieldErrorsFrom(parsed.error));
}

function failure(status: number, fieldErrors: FieldError[], detail?: string): FormFailure {
  return { ok: false, status, errors: formErrors(fieldErrors), fieldErrors, ...(detail ? { detail } : {}) };
}

/**
 * A refusal the form can show beside its fields: an `Invalid` or `Conflict` with field errors
 * (or, given `field`, without them: its detail or title shown against that field). The status is
 * the one the error handler would answer with. Anything else is rethrown, to become an error page.
 */
export function formFailure(error: unknown, options: { field?: string } = {}): FormFailure {
  if (error instanceof DomainError && (error instanceof Invalid || error instanceof Conflict)) {
    if (error.fieldErrors?.length) return failure(statusOf(error), error.fieldErrors, error.detail);
    if (options.field)
      return failure(statusOf(error), [{ field: options.field, message: error.detail ?? error.title }]);
  }
  throw error;
}

/** Runs the work; a refusal the form can show (see `formFailure`) comes back instead of thrown. */
export async function attemptForm<T>(
  work: () => Promise<T>,
  options: { field?: string } = {},
): Promise<{ ok: true; value: T } | FormFailure> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return formFailure(error, options);
  }
}

/**
 * A form post in one step: validate the fields with the schema (a 400 failure if they do not
 * parse), then do the work with the data (a failure if the service refuses with field errors).
 * The route shows the form again with `failure.errors` at `failure.status`, or goes on.
 */
export async function submitForm<T, R>(
  schema: ZodType<T>,
  input: unknown,
  work: (data: T) => Promise<R>,
  options: { field?: string } = {},
): Promise<{ ok: true; value: R } | FormFailure> {
  const parsed = parseForm(schema, input);
  if (!parsed.ok) return parsed;
  return attemptForm(() => work(parsed.data), options);
}

/** Shows the form again with its errors (a GOV.UK error summary) and the context given. */
export function renderFormErrors(
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  errors: readonly FieldError[] | FormFailure,
  status = 400,
): FastifyReply {
  const failed = 'ok' in errors ? errors : failure(status, [...errors]);
  return reply.code(failed.status).page(template, { ...context, errors: failed.errors });
}
