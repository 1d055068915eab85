import type { LeakCoverage, RecordKind } from '../../platform/leak.js';

/** court outcomes, new offending, MAPPA and MARAC (core): every one is on the timeline with its text */
const LEGAL: RecordKind[] = [
  'court_charge',
  'court_outcome',
  'new_offence',
  'mappa_record',
  'marac_referral',
  'marac_meeting',
];

/** The leak test's catalogue for the timeline: incidents and status changes (core), newest first. */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/timeline', 'GET /api/v1/cases/:id/timeline'],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      k.addForCase(
        c,
        'GET /cases/:id/timeline',
        `/cases/${c.id}/timeline`,
        'session',
        (r) =>
          core() &&
          (k.inHeader(c, r) ||
            k.isKind(r, c, 'incident', 'case_status_event', 'investigation_status_event', ...LEGAL)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/timeline',
        `/api/v1/cases/${c.id}/timeline`,
        'token',
        (r) =>
          core() && k.isKind(r, c, 'incident', 'case_status_event', 'investigation_status_event', ...LEGAL),
      );
    }
  },
};
