import { describe, expect, it } from 'vitest';
import { escapeXml, ratingChartSvg, type RatingSeries } from '../../src/platform/views/svg-chart.js';
import { buildRiskOverview } from '../../src/modules/risk/overview.js';
import { wellFormed } from '../support/svg.js';

const series: RatingSeries[] = [
  {
    domain: 'escalation',
    label: 'Escalation',
    points: [
      { date: '2026-01-10T10:00:00Z', rating: 'moderate' },
      { date: '2026-03-04T10:00:00Z', rating: 'high' },
    ],
  },
  {
    domain: 'victim_safety',
    label: 'Victim safety',
    points: [
      { date: '2026-01-10T10:00:00Z', rating: 'low' },
      { date: '2026-03-04T10:00:00Z', rating: 'low' },
    ],
  },
  { domain: 'psych', label: 'Psychological harm', points: [{ date: '2026-03-04', rating: 'moderate' }] },
];

type Box = { domain: string; x0: number; y0: number; x1: number; y1: number };

/** Each series' markers (circle, square, triangle, diamond) as the boxes they cover. */
function markerBoxes(svg: string): Box[] {
  const boxes: Box[] = [];
  for (const g of svg.matchAll(/<g class="recolo-chart__series" data-domain="([^"]*)">(.*?)<\/g>/g)) {
    const domain = g[1]!;
    for (const m of g[2]!.matchAll(/<(circle|rect|polygon) ([^>]*)\/>/g)) {
      const a = (name: string) => Number(new RegExp(`${name}="([\\d.-]+)"`).exec(m[2]!)?.[1]);
      if (m[1] === 'circle')
        boxes.push({
          domain,
          x0: a('cx') - a('r'),
          y0: a('cy') - a('r'),
          x1: a('cx') + a('r'),
          y1: a('cy') + a('r'),
        });
      else if (m[1] === 'rect')
        boxes.push({ domain, x0: a('x'), y0: a('y'), x1: a('x') + a('width'), y1: a('y') + a('height') });
      else {
        const points = /points="([^"]*)"/
          .exec(m[2]!)![1]!
          .split(' ')
          .map((p) => p.split(',').map(Number));
        const xs = points.map((p) => p[0]!);
        const ys = points.map((p) => p[1]!);
        boxes.push({
          domain,
          x0: Math.min(...xs),
          y0: Math.min(...ys),
          x1: Math.max(...xs),
          y1: Math.max(...ys),
        });
      }
    }
  }
  return boxes;
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const options = { id: 'risk-chart', title: 'Risk over time', description: 'Three domains rated.' };

