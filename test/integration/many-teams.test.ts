import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf } from '../../src/platform/access/membership.js';
import { asUser, openTestDatabase, targets, type TestDatabase } from '../support/databases.js';
import { seedSite, seedUser, type TestSite, type TestUser } from '../support/fixtures.js';

// The cases policy answers "on the team, or holding a grant" in two ways (migration 013): a hashed
// set for users on fewer than 2,000 teams, an index probe per row for users on more. Both must show
// exactly the same cases; the leak test's worlds are small, so this one puts a user on 2,100 teams.

const TEAMS = 2100;

describe.each(targets)('a user on thousands of case teams on %s', (target) => {
  let t: TestDatabase;
  let site: TestSite;
  let other: TestSite;
  let busy: TestUser;
  let few: TestUser;
  let expected: Set<string>;
  let mine: Set<string>;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    const owner = t.db.owner;
    site = await seedSite(owner, { code: 'MNY', name: 'Many' });
    other = await seedSite(owner, { code: 'OTR', name: 'Other' });
    busy = await seedUser(owner, { role: 'investigating_officer', sites: [site, other] });
    few = await seedUser(owner, { role: 'investigating_officer', sites: [site] });
    // 2,100 cases at the site the busy officer is on the team of; 350 there they are not on (one
    // with a live grant, one with an expired grant); 50 at their other site, on the team too
    const made = await sql<{ id: string; n: number }>`
      with people as (
        insert into person (given_name, family_name, created_by)
        select 'Test', 'Person ' || g, ${busy.id}::uuid from generate_series(1, ${TEAMS + 400}) g
        returning id, substring(family_name from 8)::int as n)
      insert into cases (reference, site_id, subject_id, investigation_status, created_by)
      select 'MNY-' || lpad(p.n::text, 6, '0'),
             case when p.n > ${TEAMS + 350} then ${other.id}::uuid else ${site.id}::uuid end,
             p.id, 'charged', ${busy.id}::uuid
        from people p
      returning id, (substring(reference from 5))::int as n`.execute(owner);
    const byNumber = new Map(made.rows.map((r) => [Number(r.n), r.id]));
    const teamCases = [...byNumber.entries()]
      .filter(([n]) => n <= TEAMS || n > TEAMS + 350)
      .map(([, id]) => id);
    await sql`insert into case_team (case_id, user_id, added_by)
              select c, ${busy.id}::uuid, ${busy.id}::uuid from unnest(${teamCases}::uuid[]) c`.execute(
      owner,
    );
    // the other officer is on 10 of them
    await sql`insert into case_team (case_id, user_id, added_by)
              select c, ${few.id}::uuid, ${few.id}::uuid from unnest(${teamCases.slice(0, 10)}::uuid[]) c`.execute(
      owner,
    );
    const granted = byNumber.get(TEAMS + 1)!;
    const expiredGrant = byNumber.get(TEAMS + 2)!;
    for (const [caseId, hours] of [
      [granted, 2],
      [expiredGrant, -2],
    ] as const)
      await owner
        .insertInto('break_glass_grant')
        .values({
          case_id: caseId,
          user_id: busy.id,
          reason_code: 'risk_to_life',
          reason_text: 'Test grant',
          granted_at: new Date(Date.now() - 3 * 3_600_000),
          expires_at: new Date(Date.now() + hours * 3_600_000),
        })
        .execute();
    mine = new Set(teamCases);
    expected = new Set([...teamCases, granted]);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('sees exactly its team cases and its live grant, probing row by row', async () => {
    const seen = await asUser(t.db, busy.id, async (tx) => {
      const many = await sql<{ many: boolean }>`select recolo_private.on_many_teams() as many`.execute(tx);
      expect(many.rows[0]!.many).toBe(true);
      return tx.selectFrom('cases').select('id').execute();
    });
    expect(new Set(seen.map((r) => r.id))).toEqual(expected);
  });

  it('keeps the list of "my cases" to the team, not the grant, either way', async () => {
    for (const user of [busy, few]) {
      const listed = await asUser(t.db, user.id, (tx) =>
        tx
          .selectFrom('cases as c')
          .select('c.id')
          .where(memberOf(sql.ref('c.id'), { teamOnly: true }))
          .execute(),
      );
      expect(new Set(listed.map((r) => r.id))).toEqual(
        user === busy ? mine : new Set([...mine].slice(0, 10)),
      );
    }
  });
  it('gives the same answer by the hashed set once the user is on fewer teams', async () => {
    const dropped = new Set([...mine].slice(0, 200));
    await sql`delete from case_team where user_id = ${busy.id}::uuid and case_id = any(${[...dropped]}::uuid[])`.execute(
      t.db.owner,
    );
    const seen = await asUser(t.db, busy.id, async (tx) => {
      const many = await sql<{ many: boolean }>`select recolo_private.on_many_teams() as many`.execute(tx);
      expect(many.rows[0]!.many).toBe(false);
      return tx.selectFrom('cases').select('id').execute();
    });
    expect(new Set(seen.map((r) => r.id))).toEqual(new Set([...expected].filter((id) => !dropped.has(id))));
  });
});
