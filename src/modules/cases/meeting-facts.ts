import type { Tx } from '../../platform/db/request-tx.js';

/** An open case at a site as the meeting's agenda needs it: id, reference and status. */
export type OpenCaseAtSite = { caseId: string; reference: string; status: string };

/**
 * The open cases (not closed or declined) at a site that the user may see (row-level security
 * decides), by reference. For the multi-agency meeting's suggested agenda.
 */
export async function openCasesAtSite(tx: Tx, siteId: string): Promise<OpenCaseAtSite[]> {
  const rows = await tx
    .selectFrom('cases')
    .select(['id', 'reference', 'status'])
    .where('site_id', '=', siteId)
    .where('status', 'not in', ['closed', 'declined'])
    .orderBy('reference')
    .execute();
  return rows.map((r) => ({ caseId: r.id, reference: r.reference, status: r.status }));
}

/** A case's reference and site, when the user may see it; null otherwise. */
export async function caseSummary(
  tx: Tx,
  caseId: string,
): Promise<{ caseId: string; reference: string; siteId: string; status: string } | null> {
  const r = await tx
    .selectFrom('cases')
    .select(['id', 'reference', 'site_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return r ? { caseId: r.id, reference: r.reference, siteId: r.site_id, status: r.status } : null;
}

/** The case at one of the user's visible cases with this reference (typed by hand), or null. */
export async function caseByReference(
  tx: Tx,
  reference: string,
): Promise<{ caseId: string; siteId: string } | null> {
  const r = await tx
    .selectFrom('cases')
    .select(['id', 'site_id'])
    .where('reference', '=', reference.trim().toUpperCase())
    .executeTakeFirst();
  return r ? { caseId: r.id, siteId: r.site_id } : null;
}
