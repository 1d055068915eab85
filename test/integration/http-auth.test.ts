import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/platform/auth/plugin.js';
import { hashToken } from '../../src/platform/auth/sessions.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { targets } from '../support/databases.js';
import type { TestSite, TestUser } from '../support/fixtures.js';
import {
  ANON_CSRF_COOKIE,
  Browser,
  cookieNamed,
  createUnenrolledUser,
  csrfFrom,
  errorSummaryOf,
  textOf,
  textOfId,
  wrongTotp,
} from '../support/http.js';

const REFUSED = 'Enter a correct email address and password';

describe.each(targets)('sign-in over HTTP on %s', (target) => {
  let t: TestApp;
  let site: TestSite;

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** a browser on the sign-in page, ready to post */
  async function atSignIn(): Promise<Browser> {
    const browser = new Browser(t);
    const page = await browser.get('/sign-in');
    expect(page.statusCode).toBe(200);
    return browser;
  }

  async function sessionRows(userId: string): Promise<number> {
    const rows = await t.db.owner
      .selectFrom('session')
      .select('id_hash')
      .where('user_id', '=', userId)
      .execute();
    return rows.length;
  }

  it('GET /sign-in shows a form with a CSRF token and sets the anonymous CSRF cookie', async () => {
    const response = await t.inject({ method: 'GET', url: '/sign-in' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csrf = csrfFrom(response.body);
    expect(csrf).toBeTruthy();
    const cookie = cookieNamed(response, ANON_CSRF_COOKIE);
    expect(cookie).toBeDefined();
    expect(cookie!.value).toBe(csrf);
    expect(cookie!.httpOnly).toBe(true);
    expect(textOf(response.body)).toContain('Sign in to Recolo');
  });

  it('refuses a sign-in post without the CSRF token (403) and does not sign in', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const browser = await atSignIn();
    const response = await browser.post('/sign-in', {
      _csrf: undefined,
      email: user.email,
      password: user.password,
    });
    expect(response.statusCode).toBe(403);
    expect(cookieNamed(response, SESSION_COOKIE)).toBeUndefined();
    expect(await sessionRows(user.id)).toBe(0);

    const forged = await browser.post('/sign-in', {
      _csrf: 'x'.repeat(43),
      email: user.email,
      password: user.password,
    });
    expect(forged.statusCode).toBe(403);
    expect(await sessionRows(user.id)).toBe(0);
  });

  it('answers a wrong password and an unknown email the same way: 401 with a GOV.UK error summary', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const browser = await atSignIn();

    const wrong = await browser.post('/sign-in', { email: user.email, password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('govuk-error-summary');
    expect(errorSummaryOf(wrong.body)).toContain(REFUSED);
    expect(cookieNamed(wrong, SESSION_COOKIE)).toBeUndefined();

    const unknown = await browser.post('/sign-in', {
      email: 'nobody.here@example.test',
      password: 'not the password at all',
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('govuk-error-summary');
    expect(errorSummaryOf(unknown.body)).toBe(errorSummaryOf(wrong.body));
    expect(cookieNamed(unknown, SESSION_COOKIE)).toBeUndefined();
    // the email typed is kept in the form, the password never is
    expect(unknown.body).toContain('value="nobody.here@example.test"');
    expect(unknown.body).not.toContain('not the password at all');
    expect(await sessionRows(user.id)).toBe(0);
  });

  it('enrols a second factor at first sign-in, rotates the session, and refuses a replayed code', async () => {
    const user = await createUnenrolledUser(t, { role: 'investigating_officer', sites: [site] });
    const browser = await atSignIn();

    // first factor: a session that is not yet fully signed in
    const password = await browser.post('/sign-in', { email: user.email, password: user.password });
    expect(password.statusCode).toBe(303);
    expect(password.headers.location).toBe('/sign-in/two-factor');
    const firstCookie = cookieNamed(password, SESSION_COOKIE);
    expect(firstCookie).toBeDefined();
    expect(firstCookie!.value.length).toBeGreaterThanOrEqual(32);
    expect(firstCookie!.httpOnly).toBe(true);
    expect(String(firstCookie!.sameSite).toLowerCase()).toBe('lax');
    expect(Boolean(firstCookie!.secure)).toBe(t.config.cookieSecure);
    const afterPassword = firstCookie!.value;

    // half signed in is not signed in
    const early = await browser.get('/cases');
    expect(early.statusCode).toBe(302);
    expect(early.headers.location).toBe('/sign-in/two-factor');

    // enrolment: a QR code and the key in words
    const enrol = await browser.get('/sign-in/two-factor');
    expect(enrol.statusCode).toBe(200);
    expect(enrol.body).toContain('<svg');
    const secret = textOfId(enrol.body, 'totp-secret');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // the page's form carries the new session's CSRF token
    const stored = await t.db.owner
      .selectFrom('session')
      .select('csrf_token')
      .where('id_hash', '=', hashToken(afterPassword))
      .executeTakeFirstOrThrow();
    expect(browser.csrf).toBe(stored.csrf_token);

    // a wrong code: 400 with the message, still not signed in
    const wrong = await browser.post('/sign-in/two-factor', { code: await wrongTotp(secret!) });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummaryOf(wrong.body)).toContain('The security code is not right');
    expect(textOfId(wrong.body, 'totp-secret')).toBe(secret);
    expect((await browser.get('/cases')).headers.location).toBe('/sign-in/two-factor');

    // the right code signs in, on a new session id
    const code = await currentTotp(secret!);
    const ok = await browser.post('/sign-in/two-factor', { code });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/cases');
    const secondCookie = cookieNamed(ok, SESSION_COOKIE);
    expect(secondCookie).toBeDefined();
    expect(secondCookie!.value).not.toBe(afterPassword);
    expect(secondCookie!.httpOnly).toBe(true);
    expect(String(secondCookie!.sameSite).toLowerCase()).toBe('lax');

    const cases = await browser.get('/cases');
    expect(cases.statusCode).toBe(200);
    expect(textOf(cases.body)).toContain('Signed in as');

    // the old session id no longer works for anything
    const old = await t.inject({
      method: 'GET',
      url: '/cases',
      headers: { cookie: `${SESSION_COOKIE}=${afterPassword}` },
    });
    expect(old.statusCode).toBe(302);
    expect(old.headers.location).toBe('/sign-in');
    const oldRow = await t.db.owner
      .selectFrom('session')
      .select('id_hash')
      .where('id_hash', '=', hashToken(afterPassword))
      .executeTakeFirst();
    expect(oldRow).toBeUndefined();

    // the secret is now enrolled
    const enrolled = await t.db.owner
      .selectFrom('app_user')
      .select(['totp_secret', 'totp_enrolled_at'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(enrolled.totp_secret).toBe(secret);
    expect(enrolled.totp_enrolled_at).not.toBeNull();

    // a second sign-in cannot reuse the same code
    const second = await atSignIn();
    const again = await second.post('/sign-in', { email: user.email, password: user.password });
    expect(again.statusCode).toBe(303);
    const twoFactor = await second.get('/sign-in/two-factor');
    expect(twoFactor.statusCode).toBe(200);
    expect(twoFactor.body).not.toContain('id="totp-secret"');
    const replay = await second.post('/sign-in/two-factor', { code });
    expect(replay.statusCode).toBe(400);
    expect(errorSummaryOf(replay.body)).toContain('The security code is not right');
    const stillOut = await second.get('/cases');
    expect(stillOut.statusCode).toBe(302);
    expect(stillOut.headers.location).toBe('/sign-in/two-factor');
  });

  it('signs in an enrolled user with password and code', async () => {
    const user: TestUser = await t.createUser({ role: 'probation_practitioner', sites: [site] });
    const browser = await atSignIn();
    const password = await browser.post('/sign-in', {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(password.statusCode).toBe(303);
    const page = await browser.get('/sign-in/two-factor');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<svg');
    const ok = await browser.post('/sign-in/two-factor', { code: await currentTotp(user.totpSecret) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/cases');
    expect((await browser.get('/cases')).statusCode).toBe(200);
  });

  it('answers known and unknown addresses alike after wrong passwords, and throttles the address, not the account', async () => {
    const user = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    const unknown = `nobody.${Date.now()}@example.test`;
    /** six wrong passwords for an email from one address: the statuses and the last error summary */
    const guess = async (email: string, from: string) => {
      const browser = new Browser(t, from);
      await browser.get('/sign-in');
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 6; i += 1) {
        const r = await browser.post('/sign-in', { email, password: `wrong password number ${i}` });
        statuses.push(r.statusCode);
        last = errorSummaryOf(r.body) ?? '';
      }
      return { statuses, last, browser };
    };
    const known = await guess(user.email, '203.0.113.7');
    const stranger = await guess(unknown, '203.0.113.8');
    expect(known.statuses).toEqual([401, 401, 401, 401, 401, 401]);
    expect(stranger.statuses).toEqual(known.statuses);
    expect(known.last).toMatch(/too many attempts/i);
    expect(known.last).not.toMatch(/account/i);
    // the same words for an address with an account and one without (but for the time they name)
    const words = (text: string) => text.replace(/until .+ and try/, 'until TIME and try');
    expect(words(stranger.last)).toBe(words(known.last));

    // the attacker's address is held back, even with the right password ...
    const attacker = await known.browser.post('/sign-in', { email: user.email, password: user.password });
    expect(attacker.statusCode).toBe(401);
    expect(cookieNamed(attacker, SESSION_COOKIE)).toBeUndefined();
    // ... but the owner, from anywhere else, signs in as usual: the account itself is not locked
    const owner = new Browser(t, '198.51.100.20');
    await owner.get('/sign-in');
    const ok = await owner.post('/sign-in', { email: user.email, password: user.password });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/sign-in/two-factor');
    const row = await t.db.owner
      .selectFrom('app_user')
      .select(['failed_attempts', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_attempts).toBe(0);
    expect(row.locked_until).toBeNull();
  });

  it('the second-factor page does not say who is signing in', async () => {
    const user = await t.createUser({
      role: 'investigating_officer',
      sites: [site],
      displayName: 'Priya Hidden',
    });
    const browser = await atSignIn();
    await browser.post('/sign-in', { email: user.email, password: user.password });
    const page = await browser.get('/sign-in/two-factor');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Priya Hidden');
    expect(page.body).not.toMatch(/signed in as/i);
    expect(page.body).not.toContain('Investigating officer');
    const done = await browser.post('/sign-in/two-factor', { code: await currentTotp(user.totpSecret) });
    expect(done.statusCode).toBe(303);
    expect((await browser.get('/cases')).body).toContain('Priya Hidden');
  });

  it('locks the account after five wrong security codes and ends the half-signed-in session', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const browser = await atSignIn();
    expect((await browser.post('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(
      303,
    );
    await browser.get('/sign-in/two-factor');
    const wrong = await wrongTotp(user.totpSecret);
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i += 1) {
      const r = await browser.post('/sign-in/two-factor', { code: wrong });
      statuses.push(r.statusCode);
      last = r.body;
    }
    expect(statuses).toEqual([400, 400, 400, 400, 401]);
    expect(errorSummaryOf(last)).toMatch(/locked/i);
    expect(await sessionRows(user.id)).toBe(0);
    expect(browser.session).toBeUndefined();

    // the right password and code do not get in while it is locked
    const again = await atSignIn();
    const password = await again.post('/sign-in', { email: user.email, password: user.password });
    expect(password.statusCode).toBe(401);
    expect(errorSummaryOf(password.body)).toMatch(/locked/i);
  });

  it('a session idle for longer than the limit is signed out', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const session = await t.signIn(user.id);
    expect(
      (await t.inject({ method: 'GET', url: '/cases', headers: { cookie: session.cookie } })).statusCode,
    ).toBe(200);
    await t.db.owner
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - (t.config.sessionIdleMinutes + 1) * 60_000) })
      .where('id_hash', '=', hashToken(session.token))
      .execute();
    const response = await t.inject({ method: 'GET', url: '/cases', headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in');
    expect(await sessionRows(user.id)).toBe(0);
  });

  it("a form post carrying another session's CSRF token is refused", async () => {
    const alice = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const mallory = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const aliceSession = await t.signIn(alice.id);
    const mallorySession = await t.signIn(mallory.id);
    const browser = Browser.signedIn(t, aliceSession);
    const response = await browser.post('/sign-out', { _csrf: mallorySession.csrfToken });
    expect(response.statusCode).toBe(403);
    expect(await sessionRows(alice.id)).toBe(1);
  });

  it('sends an unauthenticated visitor to the sign-in page', async () => {
    for (const url of ['/cases', '/referrals/new', '/account/api-tokens']) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe('/sign-in');
    }
  });

  it('treats an unknown session cookie as signed out and clears it', async () => {
    const response = await t.inject({
      method: 'GET',
      url: '/cases',
      headers: { cookie: `${SESSION_COOKIE}=made-up-value` },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in');
    const cleared = cookieNamed(response, SESSION_COOKIE);
    expect(cleared).toBeDefined();
    expect(cleared!.value).toBe('');
  });

  it('POST /sign-out ends the session', async () => {
    const user = await t.createUser({ role: 'investigating_officer', sites: [site] });
    const session = await t.signIn(user.id);
    const browser = Browser.signedIn(t, session);
    expect((await browser.get('/cases')).statusCode).toBe(200);

    // sign-out is a form post like any other: without the token it does nothing
    const forged = await browser.post('/sign-out', { _csrf: undefined });
    expect(forged.statusCode).toBe(403);
    expect(await sessionRows(user.id)).toBe(1);

    const out = await browser.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/sign-in/);
    expect(await sessionRows(user.id)).toBe(0);

    const after = await t.inject({ method: 'GET', url: '/cases', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/sign-in');
  });
});

describe.each(targets)('security headers and health on %s', (target) => {
  let t: TestApp;
  let caseId: string;
  let member: TestUser;

  beforeAll(async () => {
    t = await startTestApp(target);
    const site = await t.seedSite();
    member = await t.createUser({ role: 'investigating_officer', sites: [site] });
    caseId = (await t.seedCase({ site, createdBy: member.id, team: [member.id] })).caseId;
  });
  afterAll(async () => {
    await t?.close();
  });

  function directives(csp: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const part of csp.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (name) out.set(name.toLowerCase(), values);
    }
    return out;
  }

  it('a case page has a strict CSP with a per-request nonce, framing and sniffing refused, no referrer, no caching', async () => {
    const session = await t.signIn(member.id);
    const response = await t.inject({
      method: 'GET',
      url: `/cases/${caseId}`,
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy'] ?? '');
    const scriptSrc = directives(csp).get('script-src');
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonce = scriptSrc!.find((v) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(v));
    expect(nonce).toBeDefined();
    expect(directives(csp).get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(String(response.headers['cache-control'])).toContain('no-store');
    // every inline script on the page carries the nonce
    const value = nonce!.slice("'nonce-".length, -1);
    for (const m of response.body.matchAll(/<script\b[^>]*>/g)) {
      if (/\ssrc=/.test(m[0])) continue;
      expect(m[0]).toContain(`nonce="${value}"`);
    }

    // a fresh nonce each time
    const again = await t.inject({
      method: 'GET',
      url: `/cases/${caseId}`,
      headers: { cookie: session.cookie },
    });
    const againNonce = directives(String(again.headers['content-security-policy']))
      .get('script-src')!
      .find((v) => v.startsWith("'nonce-"));
    expect(againNonce).toBeDefined();
    expect(againNonce).not.toBe(nonce);
  });

  it('the sign-in and error pages carry the same headers', async () => {
    for (const url of ['/sign-in', '/no-such-page']) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(String(response.headers['content-security-policy']), url).toMatch(/script-src 'self' 'nonce-/);
      expect(String(response.headers['cache-control']), url).toContain('no-store');
    }
  });

  it('GET /health/live answers 200', async () => {
    const response = await t.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with the database reachable', async () => {
    const response = await t.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
