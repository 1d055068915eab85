import type { ModuleManifest } from '../../platform/manifest.js';
import { reviewRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'reviews',
  routes: reviewRoutes,
  navigation: [
    { key: 'reviews', href: '/reviews', text: 'Reviews due', order: 40, capability: 'work_on_cases' },
  ],
  leak,
};
