import { formatDate } from '../../platform/views/format.js';
import type { ConsultationRow } from './repository.js';

/**
 * The advice letter to the referring agency, as plain text: addressed to who asked, naming the case
 * by its reference and the person referred (the agency referred them), the question, the advice,
 * the recommended actions and when the health team will follow up. Nothing from the clinical record.
 */
export function letterText(
  c: ConsultationRow,
  ctx: { reference: string; subjectName: string; siteName: string; today: Date },
): string {
  const lines = [
    `${c.author_agency ?? 'Forensic mental health team'}, ${ctx.siteName} stalking intervention programme`,
    formatDate(ctx.today),
    '',
    `To: ${c.requested_by}, ${c.requesting_agency}`,
    '',
    `Re: ${ctx.subjectName}, case ${ctx.reference}`,
    `Advice you asked for on ${formatDate(c.requested_on)}`,
    '',
    'Your question',
    c.question,
    '',
    'Our advice',
    c.advice,
    '',
  ];
  if (c.recommended_actions) lines.push('Recommended actions', c.recommended_actions, '');
  if (c.follow_up_on) lines.push(`We will follow this up with you by ${formatDate(c.follow_up_on)}.`, '');
  lines.push(
    'The agency that referred this person keeps responsibility for the case; this advice is to inform its decisions.',
    '',
    'Yours sincerely',
    '',
    c.author,
    '',
    'OFFICIAL-SENSITIVE. Share only with those who need it for this case.',
  );
  return lines.join('\r\n') + '\r\n';
}
