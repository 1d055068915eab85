import type { ModuleManifest } from '../../platform/manifest.js';
import { adminRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'admin',
  routes: adminRoutes,
  navigation: [{ key: 'admin', href: '/admin', text: 'Administration', order: 80, capability: 'administer' }],
};
