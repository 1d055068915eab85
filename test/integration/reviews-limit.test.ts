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
});
