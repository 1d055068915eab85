import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage, withdrawInError } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * Orders end to end in Chromium, axe on every page: the police stalking coordinator records an
 * incident, adds a stalking protection order with a no-contact condition and a positive
 * requirement (through check your answers), varies it with the victim's view, and records a
 * breach of the no-contact condition linked to the incident. The advocate on the team is told,
 * sees it on /reviews, and the timeline shows the variation and the breach. Then the variation,
 * the positive requirement and at last the order are withdrawn as entered in error, each through
 * its confirmation page with a reason, and stay listed as withdrawn.
 */

const DAY = 86_400_000;
const NO_CONTACT = 'Not to contact Sophie Rainer directly or indirectly';
const REQUIREMENT = 'Attend an assessment with the programme’s health team';
const ADDED = 'Not to enter Portswood Road';
const VIEW = 'Sophie asks for Portswood Road to be added: it is on her way to work.';
const INCIDENT = 'Sent a message through a friend asking to meet';
const BREACH = 'Passed a message to Sophie through a mutual friend';

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

async function fillDate(scope: Page | Locator, group: string, d: Date): Promise<void> {
  const fieldset = scope.getByRole('group', { name: group, exact: true });
  await fieldset.getByLabel('Day').fill(String(d.getDate()));
  await fieldset.getByLabel('Month').fill(String(d.getMonth() + 1));
  await fieldset.getByLabel('Year').fill(String(d.getFullYear()));
}

