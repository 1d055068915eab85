import type { ModuleManifest } from '../../platform/manifest.js';
import { referralRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'referrals',
  routes: referralRoutes,
  navigation: [
    { key: 'refer', href: '/referrals/new', text: 'Refer a case', order: 20, capability: 'refer' },
  ],
  leak,
};
