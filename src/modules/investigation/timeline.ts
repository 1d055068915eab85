import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { formatDate } from '../../platform/views/format.js';
import { labels } from '../../platform/views/labels.js';
import type { InvestigationStatus } from './rules.js';

/** Each change in the police investigation, at the moment it was recorded. */
export const investigationEvents: TimelineSource = {
  type: 'investigation',
  label: 'Police investigation',
  order: 2,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    let q = tx
      .selectFrom('investigation_status_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.by_user')
      .select([
        'e.id',
        'e.from_status',
        'e.to_status',
        'e.effective_on',
        'e.reason',
        'e.at',
        'u.display_name',
      ])
      .where('e.case_id', '=', caseId)
      .where('e.withdrawn_at', 'is', null);
    if (range.from) q = q.where('e.at', '>=', range.from);
    if (range.to) q = q.where('e.at', '<=', range.to);
    const rows = await q.execute();
    return rows.map((r) => ({
      type: 'investigation',
      id: r.id,
      at: r.at,
      title: `Investigation: ${labels.investigation[r.to_status as InvestigationStatus]}`,
      by: r.display_name,
      when: `Took effect ${formatDate(r.effective_on)}`,
      lines: [`From ${labels.investigation[r.from_status as InvestigationStatus].toLowerCase()}`, r.reason],
      href: `/cases/${caseId}/investigation`,
    }));
  },
};
