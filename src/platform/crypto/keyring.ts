import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type Keyring = {
  /** the key new data keys are wrapped with */
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
};

export class KeyConfigError extends Error {}

/**
 * Parses "id:base64key,id:base64key" — the first is current, the others still unwrap older
 * records until `recolo keys rotate` has re-wrapped them.
 */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':');
    if (!id || !b64 || !/^[A-Za-z0-9_-]{1,40}$/.test(id))
      throw new KeyConfigError('Each master key must be written as id:base64');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new KeyConfigError(`Master key ${id} must be 32 bytes (AES-256)`);
    if (keys.has(id)) throw new KeyConfigError(`Master key ${id} is listed twice`);
    keys.set(id, key);
    currentId ||= id;
  }
  if (!currentId) throw new KeyConfigError('No master key was given');
  return { currentId, keys };
}

export const newKeySpec = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/**
 * The master keys come from RECOLO_MASTER_KEYS. Without it (the embedded demo, tests), a local
 * key file under the data directory is used, created on first start with owner-only permissions.
 */
export function loadKeyring(env: NodeJS.ProcessEnv, dataDir: string): { keyring: Keyring; source: string } {
  if (env.RECOLO_MASTER_KEYS) return { keyring: parseKeyring(env.RECOLO_MASTER_KEYS), source: 'environment' };
  const file = path.join(dataDir, 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${newKeySpec('local-1')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { keyring: parseKeyring(fs.readFileSync(file, 'utf8').trim()), source: file };
}
