import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';

describe.each(targets)('aggregate figures on %s', (target) => {
  let t: TestApp;
  let national: string;
  let officer: string;
  let caseReference = '';

  beforeAll(async () => {
    t = await startTestApp(target);
    const north = await t.seedSite({ name: 'Northshire' });
    const south = await t.seedSite({ name: 'Southshire' });
    officer = (await t.createUser({ role: 'investigating_officer', sites: [north, south] })).id;
    national = (await t.createUser({ role: 'national_coordinator', sites: [] })).id;
    // Northshire: 7 referred, 2 declined; Southshire: 6 referred
    for (let i = 0; i < 7; i += 1)
      caseReference = (await t.seedCase({ site: north, createdBy: officer, team: [officer] })).reference;
    for (let i = 0; i < 2; i += 1) {
      const c = await t.seedCase({ site: north, createdBy: officer, team: [officer] });
      await t.db.owner.updateTable('cases').set({ status: 'declined' }).where('id', '=', c.caseId).execute();
    }
    for (let i = 0; i < 6; i += 1) await t.seedCase({ site: south, createdBy: officer, team: [officer] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the national coordinator sees counts for every site, small numbers withheld and the rest rounded, and no identities', async () => {
    const session = await t.signIn(national);
    const res = await t.inject({ url: '/figures', headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Northshire');
    expect(res.body).toContain('Southshire');
    expect(res.body).not.toContain(caseReference);
    expect(res.body).not.toMatch(/Subject\d+/);
    const token = await t.apiToken(national);
    const api = await t.inject({ url: '/api/v1/figures', headers: { authorization: token.authorization } });
    expect(api.statusCode).toBe(200);
    const north = api.json().sites.find((s: { site: string }) => s.site === 'Northshire');
    // 7 referred and 2 declined are both withheld; the total adds 5 for each, so 10 − a shown
    // count can never reveal them (the old rule showed the true total 9 beside them)
    expect(north.cells).toEqual(['[c]', 0, 0, 0, 0, '[c]']);
    expect(north.total).toBe(10);
    const south = api.json().sites.find((s: { site: string }) => s.site === 'Southshire');
    expect(south.cells).toEqual(['[c]', 0, 0, 0, 0, 0]);
    expect(south.total).toBe('[c]');
    // all sites: 7 + 6 referred is 5 + 5; the grand total is the sum of the rounded counts
    expect(api.json().totals).toEqual({ cells: [10, 0, 0, 0, 0, '[c]'], total: 15 });
    expect(res.body).toContain('rounded to the nearest 5');
    expect(res.body).toContain('All sites');
  });

  it('a national coordinator opens no case, and a case worker gets no figures page', async () => {
    const session = await t.signIn(national);
    const list = await t.inject({ url: '/cases', headers: { cookie: session.cookie } });
    expect(list.body).not.toContain(caseReference);
    const officerSession = await t.signIn(officer);
    expect((await t.inject({ url: '/figures', headers: { cookie: officerSession.cookie } })).statusCode).toBe(
      404,
    );
  });
});
