import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { loadAuditKeys } from '../../src/platform/audit/mac.js';
import { withActor, type Actor, type Tx } from '../../src/platform/db/request-tx.js';

/** Every integration test runs against both: embedded PGlite and a real PostgreSQL server. */
export const targets = ['pglite', 'postgres'] as const;
/**
 * A PostgreSQL database created with LC_COLLATE and LC_CTYPE 'C' (as CI's own cluster is): for the
 * tests of what must not depend on the server's locale (names in any script). Not in `targets`.
 */
export const C_LOCALE_TARGET = 'postgres (C locale)' as const;
export type Target = (typeof targets)[number] | typeof C_LOCALE_TARGET;

export type TestDatabase = {
  target: Target;
  db: Database;
  config: Config;
  /** a fresh temporary directory of this database's own (data dir, audit head file) */
  dir: string;
  /** on postgres, the name of the throwaway database; on PGlite, null */
  databaseName: string | null;
  cleanup(): Promise<void>;
};

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** the login role migration 001 creates: no password, no privileges of its own */
export const APP_LOGIN_ROLE = 'recolo_login';
// serialises migrations across concurrent runs on one server: roles are cluster-wide
const MIGRATE_LOCK_KEY = 7_324_901;

export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

async function adminClient(): Promise<pg.Client> {
  const url = adminDatabaseUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${redact(url)} (${(error as Error).message}). ` +
        'The integration tests need a PostgreSQL server: start one, or set TEST_DATABASE_URL to a ' +
        'superuser connection on one (.ci/run starts a throwaway cluster for this).',
      { cause: error },
    );
  }
  return client;
}

async function makeTempDir(): Promise<string> {
  // short: the embedded database listens on a Unix socket in here (path limit ~107 bytes)
  return fs.mkdtemp(path.join(os.tmpdir(), 'rcl-'));
}

function testConfig(env: NodeJS.ProcessEnv, dir: string): Config {
  // a minimal environment, so a DATABASE_URL in the developer's shell never leaks in
  return loadConfig(
    { LOG_LEVEL: 'silent', ...env },
    { dataDir: dir, cookieSecure: false, worker: false, auditHeadFile: path.join(dir, 'audit-heads.log') },
  );
}

/**
 * Opens a fresh, migrated database for one test file (or one describe block): PGlite in memory,
 * or a new database `recolo_test_<random>` on the server at TEST_DATABASE_URL, used by the
 * application through the unprivileged `recolo_login` role. `cleanup()` closes and drops it.
 */
export async function openTestDatabase(target: Target): Promise<TestDatabase> {
  const dir = await makeTempDir();
  try {
    if (target === 'pglite') {
      const config = testConfig({}, dir);
      const db = await openDatabase(config, { inMemory: true, loadDataDir: await pgliteTemplate() });
      try {
        await migrate(db.ownerPool);
      } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
      }
      return {
        target,
        db,
        config,
        dir,
        databaseName: null,
        async cleanup() {
          await db.close();
          await fs.rm(dir, { recursive: true, force: true });
        },
      };
    }
    return await openPostgres(dir, target);
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * A migrated PGlite data directory as a tarball, made once per set of migrations and PGlite
 * version and kept in the system's temporary directory: a test database starts from it instead of
 * running initdb and every migration (about four seconds on PGlite, each time). `migrate` still
 * runs on every database opened from it and finds nothing left to do.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  const migrations = path.join(repoRoot, 'migrations');
  for (const name of (await fs.readdir(migrations)).sort()) {
    hash.update(name).update(await fs.readFile(path.join(migrations, name)));
  }
  const pgliteVersion = JSON.parse(
    await fs.readFile(path.join(repoRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  hash.update(pgliteVersion.version);
  const file = path.join(os.tmpdir(), `recolo-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    return new Blob([await fs.readFile(file)]);
  } catch {
    // not made yet: make it (two runs making it side by side each write their own, then rename)
  }
  const dir = await makeTempDir();
  try {
    const db = await openDatabase(testConfig({}, dir), { inMemory: true });
    try {
      await migrate(db.ownerPool);
      const snapshot = await db.snapshot!();
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await fs.writeFile(partial, Buffer.from(await snapshot.arrayBuffer()));
      await fs.rename(partial, file);
      return snapshot;
    } finally {
      await db.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function openPostgres(dir: string, target: 'postgres' | typeof C_LOCALE_TARGET): Promise<TestDatabase> {
  const name = `recolo_test_${randomBytes(6).toString('hex')}`;
  const admin = await adminClient();
  let db: Database | undefined;
  let config: Config;
  try {
    await admin.query(
      target === C_LOCALE_TARGET
        ? `create database ${name} encoding 'UTF8' lc_collate 'C' lc_ctype 'C' template template0`
        : `create database ${name}`,
    );
    config = testConfig(
      {
        DATABASE_URL: withDatabase(adminDatabaseUrl(), name),
        DATABASE_APP_URL: withDatabase(adminDatabaseUrl(), name, APP_LOGIN_ROLE),
      },
      dir,
    );
    db = await openDatabase(config);
    await admin.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    try {
      await migrate(db.ownerPool);
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    }
  } catch (error) {
    await db?.close().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    throw error;
  }
  await admin.end();
  const opened = db;
  return {
    target,
    db: opened,
    config,
    dir,
    databaseName: name,
    async cleanup() {
      await opened.close().catch(() => undefined);
      const client = await adminClient();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs `work` exactly as a request by this user does: the request role, the user's id, under RLS. */
export function asUser<T>(db: Database, userId: string | null, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withActor(db.app, { userId, requestId: `test-${randomBytes(4).toString('hex')}` }, work);
}

/**
 * An actor for audited work in tests, as a request by this user makes it: the user's own
 * credential, and the audit keys the application of this database's data directory uses.
 */
export function auditActor(
  t: { config: { dataDir: string } },
  userId: string | null,
  requestId = `test-${randomBytes(4).toString('hex')}`,
): Actor {
  return {
    userId,
    requestId,
    credential: userId ? { ref: `session:test-${userId}`, userId } : null,
    audit: loadAuditKeys(process.env, t.config.dataDir).keys,
  };
}
