import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../bench/synthetic.js';
import { possibleDuplicates } from '../../src/modules/people/service.js';
import { foldName } from '../../src/platform/names.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';

// Issue 10.1: the case list pages by keyset over the cases a user may see, in order, and search
// and the duplicate check find people by fuzzy name and identifiers, only among visible people.

const references = (html: string): string[] =>
  [...html.matchAll(/<a class="govuk-link" href="\/cases\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]!);
const link = (html: string, rel: 'next' | 'prev'): string | null => {
  const m = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html);
  return m ? m[1]!.replace(/&amp;/g, '&') : null;
};

describe.each(targets)('case list paging on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let coordinator: TestUser;
  let elsewhere: TestUser;
  let expected: string[];
  const { get } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    const otherSite = await t.seedSite();
    const referrer = await t.createUser({ role: 'stalking_coordinator', sites: [site] });
    officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    elsewhere = await t.createUser({ role: 'site_coordinator', sites: [otherSite] });
    // 1,010 cases: the officer is on the team of every 9th (113 of them: three pages)
    await generateSyntheticCases(t.db, {
      siteId: site.id,
      count: 1010,
      teamUserIds: [referrer.id],
      caseloads: [{ userId: officer.id, every: 9 }],
      onProgress: () => undefined,
    });
    // ties on the time of the last update, to the microsecond: the reference decides between them
    await sql`update cases set updated_at = timestamptz '2026-01-02 03:04:05.123456+00'
               where site_id = ${site.id} and reference in (
                 select reference from cases where site_id = ${site.id} order by reference limit 120)`.execute(
      t.db.owner,
    );
    const mine = await t.db.owner
      .selectFrom('cases as c')
      .innerJoin('case_team as ct', 'ct.case_id', 'c.id')
      .select('c.reference')
      .where('ct.user_id', '=', officer.id)
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.reference', 'desc')
      .execute();
    expected = mine.map((r) => r.reference);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('walks the officer’s cases page by page with Next, in order, each once, then back with Previous', async () => {
    expect(expected.length).toBe(113);
    const pages: string[][] = [];
    let url: string | null = '/cases';
    while (url) {
      const response = await get(officer, url);
      expect(response.statusCode).toBe(200);
      pages.push(references(response.body));
      if (pages.length === 1) expect(response.body).toContain('113 cases');
      url = link(response.body, 'next');
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 13]);
    expect(pages.flat()).toEqual(expected);

    // back from the last page: Previous gives the page before it, exactly
    let last = await get(officer, '/cases');
    last = await get(officer, link(last.body, 'next')!);
    last = await get(officer, link(last.body, 'next')!);
    const previous = await get(officer, link(last.body, 'prev')!);
    expect(references(previous.body)).toEqual(expected.slice(50, 100));
    const first = await get(officer, link(previous.body, 'prev')!);
    expect(references(first.body)).toEqual(expected.slice(0, 50));
    expect(link(first.body, 'prev')).toBeNull();
  });

  it('gives the same pages by number', async () => {
    const second = await get(officer, '/cases?page=2');
    expect(references(second.body)).toEqual(expected.slice(50, 100));
    expect(second.body).toContain('Page 2 of 3');
  });

  it('the API pages the same cases, with the count', async () => {
    const { authorization } = await t.apiToken(officer.id);
    const response = await t.inject({
      method: 'GET',
      url: '/api/v1/cases?page=3',
      headers: { authorization },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: { reference: string }[]; total: number; totalCapped: boolean };
    expect(body.items.map((i) => i.reference)).toEqual(expected.slice(100));
    expect(body.total).toBe(113);
    expect(body.totalCapped).toBe(false);
  });

  it('counts up to 1,000 and then says more than', async () => {
    const response = await get(coordinator, '/cases');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('More than 1,000 cases');
    expect(references(response.body)).toHaveLength(50);
  });

  it('a cursor from another user’s list shows nothing that user may not see', async () => {
    const page = await get(coordinator, '/cases');
    const next = link(page.body, 'next')!;
    const response = await get(elsewhere, next);
    expect(response.statusCode).toBe(200);
    expect(references(response.body)).toEqual([]);
  });

  it('refuses nothing odd in a cursor: a malformed one shows the first page', async () => {
    const response = await get(officer, `/cases?after=${encodeURIComponent("x'; drop table cases; --")}`);
    expect(response.statusCode).toBe(200);
    expect(references(response.body)).toEqual(expected.slice(0, 50));
  });
});

