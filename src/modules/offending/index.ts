import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { offendingRoutes } from './routes.js';
import { courtEvents, newOffenceEvents } from './timeline.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'offending',
  routes: offendingRoutes,
  demo,
  caseTabs: [
    {
      key: 'charges',
      label: 'Court and offending',
      path: '/charges',
      order: 85,
      shownWhen: { reads: 'core' },
      alsoCurrentFor: ['court-outcomes', 'new-offending'],
    },
  ],
  timeline: [courtEvents, newOffenceEvents],
  leak,
};
