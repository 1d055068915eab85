import type { FastifyPluginAsync } from 'fastify';
import { accountRoutes } from './account/routes.js';
import { adminRoutes } from './admin/routes.js';
import { caseRoutes } from './cases/routes.js';
import { healthRoutes } from './health/routes.js';
import { referralRoutes } from './referrals/routes.js';
import { clinicalRoutes } from './clinical/routes.js';
import { intelligenceRoutes } from './intelligence/routes.js';
import { riskRoutes } from './risk/routes.js';
import { victimRoutes } from './victims/routes.js';
import { voiceRoutes } from './voice/routes.js';
import { safetyPlanRoutes } from './safety-plans/routes.js';
import { contactLogRoutes } from './contact-log/routes.js';
import { diaryImportRoutes } from './diary-import/routes.js';
import { breakGlassRoutes } from './break-glass/routes.js';
import { peopleRoutes } from './people/routes.js';
import { accessReviewRoutes } from './access-review/routes.js';
import { figuresRoutes } from './figures/routes.js';
import { instrumentRoutes } from './instruments/routes.js';
import { assessmentRoutes } from './assessments/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { reviewRoutes } from './reviews/routes.js';
import { incidentRoutes } from './incidents/routes.js';
import { timelineRoutes } from './timeline/routes.js';

/** Every capability registers its pages and API routes here, in one list. */
export const modules: FastifyPluginAsync[] = [
  healthRoutes,
  accountRoutes,
  adminRoutes,
  caseRoutes,
  referralRoutes,
  victimRoutes,
  voiceRoutes,
  safetyPlanRoutes,
  contactLogRoutes,
  diaryImportRoutes,
  riskRoutes,
  clinicalRoutes,
  intelligenceRoutes,
  breakGlassRoutes,
  peopleRoutes,
  accessReviewRoutes,
  figuresRoutes,
  instrumentRoutes,
  reviewRoutes,
  notificationRoutes,
  assessmentRoutes,
  incidentRoutes,
  timelineRoutes,
];
