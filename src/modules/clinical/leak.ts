import type { LeakCoverage, LeakKit, WCase } from '../../platform/leak.js';

/**
 * The leak test's catalogue for clinical notes: the list, and each note's own page and API with
 * its corrections (issue 11), for an amended note and a withdrawn one: a note and its history
 * reach exactly those who read the clinical compartment of the case.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/clinical',
    'GET /api/v1/cases/:id/clinical',
    'GET /cases/:id/clinical/:noteId',
    'GET /api/v1/cases/:id/clinical/:noteId',
    'GET /api/v1/cases/:id/clinical/:noteId/amendments',
    'GET /cases/:id/clinical/:noteId/amend',
    'GET /cases/:id/clinical/:noteId/withdraw',
  ],
  tables: [
    { table: 'clinical_note', kind: 'clinical_note', key: 'id::text' },
    { table: 'clinical_note_amendment', kind: 'clinical_note_amendment', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'clinical', compartment: 'clinical', kind: 'clinical_note' });
      noteCalls(k, c);
    }
  },
};

function noteCalls(k: LeakKit, c: WCase) {
  const clinical = () => k.reads(c, 'clinical');
  // the amended note and the withdrawn one (each case has both)
  const amended = new Set(
    k.withMarker.filter((r) => r.kind === 'clinical_note_amendment').map((r) => r.recordId),
  );
  const notes = k.withMarker.filter(
    (r) => k.isKind(r, c, 'clinical_note') && (r.withdrawn || amended.has(r.id)),
  );
  for (const note of notes) {
    const history = (r: { kind: string; recordId?: string }) =>
      r.kind === 'clinical_note_amendment' && r.recordId === note.id;
    const page = `/cases/${c.id}/clinical/${note.id}`;
    k.addForCase(
      c,
      'GET /cases/:id/clinical/:noteId',
      page,
      'session',
      (r) => clinical() && (k.inHeader(c, r) || r === note || history(r)),
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/clinical/:noteId',
      `/api/v1${page}`,
      'token',
      (r) => clinical() && r === note,
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/clinical/:noteId/amendments',
      `/api/v1${page}/amendments`,
      'token',
      (r) => clinical() && history(r),
    );
    // the correction and withdrawal pages need clinical write (and, to correct, the author), which
    // the oracle does not model: nothing they show may reach anyone who may not read it
    k.addForCase(c, 'GET /cases/:id/clinical/:noteId/amend', `${page}/amend`, 'session', () => false);
    k.addForCase(c, 'GET /cases/:id/clinical/:noteId/withdraw', `${page}/withdraw`, 'session', () => false);
  }
}
