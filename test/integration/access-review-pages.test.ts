import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import { REVIEW_PAGE_CASES } from '../../src/modules/access-review/service.js';

// The access review a page of cases at a time (migration 016): every case appears on exactly one
// page, in reference order, and the CSV still holds the whole review.

const CASES = REVIEW_PAGE_CASES * 2 + 30;

describe.each(targets)('the access review in pages on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows each case once, a page at a time, and the CSV has them all', async () => {
    const site = await t.seedSite({ code: 'PGS', name: 'Pages' });
    const coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    const officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Olive Officer',
    });
    await sql`
      with people as (
        insert into person (given_name, family_name, created_by)
        select 'Test', 'Person ' || g, ${coordinator.id}::uuid from generate_series(1, ${CASES}) g
        returning id, substring(family_name from 8)::int as n)
      insert into cases (reference, site_id, subject_id, investigation_status, created_by)
      select 'PGS-' || lpad(p.n::text, 6, '0'), ${site.id}::uuid, p.id, 'charged', ${coordinator.id}::uuid
        from people p`.execute(t.db.owner);
    // the officer is on the team of the case that opens the second page
    const second = `PGS-${String(REVIEW_PAGE_CASES + 1).padStart(6, '0')}`;
    await sql`insert into case_team (case_id, user_id, added_by)
              select id, ${officer.id}::uuid, ${coordinator.id}::uuid from cases where reference = ${second}`.execute(
      t.db.owner,
    );
    const session = await t.signIn(coordinator.id);
    const seen: string[] = [];
    let url: string | null = `/sites/${site.id}/access-review`;
    let pages = 0;
    let officerRows = 0;
    while (url) {
      const page: { statusCode: number; body: string } = await t.inject({
        url,
        headers: { cookie: session.cookie },
      });
      expect(page.statusCode, url).toBe(200);
      pages += 1;
      const references = [...new Set([...page.body.matchAll(/>(PGS-\d{6})</g)].map((m) => m[1]!))];
      seen.push(...references);
      if (page.body.includes('Olive Officer')) officerRows += 1;
      const next: string | undefined = /href="(\/sites\/[^"]+\/access-review\?after=[^"]+)"/.exec(
        page.body,
      )?.[1];
      url = next ? next.replace(/&amp;/g, '&') : null;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: CASES }, (_, i) => `PGS-${String(i + 1).padStart(6, '0')}`));
    expect(officerRows).toBe(1);
    const csv = await t.inject({
      url: `/sites/${site.id}/access-review.csv`,
      headers: { cookie: session.cookie },
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    // a header, the coordinator on every case, the officer on one
    expect(lines).toHaveLength(1 + CASES + 1);

    // the API too, a number of cases at a time, each case once and in order
    const { authorization } = await t.apiToken(coordinator.id);
    const fromApi: string[] = [];
    let after: string | null = null;
    let calls = 0;
    do {
      const query: string = `?cases=90${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const r = await t.inject({
        url: `/api/v1/sites/${site.id}/access-review${query}`,
        headers: { authorization },
      });
      expect(r.statusCode).toBe(200);
      const body = r.json() as { items: { caseReference: string }[]; next: string | null };
      fromApi.push(...new Set(body.items.map((i) => i.caseReference)));
      after = body.next;
      calls += 1;
    } while (after);
    expect(calls).toBe(Math.ceil(CASES / 90));
    expect(fromApi).toEqual(seen);
    const tooMany = await t.inject({
      url: `/api/v1/sites/${site.id}/access-review?cases=1001`,
      headers: { authorization },
    });
    expect(tooMany.statusCode).toBe(400);
  });
});
