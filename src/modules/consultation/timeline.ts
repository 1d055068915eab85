import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { listConsultations } from './repository.js';

/** Consultation advice on the case timeline, dated when the advice was asked for. */
export const consultationEvents: TimelineSource = {
  type: 'consultation',
  label: 'Consultation',
  order: 41,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const rows = await listConsultations(tx, caseId);
    return rows
      .map((r) => ({ r, at: new Date(`${r.requested_on}T12:00:00Z`) }))
      .filter(({ at }) => (!range.from || at >= range.from) && (!range.to || at <= range.to))
      .map(({ r, at }) => ({
        type: 'consultation',
        id: r.id,
        at,
        title: `Consultation: advice to ${r.requesting_agency}`,
        by: r.author,
        when: null,
        lines: [`Asked by ${r.requested_by}`, r.advice],
        href: `/cases/${caseId}/consultation`,
      }));
  },
};
