import type { ModuleManifest } from '../../platform/manifest.js';
import { clinicalRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'clinical',
  routes: clinicalRoutes,
  demo,
  caseTabs: [
    {
      key: 'clinical',
      label: 'Clinical notes',
      path: '/clinical',
      order: 60,
      shownWhen: { reads: 'clinical' },
    },
  ],
};
