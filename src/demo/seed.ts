import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { BREAK_GLASS_HOURS, type BreakGlassReason } from '../platform/access/policy.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { newTotpSecret } from '../platform/auth/totp.js';
import { ROLES, type Role } from '../platform/auth/users.js';
import { victimContactContext } from '../platform/crypto/contexts.js';
import { encryptJson } from '../platform/crypto/envelope.js';
import { loadAuditKeys, type AuditKeys } from '../platform/audit/mac.js';
import { loadKeyring, type Keyring } from '../platform/crypto/keyring.js';
import type { Database } from '../platform/db/database.js';
import type { AgencyTable, DB } from '../platform/db/schema.js';
import { importTemplates } from '../modules/instruments/service.js';
import {
  daysAgo,
  fictionalNhsNumber,
  fictionalPhone,
  fictionalPncId,
  isoDateDaysAgo,
  isoDateDaysAhead,
} from './fictional.js';

// Everything here is fictional: the people, their identifiers (NHS numbers from the range the NHS
// reserves for testing), their contact details (phone numbers from Ofcom's drama range, e-mail at
// example.org, invented streets) and their stories. The accounts exist to show the service, nothing more.

export const DEMO_SITE = { code: 'HAM', name: 'Hampshire' } as const;
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.recolo.test';
export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

export type DemoAccount = {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  password: string;
  totpSecret: string;
};

export class DemoAlreadySeededError extends Error {
  constructor(detail: string) {
    super(`The demo data is already in this database (${detail}); nothing was changed.`);
    this.name = 'DemoAlreadySeededError';
  }
}

type AgencyKind = AgencyTable['kind'];

const AGENCIES: { kind: AgencyKind; name: string }[] = [
  { kind: 'police', name: 'Hampshire Constabulary' },
  { kind: 'probation', name: 'Probation Service South Central' },
  { kind: 'health', name: 'Hampshire Forensic Mental Health Team' },
  { kind: 'victim_service', name: 'Hampshire Stalking Advocacy Service' },
  { kind: 'programme', name: 'Hampshire Stalking Intervention Programme' },
];

const USERS: Record<Role, { name: string; agency: AgencyKind }> = {
  stalking_coordinator: { name: 'Dana Whitlock', agency: 'police' },
  investigating_officer: { name: 'Tom Ashby', agency: 'police' },
  probation_practitioner: { name: 'Rita Caldwell', agency: 'probation' },
  forensic_psychiatrist: { name: 'Dr Imran Sadiq', agency: 'health' },
  clinical_psychologist: { name: 'Dr Helen Marsh', agency: 'health' },
  forensic_psychologist: { name: 'Dr Owen Pryce', agency: 'health' },
  occupational_therapist: { name: 'Leah Brennan', agency: 'health' },
  stalking_advocate: { name: 'Nadia Fleming', agency: 'victim_service' },
  site_coordinator: { name: 'Chris Holloway', agency: 'programme' },
  national_coordinator: { name: 'Morag Ellison', agency: 'programme' },
  evaluator: { name: 'Dr Yusuf Ahmed', agency: 'programme' },
  administrator: { name: 'Pat Kendrick', agency: 'programme' },
};

export const demoEmail = (role: Role): string => `${role.replace(/_/g, '.')}@${DEMO_EMAIL_DOMAIN}`;

type Status = 'referred' | 'screening' | 'accepted' | 'active' | 'closed' | 'declined';
type Relationship = 'ex_intimate' | 'acquaintance' | 'stranger' | 'work' | 'family' | 'public_figure';
type Offence = 'pha_s2a' | 'pha_s4a' | 'pha_s2' | 'pha_s4' | 'other';

/**
 * What the agencies have recorded on a case, one list per compartment. `daysAgo` dates each entry
 * (never before the case was referred); `victim` is the index into the case's victims; `by` is the
 * role of the demo account that wrote it.
 */
type DemoRecords = {
  /** encrypted, like every victim's contact details; `phone` picks a number in Ofcom's drama range */
  contacts: {
    victim: number;
    daysAgo: number;
    address: string;
    phone: number;
    email: string;
    safeContactNotes: string;
  }[];
  /** the victim's voice, written by the advocate */
  voice: { victim: number; daysAgo: number; sharing: 'verbatim' | 'summarised'; body: string }[];
  clinical: { by: Role; daysAgo: number; body: string }[];
  intelligence: { by: Role; daysAgo: number; handling: 'police_only' | 'may_be_summarised'; body: string }[];
  /** each plan's next review is `reviewInDays` from today */
  risk: {
    by: Role;
    daysAgo: number;
    level: 'low' | 'moderate' | 'high';
    summary: string;
    reviewInDays: number;
  }[];
};

