import type { ModuleManifest } from '../../platform/manifest.js';
import { demo } from './demo.js';
import { leak } from './leak.js';
import { evaluationRoutes } from './routes.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'evaluation',
  routes: evaluationRoutes,
  navigation: [
    { key: 'evaluation', href: '/evaluation', text: 'Evaluation', order: 72, capability: 'evaluate' },
    {
      key: 'evaluation-rates',
      href: '/evaluation/rates',
      text: 'Cost rates',
      order: 73,
      capability: 'set_evaluation_rates',
    },
  ],
  demo,
  leak,
};
