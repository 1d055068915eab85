import type { Role } from '../../platform/auth/users.js';
import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';

/**
 * Clinical notes on the demo cases, by the subject's family name: `by` is the role of the demo
 * account that wrote each, `daysAgo` dates it. Fictional.
 */
const NOTES: Record<string, { by: Role; daysAgo: number; body: string }[]> = {
  Linwood: [
    {
      by: 'forensic_psychiatrist',
      daysAgo: 2,
      body:
        'Consultation only: not on the case team, and no contact with the subject while the police ' +
        'investigation continues. Discussed with DC Ashby. The pattern suggests a rejected presentation ' +
        'after the end of the relationship. Nothing in the referral about mental illness; suggest ' +
        'asking the GP about any history of depression or alcohol misuse if he consents. For screening ' +
        'at the next panel.',
    },
  ],
  Delaney: [
    {
      by: 'forensic_psychiatrist',
      daysAgo: 10,
      body:
        'Records review before assessment. GP summary, shared with his consent: two episodes of ' +
        'depression treated in primary care, no psychiatric admissions. Possible intimacy-seeking ' +
        'motivation; assess for a delusional component at interview. Appointment offered at the ' +
        'forensic clinic next week.',
    },
  ],
  Holt: [
    {
      by: 'forensic_psychologist',
      daysAgo: 22,
      body:
        'Consultation with the case team; no direct contact with him while the investigation continues. ' +
        'Suggested questions for the police interview about his beliefs about the relationship. Working ' +
        'hypothesis: isolated after moving for work, read friendliness as romantic interest, and felt ' +
        'entitled when rebuffed. Would recommend assessment for intervention if he is charged.',
    },
  ],
  Fenwick: [
    {
      by: 'forensic_psychiatrist',
      daysAgo: 70,
      body:
        'Psychiatric assessment: no psychotic symptoms. Harmful drinking in the year before the ' +
        'offence; abstinent since release (tested at the approved premises). Ruminative anger about the ' +
        'end of the relationship. No medication indicated; review if his mood drops.',
    },
    {
      by: 'clinical_psychologist',
      daysAgo: 45,
      body:
        'Session 5 of 16: attended on time. Worked on the timeline of the end of the relationship and ' +
        'his belief that he was owed “closure”. For the first time he said the messages must have ' +
        'frightened Laura. Between sessions: a thought record whenever he feels the urge to look at her ' +
        'social media.',
    },
    {
      by: 'clinical_psychologist',
      daysAgo: 10,
      body:
        'Session 12 of 16: two urges to look for Laura online this month, both managed with the plan we ' +
        'agreed. Started relapse prevention, including what he will do if he sees her in public.',
    },
  ],
  Voss: [
    {
      by: 'clinical_psychologist',
      daysAgo: 47,
      body:
        'Assessment session 1: lonely since losing his job; believes Megan “smiled at him” and wanted ' +
        'him to approach her. Limited insight, but accepts that following her frightened her. Agreed to ' +
        'a 12-session intervention.',
    },
    {
      by: 'occupational_therapist',
      daysAgo: 30,
      body:
        'Occupational assessment: no structured activity on most days; sleeps late and spends the ' +
        'evenings online. Goals agreed: volunteering two mornings a week, a weekly football session and ' +
        'a daily routine plan. Referred to the local employment support service.',
    },
  ],
  Carrow: [
    {
      by: 'forensic_psychiatrist',
      daysAgo: 45,
      body:
        'Screening consultation, no contact with him: the letters suggest he may believe he has a ' +
        'special relationship with the presenter. He lives outside the site’s area, so the programme ' +
        'cannot assess him; advised the coordinator to ask his GP to consider a referral to local ' +
        'mental health services.',
    },
  ],
  Ettridge: [
    {
      by: 'forensic_psychologist',
      daysAgo: 205,
      body:
        'Assessment: a grievance over their late father’s estate is central to the offending; no mental ' +
        'disorder. Motivated to keep his job. Plan: 16 sessions on grievance, rumination and problem ' +
        'solving.',
    },
    {
      by: 'forensic_psychologist',
      daysAgo: 65,
      body:
        'Discharge summary: attended 16 of 16 sessions. Can describe the effect of his behaviour on ' +
        'Hannah and her children, and his own warning signs. Rumination scores halved. Discharged with ' +
        'a relapse prevention plan shared with probation.',
    },
  ],
};

export const demo: DemoSeed = {
  order: 30,
  async seed(ctx) {
    for (const [key, notes] of Object.entries(NOTES)) {
      const c = ctx.caseOf(key);
      await ctx.tx
        .insertInto('clinical_note')
        .values(
          notes.map((n) => ({
            case_id: c.caseId,
            body: n.body,
            author_id: ctx.userId(n.by),
            created_at: demoRecordDate(c, n.daysAgo),
          })),
        )
        .execute();
    }
  },
};
