import type { ModuleManifest } from '../../platform/manifest.js';
import { leak } from './leak.js';
import { referralCorrectionRoutes } from './routes.js';

/**
 * What this capability adds to the app: see src/platform/manifest.ts. Correcting what was
 * recorded at referral (issue 11): reached from the case overview's "Referral" and "Offences" and
 * from the victims page (no tab of its own).
 */
export const manifest: ModuleManifest = {
  name: 'referral-corrections',
  routes: referralCorrectionRoutes,
  leak,
};
