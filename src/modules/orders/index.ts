import type { ModuleManifest } from '../../platform/manifest.js';
import { sendOrderAlerts } from './alerts.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { orderRoutes } from './routes.js';
import { breachEvents, orderEvents } from './timeline.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'orders',
  routes: orderRoutes,
  caseTabs: [
    {
      key: 'orders',
      label: 'Orders',
      path: '/orders',
      order: 85,
      shownWhen: { reads: 'core' },
      alsoCurrentFor: ['protected-people'],
    },
  ],
  timeline: [orderEvents, breachEvents],
  demo,
  jobs: [{ name: 'order_alerts', cron: '7 * * * *', run: (deps, logger) => sendOrderAlerts(deps, logger) }],
  leak,
};
