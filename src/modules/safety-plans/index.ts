import type { ModuleManifest } from '../../platform/manifest.js';
import { safetyPlanRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'safety-plans',
  routes: safetyPlanRoutes,
  caseTabs: [
    {
      key: 'safety-plans',
      label: 'Safety plans',
      path: '/safety-plans',
      order: 30,
      shownWhen: { reads: 'victim_voice' },
    },
  ],
  leak,
};
