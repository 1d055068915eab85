import type { Actor, Tx } from '../db/request-tx.js';

export type AuditEntry = {
  action: string;
  reason: string;
  caseId?: string | null;
  recordType?: string;
  recordId?: string;
  breakGlass?: boolean;
  details?: Record<string, string | number | boolean | null>;
};

/**
 * Writes an audit event in the request's own transaction, so a change and its record stand or
 * fall together. Details must never carry personal data: ids, counts and codes only.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit.event')
    .values({
      user_id: actor.userId,
      action: entry.action,
      case_id: entry.caseId ?? null,
      record_type: entry.recordType ?? null,
      record_id: entry.recordId ?? null,
      reason: entry.reason,
      request_id: actor.requestId,
      break_glass: entry.breakGlass ?? false,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
