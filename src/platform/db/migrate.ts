import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { applyAccessPolicy } from '../access/rls.js';
import { foldName } from '../names.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
const LOCK_KEY = 7_324_001;

export type MigrationResult = { applied: string[]; total: number };

/**
 * Applies numbered SQL migrations in order, each in its own transaction, once; then makes the
 * database enforce the access policy file as it stands.
 */
export async function migrate(
  pool: pg.Pool,
  onProgress: (message: string) => void = () => undefined,
): Promise<MigrationResult> {
  const files = fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // tables FORCE row-level security, so the owner (who also owns the security-definer access
    // functions, the audit sealer and the CLI) must bypass it, or every check would see nothing
    const owner = await client.query<{ ok: boolean }>(
      'select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user',
    );
    if (!owner.rows[0]?.ok) {
      throw new Error(
        'The DATABASE_URL role must be a superuser or have BYPASSRLS: it owns the tables and the access functions',
      );
    }
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create table if not exists recolo_migration (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(
      (
        await client.query<{ name: string; checksum: string }>('select name, checksum from recolo_migration')
      ).rows.map((r) => [r.name, r.checksum]),
    );
    for (const [index, file] of files.entries()) {
      const sql = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(file);
      if (previous) {
        if (previous !== checksum) throw new Error(`Migration ${file} was changed after it was applied`);
        continue;
      }
      onProgress(`Applying migration ${index + 1} of ${files.length}: ${file}`);
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into recolo_migration (name, checksum) values ($1, $2)', [file, checksum]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
    onProgress('Applying the access policy');
    await applyAccessPolicy(client);
    const folded = await foldStoredNames(client);
    if (folded) onProgress(`Folded the names of ${folded} people for search`);
    return { applied, total: files.length };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

const FOLD_BATCH = 1000;

/**
 * Stores the folded name (platform/names.ts) of every person who has none yet: people recorded
 * before migration 014, or written by a tool other than Recolo. The application writes it with
 * every person it records; the rule cannot be written in SQL (it needs the transliteration
 * library), so it is applied here, in batches, each its own transaction.
 */
export async function foldStoredNames(client: pg.PoolClient | pg.Client): Promise<number> {
  const hasColumn = await client.query(
    `select 1 from information_schema.columns
      where table_schema = 'public' and table_name = 'person' and column_name = 'search_name'`,
  );
  if (!hasColumn.rowCount) return 0;
  let total = 0;
  for (;;) {
    const batch = await client.query<{ id: string; given_name: string; family_name: string }>(
      'select id, given_name, family_name from person where search_name is null order by id limit $1',
      [FOLD_BATCH],
    );
    if (!batch.rows.length) return total;
    await client.query(
      `update person p set search_name = f.search_name
         from unnest($1::uuid[], $2::text[]) as f(id, search_name)
        where p.id = f.id and p.search_name is null`,
      [batch.rows.map((r) => r.id), batch.rows.map((r) => foldName(`${r.given_name} ${r.family_name}`))],
    );
    total += batch.rows.length;
  }
}
