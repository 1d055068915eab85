import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/users.js';
import { useBrowserHarness } from './support/harness.js';

/**
 * Issue 11 (WCAG 2.1 1.4.10 reflow): at 320 CSS pixels wide nothing scrolls sideways. Each person
 * below signs in at 320 × 800, and every page reachable from the service navigation, a demo case's
 * tabs and the first record each tab links to is drawn and measured: the document must be no wider
 * than the window. A wide table may scroll inside its own region (data tables are excepted from
 * reflow); the page around it may not.
 */
const WIDTH = 320;

async function overflowOf(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** the outermost elements reaching past the window's right edge, to say what is too wide */
async function culprits(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll('body *')].filter(
      (e) => e.getBoundingClientRect().right > width + 1 && !e.parentElement?.closest('.recolo-table-scroll'),
    );
    const outermost = over.filter((e) => !over.includes(e.parentElement as Element));
    const wideInside = [...document.querySelectorAll('body *')].filter(
      (e) => e.scrollWidth > width && getComputedStyle(e).overflowX === 'visible',
    );
    const describe = (e: Element) =>
      `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${e.textContent?.trim().slice(0, 30)})`;
    return [...outermost, ...wideInside.slice(-2)].map(describe).slice(0, 4).join(', ');
  });
}

async function linksIn(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (as) =>
    as.map((a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith(location.origin)),
  );
}

describe('pages fit a 320 px wide screen (Chromium)', () => {
  const h = useBrowserHarness();

  it.each(['stalking_coordinator', 'forensic_psychiatrist', 'site_coordinator'] as Role[])(
    'as the %s, no page scrolls sideways',
    async (role) => {
      const page = await h.signIn(role);
      await page.setViewportSize({ width: WIDTH, height: 800 });
      const seen = new Set<string>();
      const wide: string[] = [];
      const visit = async (url: string) => {
        const key = url.replace(/[?#].*$/, '');
        if (seen.has(key) || /sign-out|\.csv|\.ics|\/download|\/api\//.test(url)) return;
        seen.add(key);
        const response = await page.goto(url);
        if (!response || response.status() >= 400) return;
        if (!(response.headers()['content-type'] ?? '').includes('text/html')) return;
        const over = await overflowOf(page);
        if (over > 0) wide.push(`${new URL(url).pathname} is ${over}px too wide (${await culprits(page)})`);
      };
      await page.goto('/cases');
      const nav = await linksIn(page, '.govuk-service-navigation a');
      const caseLink = await page
        .locator('tr', { hasText: 'Marcus Delaney' })
        .getByRole('link')
        .first()
        .getAttribute('href');
      for (const url of nav) await visit(url);
      await page.goto(caseLink!);
      const tabs = [page.url(), ...(await linksIn(page, '.moj-sub-navigation a'))];
      for (const tab of tabs) {
        await visit(tab);
        // the first record the tab links to within the case (an incident, an assessment...)
        const inner = (await linksIn(page, 'main a')).filter(
          (h) => h.includes(caseLink!) && h.replace(/[?#].*$/, '') !== tab.replace(/[?#].*$/, ''),
        );
        for (const url of inner.slice(0, 3)) await visit(url);
        await page.goto(tab);
      }
      expect(seen.size).toBeGreaterThan(8);
      expect(wide).toEqual([]);
    },
  );
});
