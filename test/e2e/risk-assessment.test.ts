import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, withdrawInError } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

const SPJ = 'Recolo structured professional judgement template';
const WRONG_PLAN = 'Fortnightly joint visits with probation to the hostel';

/** The radio labelled `choice` in the question (fieldset) whose legend matches `question`. */
function radio(page: Page, question: RegExp, choice: string) {
  return page.getByRole('group', { name: question }).getByLabel(choice, { exact: true });
}

async function saveSection(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save and return to the assessment' }).click();
  await checkPage(page, /draft assessment/);
  await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
    'Your changes have been saved',
  );
}

async function openSection(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: title, exact: true }).click();
  await checkPage(page, title);
}

describe('a structured risk assessment over two sittings (Chromium)', () => {
  const h = useBrowserHarness();

  it('the forensic psychiatrist starts, saves, returns, is told what is missing, and completes; a plan written in error is withdrawn', async () => {
    const psychiatrist = h.account('forensic_psychiatrist');
    let page = await h.signIn(psychiatrist);

    // start from the case
    await page.goto('/cases');
    const row = page.locator('tr', { hasText: 'Marcus Delaney' });
    await row.getByRole('link').click();
    await checkPage(page, 'Overview');
    await page.getByRole('link', { name: 'Risk', exact: true }).click();
    await checkPage(page, 'Risk');
    await page.getByRole('button', { name: 'Start a risk assessment' }).click();
    await checkPage(page, 'Start a risk assessment');
    await page.getByLabel(SPJ).check();
    await page.getByLabel('Co-assessor (optional)').fill('DC Priya Shah (referrer)');
    await page.getByRole('button', { name: 'Start assessment' }).click();
    await checkPage(page, `${SPJ}: draft assessment`);
    const assessmentUrl = page.url();
    await expect(page.locator('main').textContent()).resolves.toContain('DC Priya Shah (referrer)');

    // first sitting: one section, rated but without a rationale yet
    await openSection(page, 'Risk of violence');
    await radio(page, /threatened to harm the victim/, 'Yes').check();
    await radio(page, /violent in the past/, 'No').check();
    await radio(page, /access to weapons/, 'Suspected').check();
    await radio(page, /How do you rate Risk of violence/, 'High').check();
    await saveSection(page);
    await page.context().close();

    // second sitting: signed in afresh, the answers are all there
    page = await h.signIn(psychiatrist);
    await page.goto(assessmentUrl);
    await checkPage(page, /draft assessment/);
    await openSection(page, 'Risk of violence');
    expect(await radio(page, /threatened to harm the victim/, 'Yes').isChecked()).toBe(true);
    expect(await radio(page, /violent in the past/, 'No').isChecked()).toBe(true);
    expect(await radio(page, /access to weapons/, 'Suspected').isChecked()).toBe(true);
    expect(await radio(page, /How do you rate Risk of violence/, 'High').isChecked()).toBe(true);
    await page
      .getByLabel('Rationale for the rating')
      .fill('Repeated threats to Sophie’s brother; escalating.');
    await saveSection(page);

    await openSection(page, 'Risk of persistence');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('2025');
    await radio(page, /how often has the person tried to contact/, '3: Several times a week').check();
    await radio(page, /How do you rate Risk of persistence/, 'Moderate').check();
    await page.getByLabel('Rationale for the rating').fill('Contact continues through third parties.');
    await saveSection(page);

    await openSection(page, 'Risk of recurrence');
    await radio(page, /pursued other people/, 'No').check();
    await radio(page, /How do you rate Risk of recurrence/, 'Low').check();
    await page.getByLabel('Rationale for the rating').fill('No earlier episodes known.');
    await saveSection(page);

    await openSection(page, 'Psychosocial damage to the person');
    await radio(page, /affected the person's own work/, 'Somewhat').check();
    await radio(page, /self-harm or suicide/, 'No').check();
    await radio(page, /How do you rate Psychosocial damage/, 'Low').check();
    await saveSection(page);

    // completing too early: every problem in the summary, nothing lost
    await page.getByRole('button', { name: 'Complete assessment' }).click();
    await checkPage(page, /draft assessment/);
    const problems = (await page.locator('.govuk-error-summary').textContent()) ?? '';
    expect(problems).toContain('Give the rationale for the Psychosocial damage to the person rating');
    expect(problems).toContain('Select the stalker typology');
    expect(problems).toContain('Add at least one action to the risk management plan');
    expect(problems).toContain('Enter the next review date');
    await page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Give the rationale for the Psychosocial damage to the person rating' })
      .click();
    await checkPage(page, 'Psychosocial damage to the person');
    expect(await radio(page, /self-harm or suicide/, 'No').isChecked()).toBe(true);
    await page.getByLabel('Rationale for the rating').fill('Lost his job; family support in place.');
    await saveSection(page);

    // typology, an override with its reason, the plan and the review date
    await page.getByRole('link', { name: /override, plan and review date/ }).click();
    await checkPage(page, 'Typology, override, plan and review date');
    await page.getByLabel('Rejected', { exact: true }).check();
    await page.getByLabel('Override to high').check();
    await page
      .getByLabel('Reason for the override')
      .fill('The victim reports he has bought a crossbow; judgement outweighs the domain ratings.');
    await page.getByLabel('Action 1', { exact: true }).fill('Weekly contact with the forensic team');
    await page.getByLabel('Who does action 1').fill('Dr Imran Sadiq');
    await page.getByLabel('Action 2', { exact: true }).fill('Apply for a stalking protection order');
    await page.getByLabel('Who does action 2').fill('Police stalking coordinator');
    const review = new Date(Date.now() + 28 * 86_400_000);
    await page.getByLabel('Day').fill(String(review.getUTCDate()));
    await page.getByLabel('Month').fill(String(review.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(review.getUTCFullYear()));
    await page.getByRole('button', { name: 'Save and return to the assessment' }).click();
    await checkPage(page, /draft assessment/);

    await page.getByRole('button', { name: 'Complete assessment' }).click();
    await checkPage(page, `${SPJ}: completed assessment`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('The assessment is completed and locked');
    expect(main).toContain('judgement outweighs the domain ratings');
    expect(main).toContain('Repeated threats to Sophie’s brother; escalating.');
    expect(main).toContain('Apply for a stalking protection order');
    expect(await page.getByRole('button', { name: 'Complete assessment' }).count()).toBe(0);

    // a risk management plan written on the wrong case: withdrawn as entered in error through the
    // confirmation page, it leaves the plans and stays listed as withdrawn with the reason
    const caseUrl = /^.*\/cases\/[0-9a-f-]{36}/.exec(page.url())![0];
    await page.goto(`${caseUrl}/risk-plans`);
    await checkPage(page, 'Risk management plans');
    await page.getByRole('group', { name: 'Level of risk' }).getByLabel('Moderate', { exact: true }).check();
    await page.getByLabel('Risk management plan', { exact: true }).fill(WRONG_PLAN);
    const next = page.getByRole('group', { name: 'Next review date' });
    const nextReview = new Date(Date.now() + 90 * 86_400_000);
    await next.getByLabel('Day').fill(String(nextReview.getUTCDate()));
    await next.getByLabel('Month').fill(String(nextReview.getUTCMonth() + 1));
    await next.getByLabel('Year').fill(String(nextReview.getUTCFullYear()));
    await page.getByRole('button', { name: 'Save' }).click();
    await checkPage(page, 'Risk management plans');
    expect(await page.locator('main').textContent()).toContain(WRONG_PLAN);
    await withdrawInError(
      page,
      page
        .locator('.recolo-entry', { hasText: WRONG_PLAN })
        .getByRole('link', { name: /^Withdraw \(entered in error\)/ }),
      'risk management plan',
      'Written for another case',
    );
    await checkPage(page, 'Risk management plans');
    const plans = (await page.locator('main').textContent()) ?? '';
    expect(plans).not.toContain(WRONG_PLAN);
    expect(plans).toMatch(/Moderate risk plan recorded .+, withdrawn .+: Written for another case/);
  });

  it('an administrator imports a definition; a reassessment raises a domain to high, alerts the team, and the chart and history show it', async () => {
    // the administrator loads a tool's definition through the page
    const admin = await h.signIn('administrator');
    await admin.goto('/admin/instruments/import');
    await checkPage(admin, /Import/);
    const definition = {
      code: 'hampshire-screening',
      name: 'Hampshire screening (licensed wording goes here)',
      version: 1,
      tier: 'screening',
      sections: [
        {
          id: 'screen',
          title: 'Screening questions',
          items: [
            { id: 'q1', type: 'yes_no', prompt: 'Has the behaviour increased recently?', required: true },
            { id: 'q2', type: 'yes_no', prompt: 'Has the person threatened anyone?', required: true },
          ],
        },
      ],
      summary: {
        kind: 'count_yes',
        items: ['q1', 'q2'],
        bands: [
          { min: 0, max: 0, band: 'low' },
          { min: 1, max: 1, band: 'moderate' },
          { min: 2, max: 2, band: 'high' },
        ],
      },
    };
    await admin.locator('textarea').first().fill(JSON.stringify(definition));
    await admin.getByRole('button', { name: /Import|Publish/ }).click();
    await checkPage(admin, 'Hampshire screening');
    await expect(admin.locator('main').textContent()).resolves.toContain('Hampshire screening');

    // weeks later the psychiatrist reassesses: recurrence goes from low to high
    const page = await h.signIn('forensic_psychiatrist');
    await page.goto('/cases');
    await page.locator('tr', { hasText: 'Marcus Delaney' }).getByRole('link').click();
    const caseUrl = page.url();
    await page.goto(`${caseUrl}/risk`);
    await checkPage(page, 'Risk');
    await page.getByRole('button', { name: 'Start a risk assessment' }).click();
    await page.getByLabel(SPJ, { exact: false }).first().check();
    await page.getByRole('button', { name: 'Start assessment' }).click();
    await checkPage(page, `${SPJ}: draft assessment`);

    await openSection(page, 'Risk of violence');
    await radio(page, /threatened to harm the victim/, 'Yes').check();
    await radio(page, /violent in the past/, 'No').check();
    await radio(page, /access to weapons/, 'Suspected').check();
    await radio(page, /How do you rate Risk of violence/, 'High').check();
    await page.getByLabel('Rationale for the rating').fill('Threats continue.');
    await saveSection(page);
    await openSection(page, 'Risk of persistence');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('2025');
    await radio(page, /how often has the person tried to contact/, '3: Several times a week').check();
    await radio(page, /How do you rate Risk of persistence/, 'Moderate').check();
    await page.getByLabel('Rationale for the rating').fill('Unchanged.');
    await saveSection(page);
    await openSection(page, 'Risk of recurrence');
    await radio(page, /pursued other people/, 'Yes').check();
    await radio(page, /How do you rate Risk of recurrence/, 'High').check();
    await page.getByLabel('Rationale for the rating').fill('Now pursuing a new partner of the victim.');
    await saveSection(page);
    await openSection(page, 'Psychosocial damage to the person');
    await radio(page, /affected the person's own work/, 'Somewhat').check();
    await radio(page, /self-harm or suicide/, 'No').check();
    await radio(page, /How do you rate Psychosocial damage/, 'Low').check();
    await page.getByLabel('Rationale for the rating').fill('Stable.');
    await saveSection(page);
    await page.getByRole('link', { name: /override, plan and review date/ }).click();
    await page.getByLabel('Rejected', { exact: true }).check();
    await page.getByLabel('Action 1', { exact: true }).fill('Safety plan review with the advocate');
    await page.getByLabel('Who does action 1').fill('Stalking advocate');
    const review = new Date(Date.now() + 14 * 86_400_000);
    await page.getByLabel('Day').fill(String(review.getUTCDate()));
    await page.getByLabel('Month').fill(String(review.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(review.getUTCFullYear()));
    await page.getByRole('button', { name: 'Save and return to the assessment' }).click();
    await page.getByRole('button', { name: 'Complete assessment' }).click();
    await checkPage(page, `${SPJ}: completed assessment`);

    // the risk page: current ratings, the chart with its table, and the change with who and why
    await page.goto(`${caseUrl}/risk`);
    await checkPage(page, 'Risk');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    const riskPage = (await page.locator('main').textContent()) ?? '';
    expect(riskPage).toContain('Now pursuing a new partner of the victim.');
    expect(riskPage).toMatch(/Low\s*→\s*High/);

    // issue 11: at 1,280 px the ratings table showed 2 of 4 domains and two "Moderate" markers overlapped
    await page.setViewportSize({ width: 1280, height: 800 });
    const fit = await page.evaluate(() => {
      const table = document.querySelector('#ratings-table')!;
      const region = table.closest('.recolo-table-scroll') ?? table.parentElement!;
      const edge = Math.min(region.getBoundingClientRect().right, document.documentElement.clientWidth);
      const domains = [...table.querySelectorAll('thead th')].slice(1);
      return {
        domains: domains.map((th) => th.textContent?.trim() ?? ''),
        hidden: domains
          .filter((th) => th.getBoundingClientRect().right > edge + 1)
          .map((th) => th.textContent),
        scrolls: region.scrollWidth > region.clientWidth + 1,
        markers: [...document.querySelectorAll('.recolo-chart__series')].flatMap((g) =>
          [...g.querySelectorAll('circle, rect, polygon')].map((m) => {
            const r = m.getBoundingClientRect();
            return {
              series: g.getAttribute('data-domain'),
              x0: r.left,
              y0: r.top,
              x1: r.right,
              y1: r.bottom,
            };
          }),
        ),
      };
    });
    expect(fit.domains).toHaveLength(4);
    expect(fit.hidden).toEqual([]);
    expect(fit.scrolls).toBe(false);
    const overlapping = fit.markers.flatMap((a, i) =>
      fit.markers
        .slice(i + 1)
        .filter(
          (b) =>
            a.series !== b.series &&
            a.x0 < b.x1 - 0.5 &&
            b.x0 < a.x1 - 0.5 &&
            a.y0 < b.y1 - 0.5 &&
            b.y0 < a.y1 - 0.5,
        )
        .map((b) => `${a.series} and ${b.series}`),
    );
    expect(overlapping).toEqual([]);

    // everyone on the team is alerted, for instance the advocate
    const advocate = await h.signIn('stalking_advocate');
    await advocate.goto('/notifications');
    await checkPage(advocate, 'Notifications');
    await expect(advocate.locator('main').textContent()).resolves.toMatch(/recurrence/i);
  });
});
