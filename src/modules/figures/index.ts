import type { ModuleManifest } from '../../platform/manifest.js';
import { figuresRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'figures',
  routes: figuresRoutes,
  navigation: [{ key: 'figures', href: '/figures', text: 'Figures', order: 70, capability: 'see_figures' }],
  leak,
};
