import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { sessionRoutes } from './routes.js';
import { sessionEvents } from './timeline.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'sessions',
  routes: sessionRoutes,
  caseTabs: [
    { key: 'sessions', label: 'Sessions', path: '/sessions', order: 55, shownWhen: { reads: 'core' } },
  ],
  navigation: [
    { key: 'diary', href: '/diary', text: 'My diary', order: 35, capability: 'deliver_interventions' },
  ],
  timeline: [sessionEvents],
  demo,
  leak,
};
