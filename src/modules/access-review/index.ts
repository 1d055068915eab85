import type { ModuleManifest } from '../../platform/manifest.js';
import { accessReviewRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'access-review',
  routes: accessReviewRoutes,
  navigation: [
    {
      key: 'access-review',
      href: '/access-review',
      text: 'Access review',
      order: 60,
      capability: 'review_access',
    },
  ],
  leak,
};
