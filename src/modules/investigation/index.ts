import type { ModuleManifest } from '../../platform/manifest.js';
import { investigationRoutes } from './routes.js';
import { investigationEvents } from './timeline.js';
import { leak } from './leak.js';

/**
 * What this capability adds to the app: see src/platform/manifest.ts. Reached from the case
 * overview and status pages (no tab of its own: it is part of the case's status).
 */
export const manifest: ModuleManifest = {
  name: 'investigation',
  routes: investigationRoutes,
  timeline: [investigationEvents],
  leak,
};
