import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, withdrawInError } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

const MEASURE = 'Recolo wellbeing template (template: replace with licensed measure)';

async function fillDate(page: Page, d: Date): Promise<void> {
  await page.getByLabel('Day').fill(String(d.getUTCDate()));
  await page.getByLabel('Month').fill(String(d.getUTCMonth() + 1));
  await page.getByLabel('Year').fill(String(d.getUTCFullYear()));
}

/** Answers the measure's ten items with the scores given, in order. */
async function answer(page: Page, scores: number[]): Promise<void> {
  for (const [i, score] of scores.entries())
    await page.locator(`input[name="answers-q${i + 1}"][value="${score}"]`).check();
}

const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('the intervention: formulation, plan, outcome measures and discharge (Chromium)', () => {
  const h = useBrowserHarness();

  it('the psychologist formulates, plans, measures change and discharges; probation sees no clinical content', async () => {
    const psychologist = h.account('clinical_psychologist');
    const page = await h.signIn(psychologist);
    await page.goto('/cases');
    await page.locator('tr', { hasText: 'Adrian Fenwick' }).getByRole('link').first().click();
    await checkPage(page, 'Overview');
    const caseUrl = page.url().replace(/[?#].*$/, '');

    // the formulation: refused empty, saved as a draft, signed off, a summary shared
    await page.getByRole('link', { name: 'Formulation', exact: true }).click();
    await checkPage(page, 'Formulation');
    await page.getByRole('link', { name: 'Write the formulation' }).click();
    await checkPage(page, 'Write the formulation');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await checkPage(page, 'Write the formulation');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Write at least one section of the formulation',
    );
    const sections: [string, string][] = [
      ['The stalking behaviour and its course', 'Messages and waiting near Laura’s home after the break-up.'],
      ['Predisposing factors', 'Anxious attachment; earlier relationships ended with pursuit.'],
      ['Precipitating factors', 'Laura ending the relationship.'],
      ['Perpetuating factors', 'Belief he was owed closure; ruminative anger.'],
      ['Protective factors', 'Abstinent; engaged with supervision.'],
      ['The function of the stalking', 'To restore the relationship, then to express anger.'],
      ['Implications for intervention and risk management', 'Relapse prevention for urges to check online.'],
    ];
    for (const [label, text] of sections) await page.getByLabel(label, { exact: true }).fill(text);
    await page.getByLabel('Typology', { exact: true }).selectOption({ label: 'Rejected' });
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await checkPage(page, 'Formulation');
    expect(await main(page)).toContain('Draft');
    await page.getByRole('button', { name: 'Sign off version 1' }).click();
    await checkPage(page, 'Formulation');
    expect(await main(page)).toContain('The formulation has been signed off');
    await page
      .getByLabel('Summary for the whole case team')
      .fill('Works best with clear, consistent boundaries.');
    await page.getByRole('button', { name: 'Share the summary' }).click();
    await checkPage(page, 'Formulation');

    // the intervention plan, which the completed risk assessment allows
    await page.getByRole('link', { name: 'Intervention plan', exact: true }).click();
    await checkPage(page, 'Intervention plan');
    await page.getByRole('link', { name: 'Write the intervention plan' }).click();
    await checkPage(page, 'Write the intervention plan');
    const goal = page.getByRole('group', { name: 'Stalking behaviour' });
    await goal.getByLabel('Goal').fill('No contact with Laura, online or in person');
    await goal.getByLabel('How it is measured').fill('Police reports and his own account');
    const therapy = page.getByRole('group', { name: 'Individual psychological therapy' });
    const lead = therapy.getByLabel('Lead');
    const option = await lead.locator('option', { hasText: psychologist.displayName }).getAttribute('value');
    await lead.selectOption(option!);
    await therapy.getByLabel('Frequency').fill('Weekly');
    await therapy.getByLabel('Planned number of sessions').fill('16');
    await fillDate(page, new Date(Date.now() + 60 * 86_400_000));
    await page
      .getByLabel('Clinical rationale (optional)')
      .fill('Rumination maintains the checking behaviour.');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await checkPage(page, 'Intervention plan');
    expect(await main(page)).toContain('No contact with Laura, online or in person');
    expect(await main(page)).toContain('Rumination maintains the checking behaviour.');

    // an outcome measure before and after: reliable, clinically significant change
    await page.getByRole('link', { name: 'Outcome measures', exact: true }).click();
    await checkPage(page, 'Outcome measures');
    for (const [stage, daysAgo, scores] of [
      ['Pre', 40, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]],
      ['Post', 1, [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]],
    ] as const) {
      await page.getByRole('link', { name: `Record ${MEASURE}` }).click();
      await checkPage(page, `Record ${MEASURE}`);
      await page
        .getByRole('group', { name: 'When in the intervention' })
        .getByLabel(stage, { exact: true })
        .check();
      await fillDate(page, new Date(Date.now() - daysAgo * 86_400_000));
      await answer(page, [...scores]);
      await page.getByRole('button', { name: 'Record the score' }).click();
      await checkPage(page, 'Outcome measures');
    }
    const measures = await main(page);
    expect(measures).toContain('Recovered: reliable and clinically significant improvement');
    expect(measures).toContain('from 30 (pre) to 12 (post)');

    // a second post score, recorded in error on the wrong day, is withdrawn: the change is worked
    // out from the one that stands, and the withdrawn score is listed with the reason
    await page.getByRole('link', { name: `Record ${MEASURE}` }).click();
    await checkPage(page, `Record ${MEASURE}`);
    await page
      .getByRole('group', { name: 'When in the intervention' })
      .getByLabel('Post', { exact: true })
      .check();
    await fillDate(page, new Date());
    await answer(page, [3, 3, 3, 3, 3, 3, 3, 3, 3, 2]);
    await page.getByRole('button', { name: 'Record the score' }).click();
    await checkPage(page, 'Outcome measures');
    expect(await main(page)).toContain('from 30 (pre) to 29 (post)');
    await withdrawInError(
      page,
      page.getByRole('link', { name: /^Withdraw \(entered in error\)\s*: the post score of / }).last(),
      'outcome measure score',
      'Scored with another client’s answers',
      /Score\s*29\s*Recorded by/,
    );
    await checkPage(page, 'Outcome measures');
    const corrected = await main(page);
    expect(corrected).toContain('from 30 (pre) to 12 (post)');
    expect(corrected).not.toContain('from 30 (pre) to 29 (post)');
    expect(corrected).toContain('post score of 29 on');
    expect(corrected).toContain('Scored with another client’s answers');

    // discharge with a letter to the referring agency
    await page.getByRole('link', { name: 'Discharge', exact: true }).click();
    await checkPage(page, 'Discharge');
    await page.getByRole('link', { name: 'Record the discharge' }).click();
    await checkPage(page, 'Discharge from the intervention');
    await page.getByLabel('Planned: the intervention was completed').check();
    await page.getByLabel('Reason for the discharge').fill('Completed the planned 16 sessions.');
    await fillDate(page, new Date());
    await page.getByLabel('Discharge summary').fill('Insight into the effect on Laura; relapse plan agreed.');
    await page.getByLabel('To', { exact: true }).fill('Probation practitioner, Hampshire probation');
    await page.getByLabel('Letter', { exact: true }).fill('Adrian Fenwick has completed the intervention.');
    await page.getByRole('button', { name: 'Record the discharge' }).click();
    await checkPage(page, 'Discharge');
    await page.getByRole('link', { name: 'View and print the letter' }).click();
    await checkPage(page, 'Discharge letter');
    expect(await main(page)).toContain('Adrian Fenwick has completed the intervention.');

    // recorded with the wrong date: withdrawn as entered in error through its confirmation page,
    // then recorded again
    await page.getByRole('link', { name: 'Discharge', exact: true }).click();
    await checkPage(page, 'Discharge');
    await page.getByRole('link', { name: /^Withdraw \(entered in error\)/ }).click();
    await checkPage(page, 'Withdraw this discharge as entered in error?');
    expect(await main(page)).toContain('Completed the planned 16 sessions.');
    await page.getByRole('button', { name: 'Withdraw discharge' }).click();
    await checkPage(page, 'Withdraw this discharge as entered in error?');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why this was entered in error',
    );
    await page.getByLabel('Why was it entered in error?').fill('Recorded with the wrong date of discharge');
    await page.getByRole('button', { name: 'Withdraw discharge' }).click();
    await checkPage(page, 'Discharge');
    const withdrawn = await main(page);
    expect(withdrawn).toContain('The discharge has been withdrawn as entered in error');
    expect(withdrawn).toContain('The person has not been discharged from the intervention.');
    expect(withdrawn).toContain('Recorded with the wrong date of discharge');
    await page.getByRole('link', { name: 'Record the discharge' }).click();
    await checkPage(page, 'Discharge from the intervention');
    await page.getByLabel('Planned: the intervention was completed').check();
    await page.getByLabel('Reason for the discharge').fill('Completed the planned 16 sessions.');
    await fillDate(page, new Date(Date.now() - 86_400_000));
    await page.getByLabel('Discharge summary').fill('Insight into the effect on Laura; relapse plan agreed.');
    await page.getByLabel('To', { exact: true }).fill('Probation practitioner, Hampshire probation');
    await page.getByLabel('Letter', { exact: true }).fill('Adrian Fenwick has completed the intervention.');
    await page.getByRole('button', { name: 'Record the discharge' }).click();
    await checkPage(page, 'Discharge');
    expect(await main(page)).toContain('The discharge has been recorded.');

    // probation: the plan and the discharge, never the formulation, measures, rationale or summary
    const probation = await h.signIn('probation_practitioner');
    await probation.goto(caseUrl);
    await checkPage(probation, 'Overview');
    expect(await probation.getByRole('link', { name: 'Formulation', exact: true }).count()).toBe(0);
    expect(await probation.getByRole('link', { name: 'Outcome measures', exact: true }).count()).toBe(0);
    await probation.getByRole('link', { name: 'Intervention plan', exact: true }).click();
    await checkPage(probation, 'Intervention plan');
    const plan = await main(probation);
    expect(plan).toContain('No contact with Laura, online or in person');
    expect(plan).toContain('Works best with clear, consistent boundaries.');
    expect(plan).not.toContain('Rumination maintains');
    await probation.getByRole('link', { name: 'Discharge', exact: true }).click();
    await checkPage(probation, 'Discharge');
    const discharge = await main(probation);
    expect(discharge).toContain('Completed the planned 16 sessions.');
    expect(discharge).not.toContain('Insight into the effect on Laura');
    for (const path of ['/formulation', '/outcome-measures']) {
      const response = await probation.goto(`${caseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(await main(probation)).not.toContain('Anxious attachment');
    }
  });
});
