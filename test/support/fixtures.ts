import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';
import type { AgencyTable } from '../../src/platform/db/schema.js';
import { newTotpSecret } from '../../src/platform/auth/totp.js';
import { createUser, type Role } from '../../src/platform/auth/users.js';
import type { InvestigationStatus } from '../../src/modules/cases/rules.js';

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
  const subjectId = randomUUID();
  const victimId = randomUUID();
  const caseId = randomUUID();
  return owner.transaction().execute(async (tx) => {
    await tx
      .insertInto('person')
      .values([
        {
          id: subjectId,
          given_name: 'Sam',
          family_name: `Subject${n}`,
          date_of_birth: '1980-05-17',
          nhs_number: '9434765919',
          created_by: options.createdBy,
        },
        {
          id: victimId,
          given_name: 'Vic',
          family_name: `Victim${n}`,
          date_of_birth: '1985-02-03',
          created_by: options.createdBy,
        },
      ])
      .execute();
    await tx
      .insertInto('cases')
      .values({
        id: caseId,
        reference,
        site_id: options.site.id,
        subject_id: subjectId,
        investigation_status: options.investigationStatus ?? 'charged',
        created_by: options.createdBy,
      })
      .execute();
    const referral = await tx
      .insertInto('referral')
      .values({
        case_id: caseId,
        referring_agency_id: options.site.agencies.police,
        referrer_name: 'Test Referrer',
        referrer_user_id: options.createdBy,
        reason: 'Repeated unwanted contact after the end of a relationship',
        consent: 'given',
        is_adult: true,
        lives_in_area: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const offence = await tx
      .insertInto('case_offence')
      .values({ case_id: caseId, code: 'pha_s2a', description: 'Stalking' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const victim = await tx
      .insertInto('case_victim')
      .values({ case_id: caseId, victim_id: victimId, relationship: 'ex_intimate' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const status = await tx
      .insertInto('case_status_event')
      .values({
        case_id: caseId,
        from_status: null,
        to_status: 'referred',
        reason: 'Referred',
        by_user: options.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = options.team ?? [];
    if (team.length) {
      await tx
        .insertInto('case_team')
        .values(team.map((userId) => ({ case_id: caseId, user_id: userId, added_by: options.createdBy })))
        .execute();
    }
    return {
      caseId,
      reference,
      siteId: options.site.id,
      subjectId,
      victimId,
      referralId: referral.id,
      offenceId: offence.id,
      caseVictimId: victim.id,
      statusEventId: status.id,
    };
  });
}
