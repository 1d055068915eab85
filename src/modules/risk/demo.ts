import type { Role } from '../../platform/auth/users.js';
import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';
import { isoDateDaysAhead } from '../../platform/fictional.js';

/**
 * Risk plans on the demo cases, by the subject's family name: `by` is the role of the demo account
 * that wrote each, `daysAgo` dates it, and its next review is `reviewInDays` from today. Fictional.
 */
const PLANS: Record<
  string,
  { by: Role; daysAgo: number; level: 'low' | 'moderate' | 'high'; summary: string; reviewInDays: number }[]
> = {
  Linwood: [
    {
      by: 'stalking_coordinator',
      daysAgo: 4,
      level: 'high',
      reviewInDays: 10,
      summary:
        'Screening: 9 of 11 stalking risk factors present, including escalation, visits to her home and ' +
        'hostility towards her new partner. Interim plan: pre-charge bail with no contact and an ' +
        'exclusion zone around her home and workplace; consider a stalking protection order; priority ' +
        'response marker on her address and phone; advocate to complete a safety plan with Emma this ' +
        'week. Review at the next multi-agency panel.',
    },
  ],
  Delaney: [
    {
      by: 'forensic_psychiatrist',
      daysAgo: 14,
      level: 'high',
      reviewInDays: 21,
      summary:
        'Fixation on Sophie and her family, escalating after she turned him down: loitering near her ' +
        'home and contact through her brother. No known access to weapons. Plan: keep the bail ' +
        'conditions and ask for a restraining order on conviction; psychiatric assessment before ' +
        'sentence; advocate to review the safety plan with Sophie weekly; police marker on her address.',
    },
  ],
  Holt: [
    {
      by: 'forensic_psychologist',
      daysAgo: 24,
      level: 'moderate',
      reviewInDays: 28,
      summary:
        'Consultation only while the police investigate. Structured judgement from the file: intimacy ' +
        'seeking and incompetent suitor features; online monitoring is the main concern. Plan: employer ' +
        'keeps them on different sites; police consider a stalking protection order; advocate supports ' +
        'Priya with online safety; screen again when the charging decision is made.',
    },
  ],
  Fenwick: [
    {
      by: 'clinical_psychologist',
      daysAgo: 30,
      level: 'moderate',
      reviewInDays: 42,
      summary:
        'Reassessed after eight sessions: rejected presentation; risk of persistence moderate, of ' +
        'violence moderate (earlier threats, no weapons). Protective: engaged in treatment, stable at ' +
        'the approved premises, abstinent. Plan: weekly sessions continue; probation monitor the ' +
        'licence and alcohol tests; advocate tells Laura of any change of address; refer to MAPPA at ' +
        'level 2 if he tries to contact her.',
    },
  ],
  Voss: [
    {
      by: 'clinical_psychologist',
      daysAgo: 40,
      level: 'moderate',
      reviewInDays: 35,
      summary:
        'Stranger stalking: fixation on an idealised woman he had never spoken to. Risk of persistence ' +
        'moderate, of violence low. Plan: bail conditions (no contact, not to enter the station or her ' +
        'road); weekly psychology sessions; occupational therapy for structure and social contact; ' +
        'advocate to review Megan’s travel safety plan.',
    },
  ],
  Carrow: [
    {
      by: 'stalking_coordinator',
      daysAgo: 44,
      level: 'low',
      reviewInDays: 90,
      summary:
        'Persistent letters to a public figure; no approach to her, no threats, nothing to suggest he ' +
        'knows where she lives. Low risk of escalation for now. Plan: the broadcaster passes any ' +
        'further letters to the police; Dorset police informed; refer again if he comes to Hampshire or ' +
        'the letters change in tone.',
    },
  ],
  Ettridge: [
    {
      by: 'forensic_psychologist',
      daysAgo: 62,
      level: 'low',
      reviewInDays: 120,
      summary:
        'Discharge review: resentful stalking within the family after a dispute over an inheritance. No ' +
        'attempt at contact for five months; completed all 16 sessions. Risk of persistence low. After ' +
        'discharge: probation supervise the licence to its end; advocate closes with Hannah and keeps ' +
        'the door open; refer again if he tries to contact her. Review when the licence ends.',
    },
  ],
};

export const demo: DemoSeed = {
  order: 50,
  async seed(ctx) {
    for (const [key, plans] of Object.entries(PLANS)) {
      const c = ctx.caseOf(key);
      await ctx.tx
        .insertInto('risk_plan')
        .values(
          plans.map((p) => ({
            case_id: c.caseId,
            risk_level: p.level,
            summary: p.summary,
            next_review_date: isoDateDaysAhead(p.reviewInDays),
            author_id: ctx.userId(p.by),
            created_at: demoRecordDate(c, p.daysAgo),
          })),
        )
        .execute();
    }
  },
};
