import fs from 'node:fs';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { MANIFESTS } from '../app/modules.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { newTotpSecret } from '../platform/auth/totp.js';
import { ROLES, type Role } from '../platform/auth/users.js';
import { loadAuditKeys, type AuditKeys } from '../platform/audit/mac.js';
import { loadKeyring, type Keyring } from '../platform/crypto/keyring.js';
import type { Database } from '../platform/db/database.js';
import type { AgencyTable, DB } from '../platform/db/schema.js';
import type { DemoCaseRef, DemoSeedContext } from '../platform/demo-seed.js';
import type { ModuleManifest } from '../platform/manifest.js';
import { caseRows, type CaseRows } from './case-builder.js';
import { DEMO_CASES, OFFENCE_TEXT } from './cases.js';
import { daysAgo, fictionalNhsNumber, fictionalPncId } from './fictional.js';
import { insertCaseRows } from './insert-rows.js';

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
  /** the capabilities whose demo records are seeded (default: all of them, src/app/modules.ts) */
  manifests?: readonly ModuleManifest[];
};

/**
 * Seeds the demonstration site: its agencies, one account per role (each with the demo password
 * and a new, already enrolled TOTP secret) and a handful of fictional cases across the lifecycle
 * (src/demo/cases.ts, made with the case builder); then each capability's demo seed (its
 * manifest's `demo`, in order) adds its own records: risk plans, clinical notes, police
 * intelligence, the victim's voice, encrypted contact details, one expired, unreviewed break-glass
 * grant and the instrument templates. Uses the owner connection, in one transaction. Refuses
 * (DemoAlreadySeededError) when seeded.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions = {}): Promise<DemoAccount[]> {
  const problem = await demoSeedProblem(db);
  if (problem) throw new DemoAlreadySeededError(problem);
  const keyring = options.keyring ?? demoKeyring(db, options);
  const auditKeys = options.auditKeys ?? loadAuditKeys(process.env, demoDataDir(db, options)).keys;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const manifests = options.manifests ?? MANIFESTS;

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

    const cases = await insertDemoCases(tx, { id: site.id, code: DEMO_SITE.code }, userId, agencyId);

    // then every capability's own records on them, in the manifests' order
    const byKey = new Map(cases.map((c) => [c.key, c]));
    const ctx: DemoSeedContext = {
      tx,
      site: { id: site.id, code: DEMO_SITE.code },
      userId,
      cases,
      caseOf(key) {
        const c = byKey.get(key);
        if (!c) throw new Error(`The demo has no case whose subject is called ${key}`);
        return c;
      },
      keyring,
      auditKeys,
    };
    const seeds = manifests.flatMap((m) => (m.demo ? [m.demo] : [])).sort((x, y) => x.order - y.order);
    for (const seed of seeds) await seed.seed(ctx);
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

/** The demo's core cases, made with the case builder, each numbered by its site's counter in turn. */
async function insertDemoCases(
  tx: Transaction<DB>,
  site: { id: string; code: string },
  userId: (role: Role) => string,
  agencyId: (kind: AgencyKind) => string,
): Promise<DemoCaseRef[]> {
  const siteCoordinator = userId('site_coordinator');
  const built: CaseRows[] = [];
  const refs: DemoCaseRef[] = [];
  for (const [index, c] of DEMO_CASES.entries()) {
    const referrer = userId(c.referredBy);
    const createdAt = daysAgo(c.createdDaysAgo);
    // each site counts its own cases
    const n = await sql<{
      n: number;
    }>`select recolo_private.next_case_number(${site.id}::uuid) as n`.execute(tx);
    // the status events, dated in order from the referral
    let at = createdAt;
    const path = c.path.map((step) => {
      at = new Date(at.getTime() + step.afterDays * 86_400_000);
      return { to: step.to, acceptedMode: step.mode ?? null, reason: step.reason, by: siteCoordinator, at };
    });
    const rows = caseRows({
      siteId: site.id,
      reference: `${site.code}-${String(n.rows[0]!.n).padStart(6, '0')}`,
      createdBy: referrer,
      createdAt,
      subject: {
        given: c.subject.given,
        family: c.subject.family,
        dateOfBirth: c.subject.dob,
        pncId: fictionalPncId(2024 - (index % 3), 104_211 + index * 7_919),
        nhsNumber: fictionalNhsNumber(310_000 + index * 1_237),
        probationRef: c.subject.probationRef ?? null,
      },
      investigationStatus: c.investigation,
      referral: {
        agencyId: agencyId(c.referredBy === 'probation_practitioner' ? 'probation' : 'police'),
        referrerName: USERS[c.referredBy].name,
        reason: c.referralReason,
        consent: c.consent,
        livesInArea: c.livesInArea,
      },
      offences: c.offences.map((code) => ({ code, description: OFFENCE_TEXT[code] })),
      victims: c.victims.map((v) => ({
        person: { given: v.given, family: v.family },
        relationship: v.relationship,
      })),
      statusEvents: [{ to: 'referred', reason: 'Referral received' }, ...path],
      team: c.team.map((role) => ({
        userId: userId(role),
        addedBy: role === c.referredBy ? referrer : siteCoordinator,
      })),
    });
    built.push(rows);
    refs.push({
      key: c.subject.family,
      caseId: rows.cases[0]!.id,
      reference: rows.cases[0]!.reference,
      createdDaysAgo: c.createdDaysAgo,
      caseVictimIds: rows.case_victim.map((v) => v.id),
    });
  }
  await insertCaseRows(tx, built);
  return refs;
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
