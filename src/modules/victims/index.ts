import type { ModuleManifest } from '../../platform/manifest.js';
import { victimRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'victims',
  routes: victimRoutes,
  demo,
  caseTabs: [{ key: 'victims', label: 'Victims', path: '/victims', order: 10, shownWhen: { reads: 'core' } }],
};
