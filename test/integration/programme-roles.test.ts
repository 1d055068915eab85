import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

/**
 * Roles that see figures or run the system do no case work (DESIGN.md): they start on their own
 * pages, and the pages of case work are not there for them (404), not an empty "my cases".
 */
describe.each(targets)('programme-wide roles on %s', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('start the evaluator on figures and the administrator on administration', async () => {
    const site = await t.seedSite();
    for (const [role, home] of [
      ['evaluator', '/figures'],
      ['national_coordinator', '/figures'],
      ['administrator', '/admin'],
      ['stalking_advocate', '/cases'],
    ] as const) {
      const user = await t.createUser({ role, sites: [site] });
      const session = await t.signIn(user.id);
      const response = await t.inject({ url: '/', headers: { cookie: session.cookie } });
      expect(response.headers.location, role).toBe(home);
    }
  });

  it('answers 404 to the evaluator and the administrator on case work pages and API', async () => {
    const site = await t.seedSite();
    for (const role of ['evaluator', 'administrator'] as const) {
      const user = await t.createUser({ role, sites: [site] });
      const session = await t.signIn(user.id);
      for (const url of ['/cases', '/people?q=voss', '/reviews']) {
        const response = await t.inject({ url, headers: { cookie: session.cookie } });
        expect(response.statusCode, `${role} ${url}`).toBe(404);
      }
      const token = (await t.apiToken(user.id)).authorization;
      for (const url of ['/api/v1/cases', '/api/v1/people?q=voss', '/api/v1/reviews']) {
        const response = await t.inject({ url, headers: { authorization: token } });
        expect(response.statusCode, `${role} ${url}`).toBe(404);
      }
    }
  });
});
