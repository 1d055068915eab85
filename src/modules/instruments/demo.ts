import type { DemoSeed } from '../../platform/demo-seed.js';
import { importTemplates } from './service.js';

/** Recolo's own instrument templates, so the demo has a screening and an SPJ instrument. */
export const demo: DemoSeed = {
  order: 70,
  async seed(ctx) {
    for (const { file, outcome } of await importTemplates(ctx.tx, {
      userId: null,
      requestId: 'demo-seed',
      credential: null,
      audit: ctx.auditKeys,
    })) {
      if (outcome !== 'exists' && !outcome.ok)
        throw new Error(`The instrument template ${file} was refused: ${outcome.problems.join('; ')}`);
    }
  },
};
