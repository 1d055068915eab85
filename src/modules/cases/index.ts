import type { ModuleManifest } from '../../platform/manifest.js';
import { statusEvents } from './timeline.js';
import { caseRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'cases',
  routes: caseRoutes,
  navigation: [{ key: 'cases', href: '/cases', text: 'Cases', order: 10, capability: 'work_on_cases' }],
  caseTabs: [
    { key: 'overview', label: 'Overview', path: '', order: 0, shownWhen: 'always' },
    { key: 'team', label: 'Team', path: '/team', order: 100, shownWhen: 'always' },
    {
      key: 'status',
      label: 'Status',
      path: '/status',
      order: 110,
      shownWhen: 'canWriteCore',
      alsoCurrentFor: ['investigation'],
    },
    { key: 'access-log', label: 'Access log', path: '/access-log', order: 120, shownWhen: 'canSeeAccessLog' },
  ],
  timeline: [statusEvents],
  leak,
};
