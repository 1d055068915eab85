import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { sendActionReminders } from './reminders.js';
import { actionRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'actions',
  routes: actionRoutes,
  caseTabs: [{ key: 'actions', label: 'Actions', path: '/actions', order: 88, shownWhen: { reads: 'core' } }],
  navigation: [
    { key: 'actions', href: '/actions', text: 'My actions', order: 42, capability: 'work_on_cases' },
  ],
  jobs: [
    {
      name: 'action_reminders',
      cron: '17 * * * *',
      run: (deps, logger) => sendActionReminders(deps, logger),
    },
  ],
  leak,
  demo,
};
