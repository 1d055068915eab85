import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/modules/notifications/outbox.js';
import { mailTransportFor } from '../../src/platform/mail/transport.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Notification e-mail end to end in Chromium, axe on every page: the probation practitioner asks
 * on the notification settings page for an e-mail when added to a case team; the site coordinator
 * adds them to Marcus Delaney's case team; the delivery job sends the e-mail, which arrives at a
 * real SMTP server with the case reference and no name, and the notification shows in the app.
 */
describe('notification e-mail (Chromium)', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const h = useBrowserHarness();

  it('a person chooses e-mail for a kind, the event happens, the e-mail arrives and the app shows it', async () => {
    const probation = h.account('probation_practitioner');
    const practitioner = await h.signIn(probation);
    await practitioner.goto('/notifications');
    await checkPage(practitioner, 'Notifications');
    await practitioner.getByRole('link', { name: 'Notification settings' }).click();
    await checkPage(practitioner, 'Notification settings');
    await practitioner.getByLabel('You are added to a case team').check();
    await practitioner.getByRole('button', { name: 'Save settings' }).click();
    await checkPage(practitioner, 'Notification settings');
    expect(await practitioner.locator('.govuk-notification-banner').textContent()).toContain(
      'Your notification settings were saved',
    );
    expect(await practitioner.getByLabel('You are added to a case team').isChecked()).toBe(true);

    // the coordinator adds them to a case team
    const coordinator = await h.signIn('site_coordinator');
    const { reference, url } = await openDemoCase(coordinator);
    await coordinator.goto(`${url}/team`);
    await checkPage(coordinator, /team/i);
    await coordinator
      .getByLabel('Add to the case team')
      .selectOption({ label: `${probation.displayName} – Probation practitioner` });
    await coordinator.getByRole('button', { name: 'Add to team' }).click();
    await checkPage(coordinator, /team/i);

    // the delivery job's run: the e-mail arrives, with the reference only
    const transport = mailTransportFor({
      smtpUrl: smtp.url,
      mailFrom: 'Recolo <no-reply@recolo.test>',
      outboxDir: '',
    });
    try {
      expect((await deliverOutbox(h.server.server.db.owner, transport)).sent).toBe(1);
    } finally {
      transport.close();
    }
    const [mail] = await smtp.waitFor(probation.email, 1);
    expect(mail!.subject).toBe(`Recolo: You were added to the team of case ${reference}`);
    expect(mail!.text).toContain('sign in to see it');
    for (const personal of [
      'Marcus',
      'Delaney',
      probation.displayName,
      h.account('site_coordinator').displayName,
    ])
      expect(mail!.raw, personal).not.toContain(personal);

    // and in the app
    await practitioner.goto('/notifications');
    await checkPage(practitioner, 'Notifications');
    expect(await practitioner.locator('#notifications').textContent()).toContain(
      `You were added to the team of case ${reference}`,
    );
  });
});
