import { demoCaseVictim, demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';
import { isoDateDaysAgo } from '../../platform/fictional.js';

/**
 * The victim's voice on the demo cases, by the subject's family name, written by the advocate.
 * `victim` is the index into the case's victims; `daysAgo` dates the entry. Fictional.
 */
const VOICE: Record<
  string,
  { victim: number; daysAgo: number; sharing: 'verbatim' | 'summarised'; body: string }[]
> = {
  Linwood: [
    {
      victim: 0,
      daysAgo: 3,
      sharing: 'verbatim',
      body:
        'I just want it to stop. I don’t want him sent to prison, I want him to leave me alone. I’ve ' +
        'changed my way to work twice and he still finds me.',
    },
  ],
  Delaney: [
    {
      victim: 0,
      daysAgo: 16,
      sharing: 'summarised',
      body:
        'Sophie feels watched in her own home and has stopped using the front room. She would support a ' +
        'restraining order and wants any exclusion zone to cover her brother’s street as well as hers. ' +
        'She would rather not go to court in person if that can be avoided.',
    },
  ],
  Holt: [
    {
      victim: 0,
      daysAgo: 30,
      sharing: 'verbatim',
      body:
        'I’ve stopped going to the gym and locked down all my accounts, and I’m still scared to look at ' +
        'my phone. I want him moved to another site at work. I’m not sure about a prosecution: I want ' +
        'it to stop.',
    },
  ],
  Fenwick: [
    {
      victim: 0,
      daysAgo: 80,
      sharing: 'summarised',
      body:
        'Laura wants the no-contact condition kept for the whole licence and to be told before any ' +
        'change to where he lives. She is anxious about the end of his licence and asked to be kept ' +
        'informed through the victim contact scheme.',
    },
    {
      victim: 0,
      daysAgo: 20,
      sharing: 'verbatim',
      body:
        'It’s the first month I haven’t heard from anyone he knows. I still check the car park before I ' +
        'leave work.',
    },
  ],
  Voss: [
    {
      victim: 0,
      daysAgo: 60,
      sharing: 'verbatim',
      body:
        'I don’t use that station any more. My dad drives me to work. I want to be able to get the ' +
        'train on my own again.',
    },
    {
      victim: 0,
      daysAgo: 15,
      sharing: 'summarised',
      body:
        'Megan has started taking the train again with a friend. She supports the intervention and ' +
        'would like to hear, in general terms, whether he keeps attending.',
    },
  ],
  Carrow: [
    {
      victim: 0,
      daysAgo: 47,
      sharing: 'summarised',
      body:
        'Referred to the advocacy service by her employer’s security team. Ruth is relieved the letters ' +
        'are taken seriously, wants no publicity, and agrees to a summary of her views going to the ' +
        'panel.',
    },
  ],
  Ettridge: [
    {
      victim: 0,
      daysAgo: 215,
      sharing: 'verbatim',
      body:
        'He’s still my brother. I want him to get help, not lose his job. But he can’t keep turning up ' +
        'at my children’s school.',
    },
    {
      victim: 0,
      daysAgo: 65,
      sharing: 'summarised',
      body:
        'At the end of the intervention Hannah said the contact stopped completely once the licence ' +
        'conditions began. Any contact between them should be rebuilt only through their mother, and ' +
        'only if she chooses it.',
    },
  ],
};

export const demo: DemoSeed = {
  order: 20,
  async seed(ctx) {
    const advocate = ctx.userId('stalking_advocate');
    for (const [key, voice] of Object.entries(VOICE)) {
      const c = ctx.caseOf(key);
      await ctx.tx
        .insertInto('victim_voice')
        .values(
          voice.map((v) => ({
            case_id: c.caseId,
            case_victim_id: demoCaseVictim(c, v.victim),
            body: v.body,
            sharing: v.sharing,
            recorded_on: isoDateDaysAgo(v.daysAgo),
            author_id: advocate,
            created_at: demoRecordDate(c, v.daysAgo),
          })),
        )
        .execute();
    }
  },
};
