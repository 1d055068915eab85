import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { currentTotp } from '../../../src/platform/auth/totp.js';
import type { DemoAccount } from '../../../src/demo/seed.js';
import type { Role } from '../../../src/platform/auth/users.js';
import { axeCheck } from './browser.js';
import type { TestServer } from './server.js';

export function account(server: TestServer, role: Role): DemoAccount {
  const found = server.server.demoAccounts?.find((a) => a.role === role);
  if (!found) throw new Error(`no demo account for ${role}`);
  return found;
}

// Recolo refuses a TOTP code whose 30-second step was already used by that account (replay), so a
// second sign-in by the same person waits for the next step, as a real person would.
const lastStep = new Map<string, number>();
async function freshCode(secret: string): Promise<string> {
  const step = () => Math.floor(Date.now() / 30_000);
  while (lastStep.get(secret) === step()) await new Promise((r) => setTimeout(r, 500));
  lastStep.set(secret, step());
  return currentTotp(secret);
}

/** A new browser context per person, signed in through the real pages with their TOTP code. */
export async function signedInPage(browser: Browser, server: TestServer, who: DemoAccount): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('security code');
  await axeCheck(page);
  await page.getByLabel('Security code').fill(await freshCode(who.totpSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // each starts where their role works: cases, or figures, or administration
  await page.waitForURL(/\/(cases|figures|admin)$/);
  return page;
}

/** Checks the page a user has reached: a heading, no accessibility violations. */
export async function checkPage(page: Page, heading: string | RegExp): Promise<void> {
  const h1 = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  if (typeof heading === 'string') expect(h1).toContain(heading);
  else expect(h1).toMatch(heading);
  await axeCheck(page);
}

/**
 * Withdraws a record as entered in error through its confirmation page, as a user does: follows
 * `link`, checks the confirmation page (its heading for `what`, e.g. "MAPPA record", and axe) and
 * that it shows `shows` when given, gives `reason` and confirms. The caller checks where it lands.
 */
export async function withdrawInError(
  page: Page,
  link: Locator,
  what: string,
  reason: string,
  shows?: string | RegExp,
): Promise<void> {
  await link.click();
  await checkPage(page, `Withdraw this ${what} as entered in error?`);
  if (shows !== undefined) {
    const text = (await page.locator('main').textContent()) ?? '';
    if (typeof shows === 'string') expect(text).toContain(shows);
    else expect(text).toMatch(shows);
  }
  await page.getByLabel('Why was it entered in error?').fill(reason);
  await page.getByRole('button', { name: `Withdraw ${what}` }).click();
}
