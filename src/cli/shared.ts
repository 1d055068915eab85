import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import type { DemoAccount } from '../demo/seed.js';
import { DEMO_PASSWORD } from '../demo/seed.js';

/** A mistake in how the command was called: exit code 2 and the usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A clear failure the user can act on: exit code 1 and the message, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const err = (line = ''): void => {
  process.stderr.write(`${line}\n`);
};

export function configFromEnv(overrides: Partial<Config> = {}): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** The Unix socket the embedded database listens on while Recolo runs with this data directory. */
export const embeddedSocketPath = (config: Config): string => path.join(config.dataDir, '.s.PGSQL.5432');

/** Whether a running Recolo serves the embedded database of this data directory. */
export async function embeddedIsRunning(config: Config): Promise<boolean> {
  if (config.databaseUrl) return false;
  const socket = embeddedSocketPath(config);
  if (!fs.existsSync(socket)) return false;
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    const done = (running: boolean) => {
      conn.destroy();
      resolve(running);
    };
    conn.once('connect', () => done(true));
    conn.once('error', () => done(false));
    conn.setTimeout(1000, () => done(false));
  });
}

/**
 * Opens the configured database for a command. The embedded database belongs to one process: when
 * Recolo is already running on this data directory, the command connects to it through its
 * socket instead of opening the files a second time.
 */
export async function openCliDatabase(config: Config): Promise<Database> {
  if (await embeddedIsRunning(config)) {
    const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(config.dataDir)}`;
    return openDatabase({ ...config, databaseUrl: url, databaseAppUrl: url });
  }
  return openDatabase(config);
}

export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openCliDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** A path as the user would type it: relative when inside the working directory, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

const ROLE_LABEL = (role: string) => role.replace(/_/g, ' ');

/** The block `start --demo` and `demo` print: where to go and how to sign in as each account. */
export function printDemoAccounts(
  accounts: Pick<DemoAccount, 'email' | 'role' | 'password' | 'totpSecret'>[],
  options: { url?: string; accountsFile?: string | null; fromFile?: boolean } = {},
): void {
  const rule = '-'.repeat(78);
  out(rule);
  if (options.url) {
    out(`Recolo is running at ${options.url}`);
    out();
  }
  out(
    options.fromFile
      ? 'Demo accounts (fictional data; seeded earlier, read back from the accounts file):'
      : 'Demo accounts (fictional data):',
  );
  out();
  const emailWidth = Math.max(5, ...accounts.map((a) => a.email.length));
  const roleWidth = Math.max(4, ...accounts.map((a) => ROLE_LABEL(a.role).length));
  const passwordWidth = Math.max(8, ...accounts.map((a) => a.password.length));
  out(
    `  ${'Email'.padEnd(emailWidth)}  ${'Role'.padEnd(roleWidth)}  ${'Password'.padEnd(passwordWidth)}  TOTP secret`,
  );
  for (const a of accounts) {
    out(
      `  ${a.email.padEnd(emailWidth)}  ${ROLE_LABEL(a.role).padEnd(roleWidth)}  ${a.password.padEnd(passwordWidth)}  ${a.totpSecret}`,
    );
  }
  out();
  if (accounts.every((a) => a.password === DEMO_PASSWORD))
    out(`Every demo account's password is ${DEMO_PASSWORD}.`);
  out('Each account is already set up for two-factor sign-in: add its TOTP secret to an');
  out('authenticator app, or print its current 6-digit code with:');
  out('  npx tsx src/cli/main.ts totp <secret>');
  if (options.accountsFile)
    out(`The accounts are also listed in ${options.accountsFile} (readable by you only).`);
  out(rule);
}