describe('orders, variations and breaches (Chromium)', () => {
  const h = useBrowserHarness();

  it('police add an SPO, vary it with the victim’s view and record a breach; the team is told', async () => {
    const police = await h.signIn('stalking_coordinator');
    const caseUrl = (await openDemoCase(police)).url;
    const yesterday = new Date(Date.now() - DAY);

    // an incident for the breach to link to
    await police.goto(`${caseUrl}/incidents/new`);
    await checkPage(police, 'Record an incident');
    await fillDate(police, 'When did it happen?', yesterday);
    await police.getByLabel('Contacting or attempting to contact').check();
    await police
      .getByRole('group', { name: 'Who reported it?' })
      .getByLabel('Police', { exact: true })
      .check();
    await police.getByLabel('Description').fill(INCIDENT);
    await police.getByRole('button', { name: 'Save incident' }).click();
    await checkPage(police, 'Incident');

    // the order, through check your answers
    await police.getByRole('link', { name: 'Orders', exact: true }).click();
    await checkPage(police, 'Orders');
    expect(await mainText(police)).toContain('Court bail'); // the demo's bail conditions
    await police.getByRole('button', { name: 'Add an order' }).click();
    await checkPage(police, 'Add an order');
    await police.getByLabel('Stalking protection order', { exact: true }).check();
    await police.getByLabel('Court or issuing body').fill('Southampton Magistrates’ Court');
    const made = new Date(Date.now() - 10 * DAY);
    await fillDate(police, 'Date made', made);
    await fillDate(police, 'Date served (optional)', made);
    await fillDate(police, 'Start date', made);
    await fillDate(police, 'End date', new Date(Date.now() + 730 * DAY));
    await police.getByLabel('Sophie Rainer (victim on this case)').check();
    await police.getByLabel('Condition 1 wording').fill(NO_CONTACT);
    await police.getByLabel('Condition 2 wording (optional)').fill(REQUIREMENT);
    await police
      .getByRole('group', { name: 'Condition 2: kind' })
      .getByLabel('Positive requirement (SPO only)')
      .check();
    await police
      .getByLabel('Condition 2: the assessment or intervention required (positive requirements)')
      .fill('Programme assessment (forensic psychiatry)');
    await police.getByRole('button', { name: 'Continue' }).click();
    await checkPage(police, 'Check the order before saving it');
    const check = await mainText(police);
    expect(check).toContain(NO_CONTACT);
    expect(check).toContain(REQUIREMENT);
    expect(check).toContain('Sophie Rainer');
    await police.getByRole('button', { name: 'Save the order' }).click();
    await checkPage(police, 'Stalking protection order');
    const orderUrl = police.url().replace(/[?#].*$/, '');
    expect(await mainText(police)).toContain('The order was saved');
    expect(await police.locator('#conditions-in-force').textContent()).toContain(NO_CONTACT);
    expect(await mainText(police)).toContain('Notification requirements');

    // a variation with the victim's view
    await police.getByRole('button', { name: 'Record a change' }).click();
    await checkPage(police, 'Record a change to the order');
    await police.getByLabel('Varied').check();
    await fillDate(police, 'Date', new Date(Date.now() - 5 * DAY));
    await police.getByLabel('Condition 1 wording', { exact: true }).fill(ADDED);
    await police.getByLabel('The victim’s view, as shared for the court (optional)').fill(VIEW);
    await police.getByRole('button', { name: 'Save the change' }).click();
    await checkPage(police, 'Stalking protection order');
    expect(await mainText(police)).toContain('The change to the order was recorded');
    expect(await mainText(police)).toContain(VIEW);
    expect(await police.locator('#conditions-in-force').textContent()).toContain(ADDED);

    // the conditions in force on an earlier date: before the variation
    await fillDate(police, 'Show the conditions in force on another date', new Date(Date.now() - 7 * DAY));
    await police.getByRole('button', { name: 'Show' }).click();
    await checkPage(police, 'Stalking protection order');
    const earlier = (await police.locator('#conditions-in-force').textContent()) ?? '';
    expect(earlier).toContain(NO_CONTACT);
    expect(earlier).not.toContain(ADDED);

    // a breach of the no-contact condition, linked to the incident; first a refusal (no condition)
    await police.getByRole('button', { name: 'Record a breach' }).click();
    await checkPage(police, 'Record a breach');
    await fillDate(police, 'Date of the breach', yesterday);
    await police.getByLabel('The victim', { exact: true }).check();
    await police.getByLabel('What happened').fill(BREACH);
    await police.getByLabel('Arrest').check();
    await police.getByRole('button', { name: 'Save the breach' }).click();
    await checkPage(police, 'Record a breach');
    expect(await police.locator('.govuk-error-summary').textContent()).toContain(
      'Select the condition broken',
    );
    await police.getByLabel(NO_CONTACT).check();
    await police
      .getByRole('group', { name: 'Linked incidents (optional)' })
      .getByRole('checkbox')
      .first()
      .check();
    await police.getByRole('button', { name: 'Save the breach' }).click();
    await checkPage(police, 'Stalking protection order');
    expect(await mainText(police)).toContain('The breach was recorded and the case team told');
    expect(await mainText(police)).toContain(BREACH);

    await police.getByRole('link', { name: 'Orders', exact: true }).click();
    await checkPage(police, 'Orders');
    expect(await mainText(police)).toContain(NO_CONTACT);

    // the timeline shows the order, the variation and the breach
    await police.goto(`${caseUrl}/timeline`);
    await checkPage(police, 'Timeline');
    const timeline = await mainText(police);
    expect(timeline).toContain('Stalking protection order made');
    expect(timeline).toContain('Stalking protection order varied');
    expect(timeline).toContain('Breach of the stalking protection order');

    // the advocate on the team is told, and sees it on /reviews
    const advocate = await h.signIn('stalking_advocate');
    await advocate.goto('/notifications');
    await checkPage(advocate, 'Notifications');
    expect(await mainText(advocate)).toContain('A breach of the stalking protection order');
    await advocate.goto('/reviews');
    await checkPage(advocate, 'Reviews due');
    expect(await advocate.locator('#order-alerts + p + .recolo-table-scroll table').textContent()).toContain(
      'Breach recorded',
    );
    await advocate.goto(`${caseUrl}/protected-people`);
    await checkPage(advocate, 'Other protected people');

    // recorded in error: the variation, then the positive requirement, then the order itself, each
    // withdrawn through its confirmation page with a reason
    await police.goto(orderUrl);
    await checkPage(police, 'Stalking protection order');
    await withdrawInError(
      police,
      police.getByRole('link', { name: /^Withdraw \(entered in error\)\s*: varied on / }),
      'change to the order',
      'The variation was made to another order',
    );
    await checkPage(police, 'Stalking protection order');
    expect(await police.locator('#withdrawn-events').textContent()).toContain(
      'The variation was made to another order',
    );
    expect(await police.locator('#history').textContent()).not.toContain(VIEW);
    expect(await police.locator('#conditions-in-force').textContent()).not.toContain(ADDED);

    await withdrawInError(
      police,
      police.getByRole('link', { name: new RegExp(`^Withdraw \\(entered in error\\)\\s*: ${REQUIREMENT}`) }),
      'condition',
      'The court made no positive requirement',
      REQUIREMENT,
    );
    await checkPage(police, 'Stalking protection order');
    expect(await police.locator('#withdrawn-conditions').textContent()).toContain(
      `${REQUIREMENT}, withdrawn`,
    );
    const inForce = (await police.locator('#conditions-in-force').textContent()) ?? '';
    expect(inForce).toContain(NO_CONTACT);
    expect(inForce).not.toContain(REQUIREMENT);

    await withdrawInError(
      police,
      police.getByRole('link', { name: 'Withdraw this order (entered in error)' }),
      'order',
      'The order was made against another person',
    );
    await checkPage(police, 'Orders');
    const orders = await mainText(police);
    expect(orders).not.toContain(NO_CONTACT);
    expect(orders).toContain('Withdrawn as entered in error');
    await police.getByRole('link', { name: /^Stalking protection order, made / }).click();
    await checkPage(police, 'Stalking protection order');
    expect(police.url().replace(/[?#].*$/, '')).toBe(orderUrl);
    expect(await mainText(police)).toContain('The order was made against another person');
  });
});
