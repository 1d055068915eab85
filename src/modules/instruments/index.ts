import type { ModuleManifest } from '../../platform/manifest.js';
import { instrumentRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'instruments',
  routes: instrumentRoutes,
  demo,
};
