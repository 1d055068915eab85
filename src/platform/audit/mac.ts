import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SealedEventText } from './chain.js';
import {
  loadKeyList,
  newKeyListEntry,
  parseKeyList,
  type KeyKind,
  type KeyList,
} from '../crypto/key-list.js';

/**
 * The audit MAC: each event is authenticated by the application with an HMAC-SHA256 key the
 * database never sees, so an event that no Recolo process wrote (inserted with the database's
 * credentials, or altered afterwards) is named by `recolo audit verify` even before it is sealed.
 */
/** The audit MAC keys: the current one authenticates new events. */
export type AuditKeys = KeyList;

export class AuditKeyConfigError extends Error {}

const AUDIT_KEY: KeyKind = { noun: 'Audit key', error: AuditKeyConfigError };

/** "id:base64,id:base64": the first is current, the others still verify older events. */
export const parseAuditKeys = (spec: string): AuditKeys => parseKeyList(spec, AUDIT_KEY);

export const newAuditKeySpec = newKeyListEntry;

/**
 * The audit keys come from RECOLO_AUDIT_KEYS. Without it (the embedded demo, tests), a local key
 * file under the data directory is used, created on first start with owner-only permissions.
 */
export function loadAuditKeys(env: NodeJS.ProcessEnv, dataDir: string): { keys: AuditKeys; source: string } {
  return loadKeyList(env.RECOLO_AUDIT_KEYS, dataDir, 'audit-mac.key', AUDIT_KEY);
}

/** Everything about an event that the MAC covers, as text, exactly as the database returns it. */
export type MacFields = Omit<SealedEventText, 'id'> & {
  session_ref: string | null;
  session_user_id: string | null;
};

/** JSON with object keys sorted at every level: jsonb reorders keys, so the MAC must not care. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An event's time as the database prints it (EVENT_TEXT_COLUMNS): microseconds, UTC. */
export function macTime(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const DOMAIN = 'recolo-audit-event-v1';

export function computeAuditMac(key: Buffer, keyId: string, fields: MacFields): string {
  let details: string;
  try {
    details = canonicalJson(JSON.parse(fields.details));
  } catch {
    details = fields.details;
  }
  const canonical = JSON.stringify([
    DOMAIN,
    keyId,
    fields.at,
    fields.user_id,
    fields.action,
    fields.case_id,
    fields.record_type,
    fields.record_id,
    fields.reason,
    fields.request_id,
    fields.break_glass,
    details,
    fields.session_ref,
    fields.session_user_id,
  ]);
  return createHmac('sha256', key).update(canonical).digest('base64url');
}

export type MacCheck = 'ok' | 'missing' | 'unknown-key' | 'mismatch';

export function checkAuditMac(
  keys: AuditKeys,
  mac: string | null,
  keyId: string | null,
  fields: MacFields,
): MacCheck {
  if (!mac || !keyId) return 'missing';
  const key = keys.keys.get(keyId);
  if (!key) return 'unknown-key';
  const expected = Buffer.from(computeAuditMac(key, keyId, fields));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/**
 * A one-way reference to the credential that made a request, for the audit log: a hash of the
 * session's (or API token's) own hash, so the log never holds anything that could find or
 * resume a session.
 */
export function credentialRef(kind: 'session' | 'token', credentialHash: string): string {
  return `${kind}:${createHash('sha256').update(`recolo-audit-credential\n${kind}\n${credentialHash}`).digest('hex').slice(0, 32)}`;
}
