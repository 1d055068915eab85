import type { ModuleManifest } from '../../platform/manifest.js';
import { voiceRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'voice',
  routes: voiceRoutes,
  demo,
  caseTabs: [
    {
      key: 'voice',
      label: 'Victim’s voice',
      path: '/voice',
      order: 20,
      shownWhen: { reads: 'victim_voice' },
    },
  ],
};
