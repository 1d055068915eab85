import { z } from 'zod';
import { dateFromParts } from '../../platform/http/dates.js';
import { formErrors, type GovukErrors } from '../../platform/http/forms.js';
import { isRealDate } from '../../platform/time.js';
import type { AccessLogFilter } from './repository.js';

const uuid = z.string().uuid();

/**
 * The access log's filters from its query string: `who` (a user id), `action`, GOV.UK date inputs
 * `from` and `to`, `order` ('oldest' for oldest first) and `page`. Dates that are not real, or a `to`
 * before `from`, come back as errors for the page's summary (and the log is shown unfiltered).
 */
export function accessLogFilterFrom(
  query: Record<string, unknown>,
): { ok: true; filter: AccessLogFilter; page: number } | { ok: false; errors: GovukErrors; page: number } {
  const pageNumber = Number(query.page);
  const page = Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1;
  const who = uuid.safeParse(query.who);
  const action =
    typeof query.action === 'string' && /^[a-z_.:-]{1,100}$/.test(query.action) ? query.action : undefined;
  const from = dateFromParts(query, 'from');
  const to = dateFromParts(query, 'to');
  const problems = [
    ...(from && !isRealDate(from)
      ? [{ field: 'from', message: 'The from date must be a real date, for example, 27 3 2026' }]
      : []),
    ...(to && !isRealDate(to)
      ? [{ field: 'to', message: 'The to date must be a real date, for example, 27 3 2026' }]
      : []),
  ];
  if (!problems.length && from && to && to < from)
    problems.push({ field: 'to', message: 'The to date must be the same as or after the from date' });
  if (problems.length) return { ok: false, errors: formErrors(problems), page: 1 };
  return {
    ok: true,
    page,
    filter: {
      userId: who.success ? who.data : undefined,
      action,
      from,
      to,
      oldestFirst: query.order === 'oldest',
    },
  };
}
