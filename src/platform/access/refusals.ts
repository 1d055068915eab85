import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/database.js';
import { withActor, type Actor } from '../db/request-tx.js';
import type { AccessRefused } from './case-access.js';

export const REFUSED_ACTION = 'access.refused';

/**
 * Records a refused attempt to open a case (or a compartment of it) as a security event, in a
 * transaction of its own: the refused request's transaction has rolled back. The database limits
 * it to one event a minute per user and case, and 20 a minute per user, so refusals cannot flood
 * the log. Returns whether an event was written.
 */
export async function recordRefusal(db: Database, actor: Actor, refusal: AccessRefused): Promise<boolean> {
  if (!actor.userId) return false;
  return withActor(db.app, actor, async (tx) => {
    const allowed = await sql<{ ok: boolean }>`
      select recolo_private.may_record_refusal(${refusal.caseId}::uuid) as ok`.execute(tx);
    if (!allowed.rows[0]?.ok) return false;
    await recordAudit(tx, actor, {
      action: REFUSED_ACTION,
      reason:
        refusal.compartment === 'core'
          ? 'may not see this case'
          : `may not see the ${refusal.compartment} compartment`,
      caseId: refusal.caseId,
      recordType: 'case',
      recordId: refusal.caseId,
      details: { compartment: refusal.compartment },
    });
    return true;
  });
}
