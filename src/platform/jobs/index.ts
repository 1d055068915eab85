import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { JobDefinition, JobDeps } from './tasks.js';

export type { JobDefinition, JobDeps } from './tasks.js';
export { PLATFORM_JOBS, purgeSessions, sealAudit } from './tasks.js';

export type Jobs = { stop(): Promise<void> };

/**
 * The job list checked: names unique and usable as task names, cron lines of five time fields.
 * Throws on a mistake in a manifest, so it shows at start, not at the first tick.
 */
export function checkJobs(jobs: readonly JobDefinition[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!/^[a-z][a-z0-9_]*$/.test(job.name))
      throw new Error(`job name ${JSON.stringify(job.name)} is not a task name`);
    if (seen.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
    seen.add(job.name);
    if (job.cron !== undefined && job.cron.trim().split(/\s+/).length !== 5)
      throw new Error(`job ${job.name}: cron ${JSON.stringify(job.cron)} needs five time fields`);
  }
}

/** The crontab graphile-worker runs: one line per job with a `cron`. */
export function crontabOf(jobs: readonly JobDefinition[]): string {
  return jobs
    .filter((job) => job.cron !== undefined)
    .map((job) => `${job.cron!.trim()} ${job.name}`)
    .join('\n');
}

/**
 * Runs the background jobs in this process with graphile-worker, on the owner connection: the
 * list src/app gathers (the platform's jobs and each manifest's `jobs`), each on its cron. Those
 * marked `atStart` run once before the worker starts. Cron's finest grain is a minute; a job's
 * shorter `everySeconds` adds a timer that queues it more often (its job key stops them piling up).
 *
 * graphile-worker runs on the embedded PGlite too, served over its Unix socket (checked: its
 * migrations, cron, job locking and completion all work there). Two differences: PGlite has a
 * single session behind every socket connection, so prepared statements are turned off there,
 * and notifications of new jobs may reach another connection, so new jobs are found by polling
 * (every two seconds), which is ample for these jobs.
 */
export async function startJobs(
  deps: JobDeps,
  logger: Logger,
  jobs: readonly JobDefinition[],
): Promise<Jobs> {
  checkJobs(jobs);
  const log = logger.child({ component: 'jobs' });
  for (const job of jobs.filter((j) => j.atStart)) {
    try {
      await job.run(deps, log);
    } catch (error) {
      log.error({ job: job.name, error: (error as Error).message }, 'a job failed at startup');
    }
  }

  const taskList: TaskList = {};
  for (const job of jobs) {
    taskList[job.name] = async () => {
      await job.run(deps, log);
    };
  }

  handleClientErrors(deps.db.ownerPool, (error) =>
    log.debug({ error: error.message }, 'database connection error'),
  );

  const runner: Runner = await run({
    pgPool: deps.db.ownerPool,
    taskList,
    crontab: crontabOf(jobs),
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 2000,
    // PGlite has one session behind all its socket connections, so a statement one connection
    // prepares already exists for the next: named prepared statements cannot be used there
    noPreparedStatements: deps.db.embedded,
    logger: workerLogger(log),
  });

  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    const seconds = job.everySeconds?.(deps.config);
    if (seconds === undefined || !(seconds > 0) || seconds >= 60) continue;
    const timer = setInterval(() => {
      runner
        .addJob(job.name, {}, { jobKey: `${job.name}_interval`, jobKeyMode: 'preserve_run_at' })
        .catch((error: unknown) =>
          log.warn({ job: job.name, error: (error as Error).message }, 'could not queue a job'),
        );
    }, seconds * 1000);
    timer.unref();
    timers.push(timer);
  }

  log.info({ concurrency: 1 }, 'jobs worker started');
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
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
