import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { moveClockForTests } from '../../src/platform/clock.js';
import { readPdf } from '../support/pdf-text.js';
import { checkPage, withdrawInError } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * The multi-agency meeting end to end in Chromium, axe on every page: the site coordinator
 * schedules a meeting for tomorrow, inviting police, the psychiatrist and the advocate; the agenda
 * suggests cases and the coordinator adds Marcus Delaney's case; the meeting is held with
 * attendance (quorate); the case item records the discussion with the victim's voice shown, the
 * agreed risk with its rationale, a decision and two actions. The police owner sees the action in
 * "My actions" and is told in the app, and downloads the minutes as a PDF with their name on every
 * page; with the clock moved on a week, the action is on "Overdue actions". Then the second action
 * and the case's item are withdrawn as entered in error (each through its confirmation page, with a
 * reason), and the item's action leaves "Overdue actions" with it.
 */

const DAY = 86_400_000;
const ACTION = 'Ask the CPS to review the bail conditions';
const SECOND = 'Offer the victim a safety planning session';

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

async function fillDate(scope: Page | Locator, group: string, d: Date): Promise<void> {
  const fieldset = scope.getByRole('group', { name: group, exact: true });
  await fieldset.getByLabel('Day').fill(String(d.getDate()));
  await fieldset.getByLabel('Month').fill(String(d.getMonth() + 1));
  await fieldset.getByLabel('Year').fill(String(d.getFullYear()));
}

