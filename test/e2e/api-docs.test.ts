import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from './support/harness.js';

describe('the API documentation (Swagger UI) in Chromium', () => {
  const h = useBrowserHarness();

  it('renders the API description and an operation with no Content-Security-Policy violation', async () => {
    const page = await h.signIn('investigating_officer');
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // every violation, including ones the console would not show
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const response = await page.goto('/api/docs/static/index.html');
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page
      .getByRole('heading', { name: /Recolo API/ })
      .first()
      .waitFor();
    // open one operation: its responses, problems included, are drawn
    await page.locator('#operations-cases-getCases button.opblock-summary-control').click();
    await page.locator('#operations-cases-getCases tr.response[data-code="401"]').waitFor();
    expect(violations).toEqual([]);

    // the pages keep their own strict policy
    const signIn = await page.goto('/cases');
    expect(signIn?.headers()['content-security-policy']).toMatch(
      /^default-src 'self'; script-src 'self' 'nonce-/,
    );
    expect(signIn?.headers()['content-security-policy']).toContain("style-src 'self';");
    await page.context().close();
  });
});
