import type { LeakCoverage, WRecord } from '../../platform/leak.js';

const OTHER = { kind: 'other' } as const;

/** The leak test's catalogue for incidents and their evidence files (the core compartment). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/incidents',
    'GET /api/v1/cases/:id/incidents',
    'GET /cases/:id/incidents/new',
    'GET /cases/:id/incidents/:incidentId',
    'GET /api/v1/cases/:id/incidents/:incidentId',
    'GET /api/v1/cases/:id/incidents/:incidentId/amendments',
    'GET /cases/:id/incidents/:incidentId/amend',
    'GET /cases/:id/incidents/:incidentId/withdraw',
    'GET /cases/:id/incidents/:incidentId/evidence/:fileId/withdraw',
  ],
  tables: [
    { table: 'incident', kind: 'incident', key: 'id::text' },
    { table: 'evidence_file', kind: 'evidence_file', key: 'id::text' },
    { table: 'incident_amendment', kind: 'incident_amendment', key: 'id::text' },
  ],
  calls(k) {
    const withEvidence = new Set(
      k.withMarker.filter((r) => r.kind === 'evidence_file').map((r) => r.incidentId),
    );
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      // the list shows when, behaviours and who, not the incidents' text
      k.addCompartmentList(c, {
        slug: 'incidents',
        compartment: 'core',
        kind: 'incident',
        pageOmitsText: true,
      });
      // one incident, with its evidence files (names and SHA-256; the files themselves not fetched)
      // (the incident with the evidence file: one per case keeps the run short)
      for (const incident of k.withMarker.filter(
        (r) => k.isKind(r, c, 'incident') && withEvidence.has(r.id),
      )) {
        // an evidence file's name is not shown under break-glass (mayReceive says when)
        const own = (r: WRecord) =>
          r === incident ||
          (r.kind === 'evidence_file' && r.incidentId === incident.id && k.mayReceive(r, OTHER));
        const correction = (r: WRecord) => r.kind === 'incident_amendment' && r.incidentId === incident.id;
        // the page shows the incident's corrections too; the API has its own route for them
        k.addForCase(
          c,
          'GET /cases/:id/incidents/:incidentId',
          `/cases/${c.id}/incidents/${incident.id}`,
          'session',
          (r) => core() && (k.inHeader(c, r) || own(r) || correction(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/incidents/:incidentId',
          `/api/v1/cases/${c.id}/incidents/${incident.id}`,
          'token',
          (r) => core() && own(r),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/incidents/:incidentId/amendments',
          `/api/v1/cases/${c.id}/incidents/${incident.id}/amendments`,
          'token',
          (r) => core() && correction(r),
        );
        // the correction and withdrawal pages need core write, which the oracle does not model:
        // nothing they show may reach anyone who may not read it (no record is required of them)
        k.addForCase(
          c,
          'GET /cases/:id/incidents/:incidentId/amend',
          `/cases/${c.id}/incidents/${incident.id}/amend`,
          'session',
          () => false,
        );
        k.addForCase(
          c,
          'GET /cases/:id/incidents/:incidentId/withdraw',
          `/cases/${c.id}/incidents/${incident.id}/withdraw`,
          'session',
          () => false,
        );
        for (const file of k.withMarker.filter(
          (r) => r.kind === 'evidence_file' && r.incidentId === incident.id,
        )) {
          k.addForCase(
            c,
            'GET /cases/:id/incidents/:incidentId/evidence/:fileId/withdraw',
            `/cases/${c.id}/incidents/${incident.id}/evidence/${file.id}/withdraw`,
            'session',
            () => false,
          );
        }
      }
      // ...and an incident of another case asked for under this one: never anything of it
      const foreign = k.withMarker.find((r) => r.kind === 'incident' && !r.caseIds.includes(c.id));
      if (foreign) {
        k.addForCase(
          c,
          'GET /cases/:id/incidents/:incidentId (incident of another case)',
          `/cases/${c.id}/incidents/${foreign.id}`,
          'session',
          () => false,
        );
      }
      // a form that shows only the case header
      k.addForCase(c, 'GET /cases/:id/incidents/new', `/cases/${c.id}/incidents/new`, 'session', () => false);
    }
  },
};
