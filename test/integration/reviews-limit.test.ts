import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import { REVIEW_LIST_LIMIT } from '../../src/modules/reviews/routes.js';

// Reviews due is a list that can be as long as a site's caseload: it shows the soonest
// REVIEW_LIST_LIMIT and says there are more (issue 10: no list page grows with the data).

describe.each(targets)('a long list of reviews due on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the soonest and says more are due, on the page and in the API', async () => {
    const site = await t.seedSite();
    const coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    // active cases with no risk assessment: each is a review due
    await sql`
      with people as (
        insert into person (given_name, family_name, created_by)
        select 'Test', 'Person ' || g, ${coordinator.id}::uuid from generate_series(1, ${REVIEW_LIST_LIMIT + 5}) g
        returning id, substring(family_name from 8)::int as n)
      insert into cases (reference, site_id, subject_id, investigation_status, created_by, status, accepted_mode)
      select ${site.code} || '-' || lpad(p.n::text, 6, '0'), ${site.id}::uuid, p.id, 'charged', ${coordinator.id}::uuid, 'active', 'intervention'
        from people p`.execute(t.db.owner);
    const session = await t.signIn(coordinator.id);
    const page = await t.inject({ url: '/reviews', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `The ${REVIEW_LIST_LIMIT} soonest of more than ${REVIEW_LIST_LIMIT} reviews due`,
    );
    expect(page.body.match(/href="\/cases\/[^"]+\/risk"/g)).toHaveLength(REVIEW_LIST_LIMIT);
    const token = await t.apiToken(coordinator.id);
    const api = await t.inject({ url: '/api/v1/reviews', headers: { authorization: token.authorization } });
    expect(api.statusCode).toBe(200);
    const body = api.json<{ items: unknown[]; more: boolean }>();
    expect(body.items).toHaveLength(REVIEW_LIST_LIMIT);
    expect(body.more).toBe(true);
  });

  it('keeps on each case whether it was ever assessed, so an assessed case leaves the never-assessed list', async () => {
    const site = await t.seedSite();
    const coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    await sql`
      with people as (
        insert into person (given_name, family_name, created_by)
        select 'Kept', 'Person ' || g, ${coordinator.id}::uuid from generate_series(1, 6) g
        returning id, substring(family_name from 8)::int as n)
      insert into cases (reference, site_id, subject_id, investigation_status, created_by, status, accepted_mode)
      select ${site.code} || '-' || lpad(p.n::text, 6, '0'), ${site.id}::uuid, p.id, 'charged', ${coordinator.id}::uuid, 'active', 'intervention'
        from people p`.execute(t.db.owner);
    const refs = async () => {
      const token = await t.apiToken(coordinator.id);
      const r = await t.inject({
        url: `/api/v1/reviews?site=${site.id}`,
        headers: { authorization: token.authorization },
      });
      expect(r.statusCode).toBe(200);
      return r.json<{ items: { reference: string; nextReviewDate: string | null }[] }>().items;
    };
    expect((await refs()).map((i) => i.reference)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `${site.code}-${String(n).padStart(6, '0')}`),
    );
    // an instrument to assess with (its content does not matter here)
    const instrument = await t.db.owner
      .insertInto('instrument')
      .values({ code: 'kept-test', name: 'Kept test', tier: 'spj' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await t.db.owner
      .insertInto('instrument_version')
      .values({ instrument_id: instrument.id, version: 1, definition: JSON.stringify({}), is_template: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    // a draft leaves the case never assessed; completing it (or adding a completed one) does not
    const assess = (n: number, status: 'draft' | 'completed') =>
      sql`
      insert into risk_assessment (case_id, instrument_version_id, status, assessor_id, plan_actions,
                                   next_review_date, completed_at, completed_by)
      select c.id, ${version.id}::uuid, ${status}, ${coordinator.id}::uuid,
             '[{"action": "Review", "owner": "Team"}]'::jsonb,
             (current_date + 90), (case when ${status} = 'completed' then now() end),
             (case when ${status} = 'completed' then ${coordinator.id}::uuid end)
        from cases c where c.reference = ${`${site.code}-${String(n).padStart(6, '0')}`}
      returning id`.execute(t.db.owner);
    const draft = (await assess(2, 'draft')).rows[0] as { id: string };
    await assess(4, 'completed');
    const unassessed = (await refs()).filter((i) => i.nextReviewDate === null).map((i) => i.reference);
    expect(unassessed).toEqual([1, 2, 3, 5, 6].map((n) => `${site.code}-${String(n).padStart(6, '0')}`));
    await sql`update risk_assessment set status = 'completed', completed_at = now(), completed_by = ${coordinator.id}::uuid,
                 next_review_date = current_date + 90 where id = ${draft.id}::uuid`.execute(t.db.owner);
    const after = (await refs()).filter((i) => i.nextReviewDate === null).map((i) => i.reference);
    expect(after).toEqual([1, 3, 5, 6].map((n) => `${site.code}-${String(n).padStart(6, '0')}`));
    // the kept flag is the truth for every case
    const wrong = await sql<{ n: number }>`
      select count(*)::int as n from cases c
       where c.risk_assessed <> exists (select 1 from risk_assessment a where a.case_id = c.id and a.status = 'completed')`.execute(
      t.db.owner,
    );
    expect(wrong.rows[0]!.n).toBe(0);
  });
});
