import type { LeakCoverage } from '../../platform/leak.js';

/** The leak test's catalogue for the diary import: its forms show only the case header. */
export const leak: LeakCoverage = {
  routes: ['GET /cases/:id/incidents/import', 'GET /cases/:id/incidents/import/preview'],
  calls(k) {
    for (const c of k.world.cases) {
      // the upload form, and the preview without an import under way
      for (const path of ['incidents/import', 'incidents/import/preview']) {
        k.addForCase(c, `GET /cases/:id/${path}`, `/cases/${c.id}/${path}`, 'session', () => false);
      }
    }
  },
};
