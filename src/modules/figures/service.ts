import { recordAudit } from '../../platform/audit/record.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { caseFigures } from './repository.js';
import { publishFigures, type Figures } from './rules.js';

export const COLUMNS = [
  { key: 'referred', label: 'Referred' },
  { key: 'screening', label: 'Screening' },
  { key: 'consultation', label: 'Accepted: consultation' },
  { key: 'intervention', label: 'Accepted: intervention' },
  { key: 'closed', label: 'Closed' },
  { key: 'declined', label: 'Declined' },
] as const;

/**
 * Cases by site and stage, published under the platform's disclosure control (rounded to 5, 1 to
 * 7 withheld, totals summed from the published cells): no identities, no small numbers, nothing
 * to work out by subtraction. Its routes are for `see_figures` only (route config).
 */
export async function figures(tx: Tx, actor: Actor): Promise<Figures> {
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
  const sites = [...bySite.entries()]
    .sort((a, b) => a[1].site.localeCompare(b[1].site))
    .map(([siteId, e]) => ({ siteId, site: e.site, counts: e.counts }));
  return publishFigures(
    sites,
    COLUMNS.map((c) => c.label),
  );
}
