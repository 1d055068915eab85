import type { Role } from '../../platform/auth/users.js';
import { demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';

/**
 * Police intelligence on the demo cases, by the subject's family name: `by` is the role of the
 * demo account that wrote each, `daysAgo` dates it. Fictional.
 */
const INTELLIGENCE: Record<
  string,
  { by: Role; daysAgo: number; handling: 'police_only' | 'may_be_summarised'; body: string }[]
> = {
  Linwood: [
    {
      by: 'investigating_officer',
      daysAgo: 5,
      handling: 'police_only',
      body:
        'Police National Computer: a harassment warning in 2019 involving a previous partner. ANPR: his ' +
        'car recorded near the victim’s home on four evenings in the last fortnight, between 21:00 and ' +
        '23:30. Pre-charge bail conditions applied for.',
    },
  ],
  Delaney: [
    {
      by: 'investigating_officer',
      daysAgo: 15,
      handling: 'may_be_summarised',
      body:
        'Charged with s4A and s2. Bail: no direct or indirect contact with Sophie or Jack Rainer, and ' +
        'not to enter the exclusion zone around her home. Since charge, two neighbours have reported a ' +
        'man of his description sitting in a parked car near the zone; enquiries continue.',
    },
  ],
  Holt: [
    {
      by: 'investigating_officer',
      daysAgo: 33,
      handling: 'police_only',
      body:
        'Examination of his phone found over 300 screenshots of her social media, including accounts ' +
        'that had blocked him, viewed through a second profile. His employer has suspended his access ' +
        'to her building while the investigation continues.',
    },
  ],
  Fenwick: [
    {
      by: 'stalking_coordinator',
      daysAgo: 60,
      handling: 'may_be_summarised',
      body:
        'Licence conditions: no contact with Laura Bexley, an exclusion zone covering central ' +
        'Portsmouth, and residence at approved premises. One unconfirmed report that a friend of his ' +
        'asked a colleague of hers where she now lives; the friend has been spoken to.',
    },
  ],
  Voss: [
    {
      by: 'investigating_officer',
      daysAgo: 55,
      handling: 'police_only',
      body:
        'CCTV from the station and two bus routes confirms he followed her on at least five evenings. ' +
        'No previous convictions. An unverified report says he has searched for her name online; no ' +
        'evidence that he knows where she lives.',
    },
  ],
  Carrow: [
    {
      by: 'investigating_officer',
      daysAgo: 48,
      handling: 'may_be_summarised',
      body:
        'Lives in Dorset. 23 letters over eight months, posted to the broadcaster’s studio; none ' +
        'threatens her. Dorset police informed. No further action on CPS advice. The broadcaster’s ' +
        'security team holds his photograph.',
    },
  ],
  Ettridge: [
    {
      by: 'stalking_coordinator',
      daysAgo: 200,
      handling: 'police_only',
      body:
        'Licence conditions: no contact with Hannah Cole or her children except through solicitors; not ' +
        'to enter the exclusion zone around the children’s school. Two breach reports in the first ' +
        'month; recall considered and not pursued. None since.',
    },
  ],
};

export const demo: DemoSeed = {
  order: 40,
  async seed(ctx) {
    for (const [key, entries] of Object.entries(INTELLIGENCE)) {
      const c = ctx.caseOf(key);
      await ctx.tx
        .insertInto('police_intelligence')
        .values(
          entries.map((n) => ({
            case_id: c.caseId,
            body: n.body,
            handling: n.handling,
            author_id: ctx.userId(n.by),
            created_at: demoRecordDate(c, n.daysAgo),
          })),
        )
        .execute();
    }
  },
};
