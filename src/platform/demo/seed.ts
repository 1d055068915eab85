import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import { newTotpSecret } from '../auth/totp.js';
import { ROLES, type Role } from '../auth/users.js';
import type { Database } from '../db/database.js';
import type { AgencyTable, DB } from '../db/schema.js';
import { daysAgo, fictionalNhsNumber, fictionalPncId } from './fictional.js';

// Everything here is fictional: the people, their identifiers (NHS numbers from the range the NHS
// reserves for testing) and their stories. The accounts exist to show the service, nothing more.

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

/**
 * Seeds the demonstration site: its agencies, one account per role (each with the demo password
 * and a new, already enrolled TOTP secret) and a handful of fictional cases across the lifecycle.
 * Uses the owner connection, in one transaction. Refuses (DemoAlreadySeededError) when seeded.
 * With `accountsFile`, also writes the accounts there (owner-only) so they can be found later.
 */
export async function seedDemo(
  db: Database,
  options: { accountsFile?: string | null } = {},
): Promise<DemoAccount[]> {
  const problem = await demoSeedProblem(db);
  if (problem) throw new DemoAlreadySeededError(problem);
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

    for (const [index, c] of CASES.entries()) {
      await insertDemoCase(tx, index, c, { siteId: site.id, siteCode: DEMO_SITE.code, userId, agencyId });
    }
    return created;
  });

  if (options.accountsFile) writeDemoAccountsFile(options.accountsFile, accounts);
  return accounts;
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
  },
): Promise<void> {
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

  const n = await sql<{ n: number }>`select nextval('case_reference_seq')::int as n`.execute(tx);
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
    await tx
      .insertInto('case_victim')
      .values({ case_id: caseId, victim_id: victimId, relationship: v.relationship, created_at: createdAt })
      .execute();
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
