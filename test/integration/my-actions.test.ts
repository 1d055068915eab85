import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInLondon } from '../../src/platform/time.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { textOf } from '../support/http.js';

const DAY = 86_400_000;
const isoIn = (days: number) =>
  new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

type MinePage = {
  items: { description: string; status: string; dueOn: string }[];
  show: string;
  total: number;
  totalCapped: boolean;
  next: string | null;
  previous: string | null;
};

// My actions a page at a time (issue 10: the page had every action, done ones too, up to 500 rows
// and 330 KB at 10,000 cases): open actions soonest due first, 50 to a page, the done or not done
// ones on their own tab, and the pages followed forwards and back through the page and the API.
describe.each(targets)('My actions, a page at a time, on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let officer: TestUser;
  let colleague: TestUser;
  let theCase: TestCase;
  let hiddenCase: TestCase;
  let coordinator: TestUser;
  const { get, api } = clientsFor(() => t);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    officer = await t.createUser({ role: 'stalking_coordinator', sites: [site] });
    colleague = await t.createUser({ role: 'investigating_officer', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: officer.id, team: [officer.id, colleague.id] });
    // a case the officer is not on: its actions owned by the officer's agency stay out of sight
    hiddenCase = await t.seedCase({ site, createdBy: colleague.id, team: [colleague.id] });
    coordinator = await t.createUser({ role: 'site_coordinator', sites: [site] });
    const elsewhere = await t.seedSite();
    const otherCase = await t.seedCase({ site: elsewhere, createdBy: colleague.id, team: [colleague.id] });
    const action = (n: number, extra: Record<string, unknown>) => ({
      case_id: theCase.caseId,
      description: `Action ${pad(n)}`,
      due_on: isoIn(n),
      created_by: officer.id,
      ...extra,
    });
    const rows = [
      // 55 open ones owned by the officer, 5 by the officer's agency (police): 60 open in all
      ...Array.from({ length: 55 }, (_, i) => action(i + 1, { owner_user_id: officer.id })),
      ...Array.from({ length: 5 }, (_, i) => action(i + 56, { owner_agency_id: site.agencies.police })),
      // three closed, one withdrawn, one the colleague's
      action(-3, { owner_user_id: officer.id, status: 'done', description: 'Closed A' }),
      action(-2, {
        owner_user_id: officer.id,
        status: 'not_done',
        not_done_reason: 'Moved',
        description: 'Closed B',
      }),
      action(-1, { owner_agency_id: site.agencies.police, status: 'done', description: 'Closed C' }),
      action(70, { owner_user_id: colleague.id, description: 'The colleague’s own' }),
      {
        ...action(71, { owner_user_id: officer.id, description: 'Withdrawn in error' }),
        withdrawn_at: new Date(),
        withdrawn_by: officer.id,
        withdrawn_reason: 'Entered in error',
      },
      {
        ...action(72, { owner_agency_id: site.agencies.police, description: 'On a case not mine' }),
        case_id: hiddenCase.caseId,
      },
    ];
    // 52 overdue actions of the colleague's at the site (1 to 52 days overdue), one at another site
    const overdue = Array.from({ length: 52 }, (_, i) => ({
      ...action(-(i + 1), { owner_user_id: colleague.id, description: `Overdue ${pad(i + 1)}` }),
      case_id: hiddenCase.caseId,
    }));
    overdue.push({
      ...action(-100, { owner_user_id: colleague.id, description: 'Overdue elsewhere' }),
      case_id: otherCase.caseId,
    });
    await t.db.owner
      .insertInto('case_action')
      .values([...rows, ...overdue])
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the open actions 50 to a page, soonest due first, and pages forwards and back', async () => {
    const first = await get(officer, '/actions');
    expect(first.statusCode).toBe(200);
    const text = textOf(first.body);
    expect(text).toContain('Open actions, soonest due first: 60');
    expect(text).toContain('Action 01');
    expect(text).toContain('Action 50');
    expect(text).not.toContain('Action 51');
    expect(text).not.toContain('Closed A');
    expect(text).not.toContain('Withdrawn in error');
    expect(text).not.toContain('On a case not mine');
    expect(text).not.toContain('The colleague’s own');
    expect(text.indexOf('Action 01')).toBeLessThan(text.indexOf('Action 02'));
    const next = /href="(\/actions\?show=open&amp;after=[^"]+)"/
      .exec(first.body)?.[1]
      ?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    expect(first.body).not.toContain('before=');

    const second = await get(officer, next!);
    const secondText = textOf(second.body);
    expect(secondText).toContain('Action 51');
    expect(secondText).toContain('Action 60');
    expect(secondText).not.toContain('Action 50');
    expect(second.body).not.toContain('after=');
    const back = /href="(\/actions\?show=open&amp;before=[^"]+)"/
      .exec(second.body)?.[1]
      ?.replace(/&amp;/g, '&');
    const again = textOf((await get(officer, back!)).body);
    expect(again).toContain('Action 01');
    expect(again).toContain('Action 50');
    expect(again).not.toContain('Action 51');
  });

  it('lists the done and not done actions on their own tab, latest due first', async () => {
    const closed = textOf((await get(officer, '/actions?show=closed')).body);
    expect(closed).toContain('Actions done or not done, latest due first: 3');
    expect(closed.indexOf('Closed C')).toBeLessThan(closed.indexOf('Closed B'));
    expect(closed.indexOf('Closed B')).toBeLessThan(closed.indexOf('Closed A'));
    expect(closed).not.toContain('Action 01');
  });

  it('starts again from the top when the link is not one it made', async () => {
    const odd = await get(officer, '/actions?after=yesterday');
    expect(odd.statusCode).toBe(200);
    expect(textOf(odd.body)).toContain('Action 01');
    // a date and 36 characters that are not an id
    const notAnId = await get(officer, `/actions?after=2026-03-04_${'-'.repeat(36)}`);
    expect(notAnId.statusCode).toBe(200);
    expect(textOf(notAnId.body)).toContain('Action 01');
    expect((await api(officer, 'GET', `/api/v1/actions?after=2026-03-04_${'-'.repeat(36)}`)).statusCode).toBe(
      400,
    );
  });

  it('pages the API the same way, with next and previous', async () => {
    const first = (await api(officer, 'GET', '/api/v1/actions')).json() as MinePage;
    expect(first).toMatchObject({ show: 'open', total: 60, totalCapped: false, previous: null });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toMatchObject({ description: 'Action 01', status: 'open' });
    const second = (await api(officer, 'GET', `/api/v1/actions?after=${first.next}`)).json() as MinePage;
    expect(second.items.map((a) => a.description)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Action ${pad(i + 51)}`),
    );
    expect(second.next).toBeNull();
    const back = (await api(officer, 'GET', `/api/v1/actions?before=${second.previous}`)).json() as MinePage;
    expect(back.items.map((a) => a.description)).toEqual(first.items.map((a) => a.description));
    const closed = (await api(officer, 'GET', '/api/v1/actions?show=closed')).json() as MinePage;
    expect(closed.items.map((a) => a.description)).toEqual(['Closed C', 'Closed B', 'Closed A']);
    const bad = await api(officer, 'GET', '/api/v1/actions?show=everything');
    expect(bad.statusCode).toBe(400);
  });

  it('pages the overdue actions at the site, longest overdue first', async () => {
    const first = await get(coordinator, '/actions/overdue');
    const text = textOf(first.body);
    expect(text).toContain('Overdue actions: 52');
    expect(text.indexOf('Overdue 52')).toBeLessThan(text.indexOf('Overdue 51'));
    expect(text).toContain('Overdue 03');
    expect(text).not.toContain('Overdue 02');
    expect(text).not.toContain('Overdue elsewhere');
    const next = /href="(\/actions\/overdue\?after=[^"]+)"/.exec(first.body)?.[1];
    const second = textOf((await get(coordinator, next!)).body);
    expect(second).toContain('Overdue 02');
    expect(second).toContain('Overdue 01');
    expect(second).not.toContain('Overdue 03');
    const api1 = (await api(coordinator, 'GET', '/api/v1/actions/overdue')).json() as MinePage;
    expect(api1).toMatchObject({ total: 52, totalCapped: false, previous: null });
    const api2 = (
      await api(coordinator, 'GET', `/api/v1/actions/overdue?after=${api1.next}`)
    ).json() as MinePage;
    expect(api2.items.map((a) => a.description)).toEqual(['Overdue 02', 'Overdue 01']);
    const back = (
      await api(coordinator, 'GET', `/api/v1/actions/overdue?before=${api2.previous}`)
    ).json() as MinePage;
    expect(back.items.map((a) => a.description)).toEqual(api1.items.map((a) => a.description));
    // the officer is on neither case with overdue actions
    expect((await api(officer, 'GET', '/api/v1/actions/overdue')).json()).toMatchObject({
      items: [],
      total: 0,
    });
  });
});
