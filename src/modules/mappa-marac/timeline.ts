import { canRead } from '../../platform/access/case-access.js';
import type { TimelineEvent, TimelineSource } from '../../platform/manifest.js';
import { longDateOf } from '../../platform/time.js';
import { dateAt } from '../offending/public.js';
import { listMappa, listMaracReferrals } from './repository.js';
import { LEAD_AGENCY_TEXT, REFERRING_AGENCY_TEXT } from './schemas.js';

/** MAPPA records (at their start date), MARAC referrals and meetings on the case timeline. */
export const mappaMaracEvents: TimelineSource = {
  type: 'mappa_marac',
  label: 'MAPPA and MARAC',
  order: 5,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId) {
    const [mappa, marac] = await Promise.all([listMappa(tx, caseId), listMaracReferrals(tx, caseId)]);
    const events: TimelineEvent[] = mappa.map((m) => ({
      type: 'mappa_marac',
      id: m.id,
      at: dateAt(m.starts_on),
      title: `MAPPA: category ${m.category}, level ${m.level}`,
      by: m.recorded_by,
      when: longDateOf(m.starts_on),
      lines: [
        `Lead agency: ${LEAD_AGENCY_TEXT[m.lead_agency as keyof typeof LEAD_AGENCY_TEXT]}`,
        ...(m.ends_on ? [`Ends ${longDateOf(m.ends_on)}`] : []),
        ...(m.next_review_on ? [`Next review ${longDateOf(m.next_review_on)}`] : []),
        ...(m.notes ? [m.notes] : []),
      ],
      href: `/cases/${caseId}/mappa`,
    }));
    for (const r of marac) {
      events.push({
        type: 'mappa_marac',
        id: r.id,
        at: dateAt(r.referred_on),
        title: 'Referred to MARAC',
        by: r.recorded_by,
        when: longDateOf(r.referred_on),
        lines: [
          `By ${REFERRING_AGENCY_TEXT[r.referring_agency as keyof typeof REFERRING_AGENCY_TEXT].toLowerCase()}`,
          r.reason,
        ],
        href: `/cases/${caseId}/marac`,
      });
      for (const m of r.meetings) {
        events.push({
          type: 'mappa_marac',
          id: m.id,
          at: dateAt(m.meeting_on),
          title: 'MARAC meeting',
          by: m.recorded_by,
          when: longDateOf(m.meeting_on),
          lines: [m.outcome],
          href: `/cases/${caseId}/marac-meetings`,
        });
      }
    }
    return events;
  },
};
