import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS_FILE, readDemoAccountsFile } from '../demo/seed.js';
import { createLogger } from '../platform/logger.js';
import { startRecolo } from '../app/server.js';
import {
  CliError,
  configFromEnv,
  embeddedIsRunning,
  embeddedSocketPath,
  err,
  out,
  displayPath,
  printDemoAccounts,
  EXIT,
} from './shared.js';

/** `recolo start [--demo]`: runs the service until SIGINT or SIGTERM. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { demo: { type: 'boolean', default: false } },
    strict: true,
  });
  const config = configFromEnv();
  if (await embeddedIsRunning(config)) {
    throw new CliError(
      `Recolo is already running with the data directory ${config.dataDir} ` +
        `(its database socket ${embeddedSocketPath(config)} answers). Stop it first, or set DATA_DIR.`,
    );
  }
  const embedded = !config.databaseUrl;
  if (values.demo && !embedded) {
    err('Note: --demo seeds only the embedded database. DATABASE_URL is set, so no demo data is added;');
    err('run `recolo demo` to seed the demo into this database on purpose.');
  }

  const logger = createLogger(config.logLevel);
  const server = await startRecolo({ config, demo: values.demo && embedded, logger });

  const accountsFile = path.join(config.dataDir, DEMO_ACCOUNTS_FILE);
  const shownFile = displayPath(accountsFile);
  if (server.demoAccounts) {
    out();
    printDemoAccounts(server.demoAccounts, { url: server.url, accountsFile: shownFile });
  } else if (values.demo && embedded) {
    const saved = readDemoAccountsFile(accountsFile);
    out();
    if (saved.length) printDemoAccounts(saved, { url: server.url, accountsFile: shownFile, fromFile: true });
    else out(`Recolo is running at ${server.url} (the database already had data, so no demo was seeded)`);
  } else {
    out(`Recolo is running at ${server.url}`);
  }
  out(`Ready in ${server.startupMs} ms`);

  await new Promise<void>((resolve) => {
    let firstSignalAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      const now = Date.now();
      if (firstSignalAt) {
        // a terminal's Ctrl-C may reach both this process and a wrapper that forwards it: only a
        // later, deliberate second signal forces the exit
        if (now - firstSignalAt > 1000) {
          err('Stopping now, without waiting.');
          process.exit(EXIT.failed);
        }
        return;
      }
      firstSignalAt = now;
      err(`Received ${signal}: stopping (press Ctrl-C again to force)...`);
      server.stop().then(resolve, (error: unknown) => {
        err(`Stopping failed: ${(error as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return EXIT.ok;
}
