import type { ModuleManifest } from '../../platform/manifest.js';
import { peopleRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'people',
  routes: peopleRoutes,
  navigation: [
    { key: 'people', href: '/people', text: 'Find a person', order: 30, capability: 'work_on_cases' },
  ],
  leak,
};
