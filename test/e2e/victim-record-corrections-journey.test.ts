import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Issue 11 for the victim's records in Chromium, axe on every new page: the stalking advocate
 * corrects a voice entry with a reason (the history shows what it said and says now), records a
 * contact with the victim on the wrong case and withdraws it as entered in error after a
 * confirmation page (it leaves the log and stays, marked, on its own page), and looks at the other
 * correction and withdrawal pages (a contact log entry's correction, a voice entry's and the
 * contact details' withdrawal) without using them.
 */

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('correcting and withdrawing the victim’s records (Chromium)', () => {
  const h = useBrowserHarness();

  it('the advocate corrects a voice entry and withdraws a contact log entry, with reasons', async () => {
    const advocate = await h.signIn('stalking_advocate');
    const caseUrl = (await openDemoCase(advocate)).url;

    // the voice entry: corrected from the form as it stands, with the reason
    await advocate.goto(`${caseUrl}/voice`);
    await checkPage(advocate, 'Victim’s voice');
    await advocate
      .getByRole('link', { name: /^Corrections and history/ })
      .first()
      .click();
    await checkPage(advocate, 'The victim’s voice');
    const entryUrl = advocate.url().replace(/[?#].*$/, '');
    await advocate.getByRole('link', { name: 'Correct this voice entry' }).click();
    await checkPage(advocate, 'Correct this voice entry');
    const said = advocate.getByLabel('What the victim said: their views, wishes and fears');
    expect(await said.inputValue()).toContain('Sophie feels watched in her own home');
    await said.fill('Sophie feels watched in her own home and at her sister’s.');
    await advocate.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(advocate, 'Correct this voice entry');
    expect(await advocate.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why the voice entry is being corrected',
    );
    await advocate
      .getByLabel('Why is it being corrected?')
      .fill('She added her sister’s when I read it back');
    await advocate.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(advocate, 'The victim’s voice');
    const corrected = await mainText(advocate);
    expect(corrected).toContain('Voice entry corrected');
    expect(corrected).toContain('She added her sister’s when I read it back');
    expect(corrected).toMatch(/What the victim said\s*Sophie feels watched in her own home and has stopped/);

    // its withdrawal's confirmation, looked at and cancelled
    await advocate.goto(`${entryUrl}/withdraw`);
    await checkPage(advocate, 'Withdraw this voice entry as entered in error?');
    await advocate.getByRole('link', { name: 'Cancel' }).click();
    await checkPage(advocate, 'The victim’s voice');

    // a contact logged on the wrong case, withdrawn after the confirmation page
    await advocate.goto(`${caseUrl}/contact-log`);
    await checkPage(advocate, 'Contact with the victim');
    await advocate.getByLabel('Victim', { exact: true }).selectOption({ index: 1 });
    const when = advocate.getByRole('group', { name: 'Date of the contact', exact: true });
    const yesterday = new Date(Date.now() - 86_400_000);
    await when.getByLabel('Day').fill(String(yesterday.getUTCDate()));
    await when.getByLabel('Month').fill(String(yesterday.getUTCMonth() + 1));
    await when.getByLabel('Year').fill(String(yesterday.getUTCFullYear()));
    await advocate.getByLabel('Phone call').check();
    await advocate.getByLabel('Who the contact was with').fill('The victim');
    await advocate.getByLabel('Summary of the contact').fill('Explained the hearing date (wrong case)');
    await advocate
      .getByRole('group', { name: 'Was the victim updated on the case?' })
      .getByLabel('Yes', { exact: true })
      .check();
    await advocate.getByRole('button', { name: 'Save' }).click();
    await checkPage(advocate, 'Contact with the victim');
    await advocate
      .getByRole('link', { name: /^Corrections and history/ })
      .first()
      .click();
    await checkPage(advocate, 'Contact with the victim,');
    const logUrl = advocate.url().replace(/[?#].*$/, '');
    await advocate.goto(`${logUrl}/amend`);
    await checkPage(advocate, 'Correct this contact log entry');
    await advocate.getByRole('link', { name: 'Cancel' }).click();
    await advocate.getByRole('link', { name: 'Withdraw this contact log entry (entered in error)' }).click();
    await checkPage(advocate, 'Withdraw this contact log entry as entered in error?');
    await advocate.getByLabel('Why was it entered in error?').fill('Logged on the wrong case');
    await advocate.getByRole('button', { name: 'Withdraw contact log entry' }).click();
    await checkPage(advocate, 'Contact with the victim,');
    const withdrawn = await mainText(advocate);
    expect(withdrawn).toContain('This contact log entry was withdrawn as entered in error');
    expect(withdrawn).toContain('Logged on the wrong case');
    expect(withdrawn).not.toContain('Withdraw this contact log entry');
    await advocate.goto(`${caseUrl}/contact-log`);
    await checkPage(advocate, 'Contact with the victim');
    const log = await mainText(advocate);
    expect(log).not.toContain('Explained the hearing date');
    expect(log).toContain('Withdrawn as entered in error');

    // the contact details' withdrawal confirmation, looked at and cancelled
    await advocate.goto(`${caseUrl}/victims`);
    await checkPage(advocate, 'Victims');
    await advocate
      .getByRole('link', { name: /^Withdraw contact details \(entered in error\)/ })
      .first()
      .click();
    await checkPage(advocate, 'Withdraw this set of contact details as entered in error?');
    await advocate.getByRole('link', { name: 'Cancel' }).click();
    await checkPage(advocate, 'Victims');
  });
});
