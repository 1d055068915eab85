import type { ModuleManifest } from '../../platform/manifest.js';
import { contactLogRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'contact-log',
  routes: contactLogRoutes,
  caseTabs: [
    {
      key: 'contact-log',
      label: 'Contact log',
      path: '/contact-log',
      order: 40,
      shownWhen: { reads: 'victim_contact' },
    },
  ],
  leak,
};
