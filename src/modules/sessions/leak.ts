import type { LeakCoverage, LeakKit, WCase, WRecord } from '../../platform/leak.js';

const HEALTH = [
  'forensic_psychiatrist',
  'clinical_psychologist',
  'forensic_psychologist',
  'occupational_therapist',
];

/** The health team on the case (who schedule and record sessions): on the team, writing clinical. */
const delivers = (k: LeakKit, c: WCase) =>
  HEALTH.includes(k.user.role) && c.team.includes(k.user.id) && k.reads(c, 'clinical');

/**
 * The leak test's catalogue for sessions: the case's sessions (core: appointments and attendance;
 * the clinical note only for those who read clinical), the health team's forms, and a clinician's
 * diary, calendar and diary API (their own sessions on cases they may see, by reference only).
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/sessions',
    'GET /api/v1/cases/:id/sessions',
    'GET /cases/:id/sessions/new',
    'GET /cases/:id/sessions/:sessionId/record',
    'GET /diary',
    'GET /diary/calendar.ics',
    'GET /api/v1/diary',
    'GET /cases/:id/session-notes/:noteId',
    'GET /api/v1/cases/:id/session-notes/:noteId',
    'GET /api/v1/cases/:id/session-notes/:noteId/amendments',
    'GET /cases/:id/session-notes/:noteId/amend',
    'GET /cases/:id/session-notes/:noteId/withdraw',
    'GET /cases/:id/sessions/:sessionId/withdraw',
  ],
  tables: [
    { table: 'intervention_session', kind: 'intervention_session', key: 'id::text' },
    {
      table: 'intervention_session_clinician',
      kind: 'intervention_session_clinician',
      key: `session_id::text || ':' || user_id::text`,
    },
    { table: 'intervention_session_note', kind: 'intervention_session_note', key: 'id::text' },
    {
      table: 'intervention_session_note_amendment',
      kind: 'intervention_session_note_amendment',
      key: 'id::text',
    },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      const sessionOrNote = (r: WRecord) =>
        k.isKind(r, c, 'intervention_session') ||
        (k.isKind(r, c, 'intervention_session_note') && !r.withdrawn && k.may(r));
      k.addForCase(
        c,
        'GET /cases/:id/sessions',
        `/cases/${c.id}/sessions`,
        'session',
        (r) => core() && (k.inHeader(c, r) || sessionOrNote(r)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/sessions',
        `/api/v1/cases/${c.id}/sessions`,
        'token',
        (r) => core() && sessionOrNote(r),
      );
      k.addForCase(
        c,
        'GET /cases/:id/sessions/new',
        `/cases/${c.id}/sessions/new`,
        'session',
        (r) => delivers(k, c) && k.inHeader(c, r),
      );
      for (const s of k.ofCase(c).filter((r) => r.kind === 'intervention_session')) {
        k.addForCase(
          c,
          'GET /cases/:id/sessions/:sessionId/record',
          `/cases/${c.id}/sessions/${s.id}/record`,
          'session',
          (r) =>
            delivers(k, c) &&
            (k.inHeader(c, r) ||
              r === s ||
              (r.kind === 'intervention_session_note' && r.sessionId === s.id && !r.withdrawn)),
        );
        // withdrawing needs the health team's write, which the oracle does not model: nothing the
        // confirmation page shows may reach anyone who may not read it (no record is required of it)
        k.addForCase(
          c,
          'GET /cases/:id/sessions/:sessionId/withdraw',
          `/cases/${c.id}/sessions/${s.id}/withdraw`,
          'session',
          () => false,
        );
      }
      sessionNoteCalls(k, c);
    }
    // the user's own diary: their sessions (as a clinician present) on cases they may see
    const diaryRecords = k.withMarker.filter((r) => r.kind === 'intervention_session' || r.kind === 'case');
    const mine = (r: WRecord) =>
      r.kind === 'intervention_session' &&
      HEALTH.includes(k.user.role) &&
      (r.clinicianIds ?? []).includes(k.user.id) &&
      k.may(r);
    const onCaseload = (r: WRecord) => {
      if (r.kind !== 'case' || !HEALTH.includes(k.user.role)) return false;
      const c = k.world.caseById.get(r.id)!;
      return c.team.includes(k.user.id) && k.reads(c, 'core') && !['closed', 'declined'].includes(c.status);
    };
    k.add({
      route: 'GET /diary',
      url: '/diary',
      auth: 'session',
      relevant: diaryRecords,
      mustShow: (r) => mine(r) || onCaseload(r),
    });
    k.add({
      route: 'GET /diary/calendar.ics',
      url: '/diary/calendar.ics',
      auth: 'session',
      relevant: diaryRecords,
      mustShow: mine,
    });
    k.add({
      route: 'GET /api/v1/diary',
      url: '/api/v1/diary',
      auth: 'token',
      relevant: diaryRecords,
      mustShow: mine,
    });
  },
};

/** A session note's own page, its API and history (issue 11): the health team on the case reads them. */
function sessionNoteCalls(k: LeakKit, c: WCase) {
  const clinical = () => k.reads(c, 'clinical');
  for (const note of k.withMarker.filter((r) => k.isKind(r, c, 'intervention_session_note'))) {
    const history = (r: WRecord) =>
      r.kind === 'intervention_session_note_amendment' && r.recordId === note.id;
    const page = `/cases/${c.id}/session-notes/${note.id}`;
    k.addForCase(
      c,
      'GET /cases/:id/session-notes/:noteId',
      page,
      'session',
      (r) => clinical() && (k.inHeader(c, r) || r === note || history(r)),
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/session-notes/:noteId',
      `/api/v1${page}`,
      'token',
      (r) => clinical() && r === note,
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/session-notes/:noteId/amendments',
      `/api/v1${page}/amendments`,
      'token',
      (r) => clinical() && history(r),
    );
    // correcting needs the author and clinical write, withdrawing clinical write, which the oracle
    // does not model: nothing these pages show may reach anyone who may not read it
    k.addForCase(c, 'GET /cases/:id/session-notes/:noteId/amend', `${page}/amend`, 'session', () => false);
    k.addForCase(
      c,
      'GET /cases/:id/session-notes/:noteId/withdraw',
      `${page}/withdraw`,
      'session',
      () => false,
    );
  }
}
