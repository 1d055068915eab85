import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { mappaReviewAlerts } from './jobs.js';
import { leak } from './leak.js';
import { mappaMaracRoutes } from './routes.js';
import { mappaMaracEvents } from './timeline.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'mappa-marac',
  routes: mappaMaracRoutes,
  demo,
  caseTabs: [
    {
      key: 'mappa',
      label: 'MAPPA and MARAC',
      path: '/mappa',
      order: 86,
      shownWhen: { reads: 'core' },
      alsoCurrentFor: ['marac', 'marac-meetings'],
    },
  ],
  timeline: [mappaMaracEvents],
  jobs: [mappaReviewAlerts],
  leak,
};
