import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { DEMO_ACCOUNTS_FILE, seedDemo, type DemoAccount } from '../demo/seed.js';
import { buildApp } from '../platform/http/app.js';
import { JOBS, MANIFESTS } from './modules.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { startJobs, type Jobs } from '../platform/jobs/index.js';
import { createLogger, type Logger } from '../platform/logger.js';

export type StartOptions = {
  config: Config;
  /** seed the demonstration site, accounts and cases when the database has no site yet */
  demo?: boolean;
  logger?: Logger;
  /** keep the embedded database in memory (tests, benchmarks) */
  inMemory?: boolean;
  /** embedded only: start from this data directory snapshot (tests; see DatabaseOptions) */
  loadDataDir?: Blob;
  /**
   * How long stopping waits for each step, in milliseconds (default 10,000): for the requests in
   * flight to be answered (then their connections are closed), for a job running to finish, and
   * for the database to close. A stop never hangs on a request that is never finished.
   */
  stopGraceMs?: number;
};

/** How long each step of a stop waits before going on without it. */
export const STOP_GRACE_MS = 10_000;

export type RecoloServer = {
  app: FastifyInstance;
  db: Database;
  /** where it listens, e.g. http://localhost:3000 */
  url: string;
  /** the demo accounts, when this start seeded them; otherwise null */
  demoAccounts: DemoAccount[] | null;
  /** milliseconds from the call to listening */
  startupMs: number;
  /** closes the HTTP server, then the jobs worker, then the database */
  stop(): Promise<void>;
};

/**
 * Starts Recolo: opens the database (embedded PGlite without DATABASE_URL), applies migrations,
 * seeds the demo if asked and the database is empty, builds the application, starts the jobs
 * worker (unless config.worker is false) and listens on config.host:config.port (0 picks a port).
 */
export async function startRecolo(options: StartOptions): Promise<RecoloServer> {
  const started = performance.now();
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);

  const { keyring, source: keySource } = loadKeyring(process.env, config.dataDir);
  if (keySource !== 'environment') {
    logger.warn(
      { keyFile: keySource },
      'victim contact details are encrypted with a local key file (owner-only permissions); in production set RECOLO_MASTER_KEYS',
    );
  }
  const db = await openDatabase(config, { inMemory: options.inMemory, loadDataDir: options.loadDataDir });
  let app: FastifyInstance | undefined;
  let jobs: Jobs | undefined;
  const grace = options.stopGraceMs ?? STOP_GRACE_MS;
  const closeAll = async () => {
    // in order: stop taking requests, stop the jobs, then close the database they use. Fastify
    // closes idle keep-alive connections at once and answers 503 to new requests on busy ones;
    // a request still in flight after the grace (an upload whose body never ends) has its
    // connection closed, so the stop goes on.
    const http = app;
    if (http) {
      const cut = setTimeout(() => {
        logger.warn('requests still in flight when stopping: closing their connections');
        http.server.closeAllConnections();
      }, grace);
      await http
        .close()
        .catch((error: unknown) => logger.warn({ error: message(error) }, 'closing HTTP failed'))
        .finally(() => clearTimeout(cut));
    }
    await within(jobs?.stop(), grace, 'stopping jobs');
    await within(db.close(), grace, 'closing the database');
  };
  /** Waits for `step` up to the grace, then goes on (logging why): a stop never hangs on one step. */
  const within = async (step: Promise<void> | undefined, ms: number, what: string) => {
    if (!step) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
      timer.unref();
    });
    const outcome = await Promise.race([
      step.then(
        () => 'done' as const,
        (error: unknown) => logger.warn({ error: message(error) }, `${what} failed`),
      ),
      late,
    ]);
    clearTimeout(timer);
    if (outcome === 'late') logger.warn({ waitedMs: ms }, `${what} took too long: going on without it`);
  };

  try {
    const migrated = await migrate(db.ownerPool, (line) => logger.info(line));
    logger.info(
      { applied: migrated.applied.length, total: migrated.total, embedded: db.embedded },
      migrated.applied.length ? 'migrations applied' : 'database schema is up to date',
    );

    let demoAccounts: DemoAccount[] | null = null;
    if (options.demo) {
      const anySite = await db.owner.selectFrom('site').select('id').limit(1).executeTakeFirst();
      if (!anySite) {
        demoAccounts = await seedDemo(db, {
          keyring,
          accountsFile: options.inMemory ? null : path.join(config.dataDir, DEMO_ACCOUNTS_FILE),
        });
        logger.info({ accounts: demoAccounts.length }, 'demo data seeded');
      }
    }

    app = await buildApp({ config, db, keyring }, logger, MANIFESTS);
    if (config.worker) jobs = await startJobs({ config, db }, logger, JOBS);
    await app.listen({ host: config.host, port: config.port });

    const url = listeningUrl(app, config);
    const startupMs = Math.round(performance.now() - started);
    logger.info({ url, startupMs, worker: config.worker, embedded: db.embedded }, 'Recolo started');

    let stopped: Promise<void> | undefined;
    const runningApp = app;
    return {
      app: runningApp,
      db,
      url,
      demoAccounts,
      startupMs,
      stop() {
        stopped ??= closeAll().then(() => logger.info('Recolo stopped'));
        return stopped;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function listeningUrl(app: FastifyInstance, config: Config): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const loopback = ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(config.host);
  const host = loopback ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
