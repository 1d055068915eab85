import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { victimContactContext } from '../../src/platform/crypto/contexts.js';
import {
  decryptJson,
  DecryptionError,
  encryptJson,
  rewrap,
  type Sealed,
} from '../../src/platform/crypto/envelope.js';
import {
  KeyConfigError,
  loadKeyring,
  newKeySpec,
  parseKeyring,
  type Keyring,
} from '../../src/platform/crypto/keyring.js';

const spec = (id: string, bytes = 32) => `${id}:${randomBytes(bytes).toString('base64')}`;
const A = spec('key-a');
const B = spec('key-b');
const keyringA = parseKeyring(A);
const keyringB = parseKeyring(B);
const keyringBA = parseKeyring(`${B},${A}`);

const CONTEXT = victimContactContext({
  id: '6f1c0a52-3b7e-4c1d-9a0e-2d4b5c6e7f80',
  case_id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
  case_victim_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
});
const OTHER_CONTEXT = victimContactContext({
  id: '6f1c0a52-3b7e-4c1d-9a0e-2d4b5c6e7f80',
  case_id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
  case_victim_id: 'ffffffff-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
});
const DETAILS = {
  address: '9 Tallowmere Court, Eastleigh',
  phone: '01632 960 218',
  email: 'emma.thornbury@example.org',
  safeContactNotes: 'Text first; weekdays 12:00 to 14:00.',
};

const flipBit = (buffer: Buffer, index: number, bit = 0): Buffer => {
  const copy = Buffer.from(buffer);
  copy[index] = copy[index]! ^ (1 << bit);
  return copy;
};

/** Decryption must throw DecryptionError, and nothing else: no value, no other error. */
function expectFailsClosed(keyring: Keyring, context: string, sealed: Sealed): void {
  let result: unknown = 'no result';
  let thrown: unknown;
  try {
    result = decryptJson(keyring, context, sealed);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecryptionError);
  expect(result).toBe('no result');
}

describe('envelope encryption', () => {
  it('round-trips a record under the current key, with a fresh data key and IV each time', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    expect(sealed.keyId).toBe('key-a');
    expect(decryptJson(keyringA, CONTEXT, sealed)).toEqual(DETAILS);
    const again = encryptJson(keyringA, CONTEXT, DETAILS);
    expect(again.ciphertext.equals(sealed.ciphertext)).toBe(false);
    expect(again.wrappedKey.equals(sealed.wrappedKey)).toBe(false);
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, context) => {
        const sealed = encryptJson(keyringA, context, value);
        // JSON has no -0, and drops undefined in objects: compare through JSON
        expect(decryptJson(keyringA, context, sealed)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps none of the plaintext visible in the sealed bytes', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    const bytes = Buffer.concat([sealed.wrappedKey, sealed.ciphertext]);
    for (const value of Object.values(DETAILS)) {
      expect(bytes.includes(Buffer.from(value))).toBe(false);
      expect(bytes.toString('latin1')).not.toContain(value.slice(0, 6));
    }
  });

  it('fails closed on any flipped bit of the ciphertext (IV, tag or body)', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    // every byte, one bit each; and random bits by property
    for (let i = 0; i < sealed.ciphertext.length; i += 1) {
      expectFailsClosed(keyringA, CONTEXT, { ...sealed, ciphertext: flipBit(sealed.ciphertext, i, i % 8) });
    }
    fc.assert(
      fc.property(fc.nat(sealed.ciphertext.length - 1), fc.integer({ min: 0, max: 7 }), (index, bit) => {
        expectFailsClosed(keyringA, CONTEXT, {
          ...sealed,
          ciphertext: flipBit(sealed.ciphertext, index, bit),
        });
      }),
    );
  });

  it('fails closed on any flipped bit of the wrapped data key', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    for (let i = 0; i < sealed.wrappedKey.length; i += 1) {
      expectFailsClosed(keyringA, CONTEXT, {
        ...sealed,
        wrappedKey: flipBit(sealed.wrappedKey, i, (i + 3) % 8),
      });
    }
  });

  it('fails closed on a truncated or extended ciphertext or wrapped key', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    for (const length of [0, 1, 12, 27, 28, 29, sealed.ciphertext.length - 1]) {
      expectFailsClosed(keyringA, CONTEXT, { ...sealed, ciphertext: sealed.ciphertext.subarray(0, length) });
    }
    expectFailsClosed(keyringA, CONTEXT, {
      ...sealed,
      ciphertext: Buffer.concat([sealed.ciphertext, Buffer.from([0])]),
    });
    for (const length of [0, 16, 28, sealed.wrappedKey.length - 1]) {
      expectFailsClosed(keyringA, CONTEXT, { ...sealed, wrappedKey: sealed.wrappedKey.subarray(0, length) });
    }
  });

  it('fails closed when a ciphertext is moved to another record (different additional data)', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    expectFailsClosed(keyringA, OTHER_CONTEXT, sealed);
    expectFailsClosed(keyringA, '', sealed);
    // the body of one record with the wrapped key of another, both under the same master key
    const other = encryptJson(keyringA, OTHER_CONTEXT, DETAILS);
    expectFailsClosed(keyringA, CONTEXT, { ...sealed, wrappedKey: other.wrappedKey });
    expectFailsClosed(keyringA, OTHER_CONTEXT, { ...other, ciphertext: sealed.ciphertext });
  });

  it('fails closed on an unknown key id, or a different key under the same id', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    expectFailsClosed(keyringB, CONTEXT, sealed);
    expectFailsClosed(keyringBA, CONTEXT, { ...sealed, keyId: 'key-c' });
    expectFailsClosed(parseKeyring(spec('key-a')), CONTEXT, sealed);
    // a record under key-a cannot be passed off as key-b's
    expectFailsClosed(keyringBA, CONTEXT, { ...sealed, keyId: 'key-b' });
  });

  it('rewrap keeps the ciphertext and the plaintext, and moves the data key to the current key', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    const rotated = rewrap(keyringBA, CONTEXT, sealed);
    expect(rotated.keyId).toBe('key-b');
    expect(rotated.ciphertext.equals(sealed.ciphertext)).toBe(true);
    expect(rotated.wrappedKey.equals(sealed.wrappedKey)).toBe(false);
    expect(decryptJson(keyringB, CONTEXT, rotated)).toEqual(DETAILS);
    expect(decryptJson(keyringBA, CONTEXT, rotated)).toEqual(DETAILS);
    // the old key alone no longer opens it
    expectFailsClosed(keyringA, CONTEXT, rotated);
    // re-wrapping a record already under the current key changes only the wrapping
    const twice = rewrap(keyringBA, CONTEXT, rotated);
    expect(twice.keyId).toBe('key-b');
    expect(decryptJson(keyringB, CONTEXT, twice)).toEqual(DETAILS);
  });

  it('rewrap refuses what it cannot unwrap: unknown key, tampered wrapped key, another context', () => {
    const sealed = encryptJson(keyringA, CONTEXT, DETAILS);
    expect(() => rewrap(keyringB, CONTEXT, sealed)).toThrow(DecryptionError);
    expect(() =>
      rewrap(keyringBA, CONTEXT, { ...sealed, wrappedKey: flipBit(sealed.wrappedKey, 30) }),
    ).toThrow(DecryptionError);
    expect(() => rewrap(keyringBA, OTHER_CONTEXT, sealed)).toThrow(DecryptionError);
  });
});

