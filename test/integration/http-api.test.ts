import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { Browser } from '../support/http.js';

type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
};

describe.each(targets)('the JSON API on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let referrer: TestUser;
  let authorization: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    referrer = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    authorization = (await t.apiToken(referrer.id)).authorization;
  });
  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  /** a valid referral; each call a different person unless told */
  function referral(overrides: Record<string, unknown> = {}, personOverrides: Record<string, unknown> = {}) {
    n += 1;
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const unique = `${letters[n % 26]}${letters[Math.floor(n / 26) % 26]}`;
    return {
      person: {
        givenName: `Quentin${unique}`,
        familyName: `Apiperson${unique}`,
        aliases: [],
        dateOfBirth: `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
        pncId: null,
        nhsNumber: null,
        probationRef: null,
        ...personOverrides,
      },
      siteId: site.id,
      referringAgencyId: site.agencies.probation,
      referrerName: 'Pat Probation',
      reason: 'Sending unwanted gifts and waiting outside the victim’s workplace',
      offences: [{ code: 'pha_s4a', description: '' }],
      investigationStatus: 'convicted',
      victims: [{ givenName: 'Vera', familyName: `Victim${unique}`, relationship: 'work' }],
      consent: 'given',
      consentNotes: '',
      isAdult: true,
      livesInArea: true,
      ...overrides,
    };
  }

  const post = (body: unknown, headers: Record<string, string> = { authorization }) =>
    t.inject({ method: 'POST', url: '/api/v1/referrals', headers, payload: body as object });

  async function caseCount(): Promise<number> {
    const row = await t.db.owner
      .selectFrom('cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  function expectProblem(response: Awaited<ReturnType<typeof post>>, status: number): Problem {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as Problem;
    expect(body.status).toBe(status);
    expect(typeof body.title).toBe('string');
    return body;
  }

  it('POST /api/v1/referrals with a valid body and a token creates the case: 201 {caseId, reference}', async () => {
    const before = await caseCount();
    const body = referral();
    const response = await post(body);
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as { caseId: string; reference: string };
    expect(Object.keys(created).sort()).toEqual(['caseId', 'reference']);
    expect(created.caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.reference.startsWith(`${site.code}-`)).toBe(true);
    expect(await caseCount()).toBe(before + 1);

    const row = await t.db.owner
      .selectFrom('cases as c')
      .innerJoin('person as p', 'p.id', 'c.subject_id')
      .select(['c.reference', 'c.status', 'p.given_name'])
      .where('c.id', '=', created.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      reference: created.reference,
      status: 'referred',
      given_name: body.person.givenName,
    });
    const team = await t.db.owner
      .selectFrom('case_team')
      .select('user_id')
      .where('case_id', '=', created.caseId)
      .execute();
    expect(team).toEqual([{ user_id: referrer.id }]);

    // the new case is now the referrer's, through the API too
    const detail = await t.inject({
      method: 'GET',
      url: `/api/v1/cases/${created.caseId}`,
      headers: { authorization },
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: created.caseId,
      reference: created.reference,
      status: 'referred',
    });
    const list = await t.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization } });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: { id: string }[] }).items.map((i) => i.id)).toContain(created.caseId);
  });

  it('an unknown top-level field is a 400 problem with errors', async () => {
    const before = await caseCount();
    const body = expectProblem(await post({ ...referral(), sneaky: 'extra' }), 400);
    expect(Array.isArray(body.errors)).toBe(true);
    expect(body.errors!.length).toBeGreaterThan(0);
    expect(JSON.stringify(body.errors)).toContain('sneaky');
    expect(await caseCount()).toBe(before);
  });

  it('an invalid NHS number is a 400 with a field error naming nhsNumber', async () => {
    const before = await caseCount();
    const body = expectProblem(await post(referral({}, { nhsNumber: '9434765918' })), 400);
    const fields = (body.errors ?? []).map((e) => e.field);
    expect(fields.some((f) => f.includes('nhsNumber'))).toBe(true);
    expect(await caseCount()).toBe(before);
  });

  it('a missing required field is a 400 naming it', async () => {
    const { reason: _reason, ...withoutReason } = referral();
    const body = expectProblem(await post(withoutReason), 400);
    expect((body.errors ?? []).map((e) => e.field)).toContain('reason');
  });

  it('a text/plain body is refused with 415', async () => {
    const before = await caseCount();
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization, 'content-type': 'text/plain' },
      payload: JSON.stringify(referral()),
    });
    expectProblem(response, 415);
    expect(await caseCount()).toBe(before);
  });

  it('a form-encoded body is refused with 415', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'siteId=x',
    });
    expectProblem(response, 415);
  });

  it('a body over 256 KB is refused with 413', async () => {
    const before = await caseCount();
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization, 'content-type': 'application/json' },
      payload: JSON.stringify(referral({ reason: 'x'.repeat(300 * 1024) })),
    });
    expectProblem(response, 413);
    expect(await caseCount()).toBe(before);
  });

  it('no token is a 401 problem, and so is a made-up one', async () => {
    const before = await caseCount();
    const none = expectProblem(await post(referral(), {}), 401);
    expect(none.title).toBe('Not signed in');
    expectProblem(await post(referral(), { authorization: 'Bearer rcl_not-a-real-token' }), 401);
    const list = await t.inject({ method: 'GET', url: '/api/v1/cases' });
    expectProblem(list, 401);
    expect(await caseCount()).toBe(before);
  });

  it('a browser session cookie does not work on the API', async () => {
    const session = await t.signIn(referrer.id);
    const response = await t.inject({
      method: 'GET',
      url: '/api/v1/cases',
      headers: { cookie: session.cookie },
    });
    expectProblem(response, 401);
  });

  it('a token revoked on the API tokens page stops working', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const token = await t.apiToken(user.id);
    const before = await t.inject({
      method: 'GET',
      url: '/api/v1/cases',
      headers: { authorization: token.authorization },
    });
    expect(before.statusCode).toBe(200);

    const browser = Browser.signedIn(t, await t.signIn(user.id));
    const page = await browser.get('/account/api-tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/account/api-tokens/${token.id}/revoke`);

    // someone else cannot revoke it
    const other = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const otherBrowser = Browser.signedIn(t, await t.signIn(other.id));
    await otherBrowser.get('/account/api-tokens');
    const notTheirs = await otherBrowser.post(`/account/api-tokens/${token.id}/revoke`);
    expect(notTheirs.statusCode).toBe(404);
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/api/v1/cases',
          headers: { authorization: token.authorization },
        })
      ).statusCode,
    ).toBe(200);

    // nor a post without the session's CSRF token
    const forged = await browser.post(`/account/api-tokens/${token.id}/revoke`, { _csrf: undefined });
    expect(forged.statusCode).toBe(403);
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/api/v1/cases',
          headers: { authorization: token.authorization },
        })
      ).statusCode,
    ).toBe(200);

    const revoked = await browser.post(`/account/api-tokens/${token.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/account/api-tokens');
    const row = await t.db.owner
      .selectFrom('api_token')
      .select('revoked_at')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();

    const after = await t.inject({
      method: 'GET',
      url: '/api/v1/cases',
      headers: { authorization: token.authorization },
    });
    expectProblem(after, 401);
    const refer = await post(referral(), { authorization: token.authorization });
    expectProblem(refer, 401);
  });

  it('a token created on the page works, and is shown only once', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const browser = Browser.signedIn(t, await t.signIn(user.id));
    await browser.get('/account/api-tokens');
    const created = await browser.post('/account/api-tokens', { name: 'report script' });
    expect(created.statusCode).toBe(200);
    const token = /id="new-token">\s*(rcl_[A-Za-z0-9_-]+)\s*</.exec(created.body)?.[1];
    expect(token).toBeDefined();
    const list = await t.inject({
      method: 'GET',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(200);
    const again = await browser.get('/account/api-tokens');
    expect(again.body).not.toContain(token!);
    expect(again.body).toContain('report script');
  });

  it('GET /api/docs/json is the OpenAPI document with the case and referral paths', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/docs/json',
      // the API's description is for signed-in users only
      headers: { cookie: (await t.signIn(referrer.id)).cookie },
    });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/referrals']),
    );
    expect(doc.paths['/api/v1/referrals']).toHaveProperty('post');
    expect(doc.paths['/api/v1/cases/{id}']).toHaveProperty('get');
    // pages are not part of the API
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('a referral for someone like a recorded person is a 409 with possibleMatches; confirmNewPerson then creates it', async () => {
    const first = referral(
      {},
      { givenName: 'Bartholomew', familyName: 'Jenkins', dateOfBirth: '1975-06-07' },
    );
    const created = await post(first);
    expect(created.statusCode, created.body).toBe(201);
    const firstCase = created.json() as { caseId: string; reference: string };
    const existing = await t.db.owner
      .selectFrom('cases')
      .select('subject_id')
      .where('id', '=', firstCase.caseId)
      .executeTakeFirstOrThrow();

    const before = await caseCount();
    const similar = referral(
      {},
      { givenName: 'Bartholemew', familyName: 'Jenkins', dateOfBirth: '1975-06-07' },
    );
    const conflict = await post(similar);
    expect(conflict.statusCode, conflict.body).toBe(409);
    expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = conflict.json() as {
      possibleMatches: { personId: string; givenName: string; caseReferences: string[] }[];
    };
    expect(body.possibleMatches.length).toBeGreaterThan(0);
    const match = body.possibleMatches.find((m) => m.personId === existing.subject_id);
    expect(match).toBeDefined();
    expect(match!.givenName).toBe('Bartholomew');
    expect(match!.caseReferences).toContain(firstCase.reference);
    expect(await caseCount()).toBe(before);

    const confirmed = await post({ ...similar, confirmNewPerson: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const newCase = confirmed.json() as { caseId: string };
    const row = await t.db.owner
      .selectFrom('cases as c')
      .innerJoin('person as p', 'p.id', 'c.subject_id')
      .select(['c.subject_id', 'p.given_name'])
      .where('c.id', '=', newCase.caseId)
      .executeTakeFirstOrThrow();
    expect(row.subject_id).not.toBe(existing.subject_id);
    expect(row.given_name).toBe('Bartholemew');

    // and existingPersonId links the recorded person instead
    const linked = await post({
      ...referral({}, { givenName: 'Bart', familyName: 'Jenkins', dateOfBirth: '1975-06-07' }),
      existingPersonId: existing.subject_id,
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const linkedRow = await t.db.owner
      .selectFrom('cases')
      .select('subject_id')
      .where('id', '=', (linked.json() as { caseId: string }).caseId)
      .executeTakeFirstOrThrow();
    expect(linkedRow.subject_id).toBe(existing.subject_id);
  });

  it('cannot link a person the user cannot see, nor refer to a site that is not theirs', async () => {
    const stranger = await t.createUser({ role: 'investigating_officer', sites: [otherSite] });
    const hidden = await t.seedCase({ site: otherSite, createdBy: stranger.id, team: [stranger.id] });
    const before = await caseCount();

    const link = await post({ ...referral(), existingPersonId: hidden.subjectId });
    const problem = expectProblem(link, 422);
    expect((problem.errors ?? []).map((e) => e.field)).toContain('existingPersonId');

    const elsewhere = await post(
      referral({ siteId: otherSite.id, referringAgencyId: otherSite.agencies.probation }),
    );
    const siteProblem = expectProblem(elsewhere, 422);
    expect((siteProblem.errors ?? []).map((e) => e.field)).toContain('siteId');

    const agency = await post(referral({ referringAgencyId: otherSite.agencies.probation }));
    const agencyProblem = expectProblem(agency, 422);
    expect((agencyProblem.errors ?? []).map((e) => e.field)).toContain('referringAgencyId');

    expect(await caseCount()).toBe(before);
  });

  it('an ineligible referral is a 422 problem and saves nothing', async () => {
    const before = await caseCount();
    const problem = expectProblem(await post(referral({ isAdult: false })), 422);
    expect((problem.errors ?? []).map((e) => e.message).join(' ')).toContain('adult');
    expect(await caseCount()).toBe(before);
  });

  it('an unknown query parameter on the case list is a 400 problem', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/v1/cases?sneaky=1',
      headers: { authorization },
    });
    expectProblem(response, 400);
  });
});
