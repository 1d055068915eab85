import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

/**
 * Consultation and sessions, end to end in Chromium with axe on every new page: the clinical
 * psychologist on Adrian Fenwick's demo case (probation on the team) records consultation advice
 * and opens its letter, schedules two sessions and a future one, records one "did not attend",
 * then another (the team is told), and exports their calendar; the probation practitioner sees the
 * attendance and the alert, never the clinical note. The session booked in error is withdrawn
 * through its confirmation page, with a reason.
 */

const NOTE = 'Explored his avoidance of the sessions; he spoke about shame for the first time.';
const ADVICE = 'Keep the licence condition on contact; consider a joint session before the review.';

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

async function fillDate(scope: Page | Locator, group: string, d: Date): Promise<void> {
  const fieldset = scope.getByRole('group', { name: group, exact: true });
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d).split('-');
  await fieldset.getByLabel('Day').fill(String(Number(day)));
  await fieldset.getByLabel('Month').fill(String(Number(m)));
  await fieldset.getByLabel('Year').fill(y!);
}

async function openFenwick(page: Page): Promise<string> {
  await page.goto('/cases');
  const row = page.locator('tr', { hasText: 'Adrian Fenwick' });
  const link = row.getByRole('link').first();
  const reference = (await link.textContent())!.trim();
  await link.click();
  await checkPage(page, 'Overview');
  return reference;
}

async function schedule(page: Page, daysFromNow: number, time: string, mode: string): Promise<void> {
  await page.getByRole('link', { name: 'Schedule a session' }).click();
  await checkPage(page, 'Schedule a session');
  await fillDate(page, 'Date of the session', new Date(Date.now() + daysFromNow * 86_400_000));
  await page.getByLabel('Time', { exact: true }).fill(time);
  await page.getByLabel('Planned length in minutes').fill('60');
  await page.getByLabel(mode, { exact: true }).check();
  await page
    .getByLabel('Planned component (optional)')
    .selectOption({ label: 'Individual psychological therapy' });
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  await checkPage(page, 'Sessions');
}

