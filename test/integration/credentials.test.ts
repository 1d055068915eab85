import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

describe.each(targets)('sessions and API tokens under row-level security on %s', (target) => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    alice = (await t.createUser({ role: 'investigating_officer', sites: [site] })).id;
    bob = (await t.createUser({ role: 'stalking_advocate', sites: [site] })).id;
    await t.signIn(alice);
    await t.signIn(bob);
    await t.apiToken(alice);
    await t.apiToken(bob);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a request sees no session but the one it presented: no other user’s CSRF token or session', async () => {
    const rows = await t.asUser(alice, (tx) =>
      tx.selectFrom('session').select(['user_id', 'csrf_token']).execute(),
    );
    expect(rows).toEqual([]);
    const deleted = await t.asUser(alice, (tx) => tx.deleteFrom('session').executeTakeFirst());
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const left = await t.db.owner.selectFrom('session').select('user_id').execute();
    expect(left.map((r) => r.user_id).sort()).toEqual([alice, bob].sort());
  });

  it('a user sees and revokes only their own API tokens', async () => {
    const seen = await t.asUser(alice, (tx) => tx.selectFrom('api_token').select('user_id').execute());
    expect(seen.map((r) => r.user_id)).toEqual([alice]);
    const revoked = await t.asUser(alice, (tx) =>
      tx
        .updateTable('api_token')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', bob)
        .executeTakeFirst(),
    );
    expect(Number(revoked.numUpdatedRows)).toBe(0);
    await expect(
      t.asUser(alice, (tx) =>
        sql`insert into api_token (user_id, name, token_hash) values (${bob}, 'forged', 'x')`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('a stranger with a bad body is told only that they are not signed in', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { 'content-type': 'application/json' },
      payload: { nonsense: true },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).not.toHaveProperty('errors');
  });
});
