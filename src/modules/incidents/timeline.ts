import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { describeWhen } from './format.js';
import { listIncidents } from './repository.js';
import { BEHAVIOUR_LABELS, REPORTER_LABELS } from './schemas.js';

/** The course of conduct on the case timeline, filtered by when each incident happened. */
export const incidentEvents: TimelineSource = {
  type: 'incident',
  label: 'Incidents',
  order: 0,
  rangeByOverlap: true,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const rows = await listIncidents(tx, caseId, range);
    return rows.map((i) => ({
      type: 'incident' as const,
      id: i.id,
      at: i.occurredFrom,
      title: `Incident: ${i.behaviours.map((b) => BEHAVIOUR_LABELS[b]).join('; ')}`,
      by: i.createdBy,
      when: describeWhen(i),
      lines: [
        `Reported by ${REPORTER_LABELS[i.reportedBy].toLowerCase()}${i.victimName ? `; victim: ${i.victimName}` : ''}`,
        i.description,
        ...(i.evidenceCount ? [`${i.evidenceCount} evidence file${i.evidenceCount === 1 ? '' : 's'}`] : []),
      ],
      href: `/cases/${caseId}/incidents/${i.id}`,
    }));
  },
};
