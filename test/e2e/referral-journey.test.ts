import { describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { createUser } from '../../src/platform/auth/users.js';
import { axeCheck } from './support/browser.js';
import { checkPage } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

describe('a practitioner refers a case and the coordinator accepts it (Chromium)', () => {
  const h = useBrowserHarness();

  it('a new user enrols their authenticator from the QR code at first sign-in, then chooses their own password', async () => {
    const site = await h.server.server.db.owner.selectFrom('site').select('id').executeTakeFirstOrThrow();
    await createUser(h.server.server.db.owner, {
      email: 'new.officer@example.org',
      displayName: 'Nadia New',
      role: 'investigating_officer',
      siteIds: [site.id],
      password: 'a long enough password',
      // as when an administrator or `recolo create-user` set the password
      mustChangePassword: true,
    });
    const context = await h.browser.newContext({ baseURL: h.server.url });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('new.officer@example.org');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, 'Set up your authenticator app');
    expect(await page.locator('.recolo-qr svg').count()).toBe(1);
    const secret = (await page.locator('#totp-secret').textContent())!.trim();
    await page.getByLabel('Security code').fill('000000');
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The security code is not right',
    );
    await axeCheck(page);
    await page.getByLabel('Security code').fill(await currentTotp(secret));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    // the administrator knows the temporary password: the user replaces it before anything else
    await page.waitForURL(/\/account\/password$/);
    await checkPage(page, 'Choose a new password');
    await page.getByLabel('Current password').fill('a long enough password');
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('Confirm new password').fill('password1234');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('too easy to guess');
    await axeCheck(page);
    await page.getByLabel('Current password').fill('a long enough password');
    await page.getByLabel('New password', { exact: true }).fill('harbour violet kettle ninety');
    await page.getByLabel('Confirm new password').fill('harbour violet kettle ninety');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/cases$/);
    await checkPage(page, 'My cases');
    await context.close();
  });

  it('an administrator resets a lost second factor on a page with an error summary', async () => {
    const newcomer = await h.server.server.db.owner
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'new.officer@example.org')
      .executeTakeFirstOrThrow();
    const admin = await h.signIn('administrator');
    await admin.goto('/admin/users');
    await admin.getByRole('link', { name: 'Reset second factor of Nadia New' }).click();
    await checkPage(admin, 'Reset second factor');
    await admin.getByRole('button', { name: 'Reset second factor' }).click();
    await expect(admin.locator('.govuk-error-summary').textContent()).resolves.toContain('reason');
    await axeCheck(admin);
    await admin.getByLabel('Reason for the reset').fill('Phone lost; identity checked by video call');
    await admin.getByRole('button', { name: 'Reset second factor' }).click();
    await admin.waitForURL(/\/admin\/users\?updated=second-factor$/);
    await checkPage(admin, 'Users');
    await admin.goto(`/admin/users/${newcomer.id}/reset-password`);
    await checkPage(admin, 'Reset password');
    await admin.context().close();
  });

  it('refers, accepts for consultation while under investigation, and the access log shows who looked', async () => {
    const officer = h.account('investigating_officer');
    const page = await h.signIn(officer);
    await checkPage(page, 'My cases');

    await page.getByRole('link', { name: 'Refer a case' }).first().click();
    await checkPage(page, 'Who is being referred?');
    // bad input first: an error summary linked to the fields, nothing saved
    await page.getByLabel('NHS number (optional)').fill('943 476 5918');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('Enter the first name');
    await expect(summary.textContent()).resolves.toContain('Enter a valid NHS number');
    await axeCheck(page);
    await page.getByLabel('First name').fill('Tobias');
    await page.getByLabel('Last name').fill('Wrenfield');
    await page.getByLabel('Day').fill('14');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('1979');
    await page.getByLabel('NHS number (optional)').fill('943 476 5919');
    await page.getByRole('button', { name: 'Continue' }).click();

    await checkPage(page, 'About the referral');
    await page.getByLabel('Referring agency').selectOption({ label: 'Hampshire Constabulary' });
    await page
      .getByLabel('Reason for the referral')
      .fill('Repeated messages and loitering near the victim’s workplace.');
    await page.getByLabel('Stalking (PHA 1997 s2A)').check();
    await page.getByLabel('Under police investigation').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await checkPage(page, 'Victims');
    await page.locator('#victim1GivenName').fill('Imogen');
    await page.locator('#victim1FamilyName').fill('Sallow');
    await page.locator('#victim1Relationship').selectOption('ex_intimate');
    await page.getByRole('button', { name: 'Continue' }).click();

    await checkPage(page, 'Consent and eligibility');
    await page.getByLabel('Consent given').check();
    await page.locator('#isAdult').check();
    await page.locator('#livesInArea').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await checkPage(page, 'Check your answers');
    await expect(page.locator('main').textContent()).resolves.toContain('14 February 1979');
    await page.getByRole('button', { name: 'Send referral' }).click();

    await checkPage(page, 'Referral sent');
    const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();
    expect(reference).toMatch(/^HAM-\d{6}$/);
    await page.getByRole('link', { name: 'View the case' }).click();
    await checkPage(page, 'Overview');
    await expect(page.locator('main').textContent()).resolves.toContain('Tobias Wrenfield');
    await expect(page.locator('.moj-identity-bar').textContent()).resolves.toContain(reference);
    const caseUrl = page.url();

    // the site coordinator decides at the panel
    const coordinator = await h.signIn('site_coordinator');
    await checkPage(coordinator, 'Cases at your sites');
    await coordinator.getByRole('link', { name: reference }).click();
    await checkPage(coordinator, 'Overview');
    await coordinator.getByRole('link', { name: 'Status' }).click();
    await checkPage(coordinator, 'Change status');
    // direct intervention is not offered while the person is under investigation
    expect(await coordinator.getByLabel('Accept for direct intervention').count()).toBe(0);
    await expect(coordinator.locator('.govuk-inset-text').textContent()).resolves.toContain(
      'consultation only',
    );
    await coordinator.getByLabel('Accept for consultation only').check();
    await coordinator.getByRole('button', { name: 'Save decision' }).click();
    await expect(coordinator.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the reason for the decision',
    );
    await axeCheck(coordinator);
    await coordinator
      .getByLabel('Reason for the decision')
      .fill('Panel agreed consultation while the investigation continues.');
    // the new victim's voice is not recorded yet: the decision records why (issue 5)
    await coordinator
      .getByLabel('Reason the victim’s voice is not up to date')
      .fill('The advocate has not yet reached the victim; the panel will review next week.');
    await coordinator.getByRole('button', { name: 'Save decision' }).click();
    await checkPage(coordinator, 'Overview');
    await expect(coordinator.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'accepted',
    );

    await coordinator.getByRole('link', { name: 'Access log' }).click();
    await checkPage(coordinator, 'Access log');
    const log = (await coordinator.locator('main table').textContent()) ?? '';
    expect(log).toContain(officer.displayName);
    expect(log).toContain('Referred the case');
    expect(log).toContain('Viewed the case');
    expect(log).toContain('Changed the status');

    // the probation practitioner is not on the team: the case does not exist for them
    const probation = await h.signIn('probation_practitioner');
    const response = await probation.goto(caseUrl);
    expect(response?.status()).toBe(404);
    await checkPage(probation, 'Page not found');
    expect(await probation.locator('main').textContent()).not.toContain('Wrenfield');

    // sign out ends the session
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await checkPage(page, 'Sign in');
    await page.goto(caseUrl);
    await page.waitForURL(/\/sign-in/);
  });
});
