import type { ModuleManifest } from '../../platform/manifest.js';
import { leak } from './leak.js';
import { personAmendmentRoutes } from './routes.js';

/**
 * What this capability adds to the app: see src/platform/manifest.ts. Reached from the case
 * overview's "Person referred" (no tab of its own).
 */
export const manifest: ModuleManifest = {
  name: 'person-amendments',
  routes: personAmendmentRoutes,
  leak,
};
