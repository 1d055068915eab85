import { loadKeyList, newKeyListEntry, parseKeyList, type KeyKind, type KeyList } from './key-list.js';

/** The master keys: the current one wraps new data keys. */
export type Keyring = KeyList;

export class KeyConfigError extends Error {}

const MASTER_KEY: KeyKind = { noun: 'Master key', lengthNote: ' (AES-256)', error: KeyConfigError };

/**
 * Parses "id:base64key,id:base64key" — the first is current, the others still unwrap older
 * records until `recolo keys rotate` has re-wrapped them.
 */
export function parseKeyring(spec: string): Keyring {
  return parseKeyList(spec, MASTER_KEY);
}

export const newKeySpec = newKeyListEntry;

/**
 * The master keys come from RECOLO_MASTER_KEYS. Without it (the embedded demo, tests), a local
 * key file under the data directory is used, created on first start with owner-only permissions.
 */
export function loadKeyring(env: NodeJS.ProcessEnv, dataDir: string): { keyring: Keyring; source: string } {
  const { keys, source } = loadKeyList(env.RECOLO_MASTER_KEYS, dataDir, 'master.key', MASTER_KEY);
  return { keyring: keys, source };
}
