import type { DemoSeed } from '../../platform/demo-seed.js';
import { buildEvaluationCohort } from './cohort-builder.js';

/** How many fictional cases the demo's second site holds for the evaluation. */
export const DEMO_COHORT_SIZE = 120;

/**
 * The evaluation's demo data (fictional): a second site, Cheshire, with a cohort of cases over two
 * years with outcomes (status changes, sessions and staff time, structured-judgement ratings,
 * offences, victims' incidents, safety plans, the victim's voice, discharges), so /evaluation shows
 * curves and tables. Hampshire's seven cases count too; Hampshire's coordinator sees only those.
 * After the instruments (70) and the clinical templates (80), whose definitions it uses.
 */
export const demo: DemoSeed = {
  order: 95,
  async seed(ctx) {
    const site = await ctx.tx
      .insertInto('site')
      .values({ code: 'CHE', name: 'Cheshire', area_description: 'Fictional evaluation site' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const agency = await ctx.tx
      .insertInto('agency')
      .values({ site_id: site.id, kind: 'police', name: 'Cheshire Constabulary (fictional)' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const spj = await ctx.tx
      .selectFrom('instrument_version as v')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .select('v.id')
      .where('i.tier', '=', 'spj')
      .orderBy('v.version', 'desc')
      .executeTakeFirst();
    const measure = await ctx.tx
      .selectFrom('clinical_template')
      .select('id')
      .where('kind', '=', 'outcome_measure')
      .orderBy('published_at')
      .executeTakeFirst();
    await buildEvaluationCohort(ctx.tx, {
      siteId: site.id,
      agencyId: agency.id,
      createdBy: ctx.userId('site_coordinator'),
      clinicianId: ctx.userId('clinical_psychologist'),
      advocateId: ctx.userId('stalking_advocate'),
      team: [],
      count: DEMO_COHORT_SIZE,
      seed: 2026,
      spjVersionId: spj?.id ?? null,
      measureTemplateId: measure?.id ?? null,
      referencePrefix: 'CHE',
    });
  },
};
