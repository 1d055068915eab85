import type { FastifyPluginAsync } from 'fastify';
import { accountRoutes } from './account/routes.js';
import { caseRoutes } from './cases/routes.js';
import { healthRoutes } from './health/routes.js';
import { referralRoutes } from './referrals/routes.js';

/** Every capability registers its pages and API routes here, in one list. */
export const modules: FastifyPluginAsync[] = [healthRoutes, accountRoutes, caseRoutes, referralRoutes];
