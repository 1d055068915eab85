import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { consultationRoutes } from './routes.js';
import { consultationEvents } from './timeline.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'consultation',
  routes: consultationRoutes,
  caseTabs: [
    {
      key: 'consultation',
      label: 'Consultation',
      path: '/consultation',
      order: 54,
      shownWhen: { reads: 'core' },
    },
  ],
  timeline: [consultationEvents],
  demo,
  leak,
};
