import { toCsv as csvOf } from '../../platform/csv.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import { labels } from '../../platform/views/labels.js';
import * as repo from './repository.js';
import { can } from '../../platform/access/policy.js';

export function mayReview(user: SessionUser, siteId: string): boolean {
  return can(user, 'review_access') && (can(user, 'administer') || user.siteIds.includes(siteId));
}

/** Cases on one page of the access review. */
export const REVIEW_PAGE_CASES = 100;

/** The most cases one API call of the access review may ask for. */
export const REVIEW_API_MAX_CASES = 1000;

/**
 * The access review of a site: on the page `REVIEW_PAGE_CASES` cases at a time, through the API
 * `cases` (1 to `REVIEW_API_MAX_CASES`) at a time, after the case reference `after` (`next`
 * continues, null at the end); the CSV, the whole review.
 */
export async function reviewForSite(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  siteId: string,
  channel: 'page' | 'csv' | 'api',
  after: string | null = null,
  cases: number = REVIEW_PAGE_CASES,
) {
  if (!mayReview(user, siteId)) throw new NotFound();
  const site = await repo.siteName(tx, siteId);
  if (!site) throw new NotFound();
  const { rows, next } =
    channel === 'csv'
      ? { rows: await repo.accessReview(tx, siteId), next: null }
      : await repo.accessReviewPage(tx, siteId, after, channel === 'page' ? REVIEW_PAGE_CASES : cases);
  await recordAudit(tx, actor, {
    action: channel === 'csv' ? 'access_review.export' : 'access_review.view',
    reason: can(user, 'administer') ? 'administrator access review' : 'site coordinator access review',
    recordType: 'site',
    recordId: siteId,
    details: { rows: rows.length, channel, ...(channel === 'csv' ? {} : { after }) },
  });
  return { site, rows, next };
}

const COMPARTMENT_NAMES: Record<string, string> = {
  core: 'Core',
  risk: 'Risk',
  clinical: 'Clinical',
  victim_contact: 'Victim contact',
  victim_voice: 'Victim’s voice',
  police_intelligence: 'Police intelligence',
};
export const compartmentName = (c: string): string => COMPARTMENT_NAMES[c] ?? c;

/** The access review as CSV: one row a person with access to a case (platform/csv.ts). */
export function toCsv(rows: repo.AccessReviewRow[]): string {
  return csvOf(
    ['Case', 'Person', 'Role', 'Why', 'Until', 'Compartments'],
    rows.map((r) => [
      r.case_reference,
      r.user_name,
      labels.role[r.role as keyof typeof labels.role] ?? r.role,
      r.basis,
      r.until ? r.until.toISOString() : '',
      r.compartments.map(compartmentName).join('; '),
    ]),
  );
}
