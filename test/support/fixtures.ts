import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';
import type { AgencyTable } from '../../src/platform/db/schema.js';
import { newTotpSecret } from '../../src/platform/auth/totp.js';
import { createUser, type Role } from '../../src/platform/auth/users.js';
import type { InvestigationStatus } from '../../src/modules/cases/rules.js';
import { caseRows } from '../../src/demo/case-builder.js';
import { insertCaseRows } from '../../src/demo/insert-rows.js';

/**
 * Test data written with the owner connection, as the CLI and the demo do: never through the
 * request role, so a test sets up exactly the rows it means to and then looks at them as a user.
 */

export type AgencyKind = AgencyTable['kind'];
export const AGENCY_KINDS: readonly AgencyKind[] = [
  'police',
  'probation',
  'health',
  'victim_service',
  'programme',
];

export type TestSite = { id: string; code: string; name: string; agencies: Record<AgencyKind, string> };
export type TestUser = {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
  role: Role;
  siteIds: string[];
};
export type TestCase = {
  caseId: string;
  reference: string;
  siteId: string;
  subjectId: string;
  victimId: string;
  referralId: string;
  offenceId: string;
  caseVictimId: string;
  statusEventId: string;
};

export const TEST_PASSWORD = 'correct horse battery staple';

let siteCounter = 0;
let userCounter = 0;
let caseCounter = 0;

/** AAA, AAB, ... unique within one test process, so within any database it creates */
function nextSiteCode(): string {
  const n = siteCounter++;
  const letter = (i: number) => String.fromCharCode(65 + (Math.floor(n / 26 ** i) % 26));
  return letter(2) + letter(1) + letter(0);
}

export async function seedSite(
  owner: Kysely<DB>,
  options: { code?: string; name?: string } = {},
): Promise<TestSite> {
  const code = options.code ?? nextSiteCode();
  const name = options.name ?? `Test site ${code}`;
  const site = await owner
    .insertInto('site')
    .values({ code, name, area_description: `The ${name} area` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agencies = {} as Record<AgencyKind, string>;
  for (const kind of AGENCY_KINDS) {
    const row = await owner
      .insertInto('agency')
      .values({ site_id: site.id, kind, name: `${name} ${kind.replace('_', ' ')}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    agencies[kind] = row.id;
  }
  return { id: site.id, code, name, agencies };
}

const AGENCY_OF_ROLE: Partial<Record<Role, AgencyKind>> = {
  stalking_coordinator: 'police',
  investigating_officer: 'police',
  probation_practitioner: 'probation',
  forensic_psychiatrist: 'health',
  clinical_psychologist: 'health',
  forensic_psychologist: 'health',
  occupational_therapist: 'health',
  stalking_advocate: 'victim_service',
  site_coordinator: 'programme',
};

/**
 * Creates a user through the application's own createUser (argon2id hash and all) with a
 * second factor already enrolled. `sites` gives the user's sites; the agency defaults to the
 * first site's agency of the kind the role belongs to.
 */
export async function seedUser(
  owner: Kysely<DB>,
  options: {
    role: Role;
    sites?: TestSite[];
    siteIds?: string[];
    agencyId?: string | null;
    email?: string;
    displayName?: string;
  },
): Promise<TestUser> {
  const n = ++userCounter;
  const siteIds = options.siteIds ?? (options.sites ?? []).map((s) => s.id);
  const kind = AGENCY_OF_ROLE[options.role];
  const agencyId =
    options.agencyId !== undefined
      ? options.agencyId
      : kind && options.sites?.[0]
        ? options.sites[0].agencies[kind]
        : null;
  const email =
    options.email ?? `${options.role.replace(/_/g, '.')}.${n}.${randomBytes(3).toString('hex')}@example.test`;
  const totpSecret = newTotpSecret();
  const id = await createUser(owner, {
    email,
    displayName: options.displayName ?? `Test ${options.role.replace(/_/g, ' ')} ${n}`,
    role: options.role,
    agencyId,
    siteIds,
    password: TEST_PASSWORD,
    totpSecret,
  });
  return { id, email, password: TEST_PASSWORD, totpSecret, role: options.role, siteIds };
}

/**
 * A referred case at a site: a subject, one victim, the referral, one offence, the first status
 * event, and the given users on its team.
 */
export async function seedCase(
  owner: Kysely<DB>,
  options: {
    site: TestSite;
    createdBy: string;
    team?: string[];
    investigationStatus?: InvestigationStatus;
    reference?: string;
  },
): Promise<TestCase> {
  const n = ++caseCounter;
  const reference = options.reference ?? `${options.site.code}-${String(n).padStart(6, '0')}`;
  const rows = caseRows({
    siteId: options.site.id,
    reference,
    createdBy: options.createdBy,
    subject: { given: 'Sam', family: `Subject${n}`, dateOfBirth: '1980-05-17', nhsNumber: '9434765919' },
    investigationStatus: options.investigationStatus ?? 'charged',
    referral: {
      agencyId: options.site.agencies.police,
      referrerName: 'Test Referrer',
      reason: 'Repeated unwanted contact after the end of a relationship',
      consent: 'given',
    },
    offences: [{ code: 'pha_s2a', description: 'Stalking' }],
    victims: [
      {
        person: { given: 'Vic', family: `Victim${n}`, dateOfBirth: '1985-02-03' },
        relationship: 'ex_intimate',
      },
    ],
    statusEvents: [{ to: 'referred', reason: 'Referred' }],
    team: options.team ?? [],
  });
  await owner.transaction().execute((tx) => insertCaseRows(tx, [rows]));
  return {
    caseId: rows.cases[0]!.id,
    reference,
    siteId: options.site.id,
    subjectId: rows.cases[0]!.subject_id,
    victimId: rows.case_victim[0]!.victim_id,
    referralId: rows.referral[0]!.id,
    offenceId: rows.case_offence[0]!.id,
    caseVictimId: rows.case_victim[0]!.id,
    statusEventId: rows.case_status_event[0]!.id,
  };
}
