import { describe, expect, it } from 'vitest';
import { barChartSvg, publishedNumber } from '../../src/platform/views/bar-chart.js';

const series = [
  { key: 'down', label: 'Lower' },
  { key: 'same', label: 'Same' },
  { key: 'up', label: 'Higher' },
];

const rectWidths = (svg: string) =>
  [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="22"/g)].map((m) => ({
    y: Number(m[1]),
    width: Number(m[2]),
  }));

describe('bar charts of published counts', () => {
  it('reads a published count, and nothing from a withheld or missing one', () => {
    expect(publishedNumber('35')).toBe(35);
    expect(publishedNumber('1,250')).toBe(1250);
    expect(publishedNumber('[c]')).toBeNull();
    expect(publishedNumber('–')).toBeNull();
    expect(publishedNumber(undefined)).toBeNull();
  });

  it('draws each part in proportion, stacked, and writes only the published values', () => {
    const svg = barChartSvg(
      series,
      [
        { label: 'Harm', values: { down: '20', same: '10', up: '10' } },
        { label: 'Persistence', values: { down: '10', same: '[c]', up: '5' } },
      ],
      { id: 'risk', title: 'Risk change' },
    );
    const [harm, persistence] = [
      rectWidths(svg).filter((r) => r.y < 70),
      rectWidths(svg).filter((r) => r.y >= 70),
    ];
    expect(harm.map((r) => r.width)).toHaveLength(3);
    // 20 : 10 : 10
    expect(harm[0]!.width).toBeCloseTo(2 * harm[1]!.width, 5);
    expect(harm[1]!.width).toBeCloseTo(harm[2]!.width, 5);
    // the withheld part is not drawn at all; the others keep their proportions
    expect(persistence.map((r) => r.width)).toHaveLength(2);
    expect(persistence[0]!.width).toBeCloseTo(harm[1]!.width, 5);
    const texts = [...svg.matchAll(/>([^<>]+)<\/text>/g)].map((m) => m[1]);
    expect(texts).not.toContain('[c]');
    expect(svg).toContain(
      '<desc id="risk-desc">Harm: Lower 20, Same 10, Higher 10; Persistence: Lower 10, Same [c], Higher 5.',
    );
    expect(svg).toContain('withheld to protect small numbers');
  });

  it('is an image with its title and description, no script or style, and its text escaped', () => {
    const svg = barChartSvg(
      [{ key: 'n', label: 'Sessions' }],
      [{ label: '<script>&', values: { n: '15' } }],
      {
        id: 'e',
        title: 'A & B',
      },
    );
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="e-title e-desc"/);
    expect(svg).toContain('<title id="e-title">A &amp; B</title>');
    expect(svg).toContain('&lt;script&gt;&amp;');
    expect(svg).not.toMatch(/<script|style=/);
    // one series: no legend
    expect(svg).not.toContain('>Sessions</text>');
  });
});
