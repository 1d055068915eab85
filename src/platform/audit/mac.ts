import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit MAC: each event is authenticated by the application with an HMAC-SHA256 key the
 * database never sees, so an event that no Recolo process wrote (inserted with the database's
 * credentials, or altered afterwards) is named by `recolo audit verify` even before it is sealed.
 */
export type AuditKeys = {
  /** the key new events are authenticated with */
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
};

export class AuditKeyConfigError extends Error {}

/** "id:base64,id:base64": the first is current, the others still verify older events. */
export function parseAuditKeys(spec: string): AuditKeys {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64, extra] = part.split(':');
    if (!id || !b64 || extra !== undefined || !/^[A-Za-z0-9_-]{1,40}$/.test(id))
      throw new AuditKeyConfigError('Each audit key must be written as id:base64');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new AuditKeyConfigError(`Audit key ${id} must be 32 bytes`);
    if (keys.has(id)) throw new AuditKeyConfigError(`Audit key ${id} is listed twice`);
    keys.set(id, key);
    currentId ||= id;
  }
  if (!currentId) throw new AuditKeyConfigError('No audit key was given');
  return { currentId, keys };
}

export const newAuditKeySpec = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/**
 * The audit keys come from RECOLO_AUDIT_KEYS. Without it (the embedded demo, tests), a local key
 * file under the data directory is used, created on first start with owner-only permissions.
 */
export function loadAuditKeys(env: NodeJS.ProcessEnv, dataDir: string): { keys: AuditKeys; source: string } {
  if (env.RECOLO_AUDIT_KEYS) return { keys: parseAuditKeys(env.RECOLO_AUDIT_KEYS), source: 'environment' };
  const file = path.join(dataDir, 'audit-mac.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${newAuditKeySpec('local-1')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { keys: parseAuditKeys(fs.readFileSync(file, 'utf8').trim()), source: file };
}

/** Everything about an event that the MAC covers, as text, exactly as the database returns it. */
export type MacFields = {
  at: string;
  user_id: string | null;
  action: string;
  case_id: string | null;
  record_type: string | null;
  record_id: string | null;
  reason: string;
  request_id: string | null;
  break_glass: boolean;
  details: string;
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