type DemoCase = {
  subject: { given: string; family: string; dob: string; probationRef?: string };
  investigation: 'under_investigation' | 'charged' | 'convicted' | 'no_further_action';
  referredBy: Role;
  referralReason: string;
  consent: 'given' | 'refused' | 'not_sought';
  livesInArea: boolean;
  offences: Offence[];
  victims: { given: string; family: string; relationship: Relationship }[];
  team: Role[];
  createdDaysAgo: number;
  /** the transitions after 'referred', in order, each with its reason */
  path: { to: Status; mode?: 'consultation' | 'intervention'; reason: string; afterDays: number }[];
  records: DemoRecords;
};

const OFFENCE_TEXT: Record<Offence, string> = {
  pha_s2a: 'Stalking (Protection from Harassment Act 1997, s2A)',
  pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (s4A)',
  pha_s2: 'Harassment (s2)',
  pha_s4: 'Putting people in fear of violence (s4)',
  other: 'Other offence',
};

const CASES: DemoCase[] = [
  {
    subject: { given: 'Gareth', family: 'Linwood', dob: '1984-03-12' },
    investigation: 'under_investigation',
    referredBy: 'investigating_officer',
    referralReason: 'Repeated unwanted messages and visits to a former partner after the relationship ended.',
    consent: 'not_sought',
    livesInArea: true,
    offences: ['pha_s2a'],
    victims: [{ given: 'Emma', family: 'Thornbury', relationship: 'ex_intimate' }],
    team: ['stalking_coordinator', 'investigating_officer', 'stalking_advocate'],
    createdDaysAgo: 6,
    path: [],
    records: {
      contacts: [
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
      voice: [
        {
          victim: 0,
          daysAgo: 3,
          sharing: 'verbatim',
          body:
            'I just want it to stop. I don’t want him sent to prison, I want him to leave me alone. I’ve ' +
            'changed my way to work twice and he still finds me.',
        },
      ],
      clinical: [
        {
          by: 'forensic_psychiatrist',
          daysAgo: 2,
          body:
            'Consultation only: not on the case team, and no contact with the subject while the police ' +
            'investigation continues. Discussed with DC Ashby. The pattern suggests a rejected presentation ' +
            'after the end of the relationship. Nothing in the referral about mental illness; suggest asking ' +
            'the GP about any history of depression or alcohol misuse if he consents. For screening at the ' +
            'next panel.',
        },
      ],
      intelligence: [
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
      risk: [
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
    },
  },
  {
    subject: { given: 'Marcus', family: 'Delaney', dob: '1979-11-02' },
    investigation: 'charged',
    referredBy: 'stalking_coordinator',
    referralReason: 'Loitering outside an acquaintance’s home and contacting her brother to find her.',
    consent: 'given',
    livesInArea: true,
    offences: ['pha_s4a', 'pha_s2'],
    victims: [
      { given: 'Sophie', family: 'Rainer', relationship: 'acquaintance' },
      { given: 'Jack', family: 'Rainer', relationship: 'family' },
    ],
    team: ['stalking_coordinator', 'investigating_officer', 'forensic_psychiatrist', 'stalking_advocate'],
    createdDaysAgo: 21,
    path: [{ to: 'screening', reason: 'Listed for screening at the next multi-agency panel', afterDays: 4 }],
    records: {
      contacts: [
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
      voice: [
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
      clinical: [
        {
          by: 'forensic_psychiatrist',
          daysAgo: 10,
          body:
            'Records review before assessment. GP summary, shared with his consent: two episodes of ' +
            'depression treated in primary care, no psychiatric admissions. Possible intimacy-seeking ' +
            'motivation; assess for a delusional component at interview. Appointment offered at the forensic ' +
            'clinic next week.',
        },
      ],
      intelligence: [
        {
          by: 'investigating_officer',
          daysAgo: 15,
          handling: 'may_be_summarised',
          body:
            'Charged with s4A and s2. Bail: no direct or indirect contact with Sophie or Jack Rainer, and not ' +
            'to enter the exclusion zone around her home. Since charge, two neighbours have reported a man of ' +
            'his description sitting in a parked car near the zone; enquiries continue.',
        },
      ],
      risk: [
        {
          by: 'forensic_psychiatrist',
          daysAgo: 14,
          level: 'high',
          reviewInDays: 21,
          summary:
            'Fixation on Sophie and her family, escalating after she turned him down: loitering near her home ' +
            'and contact through her brother. No known access to weapons. Plan: keep the bail conditions and ' +
            'ask for a restraining order on conviction; psychiatric assessment before sentence; advocate to ' +
            'review the safety plan with Sophie weekly; police marker on her address.',
        },
      ],
    },
  },
  {
    subject: { given: 'Kieran', family: 'Holt', dob: '1991-06-25' },
    investigation: 'under_investigation',
    referredBy: 'stalking_coordinator',
    referralReason: 'Monitoring a colleague’s social media and turning up at her gym.',
    consent: 'not_sought',
    livesInArea: true,
    offences: ['pha_s2a'],
    victims: [{ given: 'Priya', family: 'Lang', relationship: 'work' }],
    team: ['stalking_coordinator', 'investigating_officer', 'forensic_psychologist', 'stalking_advocate'],
    createdDaysAgo: 40,
    path: [
      { to: 'screening', reason: 'Screened at the multi-agency panel', afterDays: 5 },
      {
        to: 'accepted',
        mode: 'consultation',
        reason: 'Accepted for consultation only while the police investigation continues',
        afterDays: 9,
      },
    ],
    records: {
      contacts: [
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
      voice: [
        {
          victim: 0,
          daysAgo: 30,
          sharing: 'verbatim',
          body:
            'I’ve stopped going to the gym and locked down all my accounts, and I’m still scared to look at ' +
            'my phone. I want him moved to another site at work. I’m not sure about a prosecution: I want it ' +
            'to stop.',
        },
      ],
      clinical: [
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
      intelligence: [
        {
          by: 'investigating_officer',
          daysAgo: 33,
          handling: 'police_only',
          body:
            'Examination of his phone found over 300 screenshots of her social media, including accounts that ' +
            'had blocked him, viewed through a second profile. His employer has suspended his access to her ' +
            'building while the investigation continues.',
        },
      ],
      risk: [
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
    },
  },
  {
    subject: { given: 'Adrian', family: 'Fenwick', dob: '1975-01-18', probationRef: 'HAM-PR-4471' },
    investigation: 'convicted',
    referredBy: 'probation_practitioner',
    referralReason: 'Convicted of stalking a former partner; licence conditions include no contact.',
    consent: 'given',
    livesInArea: true,
    offences: ['pha_s4a'],
    victims: [{ given: 'Laura', family: 'Bexley', relationship: 'ex_intimate' }],
    team: [
      'stalking_coordinator',
      'probation_practitioner',
      'forensic_psychiatrist',
      'clinical_psychologist',
      'stalking_advocate',
    ],
    createdDaysAgo: 95,
    path: [
      { to: 'screening', reason: 'Screened at the multi-agency panel', afterDays: 6 },
      { to: 'accepted', mode: 'intervention', reason: 'Accepted for direct intervention', afterDays: 14 },
      { to: 'active', reason: 'First treatment session held', afterDays: 12 },
    ],
    records: {
      contacts: [
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
      voice: [
        {
          victim: 0,
          daysAgo: 80,
          sharing: 'summarised',
          body:
            'Laura wants the no-contact condition kept for the whole licence and to be told before any change ' +
            'to where he lives. She is anxious about the end of his licence and asked to be kept informed ' +
            'through the victim contact scheme.',
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
      clinical: [
        {
          by: 'forensic_psychiatrist',
          daysAgo: 70,
          body:
            'Psychiatric assessment: no psychotic symptoms. Harmful drinking in the year before the offence; ' +
            'abstinent since release (tested at the approved premises). Ruminative anger about the end of the ' +
            'relationship. No medication indicated; review if his mood drops.',
        },
        {
          by: 'clinical_psychologist',
          daysAgo: 45,
          body:
            'Session 5 of 16: attended on time. Worked on the timeline of the end of the relationship and his ' +
            'belief that he was owed “closure”. For the first time he said the messages must have frightened ' +
            'Laura. Between sessions: a thought record whenever he feels the urge to look at her social media.',
        },
        {
          by: 'clinical_psychologist',
          daysAgo: 10,
          body:
            'Session 12 of 16: two urges to look for Laura online this month, both managed with the plan we ' +
            'agreed. Started relapse prevention, including what he will do if he sees her in public.',
        },
      ],
      intelligence: [
        {
          by: 'stalking_coordinator',
          daysAgo: 60,
          handling: 'may_be_summarised',
          body:
            'Licence conditions: no contact with Laura Bexley, an exclusion zone covering central Portsmouth, ' +
            'and residence at approved premises. One unconfirmed report that a friend of his asked a colleague ' +
            'of hers where she now lives; the friend has been spoken to.',
        },
      ],
      risk: [
        {
          by: 'clinical_psychologist',
          daysAgo: 30,
          level: 'moderate',
          reviewInDays: 42,
          summary:
            'Reassessed after eight sessions: rejected presentation; risk of persistence moderate, of violence ' +
            'moderate (earlier threats, no weapons). Protective: engaged in treatment, stable at the approved ' +
            'premises, abstinent. Plan: weekly sessions continue; probation monitor the licence and alcohol ' +
            'tests; advocate tells Laura of any change of address; refer to MAPPA at level 2 if he tries to ' +
            'contact her.',
        },
      ],
    },
  },
  {
    // the probation practitioner is not on this team: signed in as them, it is not there
    subject: { given: 'Darren', family: 'Voss', dob: '1988-09-30' },
    investigation: 'charged',
    referredBy: 'investigating_officer',
    referralReason: 'Following a stranger home from a train station on several occasions.',
    consent: 'given',
    livesInArea: true,
    offences: ['pha_s2a', 'pha_s4a'],
    victims: [{ given: 'Megan', family: 'Hale', relationship: 'stranger' }],
    team: [
      'stalking_coordinator',
      'investigating_officer',
      'clinical_psychologist',
      'occupational_therapist',
      'stalking_advocate',
    ],
    createdDaysAgo: 70,
    path: [
      { to: 'screening', reason: 'Screened at the multi-agency panel', afterDays: 3 },
      { to: 'accepted', mode: 'intervention', reason: 'Accepted for direct intervention', afterDays: 10 },
      { to: 'active', reason: 'Assessment and treatment started', afterDays: 8 },
    ],
    records: {
      contacts: [
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
      voice: [
        {
          victim: 0,
          daysAgo: 60,
          sharing: 'verbatim',
          body:
            'I don’t use that station any more. My dad drives me to work. I want to be able to get the train ' +
            'on my own again.',
        },
        {
          victim: 0,
          daysAgo: 15,
          sharing: 'summarised',
          body:
            'Megan has started taking the train again with a friend. She supports the intervention and would ' +
            'like to hear, in general terms, whether he keeps attending.',
        },
      ],
      clinical: [
        {
          by: 'clinical_psychologist',
          daysAgo: 47,
          body:
            'Assessment session 1: lonely since losing his job; believes Megan “smiled at him” and wanted him ' +
            'to approach her. Limited insight, but accepts that following her frightened her. Agreed to a ' +
            '12-session intervention.',
        },
        {
          by: 'occupational_therapist',
          daysAgo: 30,
          body:
            'Occupational assessment: no structured activity on most days; sleeps late and spends the ' +
            'evenings online. Goals agreed: volunteering two mornings a week, a weekly football session and a ' +
            'daily routine plan. Referred to the local employment support service.',
        },
      ],
      intelligence: [
        {
          by: 'investigating_officer',
          daysAgo: 55,
          handling: 'police_only',
          body:
            'CCTV from the station and two bus routes confirms he followed her on at least five evenings. No ' +
            'previous convictions. An unverified report says he has searched for her name online; no evidence ' +
            'that he knows where she lives.',
        },
      ],
      risk: [
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
    },
  },
  {
    subject: { given: 'Neil', family: 'Carrow', dob: '1969-04-07' },
    investigation: 'no_further_action',
    referredBy: 'investigating_officer',
    referralReason: 'Persistent letters to a local broadcaster; no further police action.',
    consent: 'refused',
    livesInArea: false,
    offences: ['pha_s2'],
    victims: [{ given: 'Ruth', family: 'Penhaligon', relationship: 'public_figure' }],
    team: ['stalking_coordinator', 'investigating_officer'],
    createdDaysAgo: 50,
    path: [
      { to: 'screening', reason: 'Screened at the multi-agency panel', afterDays: 4 },
      {
        to: 'declined',
        reason: 'Not eligible: no further action, and lives outside the site’s area',
        afterDays: 6,
      },
    ],
    records: {
      contacts: [],
      voice: [
        {
          victim: 0,
          daysAgo: 47,
          sharing: 'summarised',
          body:
            'Referred to the advocacy service by her employer’s security team. Ruth is relieved the letters ' +
            'are taken seriously, wants no publicity, and agrees to a summary of her views going to the panel.',
        },
      ],
      clinical: [
        {
          by: 'forensic_psychiatrist',
          daysAgo: 45,
          body:
            'Screening consultation, no contact with him: the letters suggest he may believe he has a special ' +
            'relationship with the presenter. He lives outside the site’s area, so the programme cannot assess ' +
            'him; advised the coordinator to ask his GP to consider a referral to local mental health services.',
        },
      ],
      intelligence: [
        {
          by: 'investigating_officer',
          daysAgo: 48,
          handling: 'may_be_summarised',
          body:
            'Lives in Dorset. 23 letters over eight months, posted to the broadcaster’s studio; none threatens ' +
            'her. Dorset police informed. No further action on CPS advice. The broadcaster’s security team ' +
            'holds his photograph.',
        },
      ],
      risk: [
        {
          by: 'stalking_coordinator',
          daysAgo: 44,
          level: 'low',
          reviewInDays: 90,
          summary:
            'Persistent letters to a public figure; no approach to her, no threats, nothing to suggest he knows ' +
            'where she lives. Low risk of escalation for now. Plan: the broadcaster passes any further letters ' +
            'to the police; Dorset police informed; refer again if he comes to Hampshire or the letters change ' +
            'in tone.',
        },
      ],
    },
  },
  {
    subject: { given: 'Simon', family: 'Ettridge', dob: '1982-12-14', probationRef: 'HAM-PR-3902' },
    investigation: 'convicted',
    referredBy: 'probation_practitioner',
    referralReason: 'Convicted of stalking his sister after a family dispute; on licence.',
    consent: 'given',
    livesInArea: true,
    offences: ['pha_s4a'],
    victims: [{ given: 'Hannah', family: 'Cole', relationship: 'family' }],
    team: ['stalking_coordinator', 'probation_practitioner', 'forensic_psychologist', 'stalking_advocate'],
    createdDaysAgo: 240,
    path: [
      { to: 'screening', reason: 'Screened at the multi-agency panel', afterDays: 7 },
      { to: 'accepted', mode: 'intervention', reason: 'Accepted for direct intervention', afterDays: 12 },
      { to: 'active', reason: 'Treatment started', afterDays: 10 },
      { to: 'closed', reason: 'Intervention completed and discharged', afterDays: 150 },
    ],
    records: {
      contacts: [
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
      voice: [
        {
          victim: 0,
          daysAgo: 215,
          sharing: 'verbatim',
          body:
            'He’s still my brother. I want him to get help, not lose his job. But he can’t keep turning up at ' +
            'my children’s school.',
        },
        {
          victim: 0,
          daysAgo: 65,
          sharing: 'summarised',
          body:
            'At the end of the intervention Hannah said the contact stopped completely once the licence ' +
            'conditions began. Any contact between them should be rebuilt only through their mother, and only ' +
            'if she chooses it.',
        },
      ],
      clinical: [
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
            'Discharge summary: attended 16 of 16 sessions. Can describe the effect of his behaviour on Hannah ' +
            'and her children, and his own warning signs. Rumination scores halved. Discharged with a relapse ' +
            'prevention plan shared with probation.',
        },
      ],
      intelligence: [
        {
          by: 'stalking_coordinator',
          daysAgo: 200,
          handling: 'police_only',
          body:
            'Licence conditions: no contact with Hannah Cole or her children except through solicitors; not to ' +
            'enter the exclusion zone around the children’s school. Two breach reports in the first month; ' +
            'recall considered and not pursued. None since.',
        },
      ],
      risk: [
        {
          by: 'forensic_psychologist',
          daysAgo: 62,
          level: 'low',
          reviewInDays: 120,
          summary:
            'Discharge review: resentful stalking within the family after a dispute over an inheritance. No ' +
            'attempt at contact for five months; completed all 16 sessions. Risk of persistence low. After ' +
            'discharge: probation supervise the licence to its end; advocate closes with Hannah and keeps the ' +
            'door open; refer again if he tries to contact her. Review when the licence ends.',
        },
      ],
    },
  },
];

/**
 * One break-glass grant, long expired and not yet reviewed, so the site coordinator's review list
 * has something on it: the probation practitioner, who is not on Darren Voss's case team.
 */
const BREAK_GLASS: {
  subjectFamily: string;
  role: Role;
  reason: BreakGlassReason;
  text: string;
  daysAgo: number;
} = {
  subjectFamily: 'Voss',
  role: 'probation_practitioner',
  reason: 'court_or_custody',
  text:
    'The magistrates’ court asked for bail information on Darren Voss before his hearing this morning, ' +
    'and the officer in the case was on rest days.',
  daysAgo: 3,
};

/** Whether the demo (or anything at its site, or any demo account) is already in this database. */
export async function demoSeedProblem(db: Database): Promise<string | null> {
  const site = await db.owner
    .selectFrom('site')
    .select('id')
    .where('code', '=', DEMO_SITE.code)
    .executeTakeFirst();
  if (site) return `a site with code ${DEMO_SITE.code} exists`;
  const user = await db.owner
    .selectFrom('app_user')
    .select('id')
    .where('email', 'like', `%@${DEMO_EMAIL_DOMAIN}`)
    .executeTakeFirst();
  if (user) return 'demo accounts exist';
  return null;
}

export type SeedDemoOptions = {
  /** also write the accounts here (owner-only), so they can be found later */
  accountsFile?: string | null;
  /** the master keys to encrypt the victims' contact details with: the ones the application uses */
  keyring?: Keyring;
  /** without `keyring`: the data directory whose keys the application uses (see demoKeyring) */
  dataDir?: string;
  /** the audit keys the demo's own events are authenticated with (default: as for `keyring`) */
  auditKeys?: AuditKeys;
};

/**
 * Seeds the demonstration site: its agencies, one account per role (each with the demo password
 * and a new, already enrolled TOTP secret) and a handful of fictional cases across the lifecycle,
 * each with records in every compartment (risk plans, clinical notes, police intelligence, the
 * victim's voice and, for most victims, encrypted contact details) and one expired, unreviewed
 * break-glass grant. Uses the owner connection, in one transaction. Refuses
 * (DemoAlreadySeededError) when seeded.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions = {}): Promise<DemoAccount[]> {
  const problem = await demoSeedProblem(db);
  if (problem) throw new DemoAlreadySeededError(problem);
  const keyring = options.keyring ?? demoKeyring(db, options);
  const auditKeys = options.auditKeys ?? loadAuditKeys(process.env, demoDataDir(db, options)).keys;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const accounts = await db.owner.transaction().execute(async (tx) => {
    const site = await tx
      .insertInto('site')
      .values({
        code: DEMO_SITE.code,
        name: DEMO_SITE.name,
        area_description: 'Hampshire and the Isle of Wight (demonstration site, fictional data)',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const agencyRows = await tx
      .insertInto('agency')
      .values(AGENCIES.map((a) => ({ site_id: site.id, kind: a.kind, name: a.name })))
      .returning(['id', 'kind'])
      .execute();
    const agencyId = (kind: AgencyKind) => agencyRows.find((a) => a.kind === kind)!.id;

    const created: DemoAccount[] = [];
    for (const role of ROLES) {
      const totpSecret = newTotpSecret();
      const user = await tx
        .insertInto('app_user')
        .values({
          email: demoEmail(role),
          display_name: USERS[role].name,
          role,
          agency_id: agencyId(USERS[role].agency),
          password_hash: passwordHash,
          totp_secret: totpSecret,
          totp_enrolled_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // everyone belongs to the site; the access rules keep case content from the roles that
      // see none (national coordinator, evaluator, administrator)
      await tx.insertInto('user_site').values({ user_id: user.id, site_id: site.id }).execute();
      created.push({
        userId: user.id,
        email: demoEmail(role),
        displayName: USERS[role].name,
        role,
        password: DEMO_PASSWORD,
        totpSecret,
      });
    }
    const userId = (role: Role) => created.find((a) => a.role === role)!.userId;

    const caseIds = new Map<string, string>();
    for (const [index, c] of CASES.entries()) {
      const caseId = await insertDemoCase(tx, index, c, {
        siteId: site.id,
        siteCode: DEMO_SITE.code,
        userId,
        agencyId,
        keyring,
      });
      caseIds.set(c.subject.family, caseId);
    }

    const grantedAt = daysAgo(BREAK_GLASS.daysAgo);
    grantedAt.setUTCHours(8, 40, 0, 0);
    await tx
      .insertInto('break_glass_grant')
      .values({
        case_id: caseIds.get(BREAK_GLASS.subjectFamily)!,
        user_id: userId(BREAK_GLASS.role),
        reason_code: BREAK_GLASS.reason,
        reason_text: BREAK_GLASS.text,
        granted_at: grantedAt,
        expires_at: new Date(grantedAt.getTime() + BREAK_GLASS_HOURS * 3_600_000),
      })
      .execute();

    // Recolo's own instrument templates, so the demo has a screening and an SPJ instrument
    for (const { file, outcome } of await importTemplates(tx, {
      userId: null,
      requestId: 'demo-seed',
      credential: null,
      audit: auditKeys,
    })) {
      if (outcome !== 'exists' && !outcome.ok)
        throw new Error(`The instrument template ${file} was refused: ${outcome.problems.join('; ')}`);
    }
    return created;
  });

  if (options.accountsFile) writeDemoAccountsFile(options.accountsFile, accounts);
  return accounts;
}

/**
 * The keyring the application will decrypt the demo's contact details with: RECOLO_MASTER_KEYS, or
 * the key file of the data directory the application uses (buildApp loads it the same way). Without
 * `dataDir`, that directory is found as the callers lay it out: the accounts file's directory, or
 * the embedded database's (its socket lives there); failing both, DATA_DIR as config.ts reads it.
 */
export function demoKeyring(db: Database, options: SeedDemoOptions = {}): Keyring {
  return loadKeyring(process.env, demoDataDir(db, options)).keyring;
}

function demoDataDir(db: Database, options: SeedDemoOptions): string {
  const embeddedDir = db.embedded ? new URL(db.ownerConnectionString).searchParams.get('host') : null;
  return (
    options.dataDir ??
    (options.accountsFile ? path.dirname(options.accountsFile) : null) ??
    embeddedDir ??
    path.resolve(process.env.DATA_DIR ?? 'data')
  );
}

async function insertDemoCase(
  tx: Transaction<DB>,
  index: number,
  c: DemoCase,
  ctx: {
    siteId: string;
    siteCode: string;
    userId: (role: Role) => string;
    agencyId: (kind: AgencyKind) => string;
    keyring: Keyring;
  },
): Promise<string> {
  const referrer = ctx.userId(c.referredBy);
  const siteCoordinator = ctx.userId('site_coordinator');
  const createdAt = daysAgo(c.createdDaysAgo);
  const subjectId = randomUUID();
  await tx
    .insertInto('person')
    .values({
      id: subjectId,
      given_name: c.subject.given,
      family_name: c.subject.family,
      date_of_birth: c.subject.dob,
      pnc_id: fictionalPncId(2024 - (index % 3), 104_211 + index * 7_919),
      nhs_number: fictionalNhsNumber(310_000 + index * 1_237),
      probation_ref: c.subject.probationRef ?? null,
      created_by: referrer,
      created_at: createdAt,
    })
    .execute();

  // each site counts its own cases
  const n = await sql<{
    n: number;
  }>`select recolo_private.next_case_number(${ctx.siteId}::uuid) as n`.execute(tx);
  const reference = `${ctx.siteCode}-${String(n.rows[0]!.n).padStart(6, '0')}`;

  // the status events, dated in order from the referral
  const events: {
    from: Status | null;
    to: Status;
    mode: string | null;
    reason: string;
    at: Date;
    by: string;
  }[] = [
    { from: null, to: 'referred', mode: null, reason: 'Referral received', at: createdAt, by: referrer },
  ];
  let at = createdAt;
  let mode: string | null = null;
  for (const step of c.path) {
    at = new Date(at.getTime() + step.afterDays * 86_400_000);
    if (step.mode) mode = step.mode;
    events.push({
      from: events[events.length - 1]!.to,
      to: step.to,
      mode: step.mode ?? null,
      reason: step.reason,
      at,
      by: siteCoordinator,
    });
  }
  const status = events[events.length - 1]!.to;

  const caseId = randomUUID();
  await tx
    .insertInto('cases')
    .values({
      id: caseId,
      reference,
      site_id: ctx.siteId,
      subject_id: subjectId,
      status,
      accepted_mode: status === 'accepted' || status === 'active' || status === 'closed' ? mode : null,
      investigation_status: c.investigation,
      created_by: referrer,
      created_at: createdAt,
      updated_at: at,
    })
    .execute();

  const referrerAgency = c.referredBy === 'probation_practitioner' ? 'probation' : 'police';
  const referrerName = USERS[c.referredBy].name;
  await tx
    .insertInto('referral')
    .values({
      case_id: caseId,
      referring_agency_id: ctx.agencyId(referrerAgency),
      referrer_name: referrerName,
      referrer_user_id: referrer,
      reason: c.referralReason,
      consent: c.consent,
      consent_notes: '',
      is_adult: true,
      lives_in_area: c.livesInArea,
      created_at: createdAt,
    })
    .execute();

  await tx
    .insertInto('case_offence')
    .values(c.offences.map((code) => ({ case_id: caseId, code, description: OFFENCE_TEXT[code] })))
    .execute();

  const caseVictimIds: string[] = [];
  for (const v of c.victims) {
    const victimId = randomUUID();
    await tx
      .insertInto('person')
      .values({
        id: victimId,
        given_name: v.given,
        family_name: v.family,
        date_of_birth: null,
        pnc_id: null,
        nhs_number: null,
        probation_ref: null,
        created_by: referrer,
        created_at: createdAt,
      })
      .execute();
    const caseVictim = await tx
      .insertInto('case_victim')
      .values({ case_id: caseId, victim_id: victimId, relationship: v.relationship, created_at: createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    caseVictimIds.push(caseVictim.id);
  }

  await tx
    .insertInto('case_team')
    .values(
      c.team.map((role) => ({
        case_id: caseId,
        user_id: ctx.userId(role),
        added_by: role === c.referredBy ? referrer : siteCoordinator,
        added_at: createdAt,
      })),
    )
    .execute();

  await tx
    .insertInto('case_status_event')
    .values(
      events.map((e) => ({
        case_id: caseId,
        from_status: e.from,
        to_status: e.to,
        accepted_mode: e.mode,
        reason: e.reason,
        by_user: e.by,
        at: e.at,
      })),
    )
    .execute();

  await insertDemoRecords(tx, c, { caseId, caseVictimIds, userId: ctx.userId, keyring: ctx.keyring });
  return caseId;
}

/** The case's records in every compartment, dated within the case's life. */
async function insertDemoRecords(
  tx: Transaction<DB>,
  c: DemoCase,
  ctx: { caseId: string; caseVictimIds: string[]; userId: (role: Role) => string; keyring: Keyring },
): Promise<void> {
  const { caseId, userId } = ctx;
  const r = c.records;
  const when = (days: number): Date => {
    if (days < 0 || days > c.createdDaysAgo) {
      throw new Error(`Demo record for ${c.subject.family} dated ${days} days ago, outside the case's life`);
    }
    return daysAgo(days);
  };
  const victim = (i: number): string => {
    const id = ctx.caseVictimIds[i];
    if (!id) throw new Error(`Demo record for ${c.subject.family} names victim ${i}, who is not on the case`);
    return id;
  };
  const advocate = userId('stalking_advocate');

  for (const contact of r.contacts) {
    const row = { id: randomUUID(), case_id: caseId, case_victim_id: victim(contact.victim) };
    const sealed = encryptJson(ctx.keyring, victimContactContext(row), {
      address: contact.address,
      phone: fictionalPhone(contact.phone),
      email: contact.email,
      safeContactNotes: contact.safeContactNotes,
    });
    await tx
      .insertInto('victim_contact')
      .values({
        ...row,
        key_id: sealed.keyId,
        wrapped_key: sealed.wrappedKey,
        ciphertext: sealed.ciphertext,
        updated_by: advocate,
        updated_at: when(contact.daysAgo),
      })
      .execute();
  }
  if (r.voice.length) {
    await tx
      .insertInto('victim_voice')
      .values(
        r.voice.map((v) => ({
          case_id: caseId,
          case_victim_id: victim(v.victim),
          body: v.body,
          sharing: v.sharing,
          recorded_on: isoDateDaysAgo(v.daysAgo),
          author_id: advocate,
          created_at: when(v.daysAgo),
        })),
      )
      .execute();
  }
  if (r.clinical.length) {
    await tx
      .insertInto('clinical_note')
      .values(
        r.clinical.map((n) => ({
          case_id: caseId,
          body: n.body,
          author_id: userId(n.by),
          created_at: when(n.daysAgo),
        })),
      )
      .execute();
  }
  if (r.intelligence.length) {
    await tx
      .insertInto('police_intelligence')
      .values(
        r.intelligence.map((n) => ({
          case_id: caseId,
          body: n.body,
          handling: n.handling,
          author_id: userId(n.by),
          created_at: when(n.daysAgo),
        })),
      )
      .execute();
  }
  if (r.risk.length) {
    await tx
      .insertInto('risk_plan')
      .values(
        r.risk.map((p) => ({
          case_id: caseId,
          risk_level: p.level,
          summary: p.summary,
          next_review_date: isoDateDaysAhead(p.reviewInDays),
          author_id: userId(p.by),
          created_at: when(p.daysAgo),
        })),
      )
      .execute();
  }
}

/** The demo accounts, readable by their owner only. Fictional accounts: the secrets are for trying it out. */
export function writeDemoAccountsFile(file: string, accounts: DemoAccount[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const lines = [
    '# Recolo demo accounts (fictional data, for trying the service out only).',
    '# Sign in with the email and password, then the 6-digit code from an authenticator app set up',
    '# with the TOTP secret, or from: npx tsx src/cli/main.ts totp <secret>',
    '# email\trole\tpassword\ttotp_secret\tname',
    ...accounts.map((a) => [a.email, a.role, a.password, a.totpSecret, a.displayName].join('\t')),
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Reads the demo accounts back from the file `seedDemo` wrote; [] when it is not there. */
export function readDemoAccountsFile(file: string): Omit<DemoAccount, 'userId'>[] {
  if (!fs.existsSync(file)) return [];
  const accounts: Omit<DemoAccount, 'userId'>[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [email, role, password, totpSecret, displayName] = line.split('\t');
    if (!email || !role || !password || !totpSecret) continue;
    if (!(ROLES as readonly string[]).includes(role)) continue;
    accounts.push({ email, role: role as Role, password, totpSecret, displayName: displayName ?? '' });
  }
  return accounts;
}
