import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { clientsFor } from '../support/client.js';
import { targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';
import { errorSummaryOf, textOf } from '../support/http.js';

const NEW_PASSWORD = 'a temporary password of some length';

describe.each(targets)('administration on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let admin: TestUser;
  let advocate: TestUser;
  let officer: TestUser;
  let coordinator: TestUser;
  let theCase: TestCase;
  const { get, browserOf, api } = clientsFor(() => t);
  const userByEmail = (email: string) =>
    t.db.owner.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
  const siteRule = (siteId: string, role: string, compartment: string) =>
    t.db.owner
      .selectFrom('site_access_policy')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('role', '=', role)
      .where('compartment', '=', compartment)
      .executeTakeFirst();
  const voiceRowsSeenBy = (userId: string) =>
    t.asUser(userId, async (tx) => (await sql`select * from victim_voice`.execute(tx)).rows.length);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    admin = await t.createUser({ role: 'administrator', sites: [site], displayName: 'Ada Administrator' });
    advocate = await t.createUser({
      role: 'stalking_advocate',
      sites: [site],
      displayName: 'Avery Advocate',
    });
    officer = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Iris Investigator',
    });
    coordinator = await t.createUser({
      role: 'site_coordinator',
      sites: [site],
      displayName: 'Cora Coordinator',
    });
    theCase = await t.seedCase({ site, createdBy: officer.id, team: [officer.id, advocate.id] });
    await t.db.owner
      .insertInto('victim_voice')
      .values({
        case_id: theCase.caseId,
        case_victim_id: theCase.caseVictimId,
        body: 'She wants him to stop contacting her family.',
        sharing: 'verbatim',
        recorded_on: '2026-03-04',
        author_id: advocate.id,
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('only for administrators', () => {
    it('gives everyone else 404 on every page, as if it did not exist', async () => {
      for (const user of [coordinator, advocate]) {
        for (const url of [
          '/admin',
          '/admin/users',
          '/admin/users/new',
          '/admin/policy',
          `/admin/policy/sites/${site.id}`,
        ]) {
          const response = await get(user, url);
          expect(response.statusCode, `${user.role} ${url}`).toBe(404);
          expect(textOf(response.body)).not.toContain('Administration');
        }
      }
    });

    it('refuses a non-administrator’s form posts with 404 and changes nothing', async () => {
      const browser = await browserOf(coordinator);
      const email = 'made.by.coordinator@example.test';
      const created = await browser.post('/admin/users/new', {
        email,
        name: 'Not Allowed',
        role: 'evaluator',
        temporaryPassword: NEW_PASSWORD,
      });
      expect(created.statusCode).toBe(404);
      expect(await userByEmail(email)).toBeUndefined();

      const rule = await browser.post(`/admin/policy/sites/${site.id}`, {
        role: 'site_coordinator',
        compartment: 'clinical',
        access: 'write',
        reason: 'Trying to widen my own access',
        confirmWidening: 'yes',
      });
      expect(rule.statusCode).toBe(404);
      expect(await siteRule(site.id, 'site_coordinator', 'clinical')).toBeUndefined();

      const deactivate = await browser.post(`/admin/users/${advocate.id}/deactivate`);
      expect(deactivate.statusCode).toBe(404);
      const row = await t.db.owner
        .selectFrom('app_user')
        .select('active')
        .where('id', '=', advocate.id)
        .executeTakeFirstOrThrow();
      expect(row.active).toBe(true);
    });

    it('answers a non-administrator 404 problem+json on the API, even for a malformed request', async () => {
      for (const [method, url, payload] of [
        ['GET', '/api/v1/admin/users', undefined],
        ['GET', '/api/v1/admin/policy', undefined],
        ['POST', '/api/v1/admin/users', { email: 'x@example.test' }],
        ['PUT', `/api/v1/admin/sites/${site.id}/policy`, { role: 'nobody', compartment: 'everything' }],
        [
          'PUT',
          `/api/v1/admin/sites/${site.id}/policy`,
          {
            role: 'site_coordinator',
            compartment: 'clinical',
            access: 'write',
            reason: 'mine',
            confirmWidening: true,
          },
        ],
      ] as const) {
        const response = await api(coordinator, method, url, payload);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await siteRule(site.id, 'site_coordinator', 'clinical')).toBeUndefined();
    });

    it('shows the administrator the start page, linking to users and the access policy', async () => {
      const response = await get(admin, '/admin');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('href="/admin/users"');
      expect(response.body).toContain('href="/admin/policy"');
    });
  });

  describe('users', () => {
    it('creates a user from the page: argon2id hash, no second factor yet, sites and agency, audited', async () => {
      const browser = await browserOf(admin);
      const form = await browser.get('/admin/users/new');
      expect(form.statusCode).toBe(200);
      const email = 'new.officer@example.test';
      const response = await browser.post('/admin/users/new', {
        email: '  New.Officer@Example.test ',
        name: 'Nadia Newcomer',
        role: 'investigating_officer',
        agencyId: site.agencies.police,
        siteIds: [site.id],
        temporaryPassword: NEW_PASSWORD,
      });
      expect(response.statusCode, errorSummaryOf(response.body) ?? '').toBe(303);
      const row = await userByEmail(email);
      expect(row).toBeDefined();
      expect(response.headers.location).toBe(`/admin/users?created=${row!.id}`);
      expect(row!.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(row!.totp_secret).toBeNull();
      expect(row!.role).toBe('investigating_officer');
      expect(row!.agency_id).toBe(site.agencies.police);
      expect(row!.display_name).toBe('Nadia Newcomer');
      const sites = await t.db.owner
        .selectFrom('user_site')
        .select('site_id')
        .where('user_id', '=', row!.id)
        .execute();
      expect(sites.map((s) => s.site_id)).toEqual([site.id]);

      const audit = await t.db.owner
        .selectFrom('audit.event')
        .selectAll()
        .where('action', '=', 'admin.user_created')
        .where('record_id', '=', row!.id)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ user_id: admin.id, reason: 'administrator', record_type: 'user' });
      const details = JSON.stringify(audit.details);
      expect(details).not.toContain('Nadia');
      expect(details).not.toContain('example.test');

      const list = await browser.get(response.headers.location as string);
      expect(list.statusCode).toBe(200);
      const text = textOf(list.body);
      expect(text).toContain('Nadia Newcomer was added as investigating officer');
      expect(text).toContain(email);
      expect(text).toContain('Authenticator app not set up yet');
    });

    it('refuses a duplicate email address (in any case) with a clear field error', async () => {
      const browser = await browserOf(admin);
      await browser.get('/admin/users/new');
      const response = await browser.post('/admin/users/new', {
        email: advocate.email.toUpperCase(),
        name: 'Someone Else',
        role: 'stalking_advocate',
        agencyId: site.agencies.victim_service,
        siteIds: site.id,
        temporaryPassword: NEW_PASSWORD,
      });
      expect(response.statusCode).toBe(422);
      expect(errorSummaryOf(response.body)).toContain('A user with this email address already exists');
      expect(response.body).toContain('href="#email"');
      // what was typed is kept, except the password
      expect(response.body).toContain('Someone Else');
      expect(response.body).not.toContain(NEW_PASSWORD);
      const count = await t.db.owner
        .selectFrom('app_user')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('email', '=', advocate.email)
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(1);
    });

    it('explains what is missing or wrong, field by field', async () => {
      const browser = await browserOf(admin);
      const response = await browser.post('/admin/users/new', {
        email: 'not-an-email',
        name: '',
        temporaryPassword: 'short',
      });
      expect(response.statusCode).toBe(400);
      const summary = errorSummaryOf(response.body)!;
      expect(summary).toContain('Enter an email address in the correct format');
      expect(summary).toContain('Enter the person’s full name');
      expect(summary).toContain('Choose a role');
      expect(summary).toContain('Password must be 12 characters or more');

      const wrongAgency = await browser.post('/admin/users/new', {
        email: 'wrong.agency@example.test',
        name: 'Wrong Agency',
        role: 'probation_practitioner',
        agencyId: otherSite.agencies.probation,
        siteIds: site.id,
        temporaryPassword: NEW_PASSWORD,
      });
      expect(wrongAgency.statusCode).toBe(422);
      expect(errorSummaryOf(wrongAgency.body)).toContain('Choose an agency at one of the chosen sites');
      expect(await userByEmail('wrong.agency@example.test')).toBeUndefined();
    });

    it('lists users with their role, agency and sites, filtered by site', async () => {
      const elsewhere = await t.createUser({
        role: 'probation_practitioner',
        sites: [otherSite],
        displayName: 'Olly Elsewhere',
      });
      const all = textOf((await get(admin, '/admin/users')).body);
      expect(all).toContain('Avery Advocate');
      expect(all).toContain('Olly Elsewhere');
      expect(all).toContain('Stalking advocate');
      expect(all).toContain(`${site.name} victim service`);
      const filtered = await get(admin, `/admin/users?site=${otherSite.id}`);
      expect(filtered.statusCode).toBe(200);
      const text = textOf(filtered.body);
      expect(text).toContain('Olly Elsewhere');
      expect(text).not.toContain('Avery Advocate');

      const apiList = await api(admin, 'GET', `/api/v1/admin/users?site=${otherSite.id}`);
      expect(apiList.statusCode).toBe(200);
      const items = (apiList.json() as { items: { id: string; role: string; sites: { id: string }[] }[] })
        .items;
      expect(items.map((i) => i.id)).toEqual([elsewhere.id]);
      expect(items[0]!.sites.map((s) => s.id)).toEqual([otherSite.id]);
    });

    it('changes a user’s sites and agency', async () => {
      const mover = await t.createUser({
        role: 'stalking_advocate',
        sites: [site],
        displayName: 'Morgan Mover',
      });
      const browser = await browserOf(admin);
      const form = await browser.get(`/admin/users/${mover.id}/sites`);
      expect(form.statusCode).toBe(200);
      const refused = await browser.post(`/admin/users/${mover.id}/sites`, {
        siteIds: [otherSite.id],
        agencyId: site.agencies.victim_service,
      });
      expect(refused.statusCode).toBe(422);
      expect(errorSummaryOf(refused.body)).toContain('Choose an agency at one of the chosen sites');

      const response = await browser.post(`/admin/users/${mover.id}/sites`, {
        siteIds: [site.id, otherSite.id],
        agencyId: otherSite.agencies.victim_service,
      });
      expect(response.statusCode).toBe(303);
      const sites = await t.db.owner
        .selectFrom('user_site')
        .select('site_id')
        .where('user_id', '=', mover.id)
        .execute();
      expect(sites.map((s) => s.site_id).sort()).toEqual([site.id, otherSite.id].sort());
      const row = await t.db.owner
        .selectFrom('app_user')
        .select('agency_id')
        .where('id', '=', mover.id)
        .executeTakeFirstOrThrow();
      expect(row.agency_id).toBe(otherSite.agencies.victim_service);
      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select(['details'])
        .where('action', '=', 'admin.user_sites_changed')
        .where('record_id', '=', mover.id)
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ added: otherSite.id, removed: '', agencyChanged: true });
    });

    it('deactivates a user (signing them out) and reactivates them', async () => {
      const leaver = await t.createUser({
        role: 'probation_practitioner',
        sites: [site],
        displayName: 'Lee Leaver',
      });
      const theirs = await t.signIn(leaver.id);
      expect(
        (await t.inject({ method: 'GET', url: '/account/api-tokens', headers: { cookie: theirs.cookie } }))
          .statusCode,
      ).toBe(200);

      const browser = await browserOf(admin);
      const off = await browser.post(`/admin/users/${leaver.id}/deactivate`);
      expect(off.statusCode).toBe(303);
      let row = await t.db.owner
        .selectFrom('app_user')
        .select('active')
        .where('id', '=', leaver.id)
        .executeTakeFirstOrThrow();
      expect(row.active).toBe(false);
      const after = await t.inject({
        method: 'GET',
        url: '/account/api-tokens',
        headers: { cookie: theirs.cookie },
      });
      expect(after.statusCode).toBe(302);
      expect(after.headers.location).toBe('/sign-in');

      const on = await browser.post(`/admin/users/${leaver.id}/reactivate`);
      expect(on.statusCode).toBe(303);
      row = await t.db.owner
        .selectFrom('app_user')
        .select('active')
        .where('id', '=', leaver.id)
        .executeTakeFirstOrThrow();
      expect(row.active).toBe(true);
      const actions = await t.db.owner
        .selectFrom('audit.event')
        .select('action')
        .where('record_id', '=', leaver.id)
        .where('action', 'like', 'admin.%')
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['admin.user_deactivated', 'admin.user_reactivated']);

      // an administrator cannot lock themselves out
      const self = await browser.post(`/admin/users/${admin.id}/deactivate`);
      expect(self.statusCode).toBe(409);
    });

    it('creates a user through the API, and refuses a duplicate and unknown fields', async () => {
      const body = {
        email: 'api.made@example.test',
        name: 'Api Made',
        role: 'forensic_psychologist',
        agencyId: site.agencies.health,
        siteIds: [site.id],
        temporaryPassword: NEW_PASSWORD,
      };
      const created = await api(admin, 'POST', '/api/v1/admin/users', body);
      expect(created.statusCode, created.body).toBe(201);
      const user = created.json() as {
        id: string;
        role: string;
        secondFactorEnrolled: boolean;
        active: boolean;
      };
      expect(user).toMatchObject({
        role: 'forensic_psychologist',
        secondFactorEnrolled: false,
        active: true,
      });
      expect((await userByEmail('api.made@example.test'))?.id).toBe(user.id);

      const again = await api(admin, 'POST', '/api/v1/admin/users', body);
      expect(again.statusCode).toBe(422);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.json()).toMatchObject({
        errors: [{ field: 'email', message: 'A user with this email address already exists' }],
      });

      // two at once: both may pass the check before either inserts; the loser still gets the field error
      const racer = { ...body, email: 'racer@example.test' };
      const both = await Promise.all([
        api(admin, 'POST', '/api/v1/admin/users', racer),
        api(admin, 'POST', '/api/v1/admin/users', racer),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 422]);
      expect(both.find((r) => r.statusCode === 422)!.json()).toMatchObject({
        errors: [{ field: 'email', message: 'A user with this email address already exists' }],
      });

      const extra = await api(admin, 'POST', '/api/v1/admin/users', {
        ...body,
        email: 'x2@example.test',
        isAdmin: true,
      });
      expect(extra.statusCode).toBe(400);
      expect(extra.body).toContain('isAdmin');
    });
  });

  describe('no case content for administrators', () => {
    it('cannot open or list a case at their own site', async () => {
      const open = await get(admin, `/cases/${theCase.caseId}`);
      expect(open.statusCode).toBe(404);
      expect(open.body).not.toContain(theCase.reference);
      const list = await get(admin, '/cases');
      expect([200, 404]).toContain(list.statusCode);
      expect(list.body).not.toContain(theCase.reference);
      const apiList = await api(admin, 'GET', '/api/v1/cases');
      expect(apiList.body).not.toContain(theCase.reference);
      const rows = await t.asUser(
        admin.id,
        async (tx) => (await sql`select id from cases`.execute(tx)).rows.length,
      );
      expect(rows).toBe(0);
    });
  });

  describe('access policy', () => {
    it('shows the defaults as a table of none, read and write, and the site rules', async () => {
      const response = await get(admin, '/admin/policy');
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('Police stalking coordinator');
      expect(text).toContain('Victim contact');
      expect(text).toMatch(/Stalking advocate Write Read None Write Write None/);
      expect(text).toContain(site.name);
    });

    it('stores a tightening, which the database then enforces, and removes it again', async () => {
      expect(await voiceRowsSeenBy(advocate.id)).toBe(1);
      expect((await get(advocate, `/cases/${theCase.caseId}/voice`)).statusCode).toBe(200);

      const browser = await browserOf(admin);
      await browser.get(`/admin/policy/sites/${site.id}`);
      const response = await browser.post(`/admin/policy/sites/${site.id}`, {
        role: 'stalking_advocate',
        compartment: 'victim_voice',
        access: 'none',
        reason: 'Information-sharing agreement, clause 4.2',
      });
      expect(response.statusCode, errorSummaryOf(response.body) ?? '').toBe(303);
      const rule = await siteRule(site.id, 'stalking_advocate', 'victim_voice');
      expect(rule).toMatchObject({ access: 'none', decided_by: admin.id, widening_approved_by: null });
      expect(rule!.reason).toBe('Information-sharing agreement, clause 4.2');

      expect(await voiceRowsSeenBy(advocate.id)).toBe(0);
      expect((await get(advocate, `/cases/${theCase.caseId}/voice`)).statusCode).toBe(404);
      // other compartments of the case are untouched
      expect((await get(advocate, `/cases/${theCase.caseId}`)).statusCode).toBe(200);

      const page = textOf((await browser.get(`/admin/policy/sites/${site.id}`)).body);
      expect(page).toContain('Tightening');
      expect(page).toContain('Information-sharing agreement, clause 4.2');
      expect(page).toContain('Ada Administrator');

      const audit = await t.db.owner
        .selectFrom('audit.event')
        .select(['details', 'user_id'])
        .where('action', '=', 'admin.site_policy_set')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({
        siteId: site.id,
        role: 'stalking_advocate',
        compartment: 'victim_voice',
        access: 'none',
      });

      const removed = await browser.post(
        `/admin/policy/sites/${site.id}/stalking_advocate/victim_voice/remove`,
      );
      expect(removed.statusCode).toBe(303);
      expect(await siteRule(site.id, 'stalking_advocate', 'victim_voice')).toBeUndefined();
      expect(await voiceRowsSeenBy(advocate.id)).toBe(1);
      const removal = await t.db.owner
        .selectFrom('audit.event')
        .select('details')
        .where('action', '=', 'admin.site_policy_removed')
        .executeTakeFirstOrThrow();
      expect(removal.details).toMatchObject({
        role: 'stalking_advocate',
        compartment: 'victim_voice',
        access: 'none',
      });
    });

    it('refuses a widening without the confirmation, and records the approver with it', async () => {
      const browser = await browserOf(admin);
      await browser.get(`/admin/policy/sites/${site.id}`);
      const form = {
        role: 'probation_practitioner',
        compartment: 'victim_contact',
        access: 'read',
        reason: 'Panel decision of 4 March 2026, minute 7',
      };
      const refused = await browser.post(`/admin/policy/sites/${site.id}`, form);
      expect(refused.statusCode).toBe(422);
      expect(errorSummaryOf(refused.body)).toContain(
        'confirm you have a recorded decision to widen access beyond the default',
      );
      expect(await siteRule(site.id, 'probation_practitioner', 'victim_contact')).toBeUndefined();

      const noReason = await browser.post(`/admin/policy/sites/${site.id}`, {
        ...form,
        reason: ' ',
        confirmWidening: 'yes',
      });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toContain('Enter the reason for the rule');

      const stored = await browser.post(`/admin/policy/sites/${site.id}`, {
        ...form,
        confirmWidening: 'yes',
      });
      expect(stored.statusCode).toBe(303);
      expect(await siteRule(site.id, 'probation_practitioner', 'victim_contact')).toMatchObject({
        access: 'read',
        widening_approved_by: admin.id,
      });
      const effective = await sql<{
        a: string;
      }>`select recolo_private.effective_access('probation_practitioner', ${site.id}::uuid, 'victim_contact') as a`.execute(
        t.db.owner,
      );
      expect(effective.rows[0]!.a).toBe('read');
      expect(textOf((await browser.get(`/admin/policy/sites/${site.id}`)).body)).toContain(
        'Widening approved by Ada Administrator',
      );
    });

    it('never widens a programme-wide role into case content', async () => {
      const response = await api(admin, 'PUT', `/api/v1/admin/sites/${site.id}/policy`, {
        role: 'administrator',
        compartment: 'core',
        access: 'read',
        reason: 'Just curious',
        confirmWidening: true,
      });
      expect(response.statusCode).toBe(422);
      expect(await siteRule(site.id, 'administrator', 'core')).toBeUndefined();
    });

    it('sets rules through the API, naming the field it refuses', async () => {
      const url = `/api/v1/admin/sites/${site.id}/policy`;
      const unknown = await api(admin, 'PUT', url, {
        role: 'stalking_advocate',
        compartment: 'everything',
        access: 'none',
        reason: 'Testing',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = unknown.json() as { errors: { field: string; message: string }[] };
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'compartment' })]);
      expect(problem.errors[0]!.message).toContain('Unknown compartment');

      const role = await api(admin, 'PUT', url, {
        role: 'superuser',
        compartment: 'core',
        access: 'none',
        reason: 'x',
      });
      expect(role.statusCode).toBe(400);
      expect((role.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('role');

      const extra = await api(admin, 'PUT', url, {
        role: 'evaluator',
        compartment: 'core',
        access: 'none',
        reason: 'x',
        why: 1,
      });
      expect(extra.statusCode).toBe(400);

      const noSite = await api(
        admin,
        'PUT',
        '/api/v1/admin/sites/00000000-0000-4000-8000-000000000000/policy',
        {
          role: 'evaluator',
          compartment: 'core',
          access: 'none',
          reason: 'x',
        },
      );
      expect(noSite.statusCode).toBe(404);
      expect((noSite.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('siteId');

      const widening = {
        role: 'stalking_advocate',
        compartment: 'risk',
        access: 'write',
        reason: 'Recorded decision 12',
      };
      const unconfirmed = await api(admin, 'PUT', url, widening);
      expect(unconfirmed.statusCode).toBe(422);
      expect((unconfirmed.json() as { errors: { field: string }[] }).errors[0]!.field).toBe(
        'confirmWidening',
      );
      const confirmed = await api(admin, 'PUT', url, { ...widening, confirmWidening: true });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json()).toMatchObject({
        kind: 'widening',
        defaultAccess: 'read',
        access: 'write',
        wideningApprovedBy: { id: admin.id, name: 'Ada Administrator' },
      });

      const policy = await api(admin, 'GET', '/api/v1/admin/policy');
      expect(policy.statusCode).toBe(200);
      const body = policy.json() as {
        defaults: { role: string; compartment: string; access: string }[];
        sites: { id: string; rules: { role: string; compartment: string }[] }[];
      };
      expect(body.defaults).toContainEqual({
        role: 'stalking_advocate',
        compartment: 'victim_contact',
        access: 'write',
      });
      const rules = body.sites.find((s) => s.id === site.id)!.rules;
      expect(rules).toContainEqual(
        expect.objectContaining({ role: 'stalking_advocate', compartment: 'risk' }),
      );
    });

    it('refuses a direct write to the site policy by anyone but an administrator (row-level security)', async () => {
      await expect(
        t.asUser(coordinator.id, (tx) =>
          tx
            .insertInto('site_access_policy')
            .values({
              site_id: site.id,
              role: 'site_coordinator',
              compartment: 'clinical',
              access: 'write',
              reason: 'I decided so',
              decided_by: coordinator.id,
              widening_approved_by: coordinator.id,
            })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        t.asUser(coordinator.id, (tx) =>
          tx
            .insertInto('app_user')
            .values({
              email: 'sneaky@example.test',
              display_name: 'Sneaky',
              role: 'administrator',
              password_hash: 'x',
            })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      expect(await siteRule(site.id, 'site_coordinator', 'clinical')).toBeUndefined();
    });

    it('describes the administration API in the OpenAPI document', async () => {
      const response = await t.inject({
        method: 'GET',
        url: '/api/docs/json',
        // the API's description is for signed-in users only
        headers: { cookie: (await t.signIn(admin.id)).cookie },
      });
      expect(response.statusCode).toBe(200);
      const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/admin/policy',
          '/api/v1/admin/sites/{siteId}/policy',
          '/api/v1/admin/users',
        ]),
      );
    });
  });
});
