import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { longDateOf } from '../../src/platform/time.js';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Court and offending, MAPPA and MARAC, end to end in Chromium with axe on every page: the police
 * stalking coordinator records a charge and the conviction on it, then a new stalking offence after
 * the referral (a first try with nothing filled in is refused, naming the fields), and sees the
 * re-offending on the overview and the timeline; then records MAPPA management whose review date
 * has passed, and finds the case under MAPPA reviews due.
 */

const CHARGE = 'Sent repeated messages to Sophie Rainer after being told to stop';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const mainText = async (page: Page) => (await page.locator('main').textContent())?.replace(/\s+/g, ' ') ?? '';

async function fillDate(scope: Page | Locator, group: string, d: Date): Promise<void> {
  const fieldset = scope.getByRole('group', { name: group });
  await fieldset.getByLabel('Day').fill(String(d.getDate()));
  await fieldset.getByLabel('Month').fill(String(d.getMonth() + 1));
  await fieldset.getByLabel('Year').fill(String(d.getFullYear()));
}

describe('court outcomes, re-offending and MAPPA on a case (Chromium)', () => {
  const h = useBrowserHarness();

  it('police record a charge, a conviction and a new stalking offence, then MAPPA due for review', async () => {
    const police = await h.signIn('stalking_coordinator');
    const { reference, url: caseUrl } = await openDemoCase(police);

    // a charge
    await police.getByRole('link', { name: 'Court and offending', exact: true }).click();
    await checkPage(police, 'Court and offending: charges');
    await police.getByLabel('The charge').fill(CHARGE);
    await police.getByLabel('Harassment (PHA 1997 s2)', { exact: true }).check();
    await fillDate(police, 'Date of the charge', daysAgo(10));
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Court and offending: charges');
    expect(await mainText(police)).toContain(CHARGE);

    // its outcome: a conviction with a community order
    await police.getByRole('link', { name: 'Court outcomes', exact: true }).click();
    await checkPage(police, 'Court and offending: outcomes');
    await police
      .getByLabel('Charge', { exact: true })
      .selectOption({ label: `${CHARGE} (charged ${longDateOf(iso(daysAgo(10)))})` });
    await police.getByLabel('Convicted', { exact: true }).check();
    await fillDate(police, 'Date of the outcome', daysAgo(4));
    await police.getByLabel('Sentence, on a conviction (optional)').selectOption('community_order');
    await police.getByLabel('Length of the sentence in months (optional)').fill('12');
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Court and offending: outcomes');
    expect(await mainText(police)).toContain(`Convicted: ${CHARGE}. Sentence: Community order, 12 months`);

    // new offending: nothing filled in is refused, naming the fields; then a stalking arrest
    await police.getByRole('link', { name: 'New offending since referral' }).click();
    await checkPage(police, 'Court and offending: new offending');
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Court and offending: new offending');
    const summary = (await police.locator('.govuk-error-summary').textContent()) ?? '';
    expect(summary).toContain('Select what happened: arrest, charge, caution or conviction');
    expect(summary).toContain('Enter the date of the offence');
    await police.getByLabel('Arrest', { exact: true }).check();
    await police.getByLabel('Stalking (PHA 1997 s2A)', { exact: true }).check();
    await fillDate(police, 'Date of the offence', daysAgo(3));
    await fillDate(police, 'Date it became known', daysAgo(2));
    await police
      .getByRole('group', { name: 'Which agency it came from' })
      .getByLabel('Police', { exact: true })
      .check();
    await police.getByLabel('Details (optional)').fill('Waited outside her brother’s house');
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'Court and offending: new offending');
    expect(await mainText(police)).toContain('Arrest: Stalking (PHA 1997 s2A)');

    // the overview and the timeline show it
    await police.goto(caseUrl);
    await checkPage(police, 'Overview');
    const overview = await mainText(police);
    expect(overview).toContain(`Re-offended since referral Yes, ${longDateOf(iso(daysAgo(3)))}`);
    expect(overview).toContain(`1 conviction, ${longDateOf(iso(daysAgo(4)))}`);
    await police.getByRole('link', { name: 'Timeline', exact: true }).click();
    await checkPage(police, 'Timeline');
    const timeline = await mainText(police);
    expect(timeline).toContain('New offending: arrest for stalking (PHA 1997 s2A)');
    expect(timeline).toContain('Court outcome: Convicted');

    // the arrest was recorded on the wrong case: withdrawn, with a reason, it leaves the outcome
    await police.goto(`${caseUrl}/new-offending`);
    await police.getByRole('link', { name: /Withdraw \(entered in error\)/ }).click();
    await checkPage(police, 'Withdraw this new offence as entered in error?');
    await police.getByLabel('Why was it entered in error?').fill('Recorded on the wrong case');
    await police.getByRole('button', { name: 'Withdraw new offence' }).click();
    await checkPage(police, 'Court and offending: new offending');
    const withdrawn = await mainText(police);
    expect(withdrawn).not.toContain('Arrest: Stalking (PHA 1997 s2A)');
    expect(withdrawn).toContain('Withdrawn as entered in error');
    expect(withdrawn).toContain('Recorded on the wrong case');
    await police.goto(caseUrl);
    expect(await mainText(police)).not.toContain('Re-offended since referral Yes');

    // MAPPA with its review date past: on Reviews due
    await police.goto(caseUrl);
    await police.getByRole('link', { name: 'MAPPA and MARAC', exact: true }).click();
    await checkPage(police, 'MAPPA and MARAC: MAPPA');
    await police.getByLabel('Category 2:').check();
    await police.getByLabel('Level 2:').check();
    await police.getByRole('group', { name: 'Lead agency' }).getByLabel('Police', { exact: true }).check();
    await fillDate(police, 'Start date', daysAgo(14));
    await fillDate(police, 'Next review date (optional)', daysAgo(1));
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'MAPPA and MARAC: MAPPA');
    expect(await mainText(police)).toContain('Category 2, level 2 In force');
    await police.getByRole('link', { name: 'MARAC referrals' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC referrals');
    await police.getByRole('link', { name: 'MARAC meetings' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC meetings');

    await police.getByRole('link', { name: /^Reviews due/ }).click();
    await checkPage(police, /Reviews due/);
    const row = police.locator('#mappa-reviews tr', { hasText: reference });
    expect(((await row.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      `Category 2, level 2 ${longDateOf(iso(daysAgo(1)))} Overdue`,
    );
    await police.context().close();
  });
});
