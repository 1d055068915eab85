import type { LeakCoverage } from '../../platform/leak.js';

/**
 * The leak test's catalogue for the log of contact with victims, with each entry's page, its
 * corrections, and the correction and withdrawal forms (issue 11): victim-contact throughout.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/contact-log',
    'GET /api/v1/cases/:id/contact-log',
    'GET /cases/:id/contact-log/:entryId',
    'GET /api/v1/cases/:id/contact-log/:entryId/amendments',
    'GET /cases/:id/contact-log/:entryId/amend',
    'GET /cases/:id/contact-log/:entryId/withdraw',
  ],
  tables: [
    { table: 'victim_contact_log', kind: 'victim_contact_log', key: 'id::text' },
    { table: 'victim_contact_log_amendment', kind: 'victim_contact_log_amendment', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      k.addCompartmentList(c, {
        slug: 'contact-log',
        compartment: 'victim_contact',
        kind: 'victim_contact_log',
      });
      const entries = k.withMarker.filter((r) => k.isKind(r, c, 'victim_contact_log'));
      for (const entry of entries) {
        const history = (r: Parameters<typeof k.may>[0]) =>
          r.kind === 'victim_contact_log_amendment' && r.recordId === entry.id && k.may(r);
        k.addForCase(
          c,
          'GET /cases/:id/contact-log/:entryId',
          `/cases/${c.id}/contact-log/${entry.id}`,
          'session',
          (r) => k.may(entry) && (k.inHeader(c, r) || r === entry || history(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/contact-log/:entryId/amendments',
          `/api/v1/cases/${c.id}/contact-log/${entry.id}/amendments`,
          'token',
          (r) => k.may(entry) && history(r),
        );
      }
      // the forms need victim-contact write, which the oracle does not model: nothing they show
      // may reach anyone who may not read it
      const first = entries.find((r) => !r.withdrawn);
      if (first)
        for (const form of ['amend', 'withdraw'])
          k.addForCase(
            c,
            `GET /cases/:id/contact-log/:entryId/${form}`,
            `/cases/${c.id}/contact-log/${first.id}/${form}`,
            'session',
            () => false,
          );
    }
  },
};
