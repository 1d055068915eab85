import { dateFromParts } from '../../platform/http/dates.js';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The add-incident form's fields in the shape `incidentInput` takes. Exactly: one date and an
 * optional time (HH:MM, UK time). Approximately: the earliest date and, optionally, the latest.
 */
export function incidentFromForm(fields: Record<string, unknown>): Record<string, unknown> {
  const approximate = fields.timing === 'approximate';
  const from = dateFromParts(fields, 'occurredFrom');
  const time = text(fields.occurredTime).trim();
  let occurredFrom: string | undefined = from;
  if (from && !approximate && time) {
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(time);
    occurredFrom = m ? `${from}T${m[1]!.padStart(2, '0')}:${m[2]}` : `${from}T${time}`;
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
