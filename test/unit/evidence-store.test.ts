import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemStore, newStorageKey } from '../../src/platform/storage/index.js';

describe('the filesystem evidence store', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('stores, reads back and deletes, with private permissions', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'recolo-store-'));
    dirs.push(root);
    const store = new FilesystemStore(path.join(root, 'evidence'));
    const key = newStorageKey();
    await store.put(key, Buffer.from('hello'));
    expect(await text(store.get(key))).toBe('hello');
    expect((await stat(path.join(root, 'evidence'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(root, 'evidence', key.slice(0, 2), key))).mode & 0o777).toBe(0o600);
    await expect(store.put(key, Buffer.from('again'))).rejects.toThrow();
    await store.delete(key);
    expect(await readdir(path.join(root, 'evidence', key.slice(0, 2)))).toEqual([]);
    await store.delete(key);
  });

  it('refuses keys that are not its own', async () => {
    const store = new FilesystemStore(os.tmpdir());
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow(/storage key/);
    expect(() => store.get('a/b')).toThrow(/storage key/);
  });
});
