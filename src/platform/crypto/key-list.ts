import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A list of 32-byte secret keys, as the master keys (RECOLO_MASTER_KEYS) and the audit MAC keys
 * (RECOLO_AUDIT_KEYS) are given: "id:base64,id:base64", the first current, the others kept to read
 * what older keys wrote. Without the variable, a local key file under the data directory.
 */
export type KeyList = {
  /** the key new data is written under */
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
};

/** How one kind of key names itself in messages, and the error it throws. */
export type KeyKind = {
  /** "Master key", "Audit key" */
  noun: string;
  /** added to the wrong-length message: " (AES-256)" */
  lengthNote?: string;
  error: new (message: string) => Error;
};

/** Parses "id:base64,id:base64"; throws `kind.error` naming the first problem. */
export function parseKeyList(spec: string, kind: KeyKind): KeyList {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64, extra] = part.split(':');
    if (!id || !b64 || extra !== undefined || !/^[A-Za-z0-9_-]{1,40}$/.test(id))
      throw new kind.error(`Each ${kind.noun.toLowerCase()} must be written as id:base64`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32)
      throw new kind.error(`${kind.noun} ${id} must be 32 bytes${kind.lengthNote ?? ''}`);
    if (keys.has(id)) throw new kind.error(`${kind.noun} ${id} is listed twice`);
    keys.set(id, key);
    currentId ||= id;
  }
  if (!currentId) throw new kind.error(`No ${kind.noun.toLowerCase()} was given`);
  return { currentId, keys };
}

/** A new key as the list writes it: `id:base64` of 32 random bytes. */
export const newKeyListEntry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/**
 * The keys from the environment variable's value when it is set; otherwise from `fileName` under
 * the data directory, created on first use (directory 0700, file 0600) with one new key.
 */
export function loadKeyList(
  fromEnv: string | undefined,
  dataDir: string,
  fileName: string,
  kind: KeyKind,
): { keys: KeyList; source: string } {
  if (fromEnv) return { keys: parseKeyList(fromEnv, kind), source: 'environment' };
  const file = path.join(dataDir, fileName);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${newKeyListEntry('local-1')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { keys: parseKeyList(fs.readFileSync(file, 'utf8').trim(), kind), source: file };
}
