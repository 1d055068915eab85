import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf, radioValues, textOf, type Form } from '../support/http.js';

type Counts = { cases: number; persons: number; referrals: number; events: number };

describe.each(targets)('the referral journey over HTTP on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let referrer: TestUser;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    referrer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Rita Referrer',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function counts(): Promise<Counts> {
    const n = async (table: 'cases' | 'person' | 'referral' | 'case_status_event') => {
      const row = await t.db.owner
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    };
    return {
      cases: await n('cases'),
      persons: await n('person'),
      referrals: await n('referral'),
      events: await n('case_status_event'),
    };
  }

  async function startJourney(user: TestUser = referrer): Promise<Browser> {
    const browser = Browser.signedIn(t, await t.signIn(user.id));
    const start = await browser.get('/referrals/new');
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toBe('/referrals/new/person');
    const person = await browser.get('/referrals/new/person');
    expect(person.statusCode).toBe(200);
    return browser;
  }

  const person = (overrides: Form = {}): Form => ({
    givenName: 'Alexandra',
    familyName: 'Whitfield',
    aliases: 'Alex W, Lexi',
    'dob-day': '4',
    'dob-month': '3',
    'dob-year': '1979',
    pncId: '',
    nhsNumber: '',
    probationRef: '',
    ...overrides,
  });
  const details = (overrides: Form = {}): Form => ({
    siteId: site.id,
    referringAgencyId: site.agencies.police,
    referrerName: 'Rita Referrer',
    reason: 'Repeated messages and following after the relationship ended',
    offences: ['pha_s2a', 'pha_s4a'],
    investigationStatus: 'charged',
    ...overrides,
  });
  const victims = (overrides: Form = {}): Form => ({
    victim1GivenName: 'Valerie',
    victim1FamilyName: 'Vance',
    victim1Relationship: 'ex_intimate',
    victim2GivenName: 'Peter',
    victim2FamilyName: 'Proxy',
    victim2Relationship: 'family',
    ...overrides,
  });
  const consent = (overrides: Form = {}): Form => ({
    consent: 'given',
    consentNotes: '',
    isAdult: 'yes',
    livesInArea: 'yes',
    ...overrides,
  });

  /** posts one step and expects to be sent on to `next` */
  async function step(browser: Browser, slug: string, form: Form, next: string) {
    const response = await browser.post(`/referrals/new/${slug}`, form);
    expect(response.statusCode, `${slug}: ${errorSummaryOf(response.body) ?? ''}`).toBe(303);
    expect(response.headers.location).toBe(`/referrals/new/${next}`);
    const page = await browser.get(`/referrals/new/${next}`);
    expect(page.statusCode).toBe(200);
    return page;
  }

  /** walks every step with the given answers, ending on the check page */
  async function throughToCheck(
    browser: Browser,
    answers: { person?: Form; details?: Form; victims?: Form; consent?: Form } = {},
  ) {
    await step(browser, 'person', answers.person ?? person(), 'details');
    await step(browser, 'details', answers.details ?? details(), 'victims');
    await step(browser, 'victims', answers.victims ?? victims(), 'consent');
    return step(browser, 'consent', answers.consent ?? consent(), 'check');
  }

  it('refuses bad answers on every step, saving nothing', async () => {
    const before = await counts();
    const browser = await startJourney();

    const empty = await browser.post('/referrals/new/person', person({ givenName: '', familyName: '' }));
    expect(empty.statusCode).toBe(400);
    expect(errorSummaryOf(empty.body)).toContain('Enter the first name');
    expect(errorSummaryOf(empty.body)).toContain('Enter the last name');

    const nhs = await browser.post('/referrals/new/person', person({ nhsNumber: '9434765918' }));
    expect(nhs.statusCode).toBe(400);
    expect(errorSummaryOf(nhs.body)).toContain('Enter a valid NHS number');
    // what was typed is shown again
    expect(nhs.body).toContain('value="9434765918"');

    const nextYear = new Date().getUTCFullYear() + 1;
    const future = await browser.post('/referrals/new/person', person({ 'dob-year': String(nextYear) }));
    expect(future.statusCode).toBe(400);
    expect(errorSummaryOf(future.body)).toMatch(/date of birth must be in the past/i);

    const notADate = await browser.post(
      '/referrals/new/person',
      person({ 'dob-day': '31', 'dob-month': '2', 'dob-year': '1980' }),
    );
    expect(notADate.statusCode).toBe(400);
    expect(errorSummaryOf(notADate.body)).toMatch(/real date/i);

    const pnc = await browser.post('/referrals/new/person', person({ pncId: 'nonsense' }));
    expect(pnc.statusCode).toBe(400);
    expect(errorSummaryOf(pnc.body)).toContain('Police National Computer ID');

    // the later steps cannot be reached before the person is given
    const skipped = await browser.get('/referrals/new/consent');
    expect(skipped.statusCode).toBe(302);
    expect(skipped.headers.location).toBe('/referrals/new/person');

    await step(browser, 'person', person(), 'details');
    const noDetails = await browser.post('/referrals/new/details', {
      siteId: '',
      referringAgencyId: '',
      referrerName: '',
      reason: '',
    });
    expect(noDetails.statusCode).toBe(400);
    const detailErrors = errorSummaryOf(noDetails.body)!;
    expect(detailErrors).toContain('Select the site');
    expect(detailErrors).toContain('Enter the reason for the referral');
    expect(detailErrors).toContain('Select at least one offence');
    expect(detailErrors).toContain('Select the investigation status');

    const otherBlank = await browser.post(
      '/referrals/new/details',
      details({ offences: ['other'], offenceOther: '' }),
    );
    expect(otherBlank.statusCode).toBe(400);
    expect(errorSummaryOf(otherBlank.body)).toContain('Describe the other offence');

    await step(browser, 'details', details(), 'victims');
    const noVictims = await browser.post('/referrals/new/victims', {});
    expect(noVictims.statusCode).toBe(400);
    expect(errorSummaryOf(noVictims.body)).toContain('Add at least one victim');
    const halfVictim = await browser.post('/referrals/new/victims', {
      victim1GivenName: 'Valerie',
      victim1FamilyName: '',
      victim1Relationship: '',
    });
    expect(halfVictim.statusCode).toBe(400);
    expect(errorSummaryOf(halfVictim.body)).toContain('Victim 1');

    await step(browser, 'victims', victims(), 'consent');
    const noConsent = await browser.post('/referrals/new/consent', {});
    expect(noConsent.statusCode).toBe(400);
    const consentErrors = errorSummaryOf(noConsent.body)!;
    expect(consentErrors).toContain('Select whether the person consented to the referral');
    expect(consentErrors).toContain('Select whether the person is an adult');

    expect(await counts()).toEqual(before);
  });

  // issue 11: an answer that contradicts an earlier one is refused at its own step, not at the end
  it('refuses "not an adult" and "does not live in the area" at the consent step, saving nothing', async () => {
    const before = await counts();
    const browser = await startJourney();
    await step(browser, 'person', person({ givenName: 'Yusuf', familyName: 'Youngman' }), 'details');
    await step(browser, 'details', details(), 'victims');
    await step(browser, 'victims', victims(), 'consent');
    const notAdult = await browser.post('/referrals/new/consent', consent({ isAdult: 'no' }));
    expect(notAdult.statusCode).toBe(400);
    expect(errorSummaryOf(notAdult.body)).toContain('The person must be an adult');
    expect(notAdult.body).toContain('href="#isAdult"');
    const notInArea = await browser.post('/referrals/new/consent', consent({ livesInArea: 'no' }));
    expect(notInArea.statusCode).toBe(400);
    expect(errorSummaryOf(notInArea.body)).toContain("The person must live in the site's area");
    // and the check page is not reached until the answers agree
    expect((await browser.get('/referrals/new/check')).statusCode).toBe(302);
    expect(await counts()).toEqual(before);
  });

  it('refuses "adult: yes" with a date of birth under 18 at the consent step, saving nothing', async () => {
    const before = await counts();
    const browser = await startJourney();
    const year = new Date().getUTCFullYear() - 10;
    await step(
      browser,
      'person',
      person({ givenName: 'Tobias', familyName: 'Teen', 'dob-year': String(year) }),
      'details',
    );
    await step(browser, 'details', details(), 'victims');
    await step(browser, 'victims', victims(), 'consent');
    const sent = await browser.post('/referrals/new/consent', consent());
    expect(sent.statusCode).toBe(400);
    expect(errorSummaryOf(sent.body)).toContain('under 18');
    expect(await counts()).toEqual(before);
  });

  it('refuses "no further action" at the details step', async () => {
    const browser = await startJourney();
    await step(browser, 'person', person(), 'details');
    const sent = await browser.post(
      '/referrals/new/details',
      details({ investigationStatus: 'no_further_action' }),
    );
    expect(sent.statusCode).toBe(400);
    expect(errorSummaryOf(sent.body)).toContain('must be under investigation, charged or convicted');
  });

  it('a complete journey creates the case at referred, with its team, offences, victims, status event and audit event', async () => {
    const before = await counts();
    const browser = await startJourney();
    const check = await throughToCheck(browser);
    const text = textOf(check.body);
    expect(text).toContain('Alexandra Whitfield');
    expect(text).toContain('Valerie Vance');
    expect(text).toContain(site.name);
    // nobody like this is recorded yet, so no choice is asked for
    expect(radioValues(check.body, 'subject')).toEqual([]);

    const sent = await browser.post('/referrals/new/check', {});
    expect(sent.statusCode, errorSummaryOf(sent.body) ?? '').toBe(303);
    const location = String(sent.headers.location);
    const caseId = /^\/referrals\/([0-9a-f-]{36})\/confirmation$/.exec(location)?.[1];
    expect(caseId).toBeDefined();

    const c = await t.db.owner
      .selectFrom('cases as c')
      .innerJoin('person as p', 'p.id', 'c.subject_id')
      .select([
        'c.reference',
        'c.status',
        'c.site_id',
        'c.investigation_status',
        'c.created_by',
        'p.given_name',
        'p.family_name',
        'p.date_of_birth',
        'p.aliases',
      ])
      .where('c.id', '=', caseId!)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      status: 'referred',
      site_id: site.id,
      investigation_status: 'charged',
      created_by: referrer.id,
      given_name: 'Alexandra',
      family_name: 'Whitfield',
      date_of_birth: '1979-03-04',
      aliases: ['Alex W', 'Lexi'],
    });
    expect(c.reference.startsWith(`${site.code}-`)).toBe(true);

    const confirmation = await browser.get(location);
    expect(confirmation.statusCode).toBe(200);
    expect(textOf(confirmation.body)).toContain('Referral sent');
    expect(textOf(confirmation.body)).toContain(c.reference);

    const team = await t.db.owner
      .selectFrom('case_team')
      .select('user_id')
      .where('case_id', '=', caseId!)
      .execute();
    expect(team.map((r) => r.user_id)).toEqual([referrer.id]);
    const offences = await t.db.owner
      .selectFrom('case_offence')
      .select('code')
      .where('case_id', '=', caseId!)
      .orderBy('code')
      .execute();
    expect(offences.map((o) => o.code)).toEqual(['pha_s2a', 'pha_s4a']);
    const caseVictims = await t.db.owner
      .selectFrom('case_victim as v')
      .innerJoin('person as p', 'p.id', 'v.victim_id')
      .select(['p.given_name', 'p.family_name', 'v.relationship'])
      .where('v.case_id', '=', caseId!)
      .orderBy('p.given_name')
      .execute();
    expect(caseVictims).toEqual([
      { given_name: 'Peter', family_name: 'Proxy', relationship: 'family' },
      { given_name: 'Valerie', family_name: 'Vance', relationship: 'ex_intimate' },
    ]);
    const referral = await t.db.owner
      .selectFrom('referral')
      .select(['referring_agency_id', 'referrer_user_id', 'consent', 'is_adult', 'lives_in_area'])
      .where('case_id', '=', caseId!)
      .executeTakeFirstOrThrow();
    expect(referral).toEqual({
      referring_agency_id: site.agencies.police,
      referrer_user_id: referrer.id,
      consent: 'given',
      is_adult: true,
      lives_in_area: true,
    });
    const statusEvents = await t.db.owner
      .selectFrom('case_status_event')
      .select(['from_status', 'to_status', 'by_user'])
      .where('case_id', '=', caseId!)
      .execute();
    expect(statusEvents).toEqual([{ from_status: null, to_status: 'referred', by_user: referrer.id }]);
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(['user_id', 'record_id'])
      .where('case_id', '=', caseId!)
      .where('action', '=', 'case.created')
      .execute();
    expect(audit).toEqual([{ user_id: referrer.id, record_id: caseId }]);

    // one case, one subject and two victims, one referral, one status event: nothing else
    expect(await counts()).toEqual({
      cases: before.cases + 1,
      persons: before.persons + 3,
      referrals: before.referrals + 1,
      events: before.events + 1,
    });

    // the referrer can open it, and the draft is gone: the check page now sends them back to the start
    expect((await browser.get(`/cases/${caseId}`)).statusCode).toBe(200);
    const afterwards = await browser.get('/referrals/new/check');
    expect(afterwards.statusCode).toBe(302);
    expect(afterwards.headers.location).toBe('/referrals/new/person');
  });

  it('shows a possible duplicate, will not save until the user chooses, and links the existing person when chosen', async () => {
    // Jonathan Smith, born 2 January 1980, is recorded by a first referral
    const first = await startJourney();
    await throughToCheck(first, {
      person: person({
        givenName: 'Jonathan',
        familyName: 'Smith',
        aliases: '',
        'dob-day': '2',
        'dob-month': '1',
        'dob-year': '1980',
      }),
    });
    const created = await first.post('/referrals/new/check', {});
    expect(created.statusCode, errorSummaryOf(created.body) ?? '').toBe(303);
    const firstCaseId = /\/referrals\/([0-9a-f-]{36})\/confirmation/.exec(
      String(created.headers.location),
    )![1]!;
    const existing = await t.db.owner
      .selectFrom('cases')
      .select('subject_id')
      .where('id', '=', firstCaseId)
      .executeTakeFirstOrThrow();

    // a second referral for "Jonathon Smith", same date of birth
    const before = await counts();
    const browser = await startJourney();
    const check = await throughToCheck(browser, {
      person: person({
        givenName: 'Jonathon',
        familyName: 'Smith',
        aliases: '',
        'dob-day': '2',
        'dob-month': '1',
        'dob-year': '1980',
      }),
      victims: {
        victim1GivenName: 'Wendy',
        victim1FamilyName: 'Witness',
        victim1Relationship: 'acquaintance',
      },
    });
    expect(textOf(check.body)).toContain('Jonathan Smith');
    const choices = radioValues(check.body, 'subject');
    expect(choices).toContain(existing.subject_id);
    expect(choices).toContain('new');

    const unchosen = await browser.post('/referrals/new/check', {});
    expect(unchosen.statusCode).toBe(409);
    expect(errorSummaryOf(unchosen.body)).toContain('Say whether this is one of the people already recorded');
    expect(await counts()).toEqual(before);

    const chosen = await browser.post('/referrals/new/check', { subject: existing.subject_id });
    expect(chosen.statusCode, errorSummaryOf(chosen.body) ?? '').toBe(303);
    const caseId = /\/referrals\/([0-9a-f-]{36})\/confirmation/.exec(String(chosen.headers.location))![1]!;
    const second = await t.db.owner
      .selectFrom('cases')
      .select(['subject_id', 'status'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(second).toEqual({ subject_id: existing.subject_id, status: 'referred' });
    // no new person for the subject: only the one victim was added
    const jonathons = await t.db.owner
      .selectFrom('person')
      .select('id')
      .where('given_name', '=', 'Jonathon')
      .execute();
    expect(jonathons).toEqual([]);
    expect(await counts()).toEqual({
      cases: before.cases + 1,
      persons: before.persons + 1,
      referrals: before.referrals + 1,
      events: before.events + 1,
    });
    const audit = await t.db.owner
      .selectFrom('audit.event')
      .select(sql<string>`details->>'existingPerson'`.as('existingPerson'))
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.created')
      .executeTakeFirstOrThrow();
    expect(audit.existingPerson).toBe('true');
  });

  it('records a new person when the user says none of the matches is them', async () => {
    const before = await counts();
    const browser = await startJourney();
    const check = await throughToCheck(browser, {
      person: person({
        givenName: 'Jonathan',
        familyName: 'Smyth',
        aliases: '',
        'dob-day': '2',
        'dob-month': '1',
        'dob-year': '1980',
      }),
      victims: { victim1GivenName: 'Xena', victim1FamilyName: 'Example', victim1Relationship: 'stranger' },
    });
    expect(radioValues(check.body, 'subject')).toContain('new');
    const sent = await browser.post('/referrals/new/check', { subject: 'new' });
    expect(sent.statusCode, errorSummaryOf(sent.body) ?? '').toBe(303);
    const smyths = await t.db.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Smyth')
      .execute();
    expect(smyths.length).toBe(1);
    expect(await counts()).toMatchObject({ cases: before.cases + 1, persons: before.persons + 2 });
  });

  it('a role that does not refer cannot start a referral', async () => {
    const evaluator = await t.createUser({ role: 'evaluator', sites: [site] });
    const browser = Browser.signedIn(t, await t.signIn(evaluator.id));
    const response = await browser.get('/referrals/new');
    expect(response.statusCode).toBe(403);
  });

  it('a journey page post without the CSRF token is refused', async () => {
    const before = await counts();
    const browser = await startJourney();
    const response = await browser.post('/referrals/new/person', { ...person(), _csrf: undefined });
    expect(response.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
