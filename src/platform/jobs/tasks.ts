import type { Logger } from 'pino';
import { sealAllAuditEvents, type SealAllResult } from '../audit/seal.js';
import { purgeExpiredSessions } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export type JobDeps = { config: Config; db: Database };

/**
 * A background job: a graphile-worker task that a module (through its manifest's `jobs`) or the
 * platform itself declares. src/app gathers them into the list the worker runs.
 */
export type JobDefinition = {
  /** the task's name, unique across the app: `seal_audit` */
  name: string;
  /** when it runs, as the five time fields of a crontab line (`*\/15 * * * *`); absent: only when queued */
  cron?: string;
  /** run once as the worker starts, before the schedule (a failure is logged, not fatal) */
  atStart?: boolean;
  /**
   * Seconds between extra runs, for a period shorter than cron's minute (a timer queues the job
   * with a job key, so runs do not pile up); undefined or 60 and over: cron alone.
   */
  everySeconds?(config: Config): number | undefined;
  run(deps: JobDeps, logger: Logger): Promise<unknown>;
};

/**
 * Seals every finished audit event into the hash chain, batch after batch until none is left, and
 * records each new head outside the database.
 */
export async function sealAudit(deps: JobDeps, logger: Logger): Promise<SealAllResult> {
  const result = await sealAllAuditEvents(deps.db.ownerPool, deps.config.auditHeadFile);
  if (result.sealed > 0) {
    logger.info({ job: 'seal_audit', sealed: result.sealed, seals: result.seals }, 'sealed audit events');
  }
  return result;
}

/** Deletes sessions past their absolute expiry or idle for longer than the idle limit. */
export async function purgeSessions(deps: JobDeps, logger: Logger): Promise<number> {
  const purged = await deps.db.owner.transaction().execute(async (tx) => {
    // one-time form tokens are kept a day: long enough for any page to be sent again
    await tx
      .deleteFrom('form_submission')
      .where('at', '<', new Date(Date.now() - 86_400_000))
      .execute();
    return purgeExpiredSessions(tx, deps.config.sessionIdleMinutes);
  });
  if (purged > 0) logger.info({ job: 'purge_sessions', purged }, 'purged expired sessions');
  return purged;
}

/**
 * The platform's own jobs (the audit chain and sign-in sessions belong to no module): the audit
 * seal every minute (and at start, so events written while the service was down are sealed
 * straight away; AUDIT_SEAL_SECONDS under 60 adds runs in between), expired sessions purged every
 * 15 minutes (with one-time form tokens over a day old).
 */
export const PLATFORM_JOBS: readonly JobDefinition[] = [
  {
    name: 'seal_audit',
    cron: '* * * * *',
    atStart: true,
    everySeconds: (config) => config.auditSealSeconds,
    run: sealAudit,
  },
  { name: 'purge_sessions', cron: '*/15 * * * *', run: purgeSessions },
];
