import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';

/** Consultation on the demo's consultation-only case (Holt: under police investigation). Fictional. */
export const demo: DemoSeed = {
  order: 44,
  async seed(ctx) {
    const c = ctx.caseOf('Holt');
    const asked = demoRecordDate(c, 21);
    await ctx.tx
      .insertInto('consultation')
      .values({
        case_id: c.caseId,
        requested_by: 'DC Sam Ashby, investigating officer',
        requesting_agency: 'Hampshire Police',
        requested_on: asked.toISOString().slice(0, 10),
        question:
          'How should we approach the interview about his beliefs about the relationship, and is there anything that suggests a risk of escalation?',
        advice:
          'Ask open questions about how he understood her friendliness and what he expected to happen. Avoid challenging his account head-on at first interview. The pattern fits an intimacy-seeking presentation; the risk of escalation rises if he believes a third party is keeping them apart.',
        recommended_actions:
          'Consider asking for bail conditions covering her workplace. Re-refer for assessment if he is charged.',
        follow_up_on: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        author_id: ctx.userId('forensic_psychologist'),
        created_at: demoRecordDate(c, 20),
      })
      .execute();
  },
};
