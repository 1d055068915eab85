import type { ModuleManifest } from '../../platform/manifest.js';
import { breakGlassRoutes } from './routes.js';
import { demo } from './demo.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'break-glass',
  routes: breakGlassRoutes,
  demo,
  navigation: [
    {
      key: 'break-glass',
      href: '/break-glass/review',
      text: 'Break-glass review',
      order: 50,
      capability: 'coordinate_site',
    },
    {
      key: 'break-glass',
      href: '/break-glass',
      text: 'Break-glass',
      order: 51,
      capability: 'work_on_cases',
      unlessCapability: 'coordinate_site',
    },
  ],
};