describe('rating chart SVG', () => {
  it('is one well-formed SVG image labelled by its title and description', () => {
    const svg = ratingChartSvg(series, options);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="risk-chart-title risk-chart-desc"');
    expect(svg).toContain('<title id="risk-chart-title">Risk over time</title>');
    expect(svg).toContain('<desc id="risk-chart-desc">Three domains rated.</desc>');
    // the title and the description come first, as assistive technology expects
    expect(svg.indexOf('<title')).toBeLessThan(svg.indexOf('<g'));
  });

  it('draws one path per series, and a marker per rating', () => {
    const svg = ratingChartSvg(series, options);
    expect(svg.match(/<path /g)).toHaveLength(series.length);
    expect(svg.match(/class="recolo-chart__series"/g)).toHaveLength(3);
    expect(svg).toContain('data-domain="victim_safety"');
    // legend: each label once in the legend and once as the series title
    expect(svg.match(/Victim safety/g)).toHaveLength(2);
    // axis labels
    for (const word of ['Low', 'Moderate', 'High']) expect(svg).toContain(`>${word}</text>`);
  });

  it('steps: moderate then high is a horizontal then vertical move up', () => {
    const svg = ratingChartSvg([series[0]!], options);
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(d).toMatch(/^M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+$/);
    const [, y0] = /^M[\d.]+ ([\d.]+)/.exec(d)!;
    const [, y1] = /V([\d.]+)$/.exec(d)!;
    expect(Number(y1)).toBeLessThan(Number(y0)); // high is higher on the page
  });

  it('escapes every piece of text', () => {
    const hostile: RatingSeries[] = [
      {
        domain: '"><script>alert(1)</script>',
        label: '<img src=x onerror=alert(1)> & "quotes" \'too\'',
        points: [{ date: '2026-02-01', rating: 'high' }],
      },
    ];
    const svg = ratingChartSvg(hostile, {
      id: 'x"y',
      title: '</title><script>bad()</script>',
      description: 'A & B < C',
      formatDate: () => '<b>date</b>',
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;');
    expect(svg).toContain('A &amp; B &lt; C');
    expect(svg).toContain('aria-labelledby="x-y-title x-y-desc"');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('uses presentation attributes, never a style attribute or a script', () => {
    const svg = ratingChartSvg(series, options);
    expect(svg).not.toMatch(/\sstyle=/);
    expect(svg).not.toMatch(/<style/);
    expect(svg).not.toMatch(/<script|\son[a-z]+=/i);
    expect(svg).toContain('stroke="#1d70b8"');
  });

  it('draws a single assessment and an empty chart without failing', () => {
    const one = ratingChartSvg([series[2]!], options);
    expect(one.match(/<path /g)).toHaveLength(1);
    expect(one).not.toContain('NaN');
    const none = ratingChartSvg([], options);
    expect(none).toContain('role="img"');
    expect(none).not.toContain('<path');
  });

  it('two equal ratings on the same date do not hide each other: no two markers overlap', () => {
    // issue 11: two "Moderate" markers at one date were drawn 2 px apart, one over the other
    const same: RatingSeries[] = ['Escalation', 'Victim safety', 'Psychological harm', 'Fixation'].map(
      (label, i) => ({
        domain: `d${i}`,
        label,
        points: [
          { date: '2026-01-10T10:00:00Z', rating: 'moderate' },
          { date: '2026-03-04T10:00:00Z', rating: i < 2 ? 'moderate' : 'high' },
        ],
      }),
    );
    for (const chart of [same.slice(0, 2), same]) {
      const boxes = markerBoxes(ratingChartSvg(chart, options));
      expect(boxes).toHaveLength(chart.length * 2);
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1)) expect(overlap(a, b), `${a.domain} and ${b.domain}`).toBe(false);
    }
  });

  it('labels at most six dates on the axis', () => {
    const many: RatingSeries[] = [
      {
        domain: 'd',
        label: 'D',
        points: Array.from({ length: 12 }, (_, i) => ({
          date: `2026-${String(i + 1).padStart(2, '0')}-01`,
          rating: (['low', 'moderate', 'high'] as const)[i % 3]!,
        })),
      },
    ];
    const svg = ratingChartSvg(many, { ...options, formatDate: (iso) => `DATE${iso.slice(0, 7)}` });
    expect(svg.match(/DATE/g)!.length).toBeLessThanOrEqual(6);
    expect(svg).toContain('DATE2026-01');
    expect(svg).toContain('DATE2026-12');
    expect(svg).not.toContain('NaN');
  });
});

describe('risk overview', () => {
  const def = {
    sections: [
      { id: 'escalation', title: 'Escalation' },
      { id: 'victim', title: 'Victim safety' },
    ],
  };
  const assessment = (id: string, tier: 'screening' | 'spj', completed: string | null, extra = {}) => ({
    id,
    status: completed ? ('completed' as const) : ('draft' as const),
    computed_band: 'moderate',
    override_band: null,
    override_reason: null,
    next_review_date: completed ? '2026-02-01' : null,
    started_at: new Date('2026-01-01T09:00:00Z'),
    completed_at: completed ? new Date(completed) : null,
    instrument: tier === 'spj' ? 'Structured tool' : 'Screening tool',
    tier,
    instrument_version: 1,
    definition: def,
    assessor: 'Dr Assessor',
    ...extra,
  });
  const rating = (
    assessmentId: string,
    domain: string,
    r: 'low' | 'moderate' | 'high',
    completed: string,
  ) => ({
    id: `${assessmentId}-${domain}`,
    assessment_id: assessmentId,
    domain,
    rating: r,
    rationale: `why ${r}`,
    rated_at: new Date(completed),
    completed_at: new Date(completed),
    rated_by: 'Dr Rater',
  });

  it('gives the current rating per domain, the changes, and whether a full assessment is recommended', () => {
    const o = buildRiskOverview(
      [
        assessment('a1', 'spj', '2026-01-10T10:00:00Z'),
        assessment('a2', 'spj', '2026-03-04T10:00:00Z', { next_review_date: '2026-06-01' }),
        assessment('s1', 'screening', '2026-03-05T10:00:00Z', { next_review_date: '2026-04-01' }),
        assessment('d1', 'spj', null),
      ],
      [
        rating('a1', 'escalation', 'moderate', '2026-01-10T10:00:00Z'),
        rating('a1', 'victim', 'low', '2026-01-10T10:00:00Z'),
        rating('a2', 'escalation', 'high', '2026-03-04T10:00:00Z'),
        rating('a2', 'victim', 'low', '2026-03-04T10:00:00Z'),
      ],
      '2026-04-02',
    );
    expect(o.current.map((c) => [c.label, c.rating, c.assessedOn])).toEqual([
      ['Escalation', 'high', '2026-03-04'],
      ['Victim safety', 'low', '2026-03-04'],
    ]);
    expect(o.changes.map((c) => [c.date, c.domain, c.from, c.to])).toEqual([
      ['2026-03-04', 'escalation', 'moderate', 'high'],
      ['2026-01-10', 'escalation', null, 'moderate'],
      ['2026-01-10', 'victim', null, 'low'],
    ]);
    expect(o.table.rows.map((r) => r.ratings)).toEqual([
      ['moderate', 'low'],
      ['high', 'low'],
    ]);
    expect(o.nextReviewDate).toBe('2026-04-01');
    expect(o.nextReviewOverdue).toBe(true);
    // a moderate screening after the last structured assessment
    expect(o.bands.screening?.band).toBe('moderate');
    expect(o.fullAssessmentRecommended).toBe(true);
    expect(o.assessments).toHaveLength(4);
  });
});
