import type { FastifyPluginAsync } from 'fastify';
import { assessmentApiRoutes } from './api.js';
import { assessmentPageRoutes } from './pages.js';

/**
 * Risk assessments on a case: start one with an instrument, answer it section by section over as
 * many sittings as it takes, add the typology, override, plan and review date, and complete it.
 * Completed assessments are locked; corrections are addenda. Pages and /api/v1 alike.
 */
export const assessmentRoutes: FastifyPluginAsync = async (app) => {
  await app.register(assessmentPageRoutes);
  await app.register(assessmentApiRoutes);
};
