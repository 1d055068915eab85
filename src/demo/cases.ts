import type { Role } from '../platform/auth/users.js';

// The demo's cases: who they are about, how they were referred and how far each has gone. Every
// person and story is fictional. Each module adds its own records to these cases (its demo.ts),
// listed under the subject's family name.

export type Status = 'referred' | 'screening' | 'accepted' | 'active' | 'closed' | 'declined';
export type Relationship = 'ex_intimate' | 'acquaintance' | 'stranger' | 'work' | 'family' | 'public_figure';
export type Offence = 'pha_s2a' | 'pha_s4a' | 'pha_s2' | 'pha_s4' | 'other';

export type DemoCase = {
  /** the family name is the key the modules' demo records are listed under: one case each */
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
};

export const OFFENCE_TEXT: Record<Offence, string> = {
  pha_s2a: 'Stalking (Protection from Harassment Act 1997, s2A)',
  pha_s4a: 'Stalking involving fear of violence or serious alarm or distress (s4A)',
  pha_s2: 'Harassment (s2)',
  pha_s4: 'Putting people in fear of violence (s4)',
  other: 'Other offence',
};

export const DEMO_CASES: DemoCase[] = [
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
  },
];
