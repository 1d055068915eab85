import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/migrate.js';
import { openTestDatabase, targets, type TestDatabase } from '../support/databases.js';

const migrationFiles = fs
  .readdirSync(fileURLToPath(new URL('../../migrations', import.meta.url)))
  .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
  .sort();

describe.each(targets)('migrations on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('applied every migration, once, in order', async () => {
    const rows = await t.db.owner
      .selectNoFrom(sql<string[]>`array(select name from recolo_migration order by name)`.as('names'))
      .executeTakeFirstOrThrow();
    expect(rows.names).toEqual(migrationFiles);
  });

  it('is idempotent: running again applies nothing and changes nothing', async () => {
    const before = await t.db.ownerPool.query(
      'select name, checksum, applied_at from recolo_migration order by name',
    );
    const again = await migrate(t.db.ownerPool);
    expect(again).toEqual({ applied: [], total: migrationFiles.length });
    const third = await migrate(t.db.ownerPool);
    expect(third.applied).toEqual([]);
    const after = await t.db.ownerPool.query(
      'select name, checksum, applied_at from recolo_migration order by name',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('creates the request role and the login role', async () => {
    const { rows } = await t.db.ownerPool.query<{ rolname: string; rolcanlogin: boolean }>(
      `select rolname, rolcanlogin from pg_roles where rolname in ('recolo_app', 'recolo_login') order by rolname`,
    );
    expect(rows).toEqual([
      { rolname: 'recolo_app', rolcanlogin: false },
      { rolname: 'recolo_login', rolcanlogin: true },
    ]);
  });

  it('forces row-level security on every table of case data', async () => {
    // every table that hangs off a case (has a case_id), plus cases and person themselves
    const { rows } = await t.db.ownerPool.query<{ name: string; rls: boolean; forced: boolean }>(
      `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname in ('public', 'audit')
          and (c.relname in ('cases', 'person')
               or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'case_id' and not a.attisdropped))
        order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'audit.event',
        'public.case_offence',
        'public.case_status_event',
        'public.case_team',
        'public.case_victim',
        'public.cases',
        'public.person',
        'public.referral',
      ]),
    );
    const unprotected = rows.filter((r) => !r.rls || !r.forced).map((r) => r.name);
    expect(unprotected, 'tables of case data without forced row-level security').toEqual([]);
  });

  it('gives the request role no table of its own', async () => {
    const { rows } = await t.db.ownerPool.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_roles r on r.oid = c.relowner
        where r.rolname in ('recolo_app', 'recolo_login')`,
    );
    expect(rows).toEqual([]);
  });

  it('keeps the policy helpers in a private schema with an empty search_path', async () => {
    const { rows } = await t.db.ownerPool.query<{
      name: string;
      config: string[] | null;
      definer: boolean;
      appMayRun: boolean;
    }>(
      `select p.proname as name, p.proconfig as config, p.prosecdef as definer,
              has_function_privilege('recolo_app', p.oid, 'execute') as "appMayRun"
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'recolo_private' order by 1`,
    );
    expect(rows.length).toBeGreaterThan(0);
    // a SET clause stops PostgreSQL inlining a SQL function: the visibility rules (migrations 012, 013)
    // have none, so they may be neither security definer nor run by the application; they run inside
    // the access functions only, under their empty search_path
    const inlined = ['case_visible_to', 'person_visible_to'];
    for (const row of rows) {
      if (inlined.includes(row.name)) expect([row.definer, row.appMayRun], row.name).toEqual([false, false]);
      else expect(row.config, row.name).toContain('search_path=""');
    }
  });
});
