import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRows } from '../../src/demo/case-builder.js';
import { insertCaseRows } from '../../src/demo/insert-rows.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, textOf, type Form } from '../support/http.js';

/**
 * Duplicates the referrer cannot see (issue 12): a police officer not on a case refers a person
 * with the same NHS number or PNC ID as someone on it. The referrer is told only that a possible
 * match exists and that a coordinator will check; the coordinators who can see that case are told,
 * in a notification, so someone entitled to see both cases links them.
 */

const NHS = '4010232137';
const PNC = '19/345678A';

describe.each(targets)('possible matches on cases the referrer cannot see, on %s', (target) => {
  let t: TestApp;
  let siteA: TestSite;
  let siteB: TestSite;
  let officer: TestUser;
  let colleague: TestUser;
  let coordinatorA: TestUser;
  let coordinatorB: TestUser;
  let authorization: string;
  const hidden = { nhs: { caseId: '', reference: '' }, pnc: { caseId: '', reference: '' } };

  async function seed(site: TestSite, reference: string, createdBy: string, person: Record<string, string>) {
    const rows = caseRows({
      siteId: site.id,
      reference,
      createdBy,
      subject: { given: 'Hidden', family: 'Person', dateOfBirth: '1970-01-01', ...person },
      investigationStatus: 'charged',
      referral: {
        agencyId: site.agencies.police,
        referrerName: 'Someone',
        reason: 'Stalking',
        consent: 'given',
      },
      offences: [{ code: 'pha_s2a', description: 'Stalking' }],
      victims: [{ person: { given: 'Vic', family: 'Hiddenvictim' }, relationship: 'stranger' }],
      statusEvents: [{ to: 'referred', reason: 'Referred' }],
      team: [createdBy],
    });
    await t.db.owner.transaction().execute((tx) => insertCaseRows(tx, [rows]));
    return { caseId: rows.cases[0]!.id, reference };
  }

  const body = (person: Record<string, unknown>) => ({
    person: {
      givenName: 'Quentin',
      familyName: 'Newperson',
      aliases: [],
      dateOfBirth: '1991-06-07',
      pncId: null,
      nhsNumber: null,
      probationRef: null,
      ...person,
    },
    siteId: siteA.id,
    referringAgencyId: siteA.agencies.police,
    referrerName: 'Olly Officer',
    reason: 'Following the victim to work',
    offences: [{ code: 'pha_s2a', description: '' }],
    investigationStatus: 'charged',
    victims: [{ givenName: 'Vera', familyName: 'Victim', relationship: 'ex_intimate' }],
    consent: 'given',
    consentNotes: '',
    isAdult: true,
    livesInArea: true,
  });
  const refer = (person: Record<string, unknown>, auth = authorization) =>
    t.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization: auth },
      payload: body(person),
    });
  const notificationsOf = (userId: string) =>
    t.db.owner
      .selectFrom('notification')
      .select(['case_id', 'kind', 'message', 'link'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'possible_duplicate')
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    t = await startTestApp(target);
    siteA = await t.seedSite();
    siteB = await t.seedSite();
    officer = await t.createUser({ role: 'investigating_officer', sites: [siteA] });
    colleague = await t.createUser({ role: 'investigating_officer', sites: [siteA] });
    coordinatorA = await t.createUser({ role: 'site_coordinator', sites: [siteA] });
    coordinatorB = await t.createUser({ role: 'site_coordinator', sites: [siteB] });
    const probationB = await t.createUser({ role: 'probation_practitioner', sites: [siteB] });
    authorization = (await t.apiToken(officer.id)).authorization;
    // at the officer's own site, on a case they are not on; and at a site they do not work at
    hidden.nhs = await seed(siteA, `${siteA.code}-000801`, colleague.id, { nhsNumber: NHS });
    hidden.pnc = await seed(siteB, `${siteB.code}-000802`, probationB.id, { pncId: PNC });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the same NHS number on a case the officer cannot see: they are told only that a coordinator will check', async () => {
    const response = await refer({ nhsNumber: NHS });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as Record<string, unknown>;
    // nothing about the other case: no name, no reference, no site
    expect(Object.keys(created).sort()).toEqual(['caseId', 'reference', 'unseenPossibleMatch']);
    expect(created.unseenPossibleMatch).toBe(true);
    expect(response.body).not.toContain(hidden.nhs.reference);
    expect(response.body).not.toContain('Hidden');

    // the coordinator of that case's site is told, on that case; nobody else
    const told = await notificationsOf(coordinatorA.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ case_id: hidden.nhs.caseId, link: `/cases/${hidden.nhs.caseId}` });
    expect(told[0]!.message).toContain(String(created.reference));
    expect(told[0]!.message).toContain(hidden.nhs.reference);
    expect(told[0]!.message).toContain('NHS number');
    expect(await notificationsOf(coordinatorB.id)).toEqual([]);
    expect(await notificationsOf(colleague.id)).toEqual([]);
    expect(await notificationsOf(officer.id)).toEqual([]);

    // the coordinator sees it among their notifications
    const page = await Browser.signedIn(t, await t.signIn(coordinatorA.id)).get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(`may be about the same person as case ${hidden.nhs.reference}`);

    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['action', 'user_id', 'reason'])
      .where('case_id', '=', String(created.caseId))
      .where('action', '=', 'person.unseen_match_reported')
      .execute();
    expect(audit).toEqual([
      {
        action: 'person.unseen_match_reported',
        user_id: officer.id,
        reason: 'possible duplicate on a case the referrer cannot see',
      },
    ]);
  });

  it('the same PNC ID on a case at another site: that site’s coordinator is told', async () => {
    const response = await refer({ pncId: PNC, givenName: 'Petra', familyName: 'Pncperson' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ unseenPossibleMatch: true });
    const told = await notificationsOf(coordinatorB.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ case_id: hidden.pnc.caseId });
    expect(told[0]!.message).toContain('PNC ID');
    expect(told[0]!.message).toContain(siteA.name);
  });

  it('no match, no message and no notification', async () => {
    const before =
      (await notificationsOf(coordinatorA.id)).length + (await notificationsOf(coordinatorB.id)).length;
    const response = await refer({ nhsNumber: '4010232277', givenName: 'Nora', familyName: 'Nomatch' });
    expect(response.statusCode, response.body).toBe(201);
    expect(Object.keys(response.json() as object).sort()).toEqual(['caseId', 'reference']);
    expect(
      (await notificationsOf(coordinatorA.id)).length + (await notificationsOf(coordinatorB.id)).length,
    ).toBe(before);
  });

  it('a coordinator who can see the case is shown the person, not told of a hidden match', async () => {
    const token = (await t.apiToken(coordinatorA.id)).authorization;
    const response = await refer({ nhsNumber: NHS, givenName: 'Another', familyName: 'Name' }, token);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.body).toContain('Hidden');
  });

  it('the check page tells the officer, before they send, and says nothing about the other case', async () => {
    const browser = Browser.signedIn(t, await t.signIn(officer.id));
    const steps: [string, Form][] = [
      [
        'person',
        {
          givenName: 'Wanda',
          familyName: 'Webform',
          aliases: '',
          'dob-day': '8',
          'dob-month': '9',
          'dob-year': '1992',
          pncId: '',
          nhsNumber: '401 023 2137',
          probationRef: '',
        },
      ],
      [
        'details',
        {
          siteId: siteA.id,
          referringAgencyId: siteA.agencies.police,
          referrerName: 'Olly Officer',
          reason: 'Waiting outside the victim’s home',
          offences: ['pha_s2a'],
          investigationStatus: 'charged',
        },
      ],
      [
        'victims',
        { victim1GivenName: 'Valerie', victim1FamilyName: 'Vance', victim1Relationship: 'ex_intimate' },
      ],
      ['consent', { consent: 'given', consentNotes: '', isAdult: 'yes', livesInArea: 'yes' }],
    ];
    expect((await browser.get('/referrals/new')).statusCode).toBe(302);
    for (const [slug, form] of steps) {
      const r = await browser.post(`/referrals/new/${slug}`, form);
      expect(r.statusCode, `${slug}: ${errorSummaryOf(r.body) ?? ''}`).toBe(303);
    }
    const check = await browser.get('/referrals/new/check');
    expect(check.statusCode).toBe(200);
    const text = textOf(check.body);
    expect(text).toContain('may already be known to the programme, on a case you cannot see');
    expect(text).toContain('a coordinator who can see that case will be asked to check');
    expect(text).not.toContain('Hidden Person');
    expect(text).not.toContain(hidden.nhs.reference);

    // the officer's own earlier referral with this NHS number is a match they can see and choose
    expect(text).toContain('Quentin Newperson');
    const sent = await browser.post('/referrals/new/check', { subject: 'new' });
    expect(sent.statusCode, errorSummaryOf(sent.body) ?? '').toBe(303);
    expect(String(sent.headers.location)).toMatch(/\/confirmation\?coordinator=asked$/);
    const confirmation = await browser.get(String(sent.headers.location));
    expect(textOf(confirmation.body)).toContain(
      'A coordinator who can see that case has been asked to check',
    );

    const shown = await t.db.owner
      .selectFrom('audit.event')
      .select(['reason'])
      .where('user_id', '=', officer.id)
      .where('action', '=', 'person.unseen_match_shown')
      .execute();
    expect(shown.length).toBeGreaterThan(0);
  });

  it('the database answers the application only yes or no, and only for the user it acts for', async () => {
    const found = await t.asUser(officer.id, async (tx) => {
      const { sql } = await import('kysely');
      return (
        await sql<{
          r: unknown;
        }>`select recolo_private.unseen_identifier_match(${null}, ${NHS}) as r`.execute(tx)
      ).rows[0]!.r;
    });
    expect(found).toBe(true);
    const anonymous = await t.asUser(null, async (tx) => {
      const { sql } = await import('kysely');
      return (
        await sql<{
          r: unknown;
        }>`select recolo_private.unseen_identifier_match(${null}, ${NHS}) as r`.execute(tx)
      ).rows[0]!.r;
    });
    expect(anonymous).toBe(false);
    // telling coordinators needs a case the user may read: someone else's case tells no one
    const sent = await t.asUser(officer.id, async (tx) => {
      const { sql } = await import('kysely');
      return (
        await sql<{
          r: unknown;
        }>`select recolo_private.notify_unseen_matches(${hidden.pnc.caseId}) as r`.execute(tx)
      ).rows[0]!.r;
    });
    expect(sent).toBe(false);
  });
});
