import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Issue 11 in Chromium, axe on every page: the police stalking coordinator records an incident with
 * the wrong date and uploads a photograph to it by mistake; they correct the date with a reason
 * (the history shows what it was and is), withdraw the photograph as entered in error after a
 * confirmation page (its name and SHA-256 stay, marked, and it is no longer offered for download),
 * and finally withdraw the incident itself, which leaves the list.
 */

const DESCRIPTION = 'Waited at the end of her road in a grey van';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

async function fillDate(page: Page, group: string, day: string, month: string, year: string): Promise<void> {
  const fieldset = page.getByRole('group', { name: group, exact: true });
  await fieldset.getByLabel('Day').fill(day);
  await fieldset.getByLabel('Month').fill(month);
  await fieldset.getByLabel('Year').fill(year);
}

describe('correcting and withdrawing the course of conduct (Chromium)', () => {
  const h = useBrowserHarness();

  it('police correct an incident date and withdraw an evidence file and then the incident, with reasons', async () => {
    const police = await h.signIn('stalking_coordinator');
    const caseUrl = (await openDemoCase(police)).url;

    await police.goto(`${caseUrl}/incidents/new`);
    await checkPage(police, 'Record an incident');
    await fillDate(police, 'When did it happen?', '2', '3', '2026');
    await police.getByLabel('Loitering').check();
    await police
      .getByRole('group', { name: 'Who reported it?' })
      .getByLabel('Police', { exact: true })
      .check();
    await police.getByLabel('Description').fill(DESCRIPTION);
    await police.getByRole('button', { name: 'Save incident' }).click();
    await checkPage(police, 'Incident');
    const incidentUrl = police.url().replace(/[?#].*$/, '');
    await police
      .getByLabel('Upload an evidence file')
      .setInputFiles({ name: 'wrong-case.png', mimeType: 'image/png', buffer: PNG });
    await police.getByRole('button', { name: 'Upload file' }).click();
    await checkPage(police, 'Incident');
    expect(await mainText(police)).toContain('wrong-case.png');

    // the date was the 12th: corrected with the reason, shown in the history
    await police.getByRole('link', { name: 'Correct this incident' }).click();
    await checkPage(police, 'Correct this incident');
    await expect(police.getByLabel('Description').inputValue()).resolves.toBe(DESCRIPTION);
    await police
      .getByRole('group', { name: 'When did it happen?', exact: true })
      .getByLabel('Day')
      .fill('12');
    // no reason: the error summary says so and nothing is saved
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Correct this incident');
    expect(await police.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why the incident is being corrected',
    );
    await police
      .getByLabel('Why is it being corrected?')
      .fill('The victim checked her diary: it was the 12th');
    await police.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(police, 'Incident');
    const corrected = await mainText(police);
    expect(corrected).toContain('Incident corrected');
    expect(corrected).toContain('The victim checked her diary: it was the 12th');
    expect(corrected).toMatch(/When it happened\s*2 March 2026\s*12 March 2026/);

    // the photograph was for another case: withdrawn after the confirmation page
    await police.getByRole('link', { name: 'Withdraw wrong-case.png' }).click();
    await checkPage(police, 'Withdraw this evidence file as entered in error?');
    await police.getByLabel('Why was it entered in error?').fill('A photograph from another case');
    await police.getByRole('button', { name: 'Withdraw evidence file' }).click();
    await checkPage(police, 'Incident');
    const withdrawn = police.locator('table', { hasText: 'Withdrawn as entered in error' });
    expect(await withdrawn.textContent()).toContain('A photograph from another case');
    expect(await withdrawn.textContent()).toContain('wrong-case.png');
    await expect(police.getByRole('link', { name: 'wrong-case.png' }).count()).resolves.toBe(0);
    expect(await mainText(police)).toContain('No evidence files.');

    // and the incident itself: it leaves the list and stays, marked, on its own page
    await police.getByRole('link', { name: 'Withdraw this incident (entered in error)' }).click();
    await checkPage(police, 'Withdraw this incident as entered in error?');
    await police
      .getByLabel('Why was it entered in error?')
      .fill('Recorded twice: see the incident of 12 March');
    await police.getByRole('button', { name: 'Withdraw incident' }).click();
    await checkPage(police, 'Incident');
    expect(await mainText(police)).toContain('This incident was withdrawn as entered in error');
    await police.goto(`${caseUrl}/incidents`);
    await checkPage(police, 'Incidents');
    expect(await mainText(police)).not.toContain('12 March 2026');
    await police.getByRole('link', { name: /withdrawn as entered in error/ }).click();
    await checkPage(police, 'Incidents withdrawn as entered in error');
    await police.getByRole('link', { name: /12 March 2026/ }).click();
    expect(police.url().replace(/[?#].*$/, '')).toBe(incidentUrl);
  });
});
