import type { ModuleManifest } from '../../platform/manifest.js';
import { intelligenceRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'intelligence',
  routes: intelligenceRoutes,
  demo,
  caseTabs: [
    {
      key: 'intelligence',
      label: 'Police intelligence',
      path: '/intelligence',
      order: 70,
      shownWhen: { reads: 'police_intelligence' },
    },
  ],
};
