import type { Transaction } from 'kysely';
import type { Role } from '../../platform/auth/users.js';
import type { DB } from '../../platform/db/schema.js';
import { demoRecordDate, type DemoCaseRef, type DemoSeed } from '../../platform/demo-seed.js';
import { importClinicalTemplates } from './templates.js';

/**
 * A course of intervention on two demo cases (fictional): Simon Ettridge's, complete (formulation,
 * plan and its review, outcome measures before and after showing reliable change, a planned
 * discharge with its letter and every agency's agreement); Adrian Fenwick has a completed
 * structured risk assessment (which a plan needs), ready for his formulation and plan.
 */

type Tx = Transaction<DB>;

const day = (c: DemoCaseRef, daysAgo: number) => demoRecordDate(c, daysAgo).toISOString().slice(0, 10);

async function templateId(tx: Tx, code: string): Promise<string> {
  const row = await tx
    .selectFrom('clinical_template')
    .select('id')
    .where('code', '=', code)
    .where('superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Answers on 0–4 items that add up to the score, the items in order. */
function answersFor(items: number, score: number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = score;
  for (let i = 1; i <= items; i += 1) {
    const v = Math.min(4, Math.ceil(left / (items - i + 1)));
    out[`q${i}`] = v;
    left -= v;
  }
  return out;
}

async function assessment(
  tx: Tx,
  c: DemoCaseRef,
  by: string,
  daysAgo: number,
  reviewInDays?: number,
): Promise<string> {
  const spj = await tx
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .select('v.id')
    .where('i.tier', '=', 'spj')
    .where('v.superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  const at = demoRecordDate(c, daysAgo);
  const row = await tx
    .insertInto('risk_assessment')
    .values({
      case_id: c.caseId,
      instrument_version_id: spj.id,
      status: 'completed',
      assessor_id: by,
      answers: JSON.stringify({}),
      typology: c.key === 'Ettridge' ? 'resentful' : 'rejected',
      computed_band: null,
      override_band: 'moderate',
      override_reason: 'Structured professional judgement at the assessment interview',
      plan_actions: JSON.stringify([{ action: 'Formulation and intervention plan', owner: 'Health team' }]),
      next_review_date:
        reviewInDays === undefined
          ? day(c, Math.max(0, daysAgo - 90))
          : new Date(Date.now() + reviewInDays * 86_400_000).toISOString().slice(0, 10),
      started_at: at,
      updated_at: at,
      completed_at: at,
      completed_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const demo: DemoSeed = {
  // after the instrument templates (70)
  order: 80,
  async seed(ctx) {
    const tx = ctx.tx;
    await importClinicalTemplates(tx, null);
    const formulationT = await templateId(tx, 'recolo-formulation-template');
    const wellbeing = await templateId(tx, 'recolo-wellbeing-template');
    const rumination = await templateId(tx, 'recolo-rumination-template');
    const names = new Map(
      (await tx.selectFrom('app_user').select(['id', 'display_name']).execute()).map((u) => [
        u.id,
        u.display_name,
      ]),
    );
    const who = (role: Role) => ({ id: ctx.userId(role), name: names.get(ctx.userId(role)) ?? role });

    // ---- Simon Ettridge: a completed course ----
    {
      const c = ctx.caseOf('Ettridge');
      const psy = who('forensic_psychologist');
      const probation = who('probation_practitioner');
      const ra = await assessment(tx, c, psy.id, 212);
      const f = await tx
        .insertInto('formulation')
        .values({
          case_id: c.caseId,
          version: 1,
          template_id: formulationT,
          answers: JSON.stringify({
            presenting:
              'Over eight months after their father’s death, repeated messages and visits to his sister’s home and workplace about the estate.',
            predisposing:
              'A long-standing sense of having been treated unfairly in the family; rigid thinking about fairness.',
            precipitating: 'The will, which left the house to his sister, and the sale of the family home.',
            perpetuating:
              'Rumination about the estate, isolation after moving out, and a belief that persistence would be rewarded.',
            protective: 'Stable employment he wants to keep; no substance misuse; a supportive partner.',
            function:
              'A grievance: the contact sought acknowledgement of the unfairness and to make his sister feel it.',
            typology_link: 'Consistent with a resentful presentation, as the risk assessment found.',
            implications:
              'Work on grievance, rumination and problem solving; a relapse prevention plan shared with probation.',
          }),
          typology: 'resentful',
          author_id: psy.id,
          signed_off_by: psy.id,
          signed_off_at: demoRecordDate(c, 200),
          created_at: demoRecordDate(c, 205),
          updated_at: demoRecordDate(c, 200),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('formulation_summary')
        .values({
          case_id: c.caseId,
          formulation_id: f.id,
          summary:
            'The contact is driven by a grievance over the estate. He responds best to clear, consistent boundaries and practical problem solving.',
          shared_by: psy.id,
          created_at: demoRecordDate(c, 199),
        })
        .execute();
      const goals = [
        {
          area: 'stalking_behaviour',
          goal: 'No contact with Hannah or her family',
          measure: 'Police and probation reports',
        },
        { area: 'wellbeing', goal: 'Less preoccupied with the estate', measure: 'Rumination template score' },
        {
          area: 'compliance',
          goal: 'Keeps to every licence condition',
          measure: 'Probation supervision record',
        },
      ];
      const components = [
        {
          component: 'individual_therapy',
          leadId: psy.id,
          lead: psy.name,
          frequency: 'Weekly',
          plannedSessions: 16,
        },
        {
          component: 'joint_probation',
          leadId: probation.id,
          lead: probation.name,
          frequency: 'Monthly',
          plannedSessions: 4,
        },
      ];
      const v1 = await tx
        .insertInto('intervention_plan')
        .values({
          case_id: c.caseId,
          version: 1,
          risk_assessment_id: ra,
          goals: JSON.stringify(goals),
          components: JSON.stringify(components),
          review_date: day(c, 120),
          author_id: psy.id,
          created_at: demoRecordDate(c, 198),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('intervention_plan_rationale')
        .values({
          case_id: c.caseId,
          plan_id: v1.id,
          rationale:
            'Grievance-focused work first, as rumination maintains the behaviour; joint sessions with probation to keep the relapse plan live.',
          author_id: psy.id,
          created_at: demoRecordDate(c, 198),
        })
        .execute();
      await tx
        .insertInto('intervention_plan')
        .values({
          case_id: c.caseId,
          version: 2,
          risk_assessment_id: ra,
          goals: JSON.stringify([
            ...goals,
            {
              area: 'relationships',
              goal: 'Settles the estate through his solicitor only',
              measure: 'His own account, checked with probation',
            },
          ]),
          components: JSON.stringify(components),
          review_date: day(c, 65),
          review_note: 'Review at session 8: good engagement; added a goal on the estate.',
          author_id: psy.id,
          created_at: demoRecordDate(c, 130),
        })
        .execute();
      for (const [t, items, stage, daysAgo, score] of [
        [wellbeing, 10, 'pre', 204, 30],
        [wellbeing, 10, 'post', 70, 12],
        [rumination, 8, 'pre', 204, 24],
        [rumination, 8, 'during', 140, 19],
        [rumination, 8, 'post', 70, 12],
      ] as const) {
        await tx
          .insertInto('outcome_measure_score')
          .values({
            case_id: c.caseId,
            template_id: t,
            stage,
            administered_on: day(c, daysAgo),
            answers: JSON.stringify(answersFor(items, score)),
            score,
            author_id: psy.id,
            created_at: demoRecordDate(c, daysAgo),
          })
          .execute();
      }
      const d = await tx
        .insertInto('discharge')
        .values({
          case_id: c.caseId,
          kind: 'planned',
          unplanned_reason: null,
          reason: 'Completed the intervention: attended 16 of 16 sessions.',
          discharged_on: day(c, 65),
          letter_to: `${probation.name}, probation practitioner`,
          letter:
            'Simon Ettridge has completed the intervention, attending all 16 sessions.\n' +
            'He can describe the effect of his behaviour on his sister and her children, and his own warning signs. ' +
            'A relapse prevention plan has been agreed with him and is attached for supervision.\n' +
            'Please contact the forensic team if there are any concerns.',
          recorded_by: psy.id,
          created_at: demoRecordDate(c, 65),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('discharge_summary')
        .values({
          case_id: c.caseId,
          discharge_id: d.id,
          summary:
            'Attended 16 of 16 sessions. Rumination and wellbeing scores both show reliable, clinically significant improvement. ' +
            'Insight into the effect on Hannah; warning signs identified; relapse prevention plan in place.',
          author_id: psy.id,
          created_at: demoRecordDate(c, 65),
        })
        .execute();
      const agencies = await tx
        .selectFrom('case_team as t')
        .innerJoin('app_user as u', 'u.id', 't.user_id')
        .innerJoin('agency as a', 'a.id', 'u.agency_id')
        .select(['u.id', 'u.agency_id'])
        .where('t.case_id', '=', c.caseId)
        .where('a.kind', '<>', 'programme')
        .execute();
      const seen = new Set<string>();
      for (const m of agencies) {
        if (!m.agency_id || seen.has(m.agency_id)) continue;
        seen.add(m.agency_id);
        await tx
          .insertInto('discharge_agreement')
          .values({
            case_id: c.caseId,
            discharge_id: d.id,
            agency_id: m.agency_id,
            agreed_by: m.id,
            agreed_at: demoRecordDate(c, 62),
          })
          .execute();
      }
    }

    // ---- Adrian Fenwick: assessed, ready for the formulation and the plan ----
    {
      const c = ctx.caseOf('Fenwick');
      await assessment(tx, c, who('forensic_psychiatrist').id, 72, 60);
    }
  },
};
