import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeCheck, launchBrowser } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('sign-in page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: server.url });
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('shows the sign-in page with a heading, and axe finds no WCAG 2.1 AA violations', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await page.goto('/sign-in');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.textContent()).resolves.toMatch(/\S/);
    expect(await heading.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/\S/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await axeCheck(page);
    expect(errors).toEqual([]);
    await page.close();
  });
});
