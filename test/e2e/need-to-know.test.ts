import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

const ADDRESS = '17 Quillfeather Lane, Winchester';
const PHONE = '01632 960 417';

describe('need to know: each agency sees only its compartments (Chromium)', () => {
  const h = useBrowserHarness();

  it('the advocate records contact details and the victim’s voice; police see the contact details, the clinician never does', async () => {
    const advocate = await h.signIn('stalking_advocate');
    const reference = (await openDemoCase(advocate)).reference;
    const caseUrl = advocate.url();

    await advocate.getByRole('link', { name: 'Victims', exact: true }).click();
    await checkPage(advocate, 'Victims');
    await advocate.getByRole('link', { name: /contact details for Sophie Rainer/ }).click();
    await checkPage(advocate, 'Contact details');
    await advocate.getByLabel('Email address').fill('not an email');
    await advocate.getByRole('button', { name: 'Save contact details' }).click();
    await expect(advocate.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter an email address in the correct format',
    );
    await checkPage(advocate, 'Contact details');
    await advocate.getByLabel('Address', { exact: true }).fill(ADDRESS);
    await advocate.getByLabel('Phone number').fill(PHONE);
    await advocate.getByLabel('Email address').fill('sophie@example.org');
    await advocate.getByLabel('Safe contact').fill('Weekday mornings only; never leave a voicemail.');
    // the demo victim's details were recorded before: changing them is a correction, with a reason
    await advocate.getByLabel('Why are they being corrected?').fill('She has moved since the referral');
    await advocate.getByRole('button', { name: 'Save contact details' }).click();
    await checkPage(advocate, 'Victims');
    await expect(advocate.locator('main').textContent()).resolves.toContain(ADDRESS);

    await advocate.getByRole('link', { name: 'Victim’s voice' }).click();
    await checkPage(advocate, 'Victim’s voice');
    await advocate.getByLabel('Victim', { exact: true }).selectOption({ label: 'Sophie Rainer' });
    await advocate
      .getByLabel('What the victim said')
      .fill('She wants the exclusion zone to include her gym on Fairfield Road.');
    await advocate.getByLabel('In their own words').check();
    const today = new Date();
    await advocate.getByLabel('Day').fill(String(today.getDate()));
    await advocate.getByLabel('Month').fill(String(today.getMonth() + 1));
    await advocate.getByLabel('Year').fill(String(today.getFullYear()));
    await advocate.getByRole('button', { name: 'Save' }).click();
    await checkPage(advocate, 'Victim’s voice');
    await expect(advocate.locator('main').textContent()).resolves.toContain(
      'exclusion zone to include her gym',
    );

    // police on the case read the contact details but cannot change them
    const officer = await h.signIn('investigating_officer');
    await officer.goto(`${caseUrl}/victims`);
    await checkPage(officer, 'Victims');
    await expect(officer.locator('main').textContent()).resolves.toContain(PHONE);
    expect(await officer.getByRole('link', { name: /contact details for/ }).count()).toBe(0);
    await officer.getByRole('link', { name: 'Police intelligence' }).click();
    await checkPage(officer, 'Police intelligence');
    await officer
      .getByLabel('Add intelligence')
      .fill('Vehicle seen twice near the victim’s brother’s address.');
    await officer.getByLabel('Police only').check();
    await officer.getByRole('button', { name: 'Save' }).click();
    await checkPage(officer, 'Police intelligence');

    // the psychiatrist on the same case: the voice and clinical notes, never contact details or intelligence
    const psychiatrist = await h.signIn('forensic_psychiatrist');
    await psychiatrist.goto(caseUrl);
    await checkPage(psychiatrist, 'Overview');
    const tabs = (await psychiatrist.locator('.moj-sub-navigation').textContent()) ?? '';
    expect(tabs).toContain('Clinical notes');
    expect(tabs).not.toContain('Police intelligence');
    await psychiatrist.getByRole('link', { name: 'Victims', exact: true }).click();
    await checkPage(psychiatrist, 'Victims');
    const victimsPage = (await psychiatrist.locator('main').textContent()) ?? '';
    expect(victimsPage).toContain('Sophie Rainer');
    expect(victimsPage).not.toContain(ADDRESS);
    expect(victimsPage).not.toContain(PHONE);
    await psychiatrist.getByRole('link', { name: 'Victim’s voice' }).click();
    await checkPage(psychiatrist, 'Victim’s voice');
    await expect(psychiatrist.locator('main').textContent()).resolves.toContain(
      'exclusion zone to include her gym',
    );
    expect(await psychiatrist.locator('form').filter({ hasText: 'What the victim said' }).count()).toBe(0);
    await psychiatrist.getByRole('link', { name: 'Clinical notes' }).click();
    await psychiatrist
      .getByLabel('Add a clinical note')
      .fill('First assessment session booked with the referrer present.');
    await psychiatrist.getByRole('button', { name: 'Save' }).click();
    await checkPage(psychiatrist, 'Clinical notes');
    expect((await psychiatrist.goto(`${caseUrl}/intelligence`))?.status()).toBe(404);
    expect((await psychiatrist.request.get(`${caseUrl}/victims`)).status()).toBe(200);
    const api = await psychiatrist.request.get(`${caseUrl.replace('/cases/', '/api/v1/cases/')}/victims`);
    expect(api.status()).toBe(401); // the API takes tokens, never the browser's cookie

    // the officer never sees the clinical note
    expect((await officer.goto(`${caseUrl}/clinical`))?.status()).toBe(404);
    expect(reference).toMatch(/^HAM-/);
  });

  it('break-glass: read-only, bannered, no contact details, reviewed by the coordinator and shown in the access review', async () => {
    const probation = await h.signIn('probation_practitioner');
    const coordinator = await h.signIn('site_coordinator');
    const reference = (await openDemoCase(coordinator)).reference;
    const caseUrl = coordinator.url();

    expect((await probation.goto(caseUrl))?.status()).toBe(404);
    await probation.getByRole('link', { name: 'Break-glass' }).click();
    await checkPage(probation, 'Break-glass access');
    await probation.getByLabel('Case reference').fill(reference);
    await probation.getByRole('button', { name: 'Open the case' }).click();
    await expect(probation.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select why you need to open this case',
    );
    await checkPage(probation, 'Break-glass access');
    await probation.getByLabel('Court or custody decision needed today').check();
    await probation
      .getByLabel('Explain what has happened')
      .fill('Court asked for a bail address check this afternoon.');
    await probation.getByRole('button', { name: 'Open the case' }).click();
    await checkPage(probation, 'Overview');
    await expect(probation.locator('.recolo-break-glass').textContent()).resolves.toContain('read-only');
    const tabs = (await probation.locator('.moj-sub-navigation').textContent()) ?? '';
    expect(tabs).not.toContain('Status');
    await probation.getByRole('link', { name: 'Victims', exact: true }).click();
    await checkPage(probation, 'Victims');
    await expect(probation.locator('.recolo-break-glass').count()).resolves.toBe(1);
    expect(await probation.locator('main').textContent()).not.toContain(ADDRESS);

    await coordinator.goto('/break-glass/review');
    await checkPage(coordinator, 'Break-glass review');
    const entry = coordinator.locator('.recolo-entry', { hasText: 'Court asked for a bail address check' });
    await expect(entry.textContent()).resolves.toContain('Not reviewed');
    await entry.getByLabel('Review note').fill('Confirmed with the court listing office.');
    await entry.getByRole('button', { name: 'Mark as reviewed' }).click();
    await checkPage(coordinator, 'Break-glass review');
    await expect(
      coordinator.locator('.recolo-entry', { hasText: 'Court asked for a bail address check' }).textContent(),
    ).resolves.toContain('Confirmed with the court listing office');

    await coordinator.getByRole('link', { name: 'Access review' }).click();
    await checkPage(coordinator, 'Access review');
    const row = coordinator.locator('tr', { hasText: reference }).filter({ hasText: 'Break-glass' });
    await expect(row.first().textContent()).resolves.toContain('Probation practitioner');
    const download = await coordinator.request.get(`${coordinator.url()}.csv`);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(await download.text()).toContain('Case,Person,Role,Why,Until,Compartments');

    await coordinator.goto(`${caseUrl}/access-log`);
    await checkPage(coordinator, 'Access log');
    await expect(coordinator.locator('main table').textContent()).resolves.toContain('Break-glass');
  });
});
