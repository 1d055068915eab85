import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { currentTotp } from '../platform/auth/totp.js';
import { createUserCommand, demoCommand, migrateCommand } from './admin.js';
import { auditCommand } from './audit.js';
import { instrumentsCommand } from './instruments.js';
import { keysCommand } from './keys.js';
import { CliError, err, EXIT, out, UsageError } from './shared.js';
import { startCommand } from './start.js';

const HELP = `recolo: case management for multi-agency stalking intervention programmes

Usage: recolo <command> [options]
  (from a checkout: npx tsx src/cli/main.ts <command>, or npm run recolo -- <command>)

Commands:
  start [--demo]           Run the service (HOST:PORT, default http://localhost:3000).
                           --demo: on the embedded database, seed demo data on first start
                           and print the demo accounts.
  migrate                  Apply database migrations.
  create-user --email E --name N --role R --site CODE [--site CODE] [--agency NAME]
                           Create a user. The password comes from RECOLO_NEW_PASSWORD, or is
                           asked for, and must pass the password policy. At first sign-in the
                           user sets up two-factor sign-in, then chooses a new password.
  demo                     Seed the demo site, accounts and fictional cases (once only).
  audit seal               Seal finished audit events into the hash chain now.
  audit verify             Check the audit chain; exit code 1 if anything was altered,
                           deleted or inserted.
  keys new-key [--id ID]   Print a new master key, id:base64, for RECOLO_MASTER_KEYS (only to
                           standard output).
  keys rotate              Re-wrap every record's data key under the current (first) master
                           key in RECOLO_MASTER_KEYS; the older keys must follow it there.
  keys status              Count the encrypted records under each master key id.
  instruments import <file.json>
                           Publish a risk instrument definition: a new instrument at version 1,
                           or the next version of one (latest + 1, same tier), which supersedes
                           it. Problems are listed and nothing is saved (exit code 1).
  instruments list         The current version of each instrument.
  totp <secret>            Print the current 6-digit code for a TOTP secret (demo sign-in).
  help                     Show this help.

Roles: stalking_coordinator, investigating_officer, probation_practitioner,
  forensic_psychiatrist, clinical_psychologist, forensic_psychologist, occupational_therapist,
  stalking_advocate, site_coordinator, national_coordinator, evaluator, administrator

Configuration comes from the environment (DATABASE_URL, DATA_DIR, PORT, ...): see README.md.
Exit codes: 0 done, 1 failed (or audit problems found), 2 the command was not used correctly.`;

async function totpCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('totp needs exactly one TOTP secret');
  const secret = positionals[0]!.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z2-7]+=*$/.test(secret))
    throw new UsageError('That is not a TOTP secret: expected base32 (A-Z, 2-7)');
  let code: string;
  try {
    code = await currentTotp(secret);
  } catch (error) {
    throw new UsageError(`That TOTP secret cannot be used: ${(error as Error).message}`);
  }
  out(code);
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  err(`(valid for ${left} more second${left === 1 ? '' : 's'})`);
  return EXIT.ok;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  migrate: migrateCommand,
  'create-user': createUserCommand,
  demo: demoCommand,
  audit: auditCommand,
  keys: keysCommand,
  instruments: instrumentsCommand,
  totp: totpCommand,
  help: async () => {
    out(HELP);
    return EXIT.ok;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h') {
    out(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`Unknown command "${command}"`);
    if (args.includes('--help') || args.includes('-h')) {
      out(HELP);
      return EXIT.ok;
    }
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      err(`recolo: ${(error as Error).message}`);
      err('Run "recolo help" for the commands and their options.');
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      err(`recolo: ${error.message}`);
      return EXIT.failed;
    }
    err(`recolo ${command} failed: ${(error as Error).message ?? String(error)}`);
    if (process.env.RECOLO_DEBUG) err((error as Error).stack ?? '');
    return EXIT.failed;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS_');
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isEntryPoint) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // pools, timers and sockets are all closed by now; exit promptly even if a library lingers
      setTimeout(() => process.exit(code), 200).unref();
    },
    (error: unknown) => {
      err(`recolo: ${(error as Error).message}`);
      process.exit(EXIT.failed);
    },
  );
}
