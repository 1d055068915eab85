import { describe, expect, it } from 'vitest';
import { survivalChartSvg } from '../../src/modules/evaluation/statistics/chart.js';
import { kaplanMeier } from '../../src/modules/evaluation/statistics/survival.js';
import { renderPdf } from '../../src/platform/pdf/index.js';
import { readPdf } from '../support/pdf-text.js';

// two cohorts of 30, events spread over two years
const cohort = (shift: number) =>
  Array.from({ length: 30 }, (_, i) => ({ time: 20 + i * 23 + shift, event: i % 3 !== 0 }));

describe('a chart in a PDF', () => {
  it('is drawn from its SVG, with its words and a text alternative, between the text around it', async () => {
    const svg = survivalChartSvg(
      [
        { label: 'Intervention', km: kaplanMeier(cohort(40)) },
        { label: 'Consultation only', km: kaplanMeier(cohort(0)) },
      ],
      { title: 'New stalking offence', timeUnit: 'months' },
    );
    const pdf = await renderPdf({
      title: 'Chart',
      downloadedBy: 'A. Person',
      downloadedAt: new Date('2026-12-01T10:42:00Z'),
      layout: 'landscape',
      blocks: [
        { kind: 'paragraph', text: 'Before the chart.' },
        { kind: 'figure', svg, alt: 'Survival curves of two cohorts' },
        { kind: 'paragraph', text: 'After the chart.' },
      ],
    });
    const read = await readPdf(pdf);
    const text = read.pages.join(' ');
    // the legend and the number-at-risk table are drawn as text, not lost
    expect(text).toContain('Intervention');
    expect(text).toContain('Consultation only');
    expect(text).toMatch(/Number at risk/i);
    expect(text.indexOf('Before the chart.')).toBeLessThan(text.indexOf('Intervention'));
    expect(text).toContain('After the chart.');
    expect(read.structure.flat()).toContain('Figure');
    expect(pdf.toString('latin1')).toContain('(Survival curves of two cohorts)');
  });

  it('starts a new page when it does not fit under what is already there', async () => {
    const svg = survivalChartSvg([{ label: 'All', km: kaplanMeier(cohort(0)) }], {
      title: 'Any new offence',
    });
    const pdf = await renderPdf({
      title: 'Chart',
      downloadedBy: 'A. Person',
      downloadedAt: new Date('2026-12-01T10:42:00Z'),
      blocks: [
        ...Array.from({ length: 14 }, (_, i) => ({ kind: 'paragraph' as const, text: `Line ${i + 1}.` })),
        { kind: 'figure', svg, alt: 'A survival curve' },
      ],
    });
    const read = await readPdf(pdf);
    expect(read.pages).toHaveLength(2);
    expect(read.pages[0]).not.toContain('All');
    expect(read.pages[1]).toContain('All');
  });
});
