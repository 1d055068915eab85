import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/journey.js';
import { useBrowserHarness } from './support/harness.js';

/**
 * The evaluation end to end in Chromium, axe on every page (issue 16): an evaluator filters the
 * report to one site (the demo's Cheshire cohort) and one cohort, reads the survival chart and
 * its table, downloads a table as CSV, makes a pseudonymised research extract and downloads it,
 * and reproduces the published re-offending table from the extract with the shipped script.
 */
const run = promisify(execFile);

describe('the evaluation (Chromium)', () => {
  const h = useBrowserHarness();

  it('an evaluator filters, reads the chart, downloads a table and an extract, and reproduces the table', async () => {
    const evaluator = await h.signIn('evaluator');
    await evaluator.getByRole('link', { name: 'Evaluation', exact: true }).click();
    await checkPage(evaluator, 'Evaluation');

    await evaluator.getByRole('checkbox', { name: 'Cheshire' }).check();
    await evaluator
      .getByLabel('Cohort', { exact: true })
      .selectOption({ label: 'Accepted for intervention' });
    await evaluator.getByRole('button', { name: 'Show the evaluation' }).click();
    await checkPage(evaluator, 'Evaluation');
    expect(await evaluator.getByRole('heading', { level: 2, name: /1 site: Cheshire/ }).count()).toBe(1);

    // the chart, with the same data as a table
    const chart = evaluator.locator('svg.recolo-survival-chart');
    await expect(chart.isVisible()).resolves.toBe(true);
    expect(await chart.getAttribute('role')).toBe('img');
    const steps = evaluator.locator('#table-survival tbody tr');
    expect(await steps.count()).toBeGreaterThan(1);
    expect(await steps.first().locator('th').textContent()).toBe('Cheshire');
    const main = (await evaluator.locator('main').textContent()) ?? '';
    expect(main).toContain('Number at risk');
    expect(main).not.toMatch(/CHE-\d{4}|Evalperson/);

    // a table as CSV
    const csvHref = await evaluator
      .getByRole('link', { name: 'Download “Re-offending by 6, 12 and 24 months” as CSV' })
      .getAttribute('href');
    const published = await evaluator.request.get(new URL(csvHref!, evaluator.url()).toString());
    expect(published.headers()['content-disposition']).toContain('attachment');
    const publishedText = await published.text();
    expect(publishedText.split('\r\n')[0]).toBe(
      'Outcome,Within,Cases followed that long,Cases with the event,Percentage',
    );

    // a research extract for the same site
    await evaluator.getByRole('link', { name: 'Research extracts' }).click();
    await checkPage(evaluator, 'Research extracts');
    await evaluator
      .getByLabel('Why is the extract needed?')
      .fill('Re-offending after intervention: Cheshire');
    await evaluator.getByLabel('Data sharing agreement reference').fill('DSA-CHE-2026');
    await evaluator.getByRole('button', { name: 'Make the extract' }).click();
    await checkPage(evaluator, 'Research extracts');
    const card = (await evaluator.locator('.govuk-summary-card').first().textContent()) ?? '';
    expect(card).toContain('DSA-CHE-2026');
    expect(card).toMatch(/k = 5: \d+ case rows coarsened, 0 withheld/);
    const casesHref = await evaluator.getByRole('link', { name: 'Cases (CSV)' }).first().getAttribute('href');
    const cases = await (await evaluator.request.get(new URL(casesHref!, evaluator.url()).toString())).text();
    expect(cases.split('\r\n')[0]).toMatch(/^pseudonym,site,age_band,typology,risk_at_entry,/);
    expect(cases).not.toMatch(/CHE-\d{4}|Evalperson|Evalvictim/);

    // the shipped script reproduces the published table from the extract, byte for byte
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recolo-extract-'));
    try {
      fs.writeFileSync(path.join(dir, 'cases.csv'), cases);
      fs.writeFileSync(path.join(dir, 'published.csv'), publishedText);
      const { stdout, stderr } = await run('npx', [
        'tsx',
        'scripts/reproduce-evaluation.ts',
        '--cases',
        path.join(dir, 'cases.csv'),
        '--cohort',
        'accepted_intervention',
        '--compare',
        path.join(dir, 'published.csv'),
      ]);
      expect(stdout).toBe(publishedText);
      expect(stderr).toContain('Reproduced exactly');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    await evaluator.getByRole('link', { name: 'Back' }).click();
    await evaluator.getByRole('link', { name: 'How the evaluation is worked out (method)' }).click();
    await checkPage(evaluator, 'How the evaluation is worked out');
  });
});
