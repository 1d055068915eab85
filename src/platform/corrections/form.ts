import type { ZodType } from 'zod';
import { fieldErrorsFrom, type FieldError } from '../errors.js';
import { formErrors, type GovukErrors } from '../http/forms.js';
import { recordVersion } from './schemas.js';

/** A correction form as posted: the input for `amendRecord`, or the errors to show it again with. */
export type ParsedCorrection<D> =
  | { ok: true; input: { details: D; reason: string; version: number } }
  | { ok: false; errors: GovukErrors; version?: number };

/**
 * Parses a correction form (every record kind's): the details (`posted` through `details`), the
 * reason (`reason`) and the version read (hidden field `version`). On failure, the details' field
 * errors (through `detailErrors`, e.g. to name the form's own fields), then the reason's and the
 * version's, both on the reason field; and the version, when it was readable, to keep on the form.
 */
export function parseCorrectionForm<D>(
  values: Record<string, unknown>,
  form: {
    details: ZodType<D>;
    posted: unknown;
    reason: ZodType<string>;
    detailErrors?: (errors: FieldError[]) => FieldError[];
  },
): ParsedCorrection<D> {
  const details = form.details.safeParse(form.posted);
  const reason = form.reason.safeParse(values.reason);
  const version = recordVersion.safeParse(values.version);
  if (details.success && reason.success && version.success)
    return { ok: true, input: { details: details.data, reason: reason.data, version: version.data } };
  const detailErrors = details.success ? [] : fieldErrorsFrom(details.error);
  const problems = [
    ...(form.detailErrors ? form.detailErrors(detailErrors) : detailErrors),
    ...(reason.success ? [] : [{ field: 'reason', message: reason.error.issues[0]!.message }]),
    ...(version.success ? [] : [{ field: 'reason', message: version.error.issues[0]!.message }]),
  ];
  return { ok: false, errors: formErrors(problems), ...(version.success ? { version: version.data } : {}) };
}
