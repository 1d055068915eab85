import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

/**
 * Programme figures in Chromium, axe checked: the national coordinator starts on /figures, sees
 * every count rounded to 5 or withheld as "[c]", totals that add up the rounded counts, and reads
 * how the figures are protected.
 */
describe('programme figures (Chromium)', () => {
  const h = useBrowserHarness();

  it('the national coordinator reads rounded figures that add up, and how they are protected', async () => {
    const page = await h.signIn('national_coordinator');
    await page.goto('/figures');
    await checkPage(page, 'Programme figures');
    const table = page.getByRole('table', { name: 'Cases by stage' });
    const cells = (await table.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell).toMatch(/^(\[c\]|0|\d*[05])$/);
    // each site's total is the sum of its shown counts, each "[c]" counting as 5
    for (const row of await table.locator('tbody tr').all()) {
      const values = (await row.locator('td').allTextContents()).map((t) => t.trim());
      const total = values.pop()!;
      const sum = values.reduce((s, v) => s + (v === '[c]' ? 5 : Number(v)), 0);
      if (total !== '[c]') expect(Number(total)).toBe(sum);
    }
    await page.getByText('How the figures are protected').click();
    const method = page.locator('.govuk-details__text');
    await expect(method.isVisible()).resolves.toBe(true);
    expect(await method.textContent()).toContain('no count can be worked out by subtracting');
    await checkPage(page, 'Programme figures');
  });
});
