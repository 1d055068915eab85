import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';

const BAND: Record<string, string> = { low: 'Low', moderate: 'Moderate', high: 'High' };

/** Completed risk assessments, with the band that counts, on the case timeline. */
export const assessmentEvents: TimelineSource = {
  type: 'assessment',
  label: 'Risk assessments',
  order: 2,
  visible: (a) => canRead(a, 'risk'),
  async load(tx, caseId, range) {
    let q = tx
      .selectFrom('risk_assessment as a')
      .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .leftJoin('app_user as u', 'u.id', 'a.completed_by')
      .select(['a.id', 'a.completed_at', 'a.computed_band', 'a.override_band', 'i.name', 'u.display_name'])
      .where('a.case_id', '=', caseId)
      .where('a.status', '=', 'completed')
      .where('a.completed_at', 'is not', null);
    if (range.from) q = q.where('a.completed_at', '>=', range.from);
    if (range.to) q = q.where('a.completed_at', '<=', range.to);
    const rows = await q.execute();
    return rows.map((r) => {
      const band = r.override_band ?? r.computed_band;
      return {
        type: 'assessment' as const,
        id: r.id,
        at: r.completed_at as Date,
        title: `Risk assessment completed: ${r.name}`,
        by: r.display_name,
        when: null,
        lines: band
          ? [
              `Risk: ${BAND[band] ?? band}${r.override_band && r.override_band !== r.computed_band ? ' (professional judgement)' : ''}`,
            ]
          : [],
        href: `/cases/${caseId}/risk`,
      };
    });
  },
};
