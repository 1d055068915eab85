import { describe, expect, it } from 'vitest';
import { numbersAtRisk, survivalChartSvg } from '../../src/modules/evaluation/statistics/chart.js';
import { kaplanMeier } from '../../src/modules/evaluation/statistics/survival.js';
import { observationsOf, reference } from '../support/survival-reference.js';
import { wellFormed } from '../support/svg.js';

function km(name: string) {
  const c = reference.kaplanMeier.find((x) => x.name === name);
  if (!c) throw new Error(`fixture ${name} missing`);
  return kaplanMeier(observationsOf(c));
}

/** The x coordinate where each drawn curve's line ends (its last H command). */
function lineEnds(svg: string): number[] {
  return [...svg.matchAll(/<path d="(M[^"]*)" fill="none" stroke="[^"]*" stroke-width="2.5"/g)].map((m) => {
    const hs = [...(m[1] ?? '').matchAll(/H([\d.]+)/g)];
    return Number(hs[hs.length - 1]?.[1]);
  });
}

describe('numbers at risk', () => {
  it('match R summary(survfit(...), times = ...)$n.risk for lung and aml', () => {
    expect(numbersAtRisk(km('lung'), [0, 200, 400, 600, 800, 1000])).toEqual([228, 144, 57, 24, 8, 2]);
    expect(numbersAtRisk(km('aml'), [0, 10, 20, 30, 40, 50, 100, 150])).toEqual([23, 18, 13, 9, 5, 1, 1, 1]);
  });

  it('are 0 after everyone has left follow-up', () => {
    expect(numbersAtRisk(km('aml'), [162, 1000])).toEqual([0, 0]);
  });
});

describe('the survival chart', () => {
  const curves = [
    { label: 'Male', km: km('lung male') },
    { label: 'Female', km: km('lung female') },
  ];
  const svg = survivalChartSvg(curves, { title: 'Survival by sex', id: 'lung' });

  it('is a well-formed standalone SVG image with a title and a description', () => {
    expect(wellFormed(svg)).toBe(true);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="lung-title lung-desc"');
    expect(svg).toContain('<title id="lung-title">Survival by sex</title>');
    expect(svg).toMatch(
      /<desc id="lung-desc">[^<]*Male: 138 people, 112 events, median 270 days \(95% CI 210 to 306\)/,
    );
    expect(svg).toMatch(
      /<desc id="lung-desc">[^<]*Female: 90 people, 53 events, median 426 days \(95% CI 345 to 524\)/,
    );
  });

  it('uses nothing a strict content security policy blocks', () => {
    expect(svg).not.toMatch(/style=|<style|<script|javascript:|on[a-z]+=/i);
  });

  it('draws each curve with a confidence band and a line in its own dash pattern and colour', () => {
    expect(svg.match(/<polygon points="[^"]+" fill="#[0-9a-f]{6}" fill-opacity="0.15"/g)).toHaveLength(2);
    const lines = [
      ...svg.matchAll(
        /<path d="M[^"]*" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="2.5"( stroke-dasharray="[^"]*")?/g,
      ),
    ];
    expect(lines).toHaveLength(2);
    expect(lines[0]?.[1]).not.toBe(lines[1]?.[1]);
    expect(lines[0]?.[2] ?? '').not.toBe(lines[1]?.[2] ?? '');
  });

  it('marks every censoring time that is drawn', () => {
    const censoringTimes = curves.map((c) => c.km.steps.filter((s) => s.censored > 0).length);
    const male = svg.split('<g class="recolo-chart__series">')[1] ?? '';
    const marks = male.match(
      /<line x1="[\d.]+" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="#1d70b8" stroke-width="2"\/>/g,
    );
    expect(marks).toHaveLength(censoringTimes[0] ?? -1);
  });

  it('shows the number at risk under the axis', () => {
    expect(svg).toContain('Number at risk');
    const counts = numbersAtRisk(curves[0]!.km, [0, 200, 400, 600, 800, 1000]);
    for (const c of counts) expect(svg).toContain(`>${c}</text>`);
  });

  it('stops each curve where fewer than the threshold remain at risk, and hides their numbers', () => {
    const full = survivalChartSvg(curves, { title: 't' });
    const cut = survivalChartSvg(curves, { title: 't', minAtRisk: 10 });
    const [fullMale, fullFemale] = lineEnds(full);
    const [cutMale, cutFemale] = lineEnds(cut);
    expect(cutMale).toBeLessThan(fullMale ?? 0);
    expect(cutFemale).toBeLessThan(fullFemale ?? 0);
    // each line ends at its last step with at least 10 still at risk (the axis runs 0 to 1200 days
    // over x = 160 to 696)
    curves.forEach((c, i) => {
      const lastShown = c.km.steps.filter((s) => s.atRisk >= 10).pop();
      const expected = 160 + ((lastShown?.time ?? 0) / 1200) * 536;
      expect(lineEnds(cut)[i]).toBeCloseTo(expected, 0);
      expect(c.km.steps.some((s) => s.atRisk < 10 && s.time > (lastShown?.time ?? 0))).toBe(true);
    });
    expect(full).toContain('>1200</text>');
    expect(cut).toContain('Curves stop where fewer than 10 people remain at risk.');
    expect(cut).toContain('>–</text>');
  });

  it('cuts the time axis at maxTime and can count in months', () => {
    const months = survivalChartSvg(curves, { title: 't', maxTime: 730, timeUnit: 'months' });
    expect(months).toContain('Time since start (months)');
    expect(months).toContain('median 8.9 months');
    expect(wellFormed(months)).toBe(true);
  });

  it('escapes the words it is given', () => {
    const nasty = survivalChartSvg([{ label: '<script>alert(1)</script> & "x"', km: km('aml') }], {
      title: 'A <b> title',
    });
    expect(nasty).not.toContain('<script>');
    expect(nasty).toContain('&lt;script&gt;');
    expect(nasty).toContain('A &lt;b&gt; title');
    expect(wellFormed(nasty)).toBe(true);
  });

  it('draws an empty chart for no curves and a flat line for a curve without events', () => {
    const empty = survivalChartSvg([], { title: 'Nothing' });
    expect(wellFormed(empty)).toBe(true);
    expect(empty).toContain('No groups to show.');
    const flat = survivalChartSvg(
      [
        {
          label: 'All censored',
          km: kaplanMeier([
            { time: 10, event: false },
            { time: 20, event: false },
          ]),
        },
      ],
      { title: 'Flat' },
    );
    expect(wellFormed(flat)).toBe(true);
    expect(flat).toContain('median not reached');
  });
});

describe('counts written through a formatter (disclosure control)', () => {
  it('writes every count in the description and the number-at-risk rows with it, and no exact count', () => {
    const lung = km('lung');
    const svg = survivalChartSvg([{ label: 'All', km: lung }], {
      title: 'Lung',
      maxTime: 1000,
      count: (n) => (n < 8 ? '[c]' : String(Math.round(n / 5) * 5)),
    });
    const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!;
    expect(desc).toContain('230 people, 165 events');
    expect(desc).not.toContain('228');
    const atRisk = /<g class="recolo-chart__at-risk">([\s\S]*?)<\/g>/.exec(svg)![1]!;
    const shown = [...atRisk.matchAll(/text-anchor="middle"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(shown).toContain('230');
    expect(shown).toContain('[c]');
    expect(shown).not.toContain('228');
    expect(wellFormed(svg)).toBe(true);
  });
});
