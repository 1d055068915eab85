import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, openTestDatabase, targets, type TestDatabase } from '../support/databases.js';

type RoleRow = { rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolinherit: boolean };

describe.each(targets)('database roles on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('runs a request as recolo_app: not a superuser, no BYPASSRLS', async () => {
    const row = await asUser(t.db, null, async (tx) => {
      const { rows } = await sql<RoleRow>`select rolname, rolsuper, rolbypassrls, rolinherit
                                            from pg_roles where rolname = current_user`.execute(tx);
      return rows[0];
    });
    expect(row).toMatchObject({ rolname: 'recolo_app', rolsuper: false, rolbypassrls: false });
  });

  it('cannot write the audit chain or seals from a request', async () => {
    await expect(
      asUser(t.db, null, (tx) =>
        sql`insert into audit.seal (event_count, head_hash) values (0, 'x')`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(t.db, null, (tx) =>
        sql`insert into audit.chain (event_id, seal_id, hash) values (1, 1, 'x')`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  // On PGlite the application connects as the single (super)user: the separation below can only
  // exist on a PostgreSQL server, which is what production runs on.
  if (target === 'postgres') {
    it('logs the application in as recolo_login: not a superuser, no BYPASSRLS, NOINHERIT', async () => {
      const { rows } = await t.db.appPool.query<RoleRow>(
        'select rolname, rolsuper, rolbypassrls, rolinherit from pg_roles where rolname = current_user',
      );
      expect(rows).toEqual([
        { rolname: 'recolo_login', rolsuper: false, rolbypassrls: false, rolinherit: false },
      ]);
    });

    it('gives recolo_app and recolo_login no superuser, BYPASSRLS, or role-creating powers', async () => {
      const { rows } = await t.db.ownerPool.query<RoleRow & { rolcreaterole: boolean; rolcreatedb: boolean }>(
        `select rolname, rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb
           from pg_roles where rolname in ('recolo_app', 'recolo_login') order by rolname`,
      );
      for (const row of rows) {
        expect(row, row.rolname).toMatchObject({
          rolsuper: false,
          rolbypassrls: false,
          rolcreaterole: false,
          rolcreatedb: false,
        });
      }
    });

    it('gives recolo_login no access of its own to case data until it switches role', async () => {
      await expect(t.db.appPool.query('select * from cases')).rejects.toThrow(/permission denied/);
      await expect(t.db.appPool.query('select * from audit.event')).rejects.toThrow(/permission denied/);
      await expect(t.db.appPool.query('select * from app_user')).rejects.toThrow(/permission denied/);
    });

    it('lets recolo_login switch only to recolo_app, never back to the owner', async () => {
      const client = await t.db.appPool.connect();
      try {
        await client.query('begin');
        await expect(client.query('set local role postgres')).rejects.toThrow(/permission denied/);
        await client.query('rollback');
        await client.query('begin');
        await client.query('set local role recolo_app');
        await expect(client.query('set local role postgres')).rejects.toThrow(/permission denied/);
        await client.query('rollback');
        await client.query('begin');
        await client.query('set local role recolo_app');
        await expect(client.query('reset role')).resolves.toBeDefined();
        const { rows } = await client.query<{ u: string }>('select current_user as u');
        expect(rows[0]?.u).toBe('recolo_login');
        await client.query('rollback');
      } finally {
        client.release();
      }
    });

    it('lets recolo_login neither create tables nor change the schema', async () => {
      await expect(t.db.appPool.query('create table public.intruder (id int)')).rejects.toThrow(
        /permission denied/,
      );
      await expect(
        asUser(t.db, null, (tx) => sql`alter table cases disable row level security`.execute(tx)),
      ).rejects.toThrow(/must be owner|permission denied/);
    });
  }
});
