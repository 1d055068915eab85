/**
 * Server-rendered SVG charts. No scripts and no style attributes (the content security policy is
 * style-src 'self'): colours, strokes and dashes are SVG presentation attributes. Every piece of
 * text is escaped. A chart is an image with a title and a description; the data it draws is
 * always given beside it as a table too, for screen readers and printing.
 */

export type Rating = 'low' | 'moderate' | 'high';

export type RatingSeries = {
  /** a stable key, e.g. the instrument section id */
  domain: string;
  /** the words shown in the legend */
  label: string;
  /** ISO dates or date-times, in any order */
  points: { date: string; rating: Rating }[];
};

export type RatingChartOptions = {
  /** the id prefix for the title and description elements (aria-labelledby) */
  id: string;
  title: string;
  description: string;
  width?: number;
  height?: number;
  /** formats an axis date: "4 March 2026" */
  formatDate?: (iso: string) => string;
};

const RATING_VALUE: Record<Rating, number> = { low: 1, moderate: 2, high: 3 };
const RATING_LABEL: Record<Rating, string> = { low: 'Low', moderate: 'Moderate', high: 'High' };

/** GOV.UK palette colours, told apart by dash pattern and marker shape as well as colour */
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#28a197', '#912b88', '#505a5f'];
const DASHES = ['', '8 4', '2 4', '12 4 2 4'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const safeId = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, '-');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

function timeOf(date: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T12:00:00Z`) : Date.parse(date);
  return Number.isNaN(t) ? 0 : t;
}

/** A marker's half-width (the triangle and diamond reach one more) */
const MARKER_RADIUS = 5;
/** Centre to centre, markers of different series at one point: apart, with a gap between */
const MARKER_SPACING = 2 * (MARKER_RADIUS + 1) + 3;
/** Between the lines of different series at one rating */
const LINE_SPACING = 3;

function marker(shape: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  const r = MARKER_RADIUS;
  switch (shape) {
    case 'circle':
      return `<circle cx="${n(x)}" cy="${n(y)}" r="${r}" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${n(x - r)}" y="${n(y - r)}" width="${r * 2}" height="${r * 2}" fill="${colour}"/>`;
    case 'triangle':
      return `<polygon points="${n(x)},${n(y - r - 1)} ${n(x + r + 1)},${n(y + r)} ${n(x - r - 1)},${n(y + r)}" fill="${colour}"/>`;
    case 'diamond':
      return `<polygon points="${n(x)},${n(y - r - 1)} ${n(x + r + 1)},${n(y)} ${n(x)},${n(y + r + 1)} ${n(x - r - 1)},${n(y)}" fill="${colour}"/>`;
  }
}

/**
 * A step chart of each domain's rating over time: low = 1, moderate = 2, high = 3 on the y axis,
 * the dates on the x axis, one path per series. A rating stands until the domain is rated again,
 * so each line is held to the last date on the chart.
 */
