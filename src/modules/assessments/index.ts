import type { ModuleManifest } from '../../platform/manifest.js';
import { assessmentEvents } from './timeline.js';
import { assessmentRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'assessments',
  routes: assessmentRoutes,
  timeline: [assessmentEvents],
  leak,
};
