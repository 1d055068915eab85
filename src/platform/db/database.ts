import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';
import { preparePoolStatements } from './prepared.js';
import type { DB } from './schema.js';

// dates stay as 'YYYY-MM-DD' strings: a date of birth has no time zone
pg.types.setTypeParser(1082, (v) => v);
// bigint counts fit comfortably in a JS number for our volumes
pg.types.setTypeParser(20, (v) => Number(v));

export type Database = {
  /** the owner connection: migrations, jobs, CLI. Never used to serve a request. */
  owner: Kysely<DB>;
  ownerPool: pg.Pool;
  /** the application login: may only switch to the request role */
  app: Kysely<DB>;
  appPool: pg.Pool;
  ownerConnectionString: string;
  embedded: boolean;
  /** embedded only: the data directory as a tarball, for `DatabaseOptions.loadDataDir` */
  snapshot?: () => Promise<Blob>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** keep the embedded database in memory instead of under the data directory (tests) */
  inMemory?: boolean;
  /** embedded only: start from this snapshot of a data directory (see `snapshot`) */
  loadDataDir?: Blob;
  appPoolSize?: number;
};

export async function openDatabase(config: Config, options: DatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let ownerUrl = config.databaseUrl;
  let appUrl = config.databaseAppUrl;
  if (!ownerUrl) {
    embedded = await startEmbeddedDatabase(
      config.dataDir,
      options.inMemory ? undefined : path.join(config.dataDir, 'pgdata'),
      options.loadDataDir,
    );
    ownerUrl = embedded.connectionString;
    // PGlite is single-user: the login role cannot be separated there (see README, Security)
    appUrl = embedded.connectionString;
  }
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  const appPool = preparePoolStatements(
    new pg.Pool({ connectionString: appUrl ?? ownerUrl, max: options.appPoolSize ?? 10 }),
  );
  for (const pool of [ownerPool, appPool]) pool.on('error', () => undefined);
  const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<DB>({ dialect: new PostgresDialect({ pool: appPool }) });
  return {
    owner,
    ownerPool,
    app,
    appPool,
    ownerConnectionString: ownerUrl,
    embedded: Boolean(embedded),
    snapshot: embedded?.snapshot,
    async close() {
      await app.destroy();
      await owner.destroy();
      await embedded?.stop();
    },
  };
}