describe('the multi-agency meeting and its actions (Chromium)', () => {
  const h = useBrowserHarness();
  afterEach(() => moveClockForTests(0));

  it('schedules, builds the agenda, holds the meeting, minutes a case with actions; the owner is told', async () => {
    const coordinator = await h.signIn('site_coordinator');
    const { reference, url: caseUrl } = await openDemoCase(coordinator);
    const police = h.account('stalking_coordinator');
    const psychiatrist = h.account('forensic_psychiatrist');
    const advocate = h.account('stalking_advocate');

    await coordinator.getByRole('link', { name: 'Meetings', exact: true }).click();
    await checkPage(coordinator, 'Multi-agency meetings');
    await coordinator.getByRole('button', { name: 'Schedule a meeting' }).click();
    await checkPage(coordinator, 'Schedule a meeting');
    // a meeting in the past is refused
    await fillDate(coordinator, 'Date', new Date(Date.now() - DAY));
    await coordinator.getByLabel('Time').fill('10:00');
    await coordinator.getByRole('button', { name: 'Schedule the meeting' }).click();
    await checkPage(coordinator, 'Schedule a meeting');
    expect(await coordinator.locator('.govuk-error-summary').textContent()).toContain(
      'The meeting must be in the future',
    );
    await fillDate(coordinator, 'Date', new Date(Date.now() + DAY));
    for (const who of [police, psychiatrist, advocate])
      await coordinator
        .getByRole('group', { name: 'People invited' })
        .getByRole('checkbox', { name: new RegExp(who.displayName) })
        .check();
    await coordinator.getByRole('button', { name: 'Schedule the meeting' }).click();
    await checkPage(coordinator, 'Meeting on');
    expect(await mainText(coordinator)).toContain('The meeting was scheduled');

    // the agenda: cases suggested with their reasons; Delaney's case added by hand
    const suggested = coordinator.locator('#suggested-cases tbody tr');
    expect(await suggested.count()).toBeGreaterThan(0);
    expect(await coordinator.locator('#suggested-cases').textContent()).toMatch(
      /New referral awaiting a decision|Risk review due|Order ends|Breach|No victim’s voice|Risk raised/,
    );
    await coordinator.getByLabel('Add any case by its reference').fill(reference);
    await coordinator.getByRole('button', { name: 'Add to the agenda' }).click();
    await checkPage(coordinator, 'Meeting on');
    expect(await coordinator.locator('#agenda-items').textContent()).toContain(reference);
    // a case twice is refused
    await coordinator.getByLabel('Add any case by its reference').fill(reference);
    await coordinator.getByRole('button', { name: 'Add to the agenda' }).click();
    expect(await coordinator.locator('.govuk-error-summary').textContent()).toContain(
      'is already on this meeting’s agenda',
    );

    // held, with attendance: everyone present, so quorate (police, health and the advocate)
    for (const radio of await coordinator.getByLabel('Present', { exact: true }).all()) await radio.check();
    await coordinator.getByRole('button', { name: /Save attendance/ }).click();
    await checkPage(coordinator, 'Meeting on');
    expect(await mainText(coordinator)).toContain('The attendance was saved');
    expect(await coordinator.locator('#quorate').textContent()).toBe('Quorate');

    // the case item: the victim's voice shown, the minutes, the risk and two actions
    await coordinator.getByRole('link', { name: `Case ${reference}` }).click();
    await checkPage(coordinator, `Case ${reference}`);
    const itemUrl = coordinator.url().replace(/[?#].*$/, '');
    await expect.poll(() => coordinator.locator('#latest-voice').count()).toBeGreaterThan(0);
    await coordinator.getByLabel('Discussion').fill('Contact has escalated since the bail was granted.');
    await coordinator
      .getByLabel('If the victim’s voice is not up to date, why not')
      .fill('Shared by the advocate this week');
    await coordinator.getByRole('group', { name: 'Agreed risk level' }).getByLabel('High').check();
    await coordinator.getByLabel('Rationale for the agreed risk level').fill('Escalation and fixation');
    await coordinator.getByRole('group', { name: 'Decision' }).getByLabel('Accept').check();
    await coordinator.getByRole('button', { name: 'Save the minutes' }).click();
    await checkPage(coordinator, `Case ${reference}`);
    expect(await mainText(coordinator)).toContain('The minutes were saved');

    const addAction = async (text: string, owner: { label: string; agency: boolean }) => {
      await coordinator.getByLabel('What is to be done').fill(text);
      if (owner.agency)
        await coordinator
          .getByLabel('Or the agency that owns it, when no person is named')
          .selectOption({ label: owner.label });
      else await coordinator.getByLabel('Owner', { exact: true }).selectOption({ label: owner.label });
      await fillDate(coordinator, 'Due date', new Date(Date.now() + 2 * DAY));
      await coordinator.getByRole('button', { name: 'Add the action' }).click();
      await checkPage(coordinator, `Case ${reference}`);
      expect(await mainText(coordinator)).toContain('The action was added and its owner told');
    };
    await addAction(ACTION, { label: police.displayName, agency: false });
    await addAction(SECOND, { label: advocate.displayName, agency: false });
    const actions = (await coordinator.locator('#item-actions').textContent()) ?? '';
    expect(actions).toContain(ACTION);
    expect(actions).toContain(SECOND);

    // the police owner: My actions, and the notification
    const owner = await h.signIn('stalking_coordinator');
    await owner.getByRole('link', { name: 'My actions', exact: true }).click();
    await checkPage(owner, 'My actions');
    expect(await mainText(owner)).toContain(ACTION);
    expect(await mainText(owner)).not.toContain(SECOND);
    await owner.getByRole('link', { name: 'Done or not done', exact: true }).click();
    await checkPage(owner, 'My actions');
    expect(await mainText(owner)).toContain('You have no actions done or not done.');
    expect(await mainText(owner)).not.toContain(ACTION);
    await owner.goto('/notifications');
    await checkPage(owner, 'Notifications');
    expect(await mainText(owner)).toContain(`You have a new action on case ${reference}`);

    // the minutes as a PDF, for the owner: their case, the actions, their name on every page
    const meetingUrl = /\/meetings\/[0-9a-f-]{36}/.exec(coordinator.url())![0];
    const download = await owner.request.get(`${meetingUrl}/pack.pdf`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    const pdf = await readPdf(await download.body());
    const text = pdf.pages.join('\n');
    expect(text).toContain(`Case ${reference}`);
    expect(text).toContain(ACTION);
    for (const page of pdf.pages) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Downloaded by ${police.displayName}`);
    }

    // a week on, the action is overdue
    await owner.goto('/actions/overdue');
    await checkPage(owner, 'Overdue actions');
    expect(await mainText(owner)).not.toContain(ACTION);
    moveClockForTests(7 * DAY);
    await coordinator.goto('/actions/overdue');
    await checkPage(coordinator, 'Overdue actions');
    expect(await coordinator.locator('#overdue-actions').textContent()).toContain(ACTION);

    // the second action was never agreed: withdrawn from the case's actions as entered in error
    await coordinator.goto(`${caseUrl}/actions`);
    await checkPage(coordinator, 'Actions');
    await withdrawInError(
      coordinator,
      coordinator.getByRole('link', { name: new RegExp(`^Withdraw \\(entered in error\\)\\s*: ${SECOND}`) }),
      'action',
      'The advocate had already offered it',
      SECOND,
    );
    await checkPage(coordinator, 'Actions');
    expect(await mainText(coordinator)).toContain('The action was withdrawn as entered in error');
    expect(await coordinator.locator('#actions').textContent()).not.toContain(SECOND);
    expect(await coordinator.locator('#withdrawn-actions').textContent()).toContain(
      'The advocate had already offered it',
    );

    // the case was minuted at the wrong meeting: the item is withdrawn, and its action with it
    await coordinator.goto(itemUrl);
    await checkPage(coordinator, `Case ${reference}`);
    await withdrawInError(
      coordinator,
      coordinator.getByRole('link', {
        name: new RegExp(`^Withdraw \\(entered in error\\)\\s*: case ${reference} at this meeting`),
      }),
      'meeting item',
      'Discussed at the wrong meeting',
    );
    await checkPage(coordinator, `Case ${reference}`);
    expect(await mainText(coordinator)).toContain('This meeting item was withdrawn as entered in error');
    expect(await mainText(coordinator)).toContain('Discussed at the wrong meeting');
    await coordinator.goto('/actions/overdue');
    await checkPage(coordinator, 'Overdue actions');
    expect(await mainText(coordinator)).not.toContain(ACTION);
  });
});
