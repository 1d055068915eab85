import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** Thrown for any ciphertext that does not authenticate: never partial data. */
export class DecryptionError extends Error {
  constructor() {
    super('Encrypted data could not be read: it is damaged or was altered');
  }
}

export type Sealed = { keyId: string; wrappedKey: Buffer; ciphertext: Buffer };

const IV = 12;
const TAG = 16;

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV + TAG) throw new DecryptionError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
    return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/**
 * Envelope encryption: a fresh data key per record encrypts the record; the master key wraps the
 * data key. `context` (e.g. the table, record and case ids) is bound in as additional data, so
 * a ciphertext moved to another record fails to decrypt.
 */
export function encryptJson(keyring: Keyring, context: string, value: unknown): Sealed {
  const dataKey = randomBytes(32);
  const master = keyring.keys.get(keyring.currentId)!;
  return {
    keyId: keyring.currentId,
    wrappedKey: seal(master, dataKey, `key:${context}`),
    ciphertext: seal(dataKey, Buffer.from(JSON.stringify(value)), context),
  };
}

export function decryptJson<T>(keyring: Keyring, context: string, sealed: Sealed): T {
  const master = keyring.keys.get(sealed.keyId);
  if (!master) throw new DecryptionError();
  const dataKey = open(master, sealed.wrappedKey, `key:${context}`);
  return JSON.parse(open(dataKey, sealed.ciphertext, context).toString('utf8')) as T;
}

/** Key rotation: the same data key, wrapped again under the current master key. */
export function rewrap(keyring: Keyring, context: string, sealed: Sealed): Sealed {
  const old = keyring.keys.get(sealed.keyId);
  if (!old) throw new DecryptionError();
  const dataKey = open(old, sealed.wrappedKey, `key:${context}`);
  return {
    ...sealed,
    keyId: keyring.currentId,
    wrappedKey: seal(keyring.keys.get(keyring.currentId)!, dataKey, `key:${context}`),
  };
}