describe('sessions and consultation (Chromium)', () => {
  const h = useBrowserHarness();

  it('the psychologist schedules and records sessions; two DNAs in a row tell the team; probation sees attendance only', async () => {
    const psychologist = await h.signIn('clinical_psychologist');
    const reference = await openFenwick(psychologist);
    const overview = await mainText(psychologist);
    expect(overview).toContain('Next appointment');

    // consultation advice and its letter
    await psychologist.getByRole('link', { name: 'Consultation', exact: true }).click();
    await checkPage(psychologist, 'Consultation');
    await psychologist.getByRole('button', { name: 'Save the advice' }).click();
    await checkPage(psychologist, 'Consultation');
    expect(await psychologist.locator('.govuk-error-summary').textContent()).toContain(
      'Enter who asked for the advice',
    );
    await psychologist.getByLabel('Who asked').fill('Pam Probation, probation practitioner');
    await psychologist.getByLabel('Their agency').fill('Probation Service');
    await fillDate(psychologist, 'When they asked', new Date());
    await psychologist
      .getByLabel('Their question')
      .fill('Should the licence condition on contact stay as it is?');
    await psychologist.getByLabel('Your advice').fill(ADVICE);
    await psychologist.getByRole('button', { name: 'Save the advice' }).click();
    await checkPage(psychologist, 'Consultation');
    expect(await mainText(psychologist)).toContain(ADVICE);
    await psychologist
      .getByRole('link', { name: /View the advice letter/ })
      .first()
      .click();
    await checkPage(psychologist, 'Advice letter');
    expect(await mainText(psychologist)).toContain(
      'To: Pam Probation, probation practitioner, Probation Service',
    );

    // two sessions that have happened, and one to come
    await psychologist.getByRole('link', { name: 'Sessions', exact: true }).click();
    await checkPage(psychologist, 'Sessions');
    await schedule(psychologist, -2, '09:15', 'Clinic');
    await schedule(psychologist, -1, '09:15', 'Video call');
    await schedule(psychologist, 5, '14:00', 'Probation office');

    const recordFirstUnrecorded = async (attendance: string) => {
      await psychologist
        .getByRole('link', { name: /^Record/ })
        .first()
        .click();
      await checkPage(psychologist, 'Record the session');
      await psychologist.getByLabel(attendance, { exact: true }).check();
      await psychologist.getByLabel('Preparation and admin minutes').first().fill('15');
      await psychologist.getByRole('button', { name: 'Save the session' }).click();
      await checkPage(psychologist, 'Sessions');
    };
    // the newest unrecorded past session is listed first: yesterday's, then the day before
    await psychologist
      .getByRole('link', { name: /^Record/ })
      .last()
      .click();
    await checkPage(psychologist, 'Record the session');
    await psychologist.getByLabel('Did not attend', { exact: true }).check();
    await psychologist.getByLabel('Face-to-face minutes').first().fill('30');
    await psychologist.getByRole('button', { name: 'Save the session' }).click();
    await checkPage(psychologist, 'Record the session');
    expect(await psychologist.locator('.govuk-error-summary').textContent()).toContain(
      'there is no face-to-face time when the session did not take place',
    );
    await psychologist.getByLabel('Face-to-face minutes').first().fill('0');
    await psychologist.getByLabel('Preparation and admin minutes').first().fill('15');
    await psychologist.getByLabel('Clinical note (optional)').fill(NOTE);
    await psychologist.getByRole('button', { name: 'Save the session' }).click();
    await checkPage(psychologist, 'Sessions');
    await recordFirstUnrecorded('Did not attend');
    const sessionsText = await mainText(psychologist);
    expect(sessionsText).toContain(NOTE);
    expect(sessionsText.match(/Did not attend/g)?.length).toBeGreaterThanOrEqual(4);

    // the whole team was told
    await psychologist.goto('/notifications');
    expect(await mainText(psychologist)).toMatch(
      new RegExp(`Case ${reference}: 2 sessions in a row were not attended \\(the latest on`),
    );

    // the diary and the calendar
    await psychologist.getByRole('link', { name: 'My diary' }).click();
    await checkPage(psychologist, 'My caseload and diary');
    expect(await mainText(psychologist)).toContain(reference);
    const ics = await psychologist.request.get('/diary/calendar.ics');
    expect(ics.status()).toBe(200);
    const body = await ics.text();
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(body).toContain(`case ${reference}`);
    expect(body).not.toContain('Fenwick');

    // probation: the attendance and the alert, never the note
    const probation = await h.signIn('probation_practitioner');
    await openFenwick(probation);
    await probation.getByRole('link', { name: 'Sessions', exact: true }).click();
    await checkPage(probation, 'Sessions');
    const seen = await mainText(probation);
    expect(seen).toContain('Did not attend');
    expect(seen).toContain('Attended');
    expect(seen).not.toContain(NOTE);
    expect(seen).not.toContain('Clinical note');
    expect(await probation.getByRole('link', { name: 'Schedule a session' }).count()).toBe(0);
    await probation.getByRole('link', { name: 'Consultation', exact: true }).click();
    await checkPage(probation, 'Consultation');
    expect(await mainText(probation)).toContain(ADVICE);
    await probation.goto('/notifications');
    expect(await mainText(probation)).toMatch(/2 sessions in a row were not attended \(the latest on/);
    expect((await probation.goto('/diary'))!.status()).toBe(404);

    // the session booked at the probation office was booked in error: the psychologist withdraws
    // it (the confirmation page refuses no reason), and it leaves the upcoming sessions
    await openFenwick(psychologist);
    await psychologist.getByRole('link', { name: 'Sessions', exact: true }).click();
    await checkPage(psychologist, 'Sessions');
    const booked = psychologist
      .locator('tr', { hasText: 'Probation office' })
      .filter({ hasText: 'at 2:00pm' });
    expect(await booked.count()).toBe(1);
    await booked.getByRole('link', { name: /^Withdraw \(entered in error\)/ }).click();
    await checkPage(psychologist, 'Withdraw this session as entered in error?');
    await psychologist.getByRole('button', { name: 'Withdraw session' }).click();
    await checkPage(psychologist, 'Withdraw this session as entered in error?');
    expect(await psychologist.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why this was entered in error',
    );
    await psychologist.getByLabel('Why was it entered in error?').fill('Booked for the wrong client');
    await psychologist.getByRole('button', { name: 'Withdraw session' }).click();
    await checkPage(psychologist, 'Sessions');
    expect(
      await psychologist
        .locator('tr', { hasText: 'Probation office' })
        .filter({ hasText: 'at 2:00pm' })
        .count(),
    ).toBe(0);
    expect(await mainText(psychologist)).toMatch(
      /Session on [^,]+ at 2:00pm, withdrawn .+: Booked for the wrong client/,
    );
  });
});
