import type { Logger } from 'pino';
import { sealAllAuditEvents, type SealAllResult } from '../audit/seal.js';
import { purgeExpiredSessions } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export type JobDeps = { config: Config; db: Database };

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
  const purged = await deps.db.owner
    .transaction()
    .execute((tx) => purgeExpiredSessions(tx, deps.config.sessionIdleMinutes));
  if (purged > 0) logger.info({ job: 'purge_sessions', purged }, 'purged expired sessions');
  return purged;
}
