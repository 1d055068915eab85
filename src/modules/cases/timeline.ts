import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { labels } from '../../platform/views/labels.js';

/** Every status change of the case (and its opening) on the case timeline. */
export const statusEvents: TimelineSource = {
  type: 'status',
  label: 'Status changes',
  order: 1,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    let q = tx
      .selectFrom('case_status_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.by_user')
      .select([
        'e.id',
        'e.from_status',
        'e.to_status',
        'e.accepted_mode',
        'e.reason',
        'e.at',
        'u.display_name',
      ])
      .where('e.case_id', '=', caseId);
    if (range.from) q = q.where('e.at', '>=', range.from);
    if (range.to) q = q.where('e.at', '<=', range.to);
    const rows = await q.execute();
    const status = labels.status as Record<string, string>;
    const mode = labels.mode as Record<string, string>;
    return rows.map((r) => ({
      type: 'status' as const,
      id: r.id,
      at: r.at,
      title:
        r.from_status === r.to_status
          ? `Moved to ${(mode[r.accepted_mode ?? ''] ?? 'another mode').toLowerCase()}`
          : r.from_status
            ? `Status changed to ${status[r.to_status] ?? r.to_status}`
            : `Case opened as ${status[r.to_status] ?? r.to_status}`,
      by: r.display_name,
      when: null,
      lines: [
        ...(r.from_status ? [`From ${(status[r.from_status] ?? r.from_status).toLowerCase()}`] : []),
        ...(r.accepted_mode ? [mode[r.accepted_mode] ?? r.accepted_mode] : []),
        ...(r.reason ? [r.reason] : []),
      ],
      href: null,
    }));
  },
};
