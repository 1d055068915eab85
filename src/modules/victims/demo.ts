import { randomUUID } from 'node:crypto';
import { victimContactContext } from '../../platform/crypto/contexts.js';
import { encryptJson } from '../../platform/crypto/envelope.js';
import { demoCaseVictim, demoRecordDate, type DemoSeed } from '../../platform/demo-seed.js';
import { fictionalPhone } from '../../platform/fictional.js';

/**
 * The victims' contact details on the demo cases, by the subject's family name: encrypted, like
 * every victim's contact details. `victim` is the index into the case's victims; `phone` picks a
 * number in Ofcom's drama range; `daysAgo` dates the entry. All fictional (example.org, invented
 * streets).
 */
const CONTACTS: Record<
  string,
  {
    victim: number;
    daysAgo: number;
    address: string;
    phone: number;
    email: string;
    safeContactNotes: string;
  }[]
> = {
  Linwood: [
    {
      victim: 0,
      daysAgo: 5,
      address: 'Flat 2, 9 Tallowmere Court, Eastleigh',
      phone: 218,
      email: 'emma.thornbury@example.org',
      safeContactNotes:
        'Text first from the service’s number and call only once she replies. Weekdays 12:00 to 14:00, ' +
        'away from her desk. Gareth knows her work number: never use it. If she says “dentist”, she ' +
        'cannot talk: end the call.',
    },
  ],
  Delaney: [
    {
      victim: 0,
      daysAgo: 18,
      address: '27 Brindlecombe Road, Winchester',
      phone: 543,
      email: 's.rainer@example.org',
      safeContactNotes:
        'Prefers email. Calls to her mobile after 18:00 on weekdays. Marcus has also contacted her ' +
        'brother Jack: never pass messages through him.',
    },
  ],
  Holt: [
    {
      victim: 0,
      daysAgo: 34,
      address: '14 Cressingham Walk, Basingstoke',
      phone: 781,
      email: 'priya.lang@example.org',
      safeContactNotes:
        'Safe to call her mobile at any time. Her manager knows; reception at work will not say whether ' +
        'she is in. If someone else answers, ask for “Priya from the book club”.',
    },
  ],
  Fenwick: [
    {
      victim: 0,
      daysAgo: 85,
      address: 'Flat 11, Wendlebury House, Portsmouth',
      phone: 362,
      email: 'laura.bexley@example.org',
      safeContactNotes:
        'Moved after the conviction: this address is never shared beyond the police and the advocacy ' +
        'service. Calls on Tuesdays and Thursdays, 10:00 to 12:00. Text first; she replies “OK” when ' +
        'she can talk.',
    },
  ],
  Voss: [
    {
      victim: 0,
      daysAgo: 65,
      address: '3 Hartspring Mews, Southampton',
      phone: 905,
      email: 'megan.hale@example.org',
      safeContactNotes:
        'Staying with her parents for now. Mobile only, evenings after 19:00. Messages are fine: her ' +
        'parents know about the case.',
    },
  ],
  Ettridge: [
    {
      victim: 0,
      daysAgo: 230,
      address: '41 Kestrelgate Avenue, Andover',
      phone: 126,
      email: 'hannah.cole@example.org',
      safeContactNotes:
        'Any weekday evening on her home number; her partner knows about the case. Do not write to her: ' +
        'Simon visits their mother, where her post sometimes goes.',
    },
  ],
};

/** Writes the demo victims' contact details, sealed with the application's keys, as the advocate. */
export const demo: DemoSeed = {
  order: 10,
  async seed(ctx) {
    const advocate = ctx.userId('stalking_advocate');
    for (const [key, contacts] of Object.entries(CONTACTS)) {
      const c = ctx.caseOf(key);
      for (const contact of contacts) {
        const row = {
          id: randomUUID(),
          case_id: c.caseId,
          case_victim_id: demoCaseVictim(c, contact.victim),
        };
        const sealed = encryptJson(ctx.keyring, victimContactContext(row), {
          address: contact.address,
          phone: fictionalPhone(contact.phone),
          email: contact.email,
          safeContactNotes: contact.safeContactNotes,
        });
        await ctx.tx
          .insertInto('victim_contact')
          .values({
            ...row,
            key_id: sealed.keyId,
            wrapped_key: sealed.wrappedKey,
            ciphertext: sealed.ciphertext,
            updated_by: advocate,
            updated_at: demoRecordDate(c, contact.daysAgo),
          })
          .execute();
      }
    }
  },
};
