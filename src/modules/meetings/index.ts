import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { meetingRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'meetings',
  routes: meetingRoutes,
  navigation: [
    { key: 'meetings', href: '/meetings', text: 'Meetings', order: 45, capability: 'chair_meetings' },
  ],
  demo,
  leak,
};