export function ratingChartSvg(series: RatingSeries[], options: RatingChartOptions): string {
  const width = options.width ?? 640;
  const legendRows = Math.ceil(series.length / 2);
  const plotHeight = options.height ?? 260;
  const fmt = options.formatDate ?? ((iso: string) => iso.slice(0, 10));
  const id = safeId(options.id);
  const margin = { left: 88, right: 24, top: 20, bottom: 48 };
  const height = margin.top + plotHeight + margin.bottom + legendRows * 22 + 8;
  const plot = {
    x0: margin.left,
    x1: width - margin.right,
    y0: margin.top,
    y1: margin.top + plotHeight,
  };

  const times = [...new Set(series.flatMap((s) => s.points.map((p) => timeOf(p.date))))].sort(
    (a, b) => a - b,
  );
  const tMin = times[0] ?? 0;
  const tMax = times[times.length - 1] ?? 0;
  const xOf = (t: number) =>
    tMax === tMin ? (plot.x0 + plot.x1) / 2 : plot.x0 + ((t - tMin) / (tMax - tMin)) * (plot.x1 - plot.x0);
  const yOf = (v: number) => plot.y1 - ((v - 0.5) / 3) * (plot.y1 - plot.y0);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="recolo-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="&quot;GDS Transport&quot;, arial, sans-serif" font-size="14">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(options.description)}</desc>`,
  );

  // axes and gridlines: one per rating
  parts.push(`<g class="recolo-chart__axes" aria-hidden="true">`);
  for (const rating of ['low', 'moderate', 'high'] as const) {
    const y = yOf(RATING_VALUE[rating]);
    parts.push(
      `<line x1="${plot.x0}" y1="${n(y)}" x2="${plot.x1}" y2="${n(y)}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${plot.x0 - 8}" y="${n(y + 5)}" text-anchor="end" fill="#0b0c0c">${RATING_LABEL[rating]}</text>`,
    );
  }
  parts.push(
    `<line x1="${plot.x0}" y1="${plot.y1}" x2="${plot.x1}" y2="${plot.y1}" stroke="#0b0c0c" stroke-width="1"/>`,
    `<line x1="${plot.x0}" y1="${plot.y0}" x2="${plot.x0}" y2="${plot.y1}" stroke="#0b0c0c" stroke-width="1"/>`,
  );
  // at most six date labels, evenly chosen, always the first and the last
  const maxTicks = 6;
  const ticks =
    times.length <= maxTicks
      ? times
      : [
          ...new Set(
            Array.from(
              { length: maxTicks },
              (_, i) => times[Math.round((i * (times.length - 1)) / (maxTicks - 1))]!,
            ),
          ),
        ];
  for (const [i, t] of ticks.entries()) {
    const x = xOf(t);
    const anchor =
      ticks.length > 1 && i === 0 ? 'start' : ticks.length > 1 && i === ticks.length - 1 ? 'end' : 'middle';
    parts.push(
      `<line x1="${n(x)}" y1="${plot.y1}" x2="${n(x)}" y2="${plot.y1 + 6}" stroke="#0b0c0c" stroke-width="1"/>`,
      `<text x="${n(x)}" y="${plot.y1 + 24}" text-anchor="${anchor}" fill="#0b0c0c">${escapeXml(fmt(new Date(t).toISOString()))}</text>`,
    );
  }
  parts.push(`</g>`);

  // markers of several series at the same rating on the same date would hide one another: they
  // stand side by side, centred on the date
  const together = new Map<string, number[]>();
  for (const [i, s] of series.entries()) {
    for (const key of new Set(s.points.map((p) => `${timeOf(p.date)}|${RATING_VALUE[p.rating]}`))) {
      together.set(key, [...(together.get(key) ?? []), i]);
    }
  }
  const besideOthers = (i: number, t: number, v: number) => {
    const group = together.get(`${t}|${v}`) ?? [i];
    return (group.indexOf(i) - (group.length - 1) / 2) * MARKER_SPACING;
  };

  // the series: a step path each, with a marker at every rating
  for (const [i, s] of series.entries()) {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = DASHES[i % DASHES.length]!;
    const shape = MARKERS[i % MARKERS.length]!;
    const points = [...s.points]
      .map((p) => ({ t: timeOf(p.date), v: RATING_VALUE[p.rating] }))
      .sort((a, b) => a.t - b.t);
    if (!points.length) continue;
    // a small vertical offset per series so lines at the same rating stay visible
    const offset = (i - (series.length - 1) / 2) * LINE_SPACING;
    let d = '';
    let lastY = 0;
    for (const [j, p] of points.entries()) {
      const x = xOf(p.t);
      const y = yOf(p.v) + offset;
      d += j === 0 ? `M${n(x)} ${n(y)}` : ` H${n(x)} V${n(y)}`;
      lastY = y;
    }
    const lastX = xOf(points[points.length - 1]!.t);
    if (lastX < plot.x1 && tMax !== tMin) d += ` H${n(xOf(tMax))}`;
    else if (points.length === 1) d += ` H${n(lastX)} V${n(lastY)}`;
    parts.push(
      `<g class="recolo-chart__series" data-domain="${escapeXml(s.domain)}">`,
      `<title>${escapeXml(s.label)}</title>`,
      `<path d="${d}" fill="none" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''} stroke-linejoin="round"/>`,
      ...points.map((p) => marker(shape, xOf(p.t) + besideOthers(i, p.t, p.v), yOf(p.v) + offset, colour)),
      `</g>`,
    );
  }

  // the legend, two columns
  parts.push(`<g class="recolo-chart__legend" aria-hidden="true">`);
  const legendTop = plot.y1 + margin.bottom;
  const columnWidth = (width - margin.left) / 2;
  for (const [i, s] of series.entries()) {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = DASHES[i % DASHES.length]!;
    const x = margin.left + (i % 2) * columnWidth;
    const y = legendTop + Math.floor(i / 2) * 22 + 8;
    parts.push(
      `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 28)}" y2="${n(y)}" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      marker(MARKERS[i % MARKERS.length]!, x + 14, y, colour),
      `<text x="${n(x + 36)}" y="${n(y + 5)}" fill="#0b0c0c">${escapeXml(s.label)}</text>`,
    );
  }
  parts.push(`</g>`, `</svg>`);
  return parts.join('');
}
