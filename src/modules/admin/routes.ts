import type { FastifyPluginAsync } from 'fastify';
import { adminApi } from './api.js';
import { adminPages } from './pages.js';

/** Administration: the pages (pages.ts) and the API (api.ts), all for administrators only. */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  await adminPages(app);
  await adminApi(app);
};
