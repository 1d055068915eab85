import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for consultation advice (core) and its letter (a disclosure of it). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/consultation',
    'GET /api/v1/cases/:id/consultations',
    'GET /cases/:id/consultation/:consultationId/letter',
    'GET /cases/:id/consultation/:consultationId/letter.txt',
  ],
  tables: [{ table: 'consultation', kind: 'consultation', key: 'id::text' }],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      k.addForCase(
        c,
        'GET /cases/:id/consultation',
        `/cases/${c.id}/consultation`,
        'session',
        (r) => core() && (k.inHeader(c, r) || k.isKind(r, c, 'consultation')),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/consultations',
        `/api/v1/cases/${c.id}/consultations`,
        'token',
        (r) => core() && k.isKind(r, c, 'consultation'),
      );
      for (const advice of k.ofCase(c).filter((r) => r.kind === 'consultation')) {
        for (const [route, url] of [
          [
            'GET /cases/:id/consultation/:consultationId/letter',
            `/cases/${c.id}/consultation/${advice.id}/letter`,
          ],
          [
            'GET /cases/:id/consultation/:consultationId/letter.txt',
            `/cases/${c.id}/consultation/${advice.id}/letter.txt`,
          ],
        ] as const)
          k.addForCase(c, route, url, 'session', (r) => core() && (k.inHeader(c, r) || r === advice));
      }
    }
  },
};
