import type { LeakCoverage } from '../../platform/leak.js';

/**
 * The leak test's catalogue for the victim's voice (the entry the victim asked not to be shared is
 * the advocate's only, and so are the corrections of an entry that ever was), with each entry's
 * page, its corrections, and the correction and withdrawal forms (issue 11).
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/voice',
    'GET /api/v1/cases/:id/voice',
    'GET /cases/:id/voice/:entryId',
    'GET /api/v1/cases/:id/voice/:entryId/amendments',
    'GET /cases/:id/voice/:entryId/amend',
    'GET /cases/:id/voice/:entryId/withdraw',
  ],
  tables: [
    { table: 'victim_voice', kind: 'victim_voice', key: 'id::text' },
    { table: 'victim_voice_amendment', kind: 'victim_voice_amendment', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, { slug: 'voice', compartment: 'victim_voice', kind: 'victim_voice' });
      const entries = k.withMarker.filter((r) => k.isKind(r, c, 'victim_voice'));
      for (const entry of entries) {
        const history = (r: Parameters<typeof k.may>[0]) =>
          r.kind === 'victim_voice_amendment' && r.recordId === entry.id && k.may(r);
        // the entry's page: the entry (withdrawn or not, marked) and its corrections, only for
        // those who may see the entry; to anyone else it is not found
        k.addForCase(
          c,
          'GET /cases/:id/voice/:entryId',
          `/cases/${c.id}/voice/${entry.id}`,
          'session',
          (r) => k.may(entry) && (k.inHeader(c, r) || r === entry || history(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/voice/:entryId/amendments',
          `/api/v1/cases/${c.id}/voice/${entry.id}/amendments`,
          'token',
          (r) => k.may(entry) && history(r),
        );
      }
      // the correction and withdrawal forms need voice write, which the oracle does not model:
      // nothing they show may reach anyone who may not read it (one entry of each sharing per case)
      for (const entry of [
        entries.find((r) => !r.notShared && !r.withdrawn),
        entries.find((r) => r.notShared),
      ]) {
        if (!entry) continue;
        for (const form of ['amend', 'withdraw'])
          k.addForCase(
            c,
            `GET /cases/:id/voice/:entryId/${form}`,
            `/cases/${c.id}/voice/${entry.id}/${form}`,
            'session',
            () => false,
          );
      }
    }
  },
};
