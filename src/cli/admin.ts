import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { runMigrations as migrateJobQueue } from 'graphile-worker';
import { ZodError } from 'zod';
import { passwordProblem } from '../platform/auth/passwords.js';
import { createUser, ROLES, type Role } from '../platform/auth/users.js';
import { migrate } from '../platform/db/migrate.js';
import { handleClientErrors } from '../platform/jobs/index.js';
import { DEMO_ACCOUNTS_FILE, DemoAlreadySeededError, seedDemo } from '../demo/seed.js';
import {
  CliError,
  configFromEnv,
  displayPath,
  EXIT,
  out,
  printDemoAccounts,
  UsageError,
  withDatabase,
} from './shared.js';

/** `recolo migrate`: applies the SQL migrations, then the job queue's own schema. */
export async function migrateCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = configFromEnv();
  await withDatabase(config, async (db) => {
    out(
      db.embedded
        ? `Database: embedded, in ${path.join(config.dataDir, 'pgdata')}`
        : 'Database: DATABASE_URL',
    );
    const result = await migrate(db.ownerPool, (line) => out(line));
    out(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s); ${result.total} in all.`
        : `Nothing to apply: all ${result.total} migration(s) were already applied.`,
    );
    out('Applying the job queue schema (graphile-worker)...');
    handleClientErrors(db.ownerPool);
    await migrateJobQueue({ pgPool: db.ownerPool, noPreparedStatements: db.embedded });
    out('Database is up to date.');
  });
  return EXIT.ok;
}

/** `recolo create-user`: an account that enrols its second factor at first sign-in. */
export async function createUserCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      site: { type: 'string', multiple: true },
      agency: { type: 'string' },
    },
    strict: true,
  });
  const missing: string[] = (['email', 'name', 'role'] as const).filter((k) => !values[k]);
  if (!values.site?.length) missing.push('site');
  if (missing.length) {
    throw new UsageError(`create-user needs ${missing.map((m) => `--${m}`).join(', ')}`);
  }
  const role = values.role!;
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
  }
  const siteCodes = [...new Set(values.site!.map((s) => s.trim().toUpperCase()))];
  const config = configFromEnv();

  return withDatabase(config, async (db) => {
    const sites = await db.owner.selectFrom('site').select(['id', 'code']).orderBy('code').execute();
    const unknown = siteCodes.filter((code) => !sites.some((s) => s.code === code));
    if (unknown.length) {
      const known = sites.length
        ? `Sites here: ${sites.map((s) => s.code).join(', ')}`
        : 'There are no sites yet.';
      throw new CliError(`No site with code ${unknown.join(', ')}. ${known}`);
    }
    const siteIds = sites.filter((s) => siteCodes.includes(s.code)).map((s) => s.id);

    let agencyId: string | null = null;
    if (values.agency) {
      const agencies = await db.owner
        .selectFrom('agency')
        .select(['id', 'name', 'site_id'])
        .where('site_id', 'in', siteIds)
        .where('name', '=', values.agency.trim())
        .execute();
      if (agencies.length === 0) {
        throw new CliError(`No agency named "${values.agency}" at site ${siteCodes.join(', ')}`);
      }
      if (agencies.length > 1) {
        throw new CliError(
          `More than one site has an agency named "${values.agency}": give one --site with it`,
        );
      }
      agencyId = agencies[0]!.id;
    }

    const password = process.env.RECOLO_NEW_PASSWORD ?? (await prompt(`Password for ${values.email}: `));
    const problem = passwordProblem(password, [values.email!, values.name!]);
    if (problem) throw new CliError(problem);

    try {
      const id = await createUser(db.owner, {
        email: values.email!,
        displayName: values.name!,
        role: role as Role,
        agencyId,
        siteIds,
        password,
        // whoever ran the command knows the password: the user chooses their own at first sign-in
        mustChangePassword: true,
      });
      out(`Created user ${id}`);
      out(
        'They set up two-factor sign-in (an authenticator app) and choose a new password the first time they sign in.',
      );
    } catch (error) {
      if (error instanceof ZodError) {
        throw new CliError(
          error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
        );
      }
      if ((error as { code?: string }).code === '23505') {
        throw new CliError(`A user with the email ${values.email!.toLowerCase()} already exists`);
      }
      throw error;
    }
    return EXIT.ok;
  });
}

/** `recolo demo`: seeds the demo site, accounts and fictional cases into the configured database. */
export async function demoCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = configFromEnv();
  const accountsFile = path.join(config.dataDir, DEMO_ACCOUNTS_FILE);
  return withDatabase(config, async (db) => {
    await migrate(db.ownerPool, (line) => out(line));
    try {
      const accounts = await seedDemo(db, { accountsFile, dataDir: config.dataDir });
      out('Seeded the demo site HAM (Hampshire), its agencies, one account per role and fictional cases.');
      printDemoAccounts(accounts, { accountsFile: displayPath(accountsFile) });
      return EXIT.ok;
    } catch (error) {
      if (error instanceof DemoAlreadySeededError) throw new CliError(error.message);
      throw error;
    }
  });
}

/** Reads one line from the terminal (or from piped input). The password is not hidden as typed. */
async function prompt(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    if (process.stdin.isTTY) process.stderr.write(question);
    const line = await new Promise<string | null>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(null));
    });
    if (line === null)
      throw new CliError('No password given: set RECOLO_NEW_PASSWORD or type one when asked');
    return line;
  } finally {
    rl.close();
  }
}
