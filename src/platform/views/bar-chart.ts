import { escapeXml } from './svg-chart.js';

/**
 * Server-rendered horizontal bar charts (stacked when a bar has several parts) of counts as they
 * are published: each value is the published text of a count ("35", "[c]" for a withheld one,
 * "–" for none shown), so a chart can never show more than its table. A withheld part is drawn
 * as nothing and named in the description. As the other charts (svg-chart.ts): no script, no
 * style attribute, every piece of text escaped, role="img" with a title and a description, and
 * the same data always in a table beside it.
 */

/** One kind of part of the bars, e.g. "Lower" in a risk-change chart. */
export type BarSeries = {
  key: string;
  label: string;
  /** a GOV.UK colour dark enough for white text */ colour?: string;
};

/** One bar: its label and the published value of each series' part, by series key. */
export type Bar = { label: string; values: Readonly<Record<string, string>> };

export type BarChartOptions = {
  /** the prefix of the ids of the title and description */
  id: string;
  title: string;
  /** words added to the generated description, e.g. where the table is */
  description?: string;
  /** the width of the image in user units (default 720) */
  width?: number;
};

/** GOV.UK colours with at least 4.5:1 contrast for white text: blue, green, purple, red, grey, pink */
const COLOURS = ['#1d70b8', '#00703c', '#4c2c92', '#d4351c', '#505a5f', '#912b88'];
const colourOf = (s: BarSeries, k: number) => s.colour ?? COLOURS[k % COLOURS.length]!;
const TEXT = '#0b0c0c';
const GRID = '#b1b4b6';
const ROW = 34;
const BAR = 22;

const num = (v: number) => (Math.round(v * 10) / 10).toString();
const safeId = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, '-');

/** The number a published count stands for, or null when it is withheld or not shown. */
export function publishedNumber(shown: string | undefined): number | null {
  if (shown === undefined || !/^\d[\d,]*$/.test(shown.trim())) return null;
  return Number(shown.replace(/,/g, ''));
}

/** A "nice" top of the axis: 1, 2 or 5 × a power of ten at or above `max`. */
function axisTop(max: number): number {
  if (max <= 0) return 5;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max)!;
}

/**
 * An SVG bar chart: one horizontal bar per `bars` entry, its parts in `series` order and colours,
 * the axis from 0 to a round number above the longest bar, each part's published value written
 * in it when it fits, and a legend when there is more than one series.
 */
export function barChartSvg(
  series: readonly BarSeries[],
  bars: readonly Bar[],
  options: BarChartOptions,
): string {
  const width = options.width ?? 720;
  const id = safeId(options.id);
  const legend = series.length > 1;
  const margin = { left: 250, right: 30, top: legend ? 44 : 16, bottom: 40 };
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + bars.length * ROW + margin.bottom;
  const totals = bars.map((b) => series.reduce((sum, s) => sum + (publishedNumber(b.values[s.key]) ?? 0), 0));
  const top = axisTop(Math.max(0, ...totals));
  const x = (v: number) => margin.left + (v / top) * plotWidth;

  const parts: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const v = (top / 5) * i;
    parts.push(
      `<line x1="${num(x(v))}" x2="${num(x(v))}" y1="${margin.top}" y2="${num(height - margin.bottom)}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${num(x(v))}" y="${num(height - margin.bottom + 18)}" text-anchor="middle" fill="${TEXT}">${num(v)}</text>`,
    );
  }
  const withheld: string[] = [];
  bars.forEach((bar, i) => {
    const y = margin.top + i * ROW + (ROW - BAR) / 2;
    parts.push(
      `<text x="${margin.left - 8}" y="${num(y + BAR / 2 + 5)}" text-anchor="end" fill="${TEXT}">${escapeXml(bar.label)}</text>`,
    );
    let at = 0;
    series.forEach((s, k) => {
      const shown = bar.values[s.key];
      const v = publishedNumber(shown);
      if (v === null) {
        if (shown && shown !== '–') withheld.push(`${bar.label}, ${s.label}`);
        return;
      }
      const w = (v / top) * plotWidth;
      if (w > 0)
        parts.push(
          `<rect x="${num(x(at))}" y="${num(y)}" width="${num(w)}" height="${BAR}" fill="${colourOf(s, k)}" stroke="#ffffff" stroke-width="1"/>`,
        );
      if (w >= 30)
        parts.push(
          `<text x="${num(x(at) + w / 2)}" y="${num(y + BAR / 2 + 5)}" text-anchor="middle" fill="#ffffff">${escapeXml(shown!)}</text>`,
        );
      at += v;
    });
  });
  if (legend) {
    let lx = margin.left;
    series.forEach((s, k) => {
      parts.push(
        `<rect x="${lx}" y="12" width="14" height="14" fill="${colourOf(s, k)}"/>`,
        `<text x="${lx + 20}" y="24" fill="${TEXT}">${escapeXml(s.label)}</text>`,
      );
      lx += 34 + s.label.length * 8;
    });
  }
  const said = bars.map(
    (b) => `${b.label}: ${series.map((s) => `${s.label} ${b.values[s.key] ?? '–'}`).join(', ')}`,
  );
  const desc = [
    `${said.join('; ')}.`,
    withheld.length ? 'Parts shown as [c] are withheld to protect small numbers and are not drawn.' : '',
    options.description ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="recolo-chart recolo-bar-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="&quot;GDS Transport&quot;, arial, sans-serif" font-size="14">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    ...parts,
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${num(height - margin.bottom)}" stroke="${TEXT}" stroke-width="1"/>`,
    '</svg>',
  ].join('');
}
