import type { ModuleManifest } from '../../platform/manifest.js';
import { riskRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'risk',
  routes: riskRoutes,
  demo,
  caseTabs: [
    {
      key: 'risk',
      label: 'Risk',
      path: '/risk',
      order: 50,
      shownWhen: { reads: 'risk' },
      alsoCurrentFor: ['risk-plans'],
    },
  ],
};
