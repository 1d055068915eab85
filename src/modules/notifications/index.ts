import type { ModuleManifest } from '../../platform/manifest.js';
import { notificationRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'notifications',
  routes: notificationRoutes,
  navigation: [
    { key: 'notifications', href: '/notifications', text: 'Notifications', order: 90, showsUnread: true },
  ],
  leak,
};
