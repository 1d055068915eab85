import type { Logger } from 'pino';
import { sealAuditEvents, type SealResult } from '../audit/seal.js';
import { purgeExpiredSessions } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export type JobDeps = { config: Config; db: Database };

/** Seals finished audit events into the hash chain and records the new head outside the database. */
export async function sealAudit(deps: JobDeps, logger: Logger): Promise<SealResult> {
  const result = await sealAuditEvents(deps.db.ownerPool, deps.config.auditHeadFile);
  if (result.sealed > 0) {
    logger.info({ job: 'seal_audit', sealed: result.sealed, sealId: result.sealId }, 'sealed audit events');
  }
  return result;
}

/** Deletes sessions past their absolute expiry or idle for longer than the idle limit. */
export async function purgeSessions(deps: JobDeps, logger: Logger): Promise<number> {
  const purged = await deps.db.owner
    .transaction()
    .execute((tx) => purgeExpiredSessions(tx, deps.config.sessionIdleMinutes));
  if (purged > 0) logger.info({ job: 'purge_sessions', purged }, 'purged expired sessions');
  return purged;
}
