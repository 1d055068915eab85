import type { LeakCoverage, LeakKit, WCase } from '../../platform/leak.js';

/**
 * The leak test's catalogue for police intelligence: the list, and each entry's own page and API
 * with its corrections (issue 11), for an amended entry and a withdrawn one: an entry and its
 * history reach exactly the police on the case.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/intelligence',
    'GET /api/v1/cases/:id/intelligence',
    'GET /cases/:id/intelligence/:entryId',
    'GET /api/v1/cases/:id/intelligence/:entryId',
    'GET /api/v1/cases/:id/intelligence/:entryId/amendments',
    'GET /cases/:id/intelligence/:entryId/amend',
    'GET /cases/:id/intelligence/:entryId/withdraw',
  ],
  tables: [
    { table: 'police_intelligence', kind: 'police_intelligence', key: 'id::text' },
    { table: 'police_intelligence_amendment', kind: 'police_intelligence_amendment', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'intelligence',
        compartment: 'police_intelligence',
        kind: 'police_intelligence',
      });
      entryCalls(k, c);
    }
  },
};

function entryCalls(k: LeakKit, c: WCase) {
  const police = () => k.reads(c, 'police_intelligence');
  // the amended entry and the withdrawn one (each case has both)
  const amended = new Set(
    k.withMarker.filter((r) => r.kind === 'police_intelligence_amendment').map((r) => r.recordId),
  );
  const entries = k.withMarker.filter(
    (r) => k.isKind(r, c, 'police_intelligence') && (r.withdrawn || amended.has(r.id)),
  );
  for (const entry of entries) {
    const history = (r: { kind: string; recordId?: string }) =>
      r.kind === 'police_intelligence_amendment' && r.recordId === entry.id;
    const page = `/cases/${c.id}/intelligence/${entry.id}`;
    k.addForCase(
      c,
      'GET /cases/:id/intelligence/:entryId',
      page,
      'session',
      (r) => police() && (k.inHeader(c, r) || r === entry || history(r)),
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/intelligence/:entryId',
      `/api/v1${page}`,
      'token',
      (r) => police() && r === entry,
    );
    k.addForCase(
      c,
      'GET /api/v1/cases/:id/intelligence/:entryId/amendments',
      `/api/v1${page}/amendments`,
      'token',
      (r) => police() && history(r),
    );
    // the correction and withdrawal pages need write access, which the oracle does not model:
    // nothing they show may reach anyone who may not read it
    k.addForCase(c, 'GET /cases/:id/intelligence/:entryId/amend', `${page}/amend`, 'session', () => false);
    k.addForCase(
      c,
      'GET /cases/:id/intelligence/:entryId/withdraw',
      `${page}/withdraw`,
      'session',
      () => false,
    );
  }
}
