import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { SessionQueue } from './embedded-queue.js';

export type EmbeddedDatabase = {
  /** connection string for `pg`, over a Unix socket in the data directory */
  connectionString: string;
  /** the whole data directory as an uncompressed tarball, to start another instance from */
  snapshot(): Promise<Blob>;
  stop(): Promise<void>;
};

/**
 * Starts PGlite (PostgreSQL in WebAssembly) and serves it on a Unix socket, so the application
 * always talks to its database through `pg`, exactly as it does to a PostgreSQL server.
 * `storeDir` undefined keeps the database in memory (tests). `loadDataDir`, a snapshot taken
 * earlier, starts from that data directory instead of running initdb (about three seconds).
 */
export async function startEmbeddedDatabase(
  socketDir: string,
  storeDir: string | undefined,
  loadDataDir?: Blob,
): Promise<EmbeddedDatabase> {
  fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  if (storeDir) fs.mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  if (fs.existsSync(socketPath)) fs.rmSync(socketPath);
  const db = await PGlite.create({ dataDir: storeDir, extensions: { pg_trgm }, loadDataDir });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 64 });
  // its own queue interleaves connections' messages (see SessionQueue); it is a private field, so
  // check it is there, and replace it before the first connection is handed it
  const internals = server as unknown as { queryQueue?: unknown };
  if (!internals.queryQueue) throw new Error('pglite-socket changed: its query queue is not where it was');
  internals.queryQueue = new SessionQueue(db);
  await server.start();
  return {
    connectionString: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
    snapshot: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