describe('master keys', () => {
  it('parses "id:base64,id:base64" with the first as current', () => {
    const keyring = parseKeyring(` ${B} , ${A} `);
    expect(keyring.currentId).toBe('key-b');
    expect([...keyring.keys.keys()]).toEqual(['key-b', 'key-a']);
    expect(keyring.keys.get('key-a')!.length).toBe(32);
  });

  it('refuses keys of the wrong length', () => {
    for (const bytes of [0, 16, 31, 33, 64]) {
      expect(() => parseKeyring(spec('k', bytes))).toThrow(KeyConfigError);
    }
    expect(() => parseKeyring(`${A},${spec('short', 24)}`)).toThrow(/32 bytes/);
  });

  it('refuses a key id listed twice', () => {
    expect(() => parseKeyring(`${A},${spec('key-a')}`)).toThrow(/listed twice/);
    expect(() => parseKeyring(`${A},${A}`)).toThrow(KeyConfigError);
  });

  it('refuses an empty setting', () => {
    for (const empty of ['', ' ', ',', ' , , ']) {
      expect(() => parseKeyring(empty)).toThrow(/No master key/);
    }
  });

  it('refuses entries that are not id:base64', () => {
    const key = randomBytes(32).toString('base64');
    for (const bad of [key, `:${key}`, 'key-a:', 'key-a', `bad id:${key}`, `${'x'.repeat(41)}:${key}`]) {
      expect(() => parseKeyring(bad)).toThrow(KeyConfigError);
    }
  });

  it('newKeySpec makes a key parseKeyring accepts', () => {
    const made = newKeySpec('key-2026-01');
    expect(made).toMatch(/^key-2026-01:[A-Za-z0-9+/]+=*$/);
    expect(parseKeyring(made).currentId).toBe('key-2026-01');
    expect(newKeySpec('x')).not.toBe(newKeySpec('x'));
  });

  it('prefers RECOLO_MASTER_KEYS; otherwise creates one owner-only key file and keeps using it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-keys-'));
    try {
      const fromEnv = loadKeyring({ RECOLO_MASTER_KEYS: `${B},${A}` }, dir);
      expect(fromEnv.source).toBe('environment');
      expect(fromEnv.keyring.currentId).toBe('key-b');
      expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);

      const first = loadKeyring({}, dir);
      const file = path.join(dir, 'master.key');
      expect(first.source).toBe(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const second = loadKeyring({}, dir);
      expect(
        second.keyring.keys
          .get(second.keyring.currentId)!
          .equals(first.keyring.keys.get(first.keyring.currentId)!),
      ).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
