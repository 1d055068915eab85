import type { Config } from '../config.js';
import { FilesystemStore, type FileStore } from './file-store.js';

export { FilesystemStore, newStorageKey, type FileStore } from './file-store.js';

/** The evidence store, from the configuration (EVIDENCE_DIR, by default <DATA_DIR>/evidence). */
export function evidenceStore(config: Config): FileStore {
  return new FilesystemStore(config.evidenceDir);
}
