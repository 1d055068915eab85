import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Issue 11 in Chromium, axe on every page: the police stalking coordinator corrects an offence the
 * case was referred for (with a reason; the history shows what it was and is) and the referral's
 * consent notes; then adds a victim to the case by mistake, corrects their relationship, and
 * withdraws them as entered in error after a confirmation page: they leave the victims and the
 * overview and stay, marked, on their own page.
 */

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('correcting what was recorded at referral (Chromium)', () => {
  const h = useBrowserHarness();

  it('police correct an offence and the referral, and withdraw a victim added in error', async () => {
    const police = await h.signIn('stalking_coordinator');
    const caseUrl = (await openDemoCase(police)).url;

    // the referral's page, from the overview
    await police
      .getByRole('link', { name: 'Correct the referral or its offences, or see their history' })
      .click();
    await checkPage(police, 'Referral');
    expect(await mainText(police)).toContain('Not corrected since it was recorded.');

    // an offence: corrected with a reason
    await police.locator('main ul.govuk-list a[href*="/offences/"]').first().click();
    await checkPage(police, 'Offence');
    await police.getByRole('link', { name: 'Correct this offence' }).click();
    await checkPage(police, 'Correct this offence');
    await police.getByLabel('Other offence', { exact: true }).check();
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Correct this offence');
    expect(await police.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why the offence is being corrected',
    );
    await police.getByLabel('Why is it being corrected?').fill('The charge sheet names another offence');
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Offence');
    const offence = await mainText(police);
    expect(offence).toContain('Offence corrected');
    expect(offence).toContain('The charge sheet names another offence');
    expect(offence).toMatch(/Offence\s*(Stalking|Harassment|Putting)[^]*Other offence/);
    // the confirmation before withdrawing it (cancelled here)
    await police.getByRole('link', { name: 'Withdraw this offence (entered in error)' }).click();
    await checkPage(police, 'Withdraw this offence as entered in error?');
    await police.getByRole('link', { name: 'Cancel' }).click();
    await checkPage(police, 'Offence');

    // the referral's consent notes
    await police.getByRole('link', { name: 'Back to the referral' }).click();
    await police.getByRole('link', { name: 'Correct the referral' }).click();
    await checkPage(police, 'Correct the referral');
    await police.getByLabel('Consent notes (optional)').fill('Consent confirmed again by phone');
    await police.getByLabel('Why is it being corrected?').fill('The notes were left out at referral');
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Referral');
    expect(await mainText(police)).toContain('Consent confirmed again by phone');

    // a victim added to the case by mistake
    await police.goto(`${caseUrl}/victims/add`);
    await checkPage(police, 'Add a victim');
    await police.getByLabel('First name', { exact: true }).fill('Wrongly');
    await police.getByLabel('Last name', { exact: true }).fill('Added');
    await police.getByLabel('Victim', { exact: true }).check();
    await police.getByLabel('Relationship to the person referred').selectOption('acquaintance');
    await police.getByRole('button', { name: 'Add victim' }).click();
    await checkPage(police, 'Victims');
    await police
      .getByRole('link', { name: /Correct or withdraw, or see the history for Wrongly Added/ })
      .click();
    await checkPage(police, 'Wrongly Added');
    const victimUrl = police.url().replace(/[?#].*$/, '');

    // their relationship corrected first
    await police.getByRole('link', { name: 'Correct these details' }).click();
    await checkPage(police, 'Correct Wrongly Added’s details');
    await police.getByLabel('Stranger', { exact: true }).check();
    await police.getByLabel('Why are they being corrected?').fill('They had never met');
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Wrongly Added');
    expect(await mainText(police)).toMatch(/Acquaintance\s*Stranger/);

    // then withdrawn as entered in error
    await police.getByRole('link', { name: 'Withdraw this victim (entered in error)' }).click();
    await checkPage(police, 'Withdraw this victim as entered in error?');
    await police
      .getByLabel('Why was it entered in error?')
      .fill('They are a victim on another case, not this one');
    await police.getByRole('button', { name: 'Withdraw victim' }).click();
    await checkPage(police, 'Wrongly Added');
    expect(await mainText(police)).toContain('This victim was withdrawn as entered in error');
    expect(police.url().replace(/[?#].*$/, '')).toBe(victimUrl);
    await police.goto(`${caseUrl}/victims`);
    await checkPage(police, 'Victims');
    expect(await police.locator('#withdrawn-victims').textContent()).toContain('Wrongly Added');
    await expect(police.getByRole('heading', { name: 'Wrongly Added' }).count()).resolves.toBe(0);
    await police.goto(caseUrl);
    await checkPage(police, 'Overview');
    expect(await mainText(police)).not.toContain('Wrongly Added');
  });
});
