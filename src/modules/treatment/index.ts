import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { treatmentRoutes } from './routes.js';
import { dischargeEvents, planEvents } from './timeline.js';

/**
 * The intervention (issue 14): formulation, intervention plan, outcome measures and discharge.
 * See src/platform/manifest.ts.
 */
export const manifest: ModuleManifest = {
  name: 'treatment',
  routes: treatmentRoutes,
  demo,
  caseTabs: [
    {
      key: 'formulation',
      label: 'Formulation',
      path: '/formulation',
      order: 62,
      shownWhen: { reads: 'clinical' },
    },
    {
      key: 'intervention-plan',
      label: 'Intervention plan',
      path: '/intervention-plan',
      order: 63,
      shownWhen: { reads: 'core' },
    },
    {
      key: 'outcome-measures',
      label: 'Outcome measures',
      path: '/outcome-measures',
      order: 64,
      shownWhen: { reads: 'clinical' },
    },
    { key: 'discharge', label: 'Discharge', path: '/discharge', order: 65, shownWhen: { reads: 'core' } },
  ],
  timeline: [planEvents, dischargeEvents],
  leak,
};
