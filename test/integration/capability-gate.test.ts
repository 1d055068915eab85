import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

/**
 * Who may reach a route at all is declared once, in the route's config (`capability`), and one
 * hook enforces it (platform/auth/plugin.ts): these routes must declare theirs, and anyone signed
 * in without it gets a 404 while a stranger is still sent to sign in.
 */

/** URL prefixes whose every route is behind a capability, and which one. */
const GATED: [RegExp, string, string?][] = [
  [/^\/(api\/v1\/)?admin(\/|$)/, 'administer'],
  [/^\/api\/v1\/instruments$/, 'administer', 'POST'], // publishing an instrument
  // clinical templates (issue 14): the health team reads them, an administrator publishes one
  [/^\/api\/v1\/clinical-templates$/, 'administer', 'POST'],
  [/^\/api\/v1\/clinical-templates$/, 'work_on_cases', 'GET'],
  [/^\/(api\/v1\/)?figures$/, 'see_figures'],
  // the evaluation (issue 16): the report and its exports, research extracts, cost rates
  [/^\/(api\/v1\/)?evaluation(\/(method|report\.pdf|tables\/:file))?$/, 'evaluate'],
  [/^\/evaluation\/extracts(\/:extractId\/:file)?$/, 'extract_research_data'],
  [/^\/evaluation\/rates$/, 'set_evaluation_rates'],
  [/^\/access-(review|refusals)$|^\/(api\/v1\/)?sites\/:siteId\/access-review/, 'review_access'],
  [/^\/(api\/v1\/)?(people|reviews)$/, 'work_on_cases'],
  [
    /^\/(api\/v1\/)?cases(\/:id(\/(status|team|team\/:userId\/remove|access-log|access-log\.csv|person|person\/amendments|victims\/:victimId\/person|victims\/:victimId\/person\/amendments))?)?$/,
    'work_on_cases',
  ],
  // the multi-agency meeting and actions (issue 15): case work; scheduling, chairing and approving
  // are the coordinator's (chair_meetings, checked by the service with a clear refusal)
  [/^\/(api\/v1\/)?(meetings|actions)(\/|$)/, 'work_on_cases'],
  // a clinician's caseload, diary and calendar (issue 14)
  [/^\/(api\/v1\/)?diary(\/calendar\.ics)?$/, 'deliver_interventions'],
];

describe.each(targets)('the capability gate on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every gated route declares its capability in its config', () => {
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
    let checked = 0;
    for (const route of routes) {
      const rule = GATED.find(
        ([pattern, , method]) => pattern.test(route.url) && (!method || method === route.method),
      );
      if (!rule) continue;
      expect(route.capability, `${route.method} ${route.url}`).toBe(rule[1]);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    // and nothing declares a capability by accident elsewhere
    for (const route of routes.filter((r) => r.capability))
      expect(
        GATED.some(([pattern]) => pattern.test(route.url)),
        `${route.method} ${route.url}`,
      ).toBe(true);
  });

  it('answers 404 to the signed-in without the capability, pages and API alike', async () => {
    const site = await t.seedSite();
    const advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const evaluator = await t.createUser({ role: 'evaluator', sites: [site] });
    const advocateSession = await t.signIn(advocate.id);
    const advocateApi = (await t.apiToken(advocate.id)).authorization;
    for (const url of ['/admin', '/admin/users', '/admin/instruments', '/figures', '/access-refusals'])
      expect((await t.inject({ url, headers: { cookie: advocateSession.cookie } })).statusCode, url).toBe(
        404,
      );
    for (const url of ['/api/v1/admin/users', '/api/v1/figures']) {
      const response = await t.inject({ url, headers: { authorization: advocateApi } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const evaluatorSession = await t.signIn(evaluator.id);
    expect((await t.inject({ url: '/cases', headers: { cookie: evaluatorSession.cookie } })).statusCode).toBe(
      404,
    );
    expect(
      (await t.inject({ url: '/figures', headers: { cookie: evaluatorSession.cookie } })).statusCode,
    ).toBe(200);
  });

  it('still sends a stranger to sign in, and a session to its second factor, before any 404', async () => {
    const site = await t.seedSite();
    const advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const halfway = await t.signIn(advocate.id, { mfaVerified: false });
    for (const url of ['/admin', '/figures', '/cases']) {
      const stranger = await t.inject({ url });
      expect(stranger.statusCode, url).toBe(302);
      expect(stranger.headers.location).toBe('/sign-in');
      const notYet = await t.inject({ url, headers: { cookie: halfway.cookie } });
      expect(notYet.headers.location, url).toBe('/sign-in/two-factor');
    }
    expect((await t.inject({ url: '/api/v1/admin/users' })).statusCode).toBe(401);
  });
});
