import { describe, expect, it } from 'vitest';
import { axeCheck } from './support/browser.js';
import { useBrowserHarness } from './support/harness.js';

describe('sign-in page in Chromium', () => {
  const h = useBrowserHarness();

  it('shows the sign-in page with a heading, and axe finds no WCAG 2.1 AA violations', async () => {
    const page = await h.newPage();
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
