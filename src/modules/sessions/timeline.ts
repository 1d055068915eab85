import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import { listClinicians, listSessions } from './repository.js';
import {
  ATTENDANCE_TEXT,
  COMPONENT_TEXT,
  MODE_TEXT,
  type Attendance,
  type Component,
  type Mode,
} from './rules.js';

/**
 * Sessions on the case timeline: when, where, who and the attendance; never the clinical note
 * (the timeline is read by the whole team, and the note is the health team's alone).
 */
export const sessionEvents: TimelineSource = {
  type: 'intervention_session',
  label: 'Sessions',
  order: 40,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const [rows, clinicians] = await Promise.all([listSessions(tx, caseId), listClinicians(tx, caseId)]);
    return rows
      .filter((s) => (!range.from || s.starts_at >= range.from) && (!range.to || s.starts_at <= range.to))
      .map((s) => ({
        type: 'intervention_session',
        id: s.id,
        at: s.starts_at,
        title: `Session: ${s.attendance ? ATTENDANCE_TEXT[s.attendance as Attendance].toLowerCase() : 'booked'}`,
        by: null,
        when: null,
        lines: [
          `${MODE_TEXT[s.mode as Mode]}${s.place ? `, ${s.place}` : ''}; ${clinicians
            .filter((c) => c.session_id === s.id)
            .map((c) => c.display_name)
            .join(', ')}`,
          ...(s.component ? [COMPONENT_TEXT[s.component as Component]] : []),
          ...(s.duration_minutes ? [`${s.duration_minutes} minutes`] : []),
        ],
        href: `/cases/${caseId}/sessions`,
      }));
  },
};
