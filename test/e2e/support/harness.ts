import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { DemoAccount } from '../../../src/demo/seed.js';
import type { Role } from '../../../src/platform/auth/users.js';
import { launchBrowser } from './browser.js';
import { account, checkPage, signedInPage } from './journey.js';
import { startTestServer, type TestServer } from './server.js';

/**
 * THE BROWSER HARNESS for an end-to-end test file: one Recolo server (in-memory demo data) and one
 * Debian Chromium (launched with the flags in browser.ts) for the whole file, started in
 * `beforeAll` and closed in `afterAll`. Call it once at the top of a describe block.
 */
export type Harness = {
  readonly server: TestServer;
  readonly browser: Browser;
  /** the demo account of a role */
  account(role: Role): DemoAccount;
  /** a new browser context signed in through the real pages (password, then TOTP) */
  signIn(who: Role | DemoAccount): Promise<Page>;
  /** a new browser context, not signed in, at the server's address */
  newPage(): Promise<Page>;
};

export function useBrowserHarness(): Harness {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser harness has no ${what}: is beforeAll done?`);
    return value;
  };
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });
  const harness: Harness = {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    account: (role) => account(harness.server, role),
    signIn: (who) =>
      signedInPage(harness.browser, harness.server, typeof who === 'string' ? harness.account(who) : who),
    async newPage() {
      const context = await harness.browser.newContext({ baseURL: harness.server.url });
      return context.newPage();
    },
  };
  return harness;
}

/**
 * Opens the demo case of Marcus Delaney from the case list (police, a psychiatrist and the advocate
 * on its team; probation not) and checks its overview: its reference and address.
 */
export async function openDemoCase(page: Page): Promise<{ reference: string; url: string }> {
  await page.goto('/cases');
  await page
    .getByRole('link', { name: /^[A-Z]{3}-\d{6}$/ })
    .first()
    .waitFor();
  const row = page.locator('tr', { hasText: 'Marcus Delaney' });
  const link = row.getByRole('link').first();
  const reference = (await link.textContent())!.trim();
  await link.click();
  await checkPage(page, 'Overview');
  return { reference, url: page.url().replace(/[?#].*$/, '') };
}
