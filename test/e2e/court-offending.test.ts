import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { longDateOf } from '../../src/platform/time.js';
import { checkPage, withdrawInError } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Court and offending, MAPPA and MARAC, end to end in Chromium with axe on every page: the police
 * stalking coordinator records a charge and the conviction on it, then a new stalking offence after
 * the referral (a first try with nothing filled in is refused, naming the fields), and sees the
 * re-offending on the overview and the timeline; then records MAPPA management whose review date
 * has passed, and finds the case under MAPPA reviews due. Each record entered in error is withdrawn
 * through its confirmation page with a reason (the arrest, the charge with its conviction, the MAPPA
 * record, then a MARAC meeting and the referral it heard) and leaves what it counted in.
 */

const CHARGE = 'Sent repeated messages to Sophie Rainer after being told to stop';
const MARAC_REASON = 'Ex-partner stalking with threats to her new partner';
const MARAC_OUTCOME = 'Safety plan agreed; police to flag the address';
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
    await withdrawInError(
      police,
      police.getByRole('link', { name: /Withdraw \(entered in error\)/ }),
      'new offence',
      'Recorded on the wrong case',
    );
    await checkPage(police, 'Court and offending: new offending');
    const withdrawn = await mainText(police);
    expect(withdrawn).not.toContain('Arrest: Stalking (PHA 1997 s2A)');
    expect(withdrawn).toContain('Withdrawn as entered in error');
    expect(withdrawn).toContain('Recorded on the wrong case');
    await police.goto(caseUrl);
    expect(await mainText(police)).not.toContain('Re-offended since referral Yes');

    // the charge was another person's: withdrawn with its conviction, it leaves the charges and
    // the overview's convictions, and stays listed as withdrawn with the reason
    await police.goto(`${caseUrl}/charges`);
    await withdrawInError(
      police,
      police.getByRole('link', {
        name: new RegExp(
          `^Withdraw \\(entered in error\\)\\s*: charge of ${longDateOf(iso(daysAgo(10)))}, ${CHARGE}`,
        ),
      }),
      'charge',
      'The charge was brought against another person',
      CHARGE,
    );
    await checkPage(police, 'Court and offending: charges');
    const charges = await mainText(police);
    expect(charges).toContain('Withdrawn as entered in error');
    expect(charges).toContain(
      `${CHARGE} (Harassment (PHA 1997 s2)), charged ${longDateOf(iso(daysAgo(10)))}`,
    );
    expect(charges).toContain('The charge was brought against another person');
    expect(await police.locator('.recolo-entry', { hasText: CHARGE }).count()).toBe(0);
    await police.goto(caseUrl);
    expect(await mainText(police)).not.toContain(`1 conviction, ${longDateOf(iso(daysAgo(4)))}`);

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

    // the MAPPA management was recorded in error: once withdrawn it is no longer in force nor due
    // for review, and stays listed as withdrawn
    await police.goto(`${caseUrl}/mappa`);
    await withdrawInError(
      police,
      police.getByRole('link', { name: /^Withdraw \(entered in error\)\s*: category 2, level 2/ }),
      'MAPPA record',
      'MAPPA was agreed for another person',
    );
    await checkPage(police, 'MAPPA and MARAC: MAPPA');
    const mappa = await mainText(police);
    expect(mappa).not.toContain('Category 2, level 2 In force');
    expect(mappa).toContain(`Category 2, level 2 from ${longDateOf(iso(daysAgo(14)))}, withdrawn`);
    expect(mappa).toContain('MAPPA was agreed for another person');
    await police.getByRole('link', { name: /^Reviews due/ }).click();
    await checkPage(police, /Reviews due/);
    expect(await mainText(police)).not.toContain(
      `Category 2, level 2 ${longDateOf(iso(daysAgo(1)))} Overdue`,
    );

    // a MARAC referral and the meeting that heard it, both recorded in error: the meeting is
    // withdrawn first, then the referral it heard
    await police.goto(`${caseUrl}/marac`);
    await checkPage(police, 'MAPPA and MARAC: MARAC referrals');
    await fillDate(police, 'Date of the referral', daysAgo(20));
    await police
      .getByRole('group', { name: 'Agency that referred' })
      .getByLabel('Police', { exact: true })
      .check();
    await police.getByLabel('Why the case was referred').fill(MARAC_REASON);
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC referrals');
    expect(await mainText(police)).toContain(MARAC_REASON);
    await police.getByRole('link', { name: 'MARAC meetings' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC meetings');
    await police
      .getByLabel('MARAC referral')
      .selectOption({ label: `Referred ${longDateOf(iso(daysAgo(20)))}` });
    await fillDate(police, 'Date of the meeting', daysAgo(15));
    await police.getByLabel('Outcome of the meeting').fill(MARAC_OUTCOME);
    await police.getByRole('button', { name: 'Save' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC meetings');
    expect(await mainText(police)).toContain(MARAC_OUTCOME);

    await withdrawInError(
      police,
      police.getByRole('link', {
        name: new RegExp(`^Withdraw \\(entered in error\\)\\s*: meeting of ${longDateOf(iso(daysAgo(15)))}`),
      }),
      'MARAC meeting',
      'That MARAC heard another case',
    );
    await checkPage(police, 'MAPPA and MARAC: MARAC meetings');
    const meetings = await mainText(police);
    expect(meetings).not.toContain(MARAC_OUTCOME);
    expect(meetings).toContain(`Meeting of ${longDateOf(iso(daysAgo(15)))}, withdrawn`);
    expect(meetings).toContain('That MARAC heard another case');

    await police.getByRole('link', { name: 'MARAC referrals' }).click();
    await checkPage(police, 'MAPPA and MARAC: MARAC referrals');
    await withdrawInError(
      police,
      police.getByRole('link', {
        name: new RegExp(`^Withdraw \\(entered in error\\)\\s*: referral of ${longDateOf(iso(daysAgo(20)))}`),
      }),
      'MARAC referral',
      'The referral was for another case',
    );
    await checkPage(police, 'MAPPA and MARAC: MARAC referrals');
    const referrals = await mainText(police);
    expect(referrals).not.toContain(MARAC_REASON);
    expect(referrals).toContain(`Referral of ${longDateOf(iso(daysAgo(20)))}, withdrawn`);
    expect(referrals).toContain('The referral was for another case');
    await police.context().close();
  });
});
