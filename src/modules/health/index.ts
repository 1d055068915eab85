import type { ModuleManifest } from '../../platform/manifest.js';
import { healthRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'health',
  routes: healthRoutes,
};