describe.each(targets)('people search and the duplicate check on %s', (target) => {
  let t: TestApp;
  let officer: TestUser;
  let coordinator: TestUser;
  let elsewhere: TestUser;
  let visible: TestCase;
  let hidden: TestCase;
  let away: TestCase;
  const tokens = new Map<string, string>();

  async function search(
    user: TestUser,
    q: string,
  ): Promise<{ id: string; familyName: string; role: string }[]> {
    let authorization = tokens.get(user.id);
    if (!authorization) {
      authorization = (await t.apiToken(user.id)).authorization;
      tokens.set(user.id, authorization);
    }
    const response = await t.inject({
      method: 'GET',
      url: `/api/v1/people?q=${encodeURIComponent(q)}`,
      headers: { authorization },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: { id: string; familyName: string; role: string }[] }).items;
  }

  const rename = (id: string, given: string, family: string, extra: Record<string, string | null> = {}) =>
    t.db.owner
      .updateTable('person')
      // the application folds the name it stores (platform/names.ts), as it does for every person it records
      .set({ given_name: given, family_name: family, search_name: foldName(`${given} ${family}`), ...extra })
      .where('id', '=', id)
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    const otherSite = await t.seedSite();
    officer = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const colleague = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    elsewhere = await t.createUser({ role: 'site_coordinator', sites: [otherSite] });
    visible = await t.seedCase({ site, createdBy: officer.id, team: [officer.id] });
    hidden = await t.seedCase({ site, createdBy: colleague.id, team: [colleague.id] });
    away = await t.seedCase({ site: otherSite, createdBy: elsewhere.id, team: [] });
    await rename(visible.subjectId, 'Renée', 'Bräckley', {
      pnc_id: '24/123456A',
      date_of_birth: '1979-04-01',
    });
    await rename(visible.victimId, 'Siobhán', 'O’Dowd');
    await rename(hidden.subjectId, 'Renee', 'Brackley', {
      pnc_id: '24/654321B',
      date_of_birth: '1979-04-01',
    });
    await rename(hidden.victimId, 'Siobhan', 'ODowd');
    await rename(away.subjectId, 'RENEE', 'BRACKLEY', { date_of_birth: '1979-04-01' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finds a visible person despite a typo, another case or no accents, and never the hidden ones', async () => {
    for (const q of ['Renee Brackley', 'renée bräckley', 'BRAKLEY', 'Rene Brackly', 'brackley']) {
      const found = await search(officer, q);
      expect(
        found.map((p) => p.id),
        q,
      ).toEqual([visible.subjectId]);
    }
  });

  it('finds a victim by a name written without its apostrophe or accent', async () => {
    const found = await search(officer, 'siobhan odowd');
    expect(found.map((p) => [p.id, p.role])).toEqual([[visible.victimId, 'victim']]);
  });

  it('the site coordinator finds everyone at the site, and the other site’s coordinator only theirs', async () => {
    const ids = (await search(coordinator, 'Renee Brackley')).map((p) => p.id).sort();
    expect(ids).toEqual([visible.subjectId, hidden.subjectId].sort());
    expect((await search(elsewhere, 'Renee Brackley')).map((p) => p.id)).toEqual([away.subjectId]);
  });

  it('finds by PNC ID and NHS number only among visible people', async () => {
    expect((await search(officer, '24/123456a')).map((p) => p.id)).toEqual([visible.subjectId]);
    expect(await search(officer, '24/654321B')).toEqual([]);
    // every seeded subject has the same NHS number: only the visible one comes back
    expect((await search(officer, '943 476 5919')).map((p) => p.id)).toEqual([visible.subjectId]);
  });

  it('the HTML search page shows the visible match', async () => {
    const s = await t.signIn(officer.id);
    const response = await t.inject({
      method: 'GET',
      url: '/people?q=brakley',
      headers: { cookie: s.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Bräckley');
    expect(response.body).not.toContain('>Renee Brackley<');
  });

  it('the duplicate check finds a like name with the same date of birth, or a shared identifier, among visible people', async () => {
    const check = (person: {
      givenName: string;
      familyName: string;
      dateOfBirth: string | null;
      pncId: string | null;
      nhsNumber: string | null;
    }) => t.asUser(officer.id, (tx) => possibleDuplicates(tx, person));
    const byName = await check({
      givenName: 'Renee',
      familyName: 'Brakley',
      dateOfBirth: '1979-04-01',
      pncId: null,
      nhsNumber: null,
    });
    expect(byName.map((m) => m.id)).toEqual([visible.subjectId]);
    expect(byName[0]!.case_references).toEqual([visible.reference]);
    const otherBirthday = await check({
      givenName: 'Renee',
      familyName: 'Brakley',
      dateOfBirth: '1979-04-02',
      pncId: null,
      nhsNumber: null,
    });
    expect(otherBirthday).toEqual([]);
    const byPnc = await check({
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: null,
      pncId: '24/123456A',
      nhsNumber: null,
    });
    expect(byPnc.map((m) => m.id)).toEqual([visible.subjectId]);
    const hiddenPnc = await check({
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: null,
      pncId: '24/654321B',
      nhsNumber: null,
    });
    expect(hiddenPnc).toEqual([]);
    const byNhs = await check({
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: null,
      pncId: null,
      nhsNumber: '9434765919',
    });
    expect(byNhs.map((m) => m.id)).toEqual([visible.subjectId]);
  });
});
