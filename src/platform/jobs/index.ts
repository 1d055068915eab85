import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import { purgeSessions, sealAudit, type JobDeps } from './tasks.js';

export type { JobDeps } from './tasks.js';
export { purgeSessions, sealAudit } from './tasks.js';

export type Jobs = { stop(): Promise<void> };

/**
 * The schedule. Cron's finest grain is a minute; a shorter AUDIT_SEAL_SECONDS adds a timer that
 * queues the same job more often (its job key stops them piling up).
 */
export const CRONTAB = ['* * * * * seal_audit', '*/15 * * * * purge_sessions'].join('\n');

/**
 * Runs the background jobs in this process with graphile-worker, on the owner connection:
 * `seal_audit` every minute and `purge_sessions` every 15 minutes. Seals once before starting,
 * so events written while the service was down are sealed straight away.
 *
 * graphile-worker runs on the embedded PGlite too, served over its Unix socket (checked: its
 * migrations, cron, job locking and completion all work there). Two differences: PGlite has a
 * single session behind every socket connection, so prepared statements are turned off there,
 * and notifications of new jobs may reach another connection, so new jobs are found by polling
 * (every two seconds), which is ample for these jobs.
 */
export async function startJobs(deps: JobDeps, logger: Logger): Promise<Jobs> {
  const log = logger.child({ component: 'jobs' });
  try {
    await sealAudit(deps, log);
  } catch (error) {
    log.error({ error: (error as Error).message }, 'sealing audit events at startup failed');
  }

  const taskList: TaskList = {
    seal_audit: async () => {
      await sealAudit(deps, log);
    },
    purge_sessions: async () => {
      await purgeSessions(deps, log);
    },
  };

  handleClientErrors(deps.db.ownerPool, (error) =>
    log.debug({ error: error.message }, 'database connection error'),
  );

  const runner: Runner = await run({
    pgPool: deps.db.ownerPool,
    taskList,
    crontab: CRONTAB,
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 2000,
    // PGlite has one session behind all its socket connections, so a statement one connection
    // prepares already exists for the next: named prepared statements cannot be used there
    noPreparedStatements: deps.db.embedded,
    logger: workerLogger(log),
  });

  let timer: NodeJS.Timeout | undefined;
  if (deps.config.auditSealSeconds < 60) {
    timer = setInterval(() => {
      runner
        .addJob('seal_audit', {}, { jobKey: 'seal_audit_interval', jobKeyMode: 'preserve_run_at' })
        .catch((error: unknown) =>
          log.warn({ error: (error as Error).message }, 'could not queue audit sealing'),
        );
    }, deps.config.auditSealSeconds * 1000);
    timer.unref();
  }

  log.info({ concurrency: 1 }, 'jobs worker started');
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await runner.stop();
      log.info('jobs worker stopped');
    },
  };
}

/**
 * graphile-worker wants every client of the pool to have an error handler (else it warns and adds
 * its own): a connection that drops is taken out of the pool by pg, and its next query reports it.
 */
export function handleClientErrors(pool: pg.Pool, onError: (error: Error) => void = () => undefined): void {
  if (pool.listeners('connect').length > 0) return;
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
}

/** graphile-worker's own messages go to our logger: job names and ids, never payloads. */
function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message) => {
    // its info lines (job completed, cron ticks) are noise at our info level
    const target = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    log[target]({ worker: scope.label, task: scope.taskIdentifier, jobId: scope.jobId }, message);
  });
}
