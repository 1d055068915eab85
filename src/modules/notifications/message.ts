import { formatDate } from '../../platform/views/format.js';
import { wordsOf } from './kinds.js';

/** What an e-mail is built from: nothing else of the notification (its text names people) reaches the builder. */
export type MailItem = {
  kind: string;
  /** the case's reference ("HAM-000123"), or null */
  caseReference: string | null;
  /** a digest's counts per kind; null for a single notification */
  counts: Record<string, number> | null;
  /** the day a digest covers (a London date, 'YYYY-MM-DD'); null for a single notification */
  digestDay: string | null;
};

export type MailWords = { subject: string; text: string };

const FOOTER = [
  '',
  'Sign in to Recolo to see it. This e-mail holds no personal details on purpose.',
  'You chose to have these e-mails: change that under "Notification settings" on your Notifications page.',
  'Do not reply to this e-mail.',
].join('\n');

/**
 * An e-mail's subject and text: the kind's sentence with the case reference only (GOV.UK Notify
 * practice: no personal data by e-mail), e.g. "You have a new action on case HAM-000123 — sign in
 * to see it". Nothing else of the notification (its message names people) goes in.
 */
export function buildMail(item: MailItem): MailWords {
  if (item.counts) return buildDigest(item.counts, item.digestDay);
  const sentence = wordsOf(item.kind).mail(item.caseReference);
  return { subject: `Recolo: ${sentence}`, text: `${sentence} — sign in to see it.\n${FOOTER}\n` };
}

/** The digest's lines: each kind's label and count, kinds with none left out, most first. */
export function digestLines(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .filter(([, n]) => Number.isInteger(n) && n > 0)
    .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
    .map(([kind, n]) => `- ${wordsOf(kind).label}: ${n}`);
}

/** The daily digest: one e-mail listing how many notifications of each kind arrived, no cases. */
export function buildDigest(counts: Record<string, number>, day: string | null): MailWords {
  const lines = digestLines(counts);
  const total = Object.values(counts).reduce((a, n) => a + (n > 0 ? n : 0), 0);
  const when = day ? ` on ${formatDate(day)}` : '';
  return {
    subject: `Recolo: ${total} new notification${total === 1 ? '' : 's'}${when}`,
    text: `You had ${total} new notification${total === 1 ? '' : 's'} in Recolo${when}:\n\n${lines.join('\n')}\n${FOOTER}\n`,
  };
}
