import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  KeyConfigError,
  loadKeyring,
  newKeySpec,
  parseKeyring,
  type Keyring,
} from '../platform/crypto/keyring.js';
import { recordsByKey, rotateKeys, RotationError } from '../platform/crypto/rotate.js';
import { CliError, configFromEnv, displayPath, err, EXIT, out, UsageError, withDatabase } from './shared.js';

const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** `recolo keys rotate|new-key|status`: the master keys that wrap each record's data key. */
export async function keysCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'rotate') return rotate(rest);
  if (sub === 'new-key') return newKey(rest);
  if (sub === 'status') return status(rest);
  throw new UsageError(
    sub
      ? `Unknown keys command "${sub}": use "keys rotate", "keys new-key" or "keys status"`
      : 'keys needs "rotate", "new-key" or "status"',
  );
}

/**
 * The configured keyring, as loadKeyring reads it (RECOLO_MASTER_KEYS, else DATA_DIR/master.key)
 * but without its side effect: when neither exists, no new key file is made (a fresh random key
 * could read none of the records and would only be a stray secret). Null then.
 */
function configuredKeyring(dataDir: string): { keyring: Keyring; source: string } | null {
  try {
    if (process.env.RECOLO_MASTER_KEYS) {
      return { keyring: parseKeyring(process.env.RECOLO_MASTER_KEYS), source: 'RECOLO_MASTER_KEYS' };
    }
    if (!fs.existsSync(path.join(dataDir, 'master.key'))) return null;
    const { keyring, source } = loadKeyring(process.env, dataDir);
    return { keyring, source: displayPath(source) };
  } catch (error) {
    if (error instanceof KeyConfigError) {
      const where = process.env.RECOLO_MASTER_KEYS
        ? 'RECOLO_MASTER_KEYS'
        : displayPath(path.join(dataDir, 'master.key'));
      throw new CliError(`The master keys in ${where} cannot be used: ${error.message}`);
    }
    throw error;
  }
}

const describeKeyring = ({ keyring, source }: { keyring: Keyring; source: string }): string => {
  const older = [...keyring.keys.keys()].filter((id) => id !== keyring.currentId);
  return (
    `Master keys from ${source}: current "${keyring.currentId}"` +
    (older.length ? `; older ${older.map((id) => `"${id}"`).join(', ')}` : '; no older keys')
  );
};

async function rotate(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = configFromEnv();
  const configured = configuredKeyring(config.dataDir);
  if (!configured) {
    throw new CliError(
      'No master keys are configured: set RECOLO_MASTER_KEYS to the new key first, then the old keys ' +
        '("new:base64,old:base64"). "recolo keys new-key" makes a new key.',
    );
  }
  out(describeKeyring(configured));
  const { keyring } = configured;
  return withDatabase(config, async (db) => {
    let result;
    try {
      result = await rotateKeys(db, keyring, (done, total) => out(`Re-wrapped ${done} of ${total} records`));
    } catch (error) {
      if (error instanceof RotationError) {
        const kept = error.rewrapped
          ? ` The ${error.rewrapped} record(s) re-wrapped before it stay under key "${keyring.currentId}".`
          : '';
        throw new CliError(
          `Key rotation stopped. ${error.message} Its batch was rolled back, so no record is half ` +
            `re-wrapped.${kept} Fix or restore that record, then run "recolo keys rotate" again.`,
        );
      }
      throw error;
    }
    if (result.rewrapped === 0) {
      out(
        `Nothing to re-wrap: all ${result.alreadyCurrent} record(s) are already under key "${keyring.currentId}".`,
      );
    } else {
      out(
        `Re-wrapped ${result.rewrapped} record(s) under key "${keyring.currentId}"; ` +
          `${result.alreadyCurrent} already were.`,
      );
      out(
        `Restart any instance of Recolo still running without key "${keyring.currentId}"; ` +
          'then the older keys can be removed from RECOLO_MASTER_KEYS.',
      );
    }
    return EXIT.ok;
  });
}

function newKey(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { id: { type: 'string' } }, strict: true });
  const id = values.id ?? `key-${new Date().toISOString().slice(0, 10)}`;
  if (!KEY_ID.test(id)) {
    throw new UsageError('--id must be 1 to 40 letters, digits, "-" or "_"');
  }
  if (process.env.RECOLO_MASTER_KEYS) {
    let existing: Keyring | null = null;
    try {
      existing = parseKeyring(process.env.RECOLO_MASTER_KEYS);
    } catch {
      // the current setting is broken: a new key is still useful, and the id cannot clash with it
    }
    if (existing?.keys.has(id)) {
      throw new UsageError(`RECOLO_MASTER_KEYS already has a key "${id}": choose another with --id`);
    }
  }
  // the key goes to standard output only, for the operator to put into their secret store
  out(newKeySpec(id));
  err(
    `Put this first in RECOLO_MASTER_KEYS, followed by the current keys (for example "${id}:...,old:..."),`,
  );
  err('restart Recolo with it, then run "recolo keys rotate". Keep it secret: whoever has it can read');
  err("victims' contact details.");
  return Promise.resolve(EXIT.ok);
}

async function status(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = configFromEnv();
  const configured = configuredKeyring(config.dataDir);
  out(
    configured
      ? describeKeyring(configured)
      : 'No master keys are configured here (RECOLO_MASTER_KEYS is not set).',
  );
  return withDatabase(config, async (db) => {
    const byKey = await recordsByKey(db);
    const total = byKey.reduce((sum, k) => sum + k.records, 0);
    out(`Encrypted victim contact records: ${total}`);
    if (!byKey.length) return EXIT.ok;
    const width = Math.max(6, ...byKey.map((k) => k.keyId.length));
    const countWidth = Math.max(...byKey.map((k) => String(k.records).length));
    for (const k of byKey) {
      const note = !configured
        ? ''
        : k.keyId === configured.keyring.currentId
          ? '  (current key)'
          : configured.keyring.keys.has(k.keyId)
            ? '  (older key: "recolo keys rotate" re-wraps these)'
            : '  (NOT in the configured keys: these cannot be read)';
      out(`  ${k.keyId.padEnd(width)}  ${String(k.records).padStart(countWidth)}${note}`);
    }
    return EXIT.ok;
  });
}
