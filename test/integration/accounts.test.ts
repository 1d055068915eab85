import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { nextReference } from '../../src/modules/referrals/repository.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import { Browser, errorSummaryOf } from '../support/http.js';

// Security issue 8, items 4 (telling strangers what exists) and 5 (accounts an administrator can
// know the password of).

const TEMPORARY = 'harbour violet kettle ninety';
const CHOSEN = 'lantern orbit meadow seventeen';

describe.each(targets)('accounts on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let otherSite: TestSite;
  let admin: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    otherSite = await t.seedSite();
    admin = await t.createUser({ role: 'administrator', sites: [site] });
    officer = await t.createUser({ role: 'investigating_officer', sites: [site, otherSite] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const userRow = (id: string) =>
    t.db.owner.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (action: string, recordId: string) =>
    t.db.owner
      .selectFrom('audit.event')
      .selectAll()
      .where('action', '=', action)
      .where('record_id', '=', recordId)
      .execute();
  const sessionsOf = async (userId: string) =>
    (await t.db.owner.selectFrom('session').select('id_hash').where('user_id', '=', userId).execute()).length;

  /** signs in through the pages, password and second factor, from a fresh browser */
  async function signInThroughPages(email: string, password: string, totpSecret: string | null) {
    const browser = new Browser(t);
    await browser.get('/sign-in');
    const first = await browser.post('/sign-in', { email, password });
    expect(first.statusCode, errorSummaryOf(first.body) ?? '').toBe(303);
    let secret = totpSecret;
    const page = await browser.get('/sign-in/two-factor');
    if (!secret) secret = /id="totp-secret">([^<]+)</.exec(page.body)![1]!.trim();
    const second = await browser.post('/sign-in/two-factor', { code: await currentTotp(secret) });
    expect(second.statusCode).toBe(303);
    return { browser, location: second.headers.location, secret };
  }

  describe('the API description', () => {
    it('is served to a signed-in user or an API token, to nobody else', async () => {
      for (const url of ['/api/docs', '/api/docs/json']) {
        const anonymous = await t.inject({ method: 'GET', url });
        expect(anonymous.statusCode, url).not.toBe(200);
        expect(anonymous.body).not.toContain('/api/v1/');
        const half = await t.signIn(officer.id, { mfaVerified: false });
        const halfWay = await t.inject({ method: 'GET', url, headers: { cookie: half.cookie } });
        expect(halfWay.statusCode, url).not.toBe(200);
      }
      expect((await t.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(401);
      expect((await t.inject({ method: 'GET', url: '/api/docs/static/index.html' })).statusCode).not.toBe(
        200,
      );

      const session = await t.signIn(officer.id);
      const json = await t.inject({
        method: 'GET',
        url: '/api/docs/json',
        headers: { cookie: session.cookie },
      });
      expect(json.statusCode).toBe(200);
      expect(json.body).toContain('/api/v1/');
      const token = await t.apiToken(officer.id);
      const byToken = await t.inject({
        method: 'GET',
        url: '/api/docs/json',
        headers: { authorization: token.authorization },
      });
      expect(byToken.statusCode).toBe(200);
    });
  });

  describe('case references', () => {
    it('count per site: one site’s references say nothing of another’s volume', async () => {
      const a1 = await t.asUser(officer.id, (tx) => nextReference(tx, site.id, site.code));
      const b1 = await t.asUser(officer.id, (tx) => nextReference(tx, otherSite.id, otherSite.code));
      const a2 = await t.asUser(officer.id, (tx) => nextReference(tx, site.id, site.code));
      const a3 = await t.asUser(officer.id, (tx) => nextReference(tx, site.id, site.code));
      const b2 = await t.asUser(officer.id, (tx) => nextReference(tx, otherSite.id, otherSite.code));
      const n = (ref: string) => Number(ref.split('-').pop());
      expect(a1).toMatch(new RegExp(`^${site.code}-\\d{6}$`));
      expect(n(a2)).toBe(n(a1) + 1);
      expect(n(a3)).toBe(n(a1) + 2);
      expect(n(b2)).toBe(n(b1) + 1);
      // a fresh site starts at 1 however many cases the others have
      expect(b1).toBe(`${otherSite.code}-000001`);
    });

    it('the request role cannot read or set the counters', async () => {
      await expect(
        t.asUser(officer.id, (tx) => sql`select * from site_case_counter`.execute(tx)),
      ).rejects.toThrow();
    });
  });

  describe('source addresses', () => {
    it('a forged X-Forwarded-For does not escape the sign-in throttle (no proxy trusted by default)', async () => {
      expect(t.config.trustProxy).toBe(false);
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      let last = 0;
      for (let i = 0; i < 7; i += 1) {
        const r = await t.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: '192.0.2.77',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `10.9.8.${i}`,
            cookie: 'recolo_csrf=abcdefghijklmnopqrstuvwxyz',
          },
          payload: `_csrf=abcdefghijklmnopqrstuvwxyz&email=${encodeURIComponent(user.email)}&password=wrong-${i}`,
        });
        last = r.statusCode;
        expect(errorSummaryOf(r.body) ?? '').not.toMatch(/account/i);
      }
      expect(last).toBe(401);
      const throttled = await t.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '192.0.2.77',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '10.9.8.200',
          cookie: 'recolo_csrf=abcdefghijklmnopqrstuvwxyz',
        },
        payload: `_csrf=abcdefghijklmnopqrstuvwxyz&email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}`,
      });
      expect(throttled.statusCode).toBe(401);
      expect(errorSummaryOf(throttled.body)).toMatch(/too many attempts/i);
    });
  });

  describe('passwords an administrator chose', () => {
    it('refuses a common temporary password when an administrator creates a user', async () => {
      const browser = Browser.signedIn(t, await t.signIn(admin.id));
      await browser.get('/admin/users/new');
      const response = await browser.post('/admin/users/new', {
        email: 'weak.password@example.test',
        name: 'Wendy Weak',
        role: 'investigating_officer',
        agencyId: site.agencies.police,
        siteIds: [site.id],
        temporaryPassword: 'password1234',
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummaryOf(response.body)).toMatch(/too easy to guess/i);
      const api = await t.inject({
        method: 'POST',
        url: '/api/v1/admin/users',
        headers: { authorization: (await t.apiToken(admin.id)).authorization },
        payload: {
          email: 'weak.api@example.test',
          name: 'Wendy Weak',
          role: 'investigating_officer',
          agencyId: site.agencies.police,
          siteIds: [site.id],
          temporaryPassword: 'password1234',
        },
      });
      expect(api.statusCode).toBe(422);
      expect(
        await t.db.owner.selectFrom('app_user').select('id').where('email', 'like', 'weak.%').execute(),
      ).toEqual([]);
    });

    it('a new user must change the temporary password before anything else, on a page with an error summary', async () => {
      const adminBrowser = Browser.signedIn(t, await t.signIn(admin.id));
      await adminBrowser.get('/admin/users/new');
      const created = await adminBrowser.post('/admin/users/new', {
        email: 'first.timer@example.test',
        name: 'Fiona First',
        role: 'investigating_officer',
        agencyId: site.agencies.police,
        siteIds: [site.id],
        temporaryPassword: TEMPORARY,
      });
      expect(created.statusCode, errorSummaryOf(created.body) ?? '').toBe(303);
      const id = new URL(created.headers.location as string, 'http://x').searchParams.get('created')!;
      expect((await userRow(id)).must_change_password).toBe(true);

      const { browser, location } = await signInThroughPages('first.timer@example.test', TEMPORARY, null);
      expect(location).toBe('/account/password');
      for (const url of ['/cases', '/account/api-tokens', '/notifications']) {
        const r = await browser.get(url);
        expect(r.statusCode, url).toBe(303);
        expect(r.headers.location).toBe('/account/password');
      }
      const page = await browser.get('/account/password');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="_csrf"');
      expect(page.body).toContain('Choose a new password');

      const noCsrf = await browser.post('/account/password', {
        _csrf: undefined,
        currentPassword: TEMPORARY,
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      });
      expect(noCsrf.statusCode).toBe(403);

      const wrongCurrent = await browser.post('/account/password', {
        currentPassword: 'not the password at all',
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      });
      expect(wrongCurrent.statusCode).toBe(400);
      expect(wrongCurrent.body).toContain('govuk-error-summary');
      expect(errorSummaryOf(wrongCurrent.body)).toMatch(/current password is not right/i);

      const common = await browser.post('/account/password', {
        currentPassword: TEMPORARY,
        newPassword: 'password1234',
        confirmPassword: 'password1234',
      });
      expect(common.statusCode).toBe(400);
      expect(errorSummaryOf(common.body)).toMatch(/too easy to guess/i);

      const mismatch = await browser.post('/account/password', {
        currentPassword: TEMPORARY,
        newPassword: CHOSEN,
        confirmPassword: `${CHOSEN}!`,
      });
      expect(mismatch.statusCode).toBe(400);
      expect(errorSummaryOf(mismatch.body)).toMatch(/same new password twice/i);
      expect(mismatch.body).not.toContain(CHOSEN);

      const same = await browser.post('/account/password', {
        currentPassword: TEMPORARY,
        newPassword: TEMPORARY,
        confirmPassword: TEMPORARY,
      });
      expect(same.statusCode).toBe(400);

      const done = await browser.post('/account/password', {
        currentPassword: TEMPORARY,
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      });
      expect(done.statusCode).toBe(303);
      expect((await browser.get('/cases')).statusCode).toBe(200);
      const row = await userRow(id);
      expect(row.must_change_password).toBe(false);
      expect(row.password_changed_at).not.toBeNull();
      expect(await auditOf('auth.password_changed', id)).toHaveLength(1);
      expect(await auditOf('auth.password_change_refused', id)).toHaveLength(1);
      // the new password is the one that works now
      const again = new Browser(t, '198.51.100.33');
      await again.get('/sign-in');
      expect(
        (await again.post('/sign-in', { email: 'first.timer@example.test', password: TEMPORARY })).statusCode,
      ).toBe(401);
      expect(
        (await again.post('/sign-in', { email: 'first.timer@example.test', password: CHOSEN })).statusCode,
      ).toBe(303);
    });

    it('every user can change their own password; their other sessions end', async () => {
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      const elsewhere = await t.signIn(user.id);
      const browser = Browser.signedIn(t, await t.signIn(user.id));
      const page = await browser.get('/account/password');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Change your password');
      const done = await browser.post('/account/password', {
        currentPassword: user.password,
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/account/password?changed=1');
      expect(await auditOf('auth.password_changed', user.id)).toHaveLength(1);
      expect((await browser.get('/cases')).statusCode).toBe(200);
      const other = await t.inject({ method: 'GET', url: '/cases', headers: { cookie: elsewhere.cookie } });
      expect(other.statusCode).toBe(302);
      expect(other.headers.location).toBe('/sign-in');
    });

    it('wrong current passwords on the change page are throttled like sign-in', async () => {
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      const browser = Browser.signedIn(t, await t.signIn(user.id));
      await browser.get('/account/password');
      for (let i = 0; i < 5; i += 1) {
        const r = await browser.post('/account/password', {
          currentPassword: `wrong guess ${i}`,
          newPassword: CHOSEN,
          confirmPassword: CHOSEN,
        });
        expect(r.statusCode).toBe(400);
      }
      const right = await browser.post('/account/password', {
        currentPassword: user.password,
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      });
      expect(right.statusCode).toBe(400);
      expect(errorSummaryOf(right.body)).toMatch(/too many attempts/i);
    });

    it('an administrator resets a password: audited with the reason, and the user must change it', async () => {
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      await t.signIn(user.id);
      const browser = Browser.signedIn(t, await t.signIn(admin.id));
      expect((await browser.get(`/admin/users/${user.id}/reset-password`)).statusCode).toBe(200);
      const noReason = await browser.post(`/admin/users/${user.id}/reset-password`, {
        reason: '',
        temporaryPassword: TEMPORARY,
      });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummaryOf(noReason.body)).toMatch(/reason/i);
      const weak = await browser.post(`/admin/users/${user.id}/reset-password`, {
        reason: 'Forgot it; called from the office line',
        temporaryPassword: 'password1234',
      });
      expect(weak.statusCode).toBe(400);
      const ok = await browser.post(`/admin/users/${user.id}/reset-password`, {
        reason: 'Forgot it; called from the office line',
        temporaryPassword: TEMPORARY,
      });
      expect(ok.statusCode).toBe(303);
      expect((await userRow(user.id)).must_change_password).toBe(true);
      expect(await sessionsOf(user.id)).toBe(0);
      const [audit] = await auditOf('admin.user_password_reset', user.id);
      expect(audit).toMatchObject({ user_id: admin.id, reason: 'Forgot it; called from the office line' });
      expect(JSON.stringify(audit!.details)).not.toContain(TEMPORARY);
      const { location } = await signInThroughPages(user.email, TEMPORARY, user.totpSecret);
      expect(location).toBe('/account/password');
    });

    it('an administrator resets a lost second factor: audited with the reason, re-enrolled at next sign-in', async () => {
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      await t.signIn(user.id);
      const browser = Browser.signedIn(t, await t.signIn(admin.id));
      const form = await browser.get(`/admin/users/${user.id}/reset-second-factor`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="_csrf"');
      const noReason = await browser.post(`/admin/users/${user.id}/reset-second-factor`, { reason: ' ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('govuk-error-summary');
      const ok = await browser.post(`/admin/users/${user.id}/reset-second-factor`, {
        reason: 'Phone lost; identity checked by video call',
      });
      expect(ok.statusCode).toBe(303);
      const row = await userRow(user.id);
      expect(row.totp_secret).toBeNull();
      expect(row.totp_enrolled_at).toBeNull();
      expect(await sessionsOf(user.id)).toBe(0);
      const [audit] = await auditOf('admin.user_second_factor_reset', user.id);
      expect(audit).toMatchObject({
        user_id: admin.id,
        reason: 'Phone lost; identity checked by video call',
      });

      // the old authenticator no longer works: a new QR code is enrolled at the next sign-in
      const { location, secret } = await signInThroughPages(user.email, user.password, null);
      expect(secret).not.toBe(user.totpSecret);
      expect(location).toBe('/cases');
    });

    it('`recolo create-user` refuses a common password, and its user must change theirs at first sign-in', async () => {
      const saved = { ...process.env };
      const output: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        output.push(String(chunk));
        return true;
      });
      const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        output.push(String(chunk));
        return true;
      });
      const args = ['create-user', '--email', 'cli.user@example.test', '--name', 'Cleo Cli'];
      try {
        // the command line reaches the embedded database through its socket, PostgreSQL by its URL
        delete process.env.DATABASE_URL;
        delete process.env.DATABASE_APP_URL;
        process.env.DATA_DIR = t.config.dataDir;
        if (t.config.databaseUrl) process.env.DATABASE_URL = t.config.databaseUrl;
        process.env.RECOLO_NEW_PASSWORD = 'password1234';
        expect(await main([...args, '--role', 'evaluator', '--site', site.code])).toBe(1);
        expect(output.join('')).toMatch(/too easy to guess/);
        process.env.RECOLO_NEW_PASSWORD = TEMPORARY;
        expect(await main([...args, '--role', 'evaluator', '--site', site.code])).toBe(0);
      } finally {
        write.mockRestore();
        errors.mockRestore();
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
      const row = await t.db.owner
        .selectFrom('app_user')
        .select(['must_change_password'])
        .where('email', '=', 'cli.user@example.test')
        .executeTakeFirstOrThrow();
      expect(row.must_change_password).toBe(true);
    });

    it('nobody but an administrator resets someone else', async () => {
      const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
      const browser = Browser.signedIn(t, await t.signIn(officer.id));
      await browser.get('/cases');
      const r = await browser.post(`/admin/users/${user.id}/reset-second-factor`, { reason: 'because' });
      expect(r.statusCode).toBe(404);
      // and the database refuses it whatever a route does
      await expect(
        t.asUser(officer.id, (tx) =>
          tx.updateTable('app_user').set({ totp_secret: null }).where('id', '=', user.id).execute(),
        ),
      ).rejects.toThrow();
      await expect(
        t.asUser(officer.id, (tx) =>
          tx.updateTable('app_user').set({ password_hash: 'x' }).where('id', '=', user.id).execute(),
        ),
      ).rejects.toThrow();
      expect((await userRow(user.id)).totp_secret).toBe(user.totpSecret);
    });
  });
});
