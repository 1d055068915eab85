import type { ModuleManifest } from '../../platform/manifest.js';
import { accountRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'account',
  routes: accountRoutes,
  navigation: [{ key: 'account', href: '/account/api-tokens', text: 'API tokens', order: 100 }],
};
