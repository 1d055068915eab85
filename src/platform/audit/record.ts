import type { Actor, Tx } from '../db/request-tx.js';
import { computeAuditMac, macTime, type MacFields } from './mac.js';

export type AuditEntry = {
  action: string;
  reason: string;
  caseId?: string | null;
  recordType?: string;
  recordId?: string;
  breakGlass?: boolean;
  details?: Record<string, string | number | boolean | null>;
};

/** The columns an audit event is written with, its MAC computed over them (see mac.ts). */
export function auditEventValues(actor: Actor, entry: AuditEntry, at: Date = new Date()) {
  const fields: MacFields = {
    at: macTime(at),
    user_id: actor.userId,
    action: entry.action,
    case_id: entry.caseId ?? null,
    record_type: entry.recordType ?? null,
    record_id: entry.recordId ?? null,
    reason: entry.reason,
    request_id: actor.requestId,
    break_glass: entry.breakGlass ?? false,
    details: JSON.stringify(entry.details ?? {}),
    session_ref: actor.credential?.ref ?? null,
    session_user_id: actor.credential?.userId ?? null,
  };
  const keyId = actor.audit.currentId;
  const key = actor.audit.keys.get(keyId);
  if (!key) throw new Error('The current audit key is missing');
  return {
    ...fields,
    at,
    mac: computeAuditMac(key, keyId, fields),
    mac_key_id: keyId,
  };
}

/**
 * Writes an audit event in the request's own transaction, so a change and its record stand or
 * fall together. Details must never carry personal data: ids, counts and codes only. The event is
 * authenticated with the audit key (a MAC over its content, time and the request's credential),
 * which the database never sees.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insertInto('audit.event').values(auditEventValues(actor, entry)).execute();
}
