import type { ModuleManifest } from '../../platform/manifest.js';
import { timelineRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'timeline',
  routes: timelineRoutes,
  caseTabs: [{ key: 'timeline', label: 'Timeline', path: '/timeline', order: 90, shownWhen: 'always' }],
  leak,
};
