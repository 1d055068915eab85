import { recordAudit } from '../../platform/audit/record.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { caseFigures } from './repository.js';
import { suppressRow, suppressTotal, type Cell } from './rules.js';

export const COLUMNS = [
  { key: 'referred', label: 'Referred' },
  { key: 'screening', label: 'Screening' },
  { key: 'consultation', label: 'Accepted: consultation' },
  { key: 'intervention', label: 'Accepted: intervention' },
  { key: 'closed', label: 'Closed' },
  { key: 'declined', label: 'Declined' },
] as const;

export type SiteFigures = { siteId: string; site: string; cells: Cell[]; total: Cell };

/**
 * Cases by site and stage, suppressed for publication: no identities, no small numbers. Its routes
 * are for `see_figures` only (route config).
 */
export async function figures(tx: Tx, actor: Actor): Promise<SiteFigures[]> {
  const rows = await caseFigures(tx);
  const bySite = new Map<string, { site: string; counts: number[] }>();
  for (const r of rows) {
    const entry = bySite.get(r.site_id) ?? { site: r.site_name, counts: COLUMNS.map(() => 0) };
    const key =
      r.status === 'accepted' || r.status === 'active' ? (r.accepted_mode ?? 'consultation') : r.status;
    const index = COLUMNS.findIndex((c) => c.key === key);
    if (index >= 0) entry.counts[index]! += r.n;
    bySite.set(r.site_id, entry);
  }
  await recordAudit(tx, actor, {
    action: 'figures.view',
    reason: 'aggregate figures',
    details: { sites: bySite.size },
  });
  return [...bySite.entries()]
    .sort((a, b) => a[1].site.localeCompare(b[1].site))
    .map(([siteId, e]) => ({
      siteId,
      site: e.site,
      cells: suppressRow(e.counts),
      total: suppressTotal(e.counts.reduce((a, b) => a + b, 0)),
    }));
}
