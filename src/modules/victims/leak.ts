import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for victims: names are core, contact details victim_contact. */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/victims',
    'GET /api/v1/cases/:id/victims',
    'GET /cases/:id/victims/:victimId/contact',
    'GET /cases/:id/victims/add',
    'GET /cases/:id/victims/:victimId/contact/withdraw',
    'GET /api/v1/cases/:id/victims/:victimId/contact/amendments',
  ],
  tables: [
    { table: 'case_victim', kind: 'case_victim', key: 'id::text' },
    { table: 'victim_contact', kind: 'victim_contact', key: 'id::text' },
    { table: 'victim_contact_amendment', kind: 'victim_contact_amendment', key: 'id::text' },
  ],
  calls(k) {
    const { world } = k;
    for (const c of world.cases) {
      const core = () => k.reads(c, 'core');
      const victim = (r: Parameters<typeof k.may>[0]) => k.victimsOf(c).includes(r);
      // the standing contact details (those withdrawn as entered in error are never shown again)
      // and, on the page, the reasons of their corrections (issue 11)
      const contact = (r: Parameters<typeof k.may>[0]) =>
        k.isKind(r, c, 'victim_contact') && !r.withdrawn && k.may(r);
      const correction = (r: Parameters<typeof k.may>[0]) =>
        k.isKind(r, c, 'victim_contact_amendment') && k.may(r);
      k.addForCase(
        c,
        'GET /cases/:id/victims',
        `/cases/${c.id}/victims`,
        'session',
        (r) => core() && (k.inHeader(c, r) || victim(r) || contact(r) || correction(r)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/victims',
        `/api/v1/cases/${c.id}/victims`,
        'token',
        (r) => core() && (victim(r) || contact(r)),
      );
      // the advocate's form to change one victim's contact details
      for (const cv of c.caseVictimIds) {
        k.addForCase(
          c,
          'GET /cases/:id/victims/:victimId/contact',
          `/cases/${c.id}/victims/${cv}/contact`,
          'session',
          (r) => k.mayEditContact(c) && core() && (k.inHeader(c, r) || (contact(r) && r.caseVictimId === cv)),
        );
        // the corrections of the victim's contact details: victim-contact, never under break-glass
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/victims/:victimId/contact/amendments',
          `/api/v1/cases/${c.id}/victims/${cv}/contact/amendments`,
          'token',
          (r) => core() && correction(r) && r.caseVictimId === cv,
        );
        // the withdrawal's confirmation needs victim-contact write (not modelled): nothing it shows
        // may reach anyone who may not read it
        k.addForCase(
          c,
          'GET /cases/:id/victims/:victimId/contact/withdraw',
          `/cases/${c.id}/victims/${cv}/contact/withdraw`,
          'session',
          () => false,
        );
      }
      // ...and that form asked for with a victim of another case: never anything of that victim
      const next = world.cases[(world.cases.indexOf(c) + 1) % world.cases.length]!;
      if (next !== c && next.caseVictimIds.length) {
        k.addForCase(
          c,
          'GET /cases/:id/victims/:victimId/contact (victim of another case)',
          `/cases/${c.id}/victims/${next.caseVictimIds[0]!}/contact`,
          'session',
          () => false,
        );
      }
      // a form that shows only the case header
      k.addForCase(c, 'GET /cases/:id/victims/add', `/cases/${c.id}/victims/add`, 'session', () => false);
    }
  },
};
