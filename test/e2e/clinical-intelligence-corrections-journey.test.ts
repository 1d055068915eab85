import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Issue 11 in Chromium, axe on every page, for the records only one profession reads: the forensic
 * psychiatrist corrects their own clinical note on Marcus Delaney's case with a reason (the history
 * shows what it was and is); the investigating officer withdraws an intelligence entry as entered
 * in error after a confirmation page: it leaves the list and stays, marked, on its own page; on
 * Adrian Fenwick's case the psychologist corrects a session note and the psychiatrist, who did not
 * write it and so may not correct it, withdraws it.
 */

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('correcting a clinical note and withdrawing intelligence (Chromium)', () => {
  const h = useBrowserHarness();

  it('a psychiatrist corrects their clinical note with a reason', async () => {
    const psychiatrist = await h.signIn('forensic_psychiatrist');
    const caseUrl = (await openDemoCase(psychiatrist)).url;
    await psychiatrist.goto(`${caseUrl}/clinical`);
    await checkPage(psychiatrist, 'Clinical notes');
    await psychiatrist
      .getByRole('link', { name: /^Clinical note of / })
      .first()
      .click();
    await checkPage(psychiatrist, 'Clinical note');
    expect(await mainText(psychiatrist)).toContain('Not corrected since it was recorded.');

    await psychiatrist.getByRole('link', { name: 'Correct this note' }).click();
    await checkPage(psychiatrist, 'Correct this clinical note');
    const note = psychiatrist.getByLabel('Note', { exact: true });
    expect(await note.inputValue()).toContain('two episodes of depression');
    await note.fill((await note.inputValue()).replace('two episodes', 'three episodes'));
    // no reason: the error summary says so and nothing is saved
    await psychiatrist.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(psychiatrist, 'Correct this clinical note');
    expect(await psychiatrist.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why the clinical note is being corrected',
    );
    await psychiatrist
      .getByLabel('Why is it being corrected?')
      .fill('The GP summary lists three episodes, not two');
    await psychiatrist.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(psychiatrist, 'Clinical note');
    const corrected = await mainText(psychiatrist);
    expect(corrected).toContain('Clinical note corrected');
    expect(corrected).toContain('The GP summary lists three episodes, not two');
    expect(corrected).toMatch(/two episodes of depression[\s\S]*three episodes of depression/);
  });

  it('an officer withdraws an intelligence entry as entered in error', async () => {
    const officer = await h.signIn('investigating_officer');
    const caseUrl = (await openDemoCase(officer)).url;
    await officer.goto(`${caseUrl}/intelligence`);
    await checkPage(officer, 'Police intelligence');
    expect(await mainText(officer)).toContain('Charged with s4A and s2');
    await officer
      .getByRole('link', { name: /^Intelligence of / })
      .first()
      .click();
    await checkPage(officer, 'Intelligence entry');
    const entryUrl = officer.url().replace(/[?#].*$/, '');
    await officer.getByRole('link', { name: 'Withdraw this entry (entered in error)' }).click();
    await checkPage(officer, 'Withdraw this intelligence entry as entered in error?');
    await officer.getByRole('button', { name: 'Withdraw intelligence entry' }).click();
    await checkPage(officer, 'Withdraw this intelligence entry as entered in error?');
    expect(await officer.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why this was entered in error',
    );
    await officer.getByLabel('Why was it entered in error?').fill('Recorded on the wrong subject’s case');
    await officer.getByRole('button', { name: 'Withdraw intelligence entry' }).click();
    await checkPage(officer, 'Intelligence entry');
    expect(await mainText(officer)).toContain('This intelligence entry was withdrawn as entered in error');
    expect(await mainText(officer)).toContain('Recorded on the wrong subject’s case');

    await officer.goto(`${caseUrl}/intelligence`);
    await checkPage(officer, 'Police intelligence');
    expect(await mainText(officer)).not.toContain('Charged with s4A and s2');
    await officer.getByText('1 entry withdrawn as entered in error').click();
    await officer.getByRole('link', { name: /^Entry of / }).click();
    expect(officer.url().replace(/[?#].*$/, '')).toBe(entryUrl);
  });
  it('a psychologist corrects a session note, and a colleague withdraws it', async () => {
    const psychologist = await h.signIn('clinical_psychologist');
    await psychologist.goto('/cases');
    await psychologist.locator('tr', { hasText: 'Adrian Fenwick' }).getByRole('link').first().click();
    await checkPage(psychologist, 'Overview');
    await psychologist.getByRole('link', { name: 'Sessions', exact: true }).click();
    await checkPage(psychologist, 'Sessions');
    await psychologist
      .getByRole('link', { name: /^session note of / })
      .first()
      .click();
    await checkPage(psychologist, 'Session note');
    const noteUrl = psychologist.url().replace(/[?#].*$/, '');
    await psychologist.getByRole('link', { name: 'Correct this note' }).click();
    await checkPage(psychologist, 'Correct this session note');
    const note = psychologist.getByLabel('Note', { exact: true });
    await note.fill(`${await note.inputValue()} He brought the thought record.`);
    await psychologist.getByLabel('Why is it being corrected?').fill('Left out what he brought');
    await psychologist.getByRole('button', { name: 'Save correction' }).click();
    await checkPage(psychologist, 'Session note');
    expect(await mainText(psychologist)).toContain('Left out what he brought');

    // the psychiatrist did not write it: no correction, but it can be withdrawn
    const psychiatrist = await h.signIn('forensic_psychiatrist');
    await psychiatrist.goto(noteUrl);
    await checkPage(psychiatrist, 'Session note');
    await expect(psychiatrist.getByRole('link', { name: 'Correct this note' }).count()).resolves.toBe(0);
    await psychiatrist.getByRole('link', { name: 'Withdraw this note (entered in error)' }).click();
    await checkPage(psychiatrist, 'Withdraw this session note as entered in error?');
    await psychiatrist.getByLabel('Why was it entered in error?').fill('Written under the wrong session');
    await psychiatrist.getByRole('button', { name: 'Withdraw session note' }).click();
    await checkPage(psychiatrist, 'Session note');
    expect(await mainText(psychiatrist)).toContain('This session note was withdrawn as entered in error');
  });
});
