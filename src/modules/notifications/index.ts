import type { FastifyPluginAsync } from 'fastify';
import type { ModuleManifest } from '../../platform/manifest.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { demo } from './demo.js';
import { deliverMail, queueDailyDigests } from './jobs.js';
import { leak } from './leak.js';
import { notificationRoutes } from './routes.js';
import { settingsRoutes } from './settings-routes.js';

const routes: FastifyPluginAsync = async (app) => {
  await app.register(notificationRoutes);
  await app.register(settingsRoutes);
  await app.register(deadLetterRoutes);
};

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'notifications',
  routes,
  navigation: [
    { key: 'notifications', href: '/notifications', text: 'Notifications', order: 90, showsUnread: true },
  ],
  jobs: [deliverMail, queueDailyDigests],
  demo,
  leak,
};
