import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, chmodSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where uploaded files live: one interface, so the filesystem can be swapped for object storage.
 * Keys are generated here (never from a user's file name). The store's directory is part of the
 * backup, with the database.
 */
export interface FileStore {
  /** stores the bytes under `key`; a key already used is refused */
  put(key: string, content: Readable | Buffer): Promise<void>;
  /** the stored bytes; the stream errors if there is no such file */
  get(key: string): Readable;
  /** removes the file; no error if it is already gone */
  delete(key: string): Promise<void>;
}

/** A new random storage key: 32 hex characters, no path characters. */
export function newStorageKey(): string {
  return randomBytes(16).toString('hex');
}

const KEY = /^[0-9a-f]{32}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error('Not a valid storage key');
  return key;
}

/**
 * Files in one directory (created 0700 if need be), each 0600, named by key under a two-character
 * fan-out folder. Writes go to a temporary name and are renamed only when complete.
 */
export class FilesystemStore implements FileStore {
  constructor(readonly dir: string) {}

  private ensureDir(sub: string): string {
    const full = path.join(this.dir, sub);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    mkdirSync(full, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    return full;
  }

  private pathOf(key: string): string {
    checkKey(key);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, content: Readable | Buffer): Promise<void> {
    const target = this.pathOf(key);
    this.ensureDir(key.slice(0, 2));
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    // 'wx': never overwrite; the key is new
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(source, out);
    } catch (error) {
      await rm(target, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  get(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
