import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the project downloads no browser builds of its own */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) ` +
        'or set CHROMIUM_PATH. The end-to-end tests need it; .ci/run installs it.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function describeViolation(v: Result): string {
  const nodes = v.nodes
    .slice(0, 5)
    .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
    .join('\n');
  return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
}

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it is now and throws, listing every
 * violation, if there is any. The page's CSP forbids inline scripts, so axe is evaluated through
 * the DevTools protocol rather than added as a script tag.
 */
export async function axeCheck(page: Page, options: { exclude?: string[] } = {}): Promise<AxeResults> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const runOptions: RunOptions = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate(
    async ({ runOptions, exclude }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
      return axe.run(context as Parameters<typeof axe.run>[0], runOptions);
    },
    { runOptions, exclude: options.exclude ?? [] },
  );
  if (results.violations.length) {
    throw new Error(
      `axe found ${results.violations.length} accessibility violation(s) on ${page.url()}:\n` +
        results.violations.map(describeViolation).join('\n'),
    );
  }
  return results;
}
