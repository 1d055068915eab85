import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from './support/harness.js';
import { checkPage, withdrawInError } from './support/journey.js';

/**
 * Issue 11: a consultation case moves to direct intervention once the person is charged, in
 * Chromium with axe on every page. The police officer records the charge (a dated event with a
 * reason), the history shows it; a conviction recorded by mistake is withdrawn as entered in error
 * (the status goes back to charged); and the site coordinator then moves the case to direct
 * intervention, which was refused while the person was under investigation.
 */

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

async function openCaseOf(page: Page, name: string): Promise<string> {
  await page.goto('/cases');
  await page.locator('tr', { hasText: name }).getByRole('link').first().click();
  await checkPage(page, 'Overview');
  return page.url().replace(/[?#].*$/, '');
}

describe('the police investigation and the move to direct intervention (Chromium)', () => {
  const h = useBrowserHarness();

  it('police correct a PNC ID and record the charge; the coordinator then moves the case to intervention', async () => {
    const coordinator = await h.signIn('site_coordinator');
    const caseUrl = await openCaseOf(coordinator, 'Kieran Holt');
    await coordinator.getByRole('link', { name: 'Status' }).click();
    await checkPage(coordinator, 'Change status');
    expect(await mainText(coordinator)).toContain('Investigation: under police investigation');
    await expect(coordinator.getByLabel('Move to direct intervention').count()).resolves.toBe(0);

    const police = await h.signIn('investigating_officer');
    // a PNC ID mistyped at referral is corrected, with the reason; the history shows before and after
    await police.goto(caseUrl);
    await police.getByRole('link', { name: /Correct these details/ }).click();
    await checkPage(police, 'Person referred');
    await police.getByLabel('Police National Computer ID (optional)').fill('24/127968k');
    await police
      .getByLabel('Why are the details being corrected?')
      .fill('Mistyped at referral: checked on the PNC');
    await police.getByRole('button', { name: 'Save the correction' }).click();
    await checkPage(police, 'Person referred');
    const corrected = await mainText(police);
    expect(corrected).toContain('Mistyped at referral: checked on the PNC');
    expect(corrected).toContain('24/127968K');
    await police.goto(caseUrl);
    expect(await mainText(police)).toContain('24/127968K');
    await police.getByRole('link', { name: 'History of the police investigation' }).click();
    await checkPage(police, 'Police investigation');
    // a wrong date first: the error summary links to the day field and nothing is saved
    await police.getByLabel('Charged', { exact: true }).check();
    const group = police.getByRole('group', { name: 'Date the change took effect' });
    await group.getByLabel('Day').fill('31');
    await group.getByLabel('Month').fill('2');
    await group.getByLabel('Year').fill('2026');
    await police.getByLabel('What happened').fill('Charged with s2A stalking; first hearing at Southampton');
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Police investigation');
    const summary = police.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('must be a real date');
    const today = new Date();
    await group.getByLabel('Day').fill(String(today.getDate()));
    await group.getByLabel('Month').fill(String(today.getMonth() + 1));
    await group.getByLabel('Year').fill(String(today.getFullYear()));
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Police investigation');
    const history = await mainText(police);
    expect(history).toContain('The person is charged');
    expect(history).toContain('Charged with s2A stalking; first hearing at Southampton');

    // "convicted" chosen by mistake: recorded, then withdrawn as entered in error through the
    // confirmation page, which says what the status goes back to; the person is charged again
    await police.getByLabel('Convicted', { exact: true }).check();
    await group.getByLabel('Day').fill(String(today.getDate()));
    await group.getByLabel('Month').fill(String(today.getMonth() + 1));
    await group.getByLabel('Year').fill(String(today.getFullYear()));
    await police.getByLabel('What happened').fill('Convicted at Southampton Magistrates’ Court');
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Police investigation');
    expect(await mainText(police)).toContain('The person is convicted');
    await withdrawInError(
      police,
      police.getByRole('link', { name: /^Withdraw \(entered in error\)\s*: the change to convicted/ }),
      'change in the police investigation',
      'Chosen by mistake: the trial is next month',
      /Status after withdrawing\s*Charged/,
    );
    await checkPage(police, 'Police investigation');
    const withdrawn = await mainText(police);
    expect(withdrawn).toContain('The person is charged');
    expect(withdrawn).toContain('From charged to convicted');
    expect(withdrawn).toContain('Chosen by mistake: the trial is next month');

    await coordinator.reload();
    await checkPage(coordinator, 'Change status');
    await coordinator.getByLabel('Move to direct intervention').check();
    await coordinator
      .getByLabel('Reason for the decision')
      .fill('Charged; the panel agreed direct intervention');
    const voiceReason = coordinator.getByLabel('Reason the victim’s voice is not up to date');
    if (await voiceReason.count()) await voiceReason.fill('Advocate could not reach her this week');
    await coordinator.getByRole('button', { name: 'Save decision' }).click();
    await checkPage(coordinator, 'Overview');
    expect(await mainText(coordinator)).toContain('Direct intervention');

    await coordinator.goto(`${caseUrl}/timeline`);
    await checkPage(coordinator, 'Timeline');
    const timeline = await mainText(coordinator);
    expect(timeline).toContain('Investigation: Charged');
    expect(timeline).toContain('Moved to direct intervention');
  });
});
