import type { ModuleManifest } from '../../platform/manifest.js';
import { incidentEvents } from './timeline.js';
import { incidentRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'incidents',
  routes: incidentRoutes,
  caseTabs: [{ key: 'incidents', label: 'Incidents', path: '/incidents', order: 80, shownWhen: 'always' }],
  timeline: [incidentEvents],
  leak,
};
