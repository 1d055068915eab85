import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { openDemoCase, useBrowserHarness } from './support/harness.js';

/**
 * The victim's side of a case, end to end in Chromium with axe on every page: the advocate adds a
 * third party with contact details, records the victim's voice and a safety plan, imports a diary
 * and uploads a photograph as evidence; the forensic psychiatrist on the same case then sees the
 * voice, the incidents and the timeline, and never the contact details.
 */

const GIVEN = 'Nadia';
const FAMILY = 'Okonjo';
const NAME = `${GIVEN} ${FAMILY}`;
const ADDRESS = '4 Larkspur Mews, Eastleigh';
const PHONE = '01632 960 582';
const EMAIL = 'nadia.okonjo@example.org';
const VOICE = 'Nadia wants the order to name the car park where she works.';
const PLAN = 'Walk to the car park with a colleague; alarm fitted at home.';
const DIARY_1 = 'Waited by her car after her shift and followed her to the roundabout';
const DIARY_2 = 'About 30 calls and texts from withheld numbers over the week';

/** a 1×1 PNG */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

function dmy(d: Date): string {
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

async function fillDate(scope: Page | Locator, group: string, d: Date): Promise<void> {
  const fieldset = scope.getByRole('group', { name: group, exact: true });
  await fieldset.getByLabel('Day').fill(String(d.getDate()));
  await fieldset.getByLabel('Month').fill(String(d.getMonth() + 1));
  await fieldset.getByLabel('Year').fill(String(d.getFullYear()));
}

describe('the victim’s side of a case: voice, safety plan, diary, evidence (Chromium)', () => {
  const h = useBrowserHarness();
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rcl-diary-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('the advocate records it all; the psychiatrist sees the voice and incidents, never the contact details', async () => {
    const advocate = await h.signIn('stalking_advocate');
    const caseUrl = (await openDemoCase(advocate)).url;

    // a third party, a new person, with contact details
    await advocate.getByRole('link', { name: 'Victims', exact: true }).click();
    await checkPage(advocate, 'Victims');
    await advocate.getByRole('button', { name: 'Add a victim' }).click();
    await checkPage(advocate, 'Add a victim');
    await advocate.getByLabel('A new person').check();
    await advocate.getByLabel('First name').fill(GIVEN);
    await advocate.getByLabel('Last name').fill(FAMILY);
    await advocate.getByLabel('Third party').check();
    await advocate.getByLabel('Relationship to the person referred').selectOption('work');
    await advocate.getByRole('button', { name: 'Add victim' }).click();
    await checkPage(advocate, 'Victims');
    expect(await mainText(advocate)).toContain(NAME);
    await advocate.getByRole('link', { name: new RegExp(`contact details.*for ${NAME}`) }).click();
    await checkPage(advocate, 'Contact details');
    await advocate.getByLabel('Address', { exact: true }).fill(ADDRESS);
    await advocate.getByLabel('Phone number').fill(PHONE);
    await advocate.getByLabel('Email address').fill(EMAIL);
    await advocate.getByRole('button', { name: 'Save contact details' }).click();
    await checkPage(advocate, 'Victims');
    expect(await mainText(advocate)).toContain(ADDRESS);

    // the victim's voice
    await advocate.getByRole('link', { name: 'Victim’s voice' }).click();
    await checkPage(advocate, 'Victim’s voice');
    await advocate.getByLabel('Victim', { exact: true }).selectOption({ label: NAME });
    await advocate.getByLabel('Their own safety').check();
    await advocate.getByLabel(/What the victim said/).fill(VOICE);
    await advocate.getByLabel('Yes, in their own words').check();
    await fillDate(advocate, 'When the victim said this', new Date());
    await advocate.getByRole('button', { name: 'Save' }).click();
    await checkPage(advocate, 'Victim’s voice');
    expect(await mainText(advocate)).toContain(VOICE);

    // a safety plan for them
    await advocate.getByRole('link', { name: 'Safety plans' }).click();
    await checkPage(advocate, 'Safety plans');
    await advocate.getByRole('link', { name: new RegExp(`Create a safety plan.*for ${NAME}`) }).click();
    await checkPage(advocate, 'safety plan');
    await advocate.getByLabel('Summary of the plan').fill(PLAN);
    const first = advocate.getByRole('group', { name: 'Action 1' });
    await first.getByLabel('Action', { exact: true }).fill('Personal alarm fitted at home');
    await first.getByLabel('Owner').fill('Police');
    const soon = new Date(Date.now() + 14 * 86_400_000);
    await fillDate(first, 'Review by', soon);
    await fillDate(advocate, 'When to review the whole plan', soon);
    await advocate.getByRole('button', { name: 'Save as a new version' }).click();
    await checkPage(advocate, 'Safety plans');
    expect(await mainText(advocate)).toContain(PLAN);

    // a diary kept in a spreadsheet: one row with an error first, then corrected
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    const yesterday = new Date(Date.now() - 86_400_000);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const header = 'date,time,end date,approximate,behaviours,victim,description';
    const row1 = `${dmy(lastWeek)},18:05,,no,following; watching,${NAME},${DIARY_1}`;
    const row2 = `${dmy(lastWeek)},,${dmy(yesterday)},yes,contacting,,"${DIARY_2}"`;
    const bad = path.join(dir, 'diary-with-error.csv');
    const good = path.join(dir, 'diary.csv');
    await fs.writeFile(bad, `${header}\r\n${row1}\r\n${dmy(tomorrow)},,,no,following,,In the future\r\n`);
    await fs.writeFile(good, `\ufeff${header}\r\n${row1}\r\n${row2}\r\n`);

    await advocate.goto(`${caseUrl}/incidents/import`);
    await checkPage(advocate, 'Import a diary');
    await advocate.getByLabel('Diary file', { exact: true }).setInputFiles(bad);
    await advocate.getByRole('button', { name: 'Upload and check' }).click();
    await advocate.waitForURL(/\/incidents\/import\/preview$/);
    await checkPage(advocate, 'Check the diary before saving');
    const withError = await mainText(advocate);
    expect(withError).toContain('The date is in the future');
    expect(withError).toContain('Save only the 1 valid row');
    expect(await advocate.getByRole('button', { name: /Save all/ }).count()).toBe(0);
    await advocate.getByRole('link', { name: 'Upload a corrected file' }).click();
    await checkPage(advocate, 'Import a diary');
    await advocate.getByLabel('Diary file', { exact: true }).setInputFiles(good);
    await advocate.getByRole('button', { name: 'Upload and check' }).click();
    await advocate.waitForURL(/\/incidents\/import\/preview$/);
    await checkPage(advocate, 'Check the diary before saving');
    expect(await mainText(advocate)).toContain('2 are ready to save');
    await advocate.getByRole('button', { name: 'Save all 2 rows' }).click();
    await advocate.waitForURL(/\/incidents(\?|$)/);
    await checkPage(advocate, 'Incidents');
    const incidents = advocate.locator('main table tbody tr');
    await expect(incidents.count()).resolves.toBe(2);
    expect(await advocate.locator('main table').textContent()).toContain('Victim diary');

    // a photograph as evidence on the first diary incident (the later one: most recent first)
    await incidents.first().getByRole('link').click();
    await checkPage(advocate, 'Incident');
    expect(await mainText(advocate)).toContain(DIARY_1);
    expect(await mainText(advocate)).toContain('diary import');
    const png = path.join(dir, 'car-park.png');
    await fs.writeFile(png, PNG);
    await advocate.getByLabel('Upload an evidence file').setInputFiles(png);
    await advocate.getByRole('button', { name: 'Upload file' }).click();
    await checkPage(advocate, 'Incident');
    expect(await mainText(advocate)).toContain('car-park.png');

    // the psychiatrist on the same case: the voice, the incidents, the timeline; no contact details
    const psychiatrist = await h.signIn('forensic_psychiatrist');
    await psychiatrist.goto(`${caseUrl}/voice`);
    await checkPage(psychiatrist, 'Victim’s voice');
    expect(await mainText(psychiatrist)).toContain(VOICE);
    await psychiatrist.goto(`${caseUrl}/safety-plans`);
    await checkPage(psychiatrist, 'Safety plans');
    expect(await mainText(psychiatrist)).toContain(PLAN);
    await psychiatrist.goto(`${caseUrl}/incidents`);
    await checkPage(psychiatrist, 'Incidents');
    const listed = psychiatrist.locator('main table tbody tr');
    await expect(listed.count()).resolves.toBe(2);
    await listed.nth(1).getByRole('link').click();
    await checkPage(psychiatrist, 'Incident');
    expect(await mainText(psychiatrist)).toContain(DIARY_2);
    await psychiatrist.goto(`${caseUrl}/incidents`);
    await listed.first().getByRole('link').click();
    await checkPage(psychiatrist, 'Incident');
    expect(await mainText(psychiatrist)).toContain(DIARY_1);
    expect(await mainText(psychiatrist)).toContain('car-park.png');
    await psychiatrist.goto(`${caseUrl}/timeline`);
    await checkPage(psychiatrist, 'Timeline');
    expect(await mainText(psychiatrist)).toContain(DIARY_1);
    await psychiatrist.goto(`${caseUrl}/victims`);
    await checkPage(psychiatrist, 'Victims');
    const victims = await mainText(psychiatrist);
    expect(victims).toContain(NAME);
    for (const secret of [ADDRESS, PHONE, EMAIL]) expect(victims).not.toContain(secret);
    for (const url of ['', '/voice', '/incidents', '/timeline', '/safety-plans']) {
      await psychiatrist.goto(`${caseUrl}${url}`);
      const html = await psychiatrist.content();
      for (const secret of [ADDRESS, PHONE, EMAIL]) expect(html).not.toContain(secret);
    }
    expect((await psychiatrist.goto(`${caseUrl}/contact-log`))?.status()).toBe(404);
  });
});
