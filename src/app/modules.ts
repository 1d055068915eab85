import { PLATFORM_JOBS, type JobDefinition } from '../platform/jobs/index.js';
import type { ModuleManifest } from '../platform/manifest.js';
import { manifest as accessReview } from '../modules/access-review/index.js';
import { manifest as account } from '../modules/account/index.js';
import { manifest as admin } from '../modules/admin/index.js';
import { manifest as assessments } from '../modules/assessments/index.js';
import { manifest as breakGlass } from '../modules/break-glass/index.js';
import { manifest as cases } from '../modules/cases/index.js';
import { manifest as clinical } from '../modules/clinical/index.js';
import { manifest as consultation } from '../modules/consultation/index.js';
import { manifest as contactLog } from '../modules/contact-log/index.js';
import { manifest as diaryImport } from '../modules/diary-import/index.js';
import { manifest as evaluation } from '../modules/evaluation/index.js';
import { manifest as figures } from '../modules/figures/index.js';
import { manifest as health } from '../modules/health/index.js';
import { manifest as incidents } from '../modules/incidents/index.js';
import { manifest as instruments } from '../modules/instruments/index.js';
import { manifest as intelligence } from '../modules/intelligence/index.js';
import { manifest as investigation } from '../modules/investigation/index.js';
import { manifest as personAmendments } from '../modules/person-amendments/index.js';
import { manifest as notifications } from '../modules/notifications/index.js';
import { manifest as orders } from '../modules/orders/index.js';
import { manifest as people } from '../modules/people/index.js';
import { manifest as referrals } from '../modules/referrals/index.js';
import { manifest as referralCorrections } from '../modules/referral-corrections/index.js';
import { manifest as reviews } from '../modules/reviews/index.js';
import { manifest as risk } from '../modules/risk/index.js';
import { manifest as safetyPlans } from '../modules/safety-plans/index.js';
import { manifest as sessions } from '../modules/sessions/index.js';
import { manifest as timeline } from '../modules/timeline/index.js';
import { manifest as treatment } from '../modules/treatment/index.js';
import { manifest as victims } from '../modules/victims/index.js';
import { manifest as voice } from '../modules/voice/index.js';
import { manifest as offending } from '../modules/offending/index.js';
import { manifest as mappaMarac } from '../modules/mappa-marac/index.js';
import { manifest as actions } from '../modules/actions/index.js';
import { manifest as meetings } from '../modules/meetings/index.js';

/**
 * Every capability of Recolo, one manifest each: the app registers their routes in this order
 * (the diary import before incidents, so /incidents/import is not read as an incident id) and
 * builds the case tabs, navigation and timeline from them. Adding a capability adds one line here.
 */
export const MANIFESTS: readonly ModuleManifest[] = [
  health,
  account,
  admin,
  cases,
  investigation,
  personAmendments,
  referrals,
  referralCorrections,
  victims,
  voice,
  safetyPlans,
  contactLog,
  diaryImport,
  risk,
  clinical,
  intelligence,
  breakGlass,
  people,
  accessReview,
  figures,
  evaluation,
  instruments,
  reviews,
  notifications,
  assessments,
  incidents,
  orders,
  timeline,
  consultation,
  sessions,
  offending,
  mappaMarac,
  treatment,
  actions,
  meetings,
];

/** The background jobs the worker runs: the platform's own (audit seal, session purge) and each manifest's. */
export const JOBS: readonly JobDefinition[] = [...PLATFORM_JOBS, ...MANIFESTS.flatMap((m) => m.jobs ?? [])];
